"""Lighthouse (the npm package, from node_modules) against Debian's Chromium, on pages served from 127.0.0.1.

Chromium gets the same flags as the browser tests (tests/conftest.py CHROMIUM_ARGS) plus --headless and a
resolver rule under which no host but 127.0.0.1 resolves. Even so, Chromium looks up www.google.com and
clients2.google.com with the system's resolver (seen with strace), so each run (the local server, Node.js,
Lighthouse and Chromium) goes into a network namespace of its own that has only a loopback interface
(`unshare --net`, as root): nothing can leave the machine. When strace is installed every run is traced for
connect() calls, and those to an address outside the loopback range are reported (in the namespace they fail)."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

from .env import CHROMIUM, CHROMIUM_ARGS, REPO, VENV_PY, say
from .pages import free_port, serve, stop

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


# Run inside the namespace: bring up loopback, serve the site, wait for it, run the command given as arguments.
IN_NAMESPACE = r"""
ip link set lo up || exit 90
"$BENCH_PY" -m http.server "$BENCH_PORT" --bind 127.0.0.1 --directory "$BENCH_SITE" >/dev/null 2>&1 &
server=$!
i=0
until "$BENCH_PY" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)' "$BENCH_URL" \
      2>/dev/null; do
  i=$((i + 1)); [ $i -gt 100 ] && { kill $server; exit 91; }; sleep 0.2
done
"$@"; code=$?
kill $server
exit $code
"""


def isolation() -> str | None:
    """How runs are cut off from the network: 'namespace' when unshare works here, else None."""
    if not (shutil.which("unshare") and shutil.which("ip")):
        return None
    probe = subprocess.run(["unshare", "--net", "ip", "link", "set", "lo", "up"], capture_output=True)
    return "namespace" if probe.returncode == 0 else None


def _command(url: str, preset: str, out: Path) -> list[str]:
    flags = " ".join(shlex.quote(f) for f in ["--headless", *CHROMIUM_ARGS])
    cmd = ["node", str(CLI), url, "--output=json", f"--output-path={out}", "--only-categories=performance",
           "--quiet", "--no-enable-error-reporting", f"--chrome-flags={flags}"]
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
    audit = audits.get("render-blocking-resources", {})
    blocking = (audit.get("details") or {}).get("items", [])
    return {"score": round(100 * (data["categories"]["performance"]["score"] or 0)),
            "metrics": {short: audits[key].get("displayValue", "?") for key, short in METRICS.items()
                        if key in audits},
            "requests": len(requests),
            "external": [r["url"] for r in requests
                         if urlsplit(r.get("url", "")).hostname not in (None, "127.0.0.1")],
            "transfer": sum(r.get("transferSize", 0) or 0 for r in requests),
            "blocking": ([urlsplit(b["url"]).path for b in blocking if "url" in b]
                         if audit.get("scoreDisplayMode") != "error" else None),
            "errors": {k: (v.get("errorMessage") or "")[:300] for k, v in audits.items()
                       if v.get("scoreDisplayMode") == "error"},
            "warnings": data.get("runWarnings", []),
            "benchmark_index": data.get("environment", {}).get("benchmarkIndex")}


def run_one(site: Path, rel: str, preset: str, out: Path, isolated: str | None) -> dict:
    """One Lighthouse run on `rel` of `site`, served from 127.0.0.1 (inside a fresh network namespace if isolated)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/{rel}"
    env = dict(os.environ, CHROME_PATH=CHROMIUM, BENCH_PY=str(VENV_PY), BENCH_PORT=str(port), BENCH_SITE=str(site),
               BENCH_URL=url)
    cmd = _command(url, preset, out)
    if isolated:
        cmd = ["unshare", "--net", "sh", "-c", IN_NAMESPACE, "sh", *cmd]
    else:
        server, _ = serve(site, port)
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)
    finally:
        if not isolated:
            stop(server)
    outside = _outside(Path(f"{out}.strace"))
    if proc.returncode != 0 or not out.exists():
        return {"error": (proc.stderr or proc.stdout).strip()[-600:], "outside": outside}
    res = {**_summary(json.loads(out.read_text())), "outside": outside,
           "traced": bool(shutil.which("strace")), "isolated": isolated}
    say(f"lighthouse {preset} {urlsplit(url).path}: performance {res['score']} "
        f"({', '.join(f'{k} {v}' for k, v in res['metrics'].items())}); "
        f"{len(outside)} connection(s) outside loopback")
    return res


def _median_run(site: Path, rel: str, preset: str, out: Path, isolated: str | None, runs: int) -> dict:
    """The run with the median score of `runs` runs (all scores kept), or the first failure."""
    results = [run_one(site, rel, preset, out.with_name(f"{out.stem}-{k + 1}.json"), isolated) for k in range(runs)]
    scored = sorted((r for r in results if "score" in r), key=lambda r: r["score"])
    if len(scored) < len(results):
        return next(r for r in results if "score" not in r)
    median = scored[(len(scored) - 1) // 2]
    return {**median, "scores": [r["score"] for r in results],
            "outside": sorted({a for r in results for a in r["outside"]})}


def run_site(site: Path, pages: list[str], logs: Path, tag: str, runs: int = 1) -> dict:
    """{page: {preset: result}} for `pages` of `site`, served on 127.0.0.1; the median of `runs` runs each."""
    isolated = isolation()
    return {rel: {preset: _median_run(site, rel, preset, logs / f"lighthouse-{tag}-{preset}-{i}.json", isolated, runs)
                  for preset in PRESETS} for i, rel in enumerate(pages)}
