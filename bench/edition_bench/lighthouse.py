"""Lighthouse (the npm package, from node_modules) against Debian's Chromium, on pages served from 127.0.0.1.

Chromium gets the same flags as the browser tests (tests/conftest.py CHROMIUM_ARGS) plus --headless and a
resolver rule under which no host but 127.0.0.1 resolves. When strace is installed, every run is traced for
connect() calls, and any to an address outside the loopback range is reported: proof that Lighthouse fetched
nothing from the network."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

from .env import CHROMIUM, CHROMIUM_ARGS, REPO, say
from .pages import serve, stop

CLI = REPO / "node_modules" / "lighthouse" / "cli" / "index.js"
METRICS = {"first-contentful-paint": "FCP", "largest-contentful-paint": "LCP", "total-blocking-time": "TBT",
           "cumulative-layout-shift": "CLS", "speed-index": "SI"}
PRESETS = ("mobile", "desktop")
CONNECT = re.compile(r'connect\(\d+, \{sa_family=AF_INET6?, .*?(?:inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6, '
                     r'"([^"]+)")')


def version() -> str:
    pkg = CLI.parents[1] / "package.json"
    return json.loads(pkg.read_text())["version"] if pkg.exists() else ""


def available() -> str | None:
    """Why Lighthouse cannot run here, or None."""
    if not CLI.exists():
        return f"{CLI.relative_to(REPO)} is missing (npm ci)"
    if not shutil.which("node"):
        return "node is not installed"
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is missing"
    return None


def _command(url: str, preset: str, out: Path) -> list[str]:
    flags = " ".join(shlex.quote(f) for f in ["--headless", *CHROMIUM_ARGS])
    cmd = ["node", str(CLI), url, "--output=json", f"--output-path={out}", "--only-categories=performance",
           "--quiet", f"--chrome-flags={flags}"]
    if preset == "desktop":
        cmd.append("--preset=desktop")
    if shutil.which("strace"):
        cmd = ["strace", "-f", "-qq", "--seccomp-bpf", "-e", "trace=connect", "-o", f"{out}.strace", *cmd]
    return cmd


def _outside(trace: Path) -> list[str]:
    """Addresses outside the loopback range that any process of the run tried to connect to."""
    if not trace.exists():
        return []
    found = []
    for v4, v6 in CONNECT.findall(trace.read_text(errors="replace")):
        addr = v4 or v6
        if not (addr.startswith("127.") or addr in ("::1", "::ffff:127.0.0.1") or addr.startswith("::ffff:127.")):
            found.append(addr)
    return sorted(set(found))


def _summary(data: dict) -> dict:
    audits = data["audits"]
    requests = audits.get("network-requests", {}).get("details", {}).get("items", [])
    blocking = audits.get("render-blocking-resources", {}).get("details", {}).get("items", [])
    return {"score": round(100 * (data["categories"]["performance"]["score"] or 0)),
            "metrics": {short: audits[key].get("displayValue", "?") for key, short in METRICS.items()
                        if key in audits},
            "requests": len(requests),
            "external": [r["url"] for r in requests
                         if urlsplit(r.get("url", "")).hostname not in (None, "127.0.0.1")],
            "transfer": sum(r.get("transferSize", 0) or 0 for r in requests),
            "blocking": [urlsplit(b["url"]).path for b in blocking if "url" in b],
            "warnings": data.get("runWarnings", [])}


def run_one(url: str, preset: str, out: Path) -> dict:
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    proc = subprocess.run(_command(url, preset, out), capture_output=True, text=True, env=env, timeout=600)
    outside = _outside(Path(f"{out}.strace"))
    if proc.returncode != 0 or not out.exists():
        return {"error": (proc.stderr or proc.stdout).strip()[-600:], "outside": outside}
    res = {**_summary(json.loads(out.read_text())), "outside": outside,
           "traced": bool(shutil.which("strace"))}
    say(f"lighthouse {preset} {urlsplit(url).path}: performance {res['score']} "
        f"({', '.join(f'{k} {v}' for k, v in res['metrics'].items())}); "
        f"{len(outside)} connection(s) outside loopback")
    return res


def run_site(site: Path, pages: list[str], logs: Path, tag: str) -> dict:
    """{page: {preset: result}} for `pages` of `site`, served on 127.0.0.1."""
    server, base = serve(site)
    try:
        return {rel: {preset: run_one(base + rel, preset, logs / f"lighthouse-{tag}-{preset}-{i}.json")
                      for preset in PRESETS} for i, rel in enumerate(pages)}
    finally:
        stop(server)
