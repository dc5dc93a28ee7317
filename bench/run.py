#!/usr/bin/env python3
"""Performance benchmark of the edition: build times, page weight and time to first chart, scaling.

    python bench/run.py [--out BENCHMARKS.md] [--scales 10] [--keep]

Measures, in one run on this machine, and writes a Markdown report (BENCHMARKS.md by default):

1. a clean build with notebook execution of a fresh copy of the repository (no _build);
2. a no-change rebuild of the same copy;
3. the baseline: an empty Jupyter Book (minimal _config.yml/_toc.yml, one Markdown page, same strict flags),
   built clean and then again with no change;
4. every page of the built site in headless Chromium served by http.server on 127.0.0.1: HTML bytes, bytes
   transferred, <script> elements, requests to other hosts, plotly.js loads, time to the first chart or map;
5. a scaling run: a copy of the book with ten times as many presented sources (synthetic ones), built clean.

The repository is never built in place: another developer may be building it. The working tree is copied once
(a snapshot, without .venv, _build, .git, node_modules and test-artifacts; node_modules is symlinked back) into a
temporary folder and every measured build runs on a copy of that snapshot, with the copy's own src/ first on
PYTHONPATH so the copy's code (not the editable install pointing at the live tree) renders the copy's data.
See bench/README.md.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import os
import platform
import pstats
import random
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
VENV = REPO / ".venv"
VENV_PY = VENV / "bin" / "python"
JB = VENV / "bin" / "jupyter-book"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync",
                 # Any host but the local server fails to resolve, so a stray CDN request is counted, never fetched.
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
STRICT = ["--warningiserror", "--nitpick", "--keep-going"]  # as edition_utils.build.STRICT
EXCLUDE = {".venv", "_build", ".git", "node_modules", "test-artifacts"}

# Targets
CLEAN_TARGET_S = 60.0          # clean build with execution, on a 2-core machine
REBUILD_FACTOR = 1.5           # no-change rebuild <= 1.5 x the empty book's no-change rebuild
PAGE_HTML_MAX = 250 * 1024     # bytes of each chapter's HTML
FIRST_DRAW_MAX_MS = 1000.0     # first chart or map drawn, from navigation start, on loopback

CHART_SEL = ".edition-plotly .main-svg"
MAP_SEL = ".edition-map .leaflet-overlay-pane path"
DRAW_PROBE = """
(() => {
  const CHART = %s, MAP = %s;
  window.__benchDraw = null;
  const check = () => {
    if (window.__benchDraw !== null) return;
    const chart = document.querySelector(CHART), map = document.querySelector(MAP);
    if (chart || map) {
      window.__benchDraw = {t: performance.now(), kind: chart ? "chart" : "map"};
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, {childList: true, subtree: true});
})();
""" % (json.dumps(CHART_SEL), json.dumps(MAP_SEL))

LOREM = ("lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et "
         "dolore magna aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris nisi aliquip ex ea "
         "commodo consequat duis aute irure in reprehenderit voluptate velit esse cillum fugiat nulla pariatur "
         "excepteur sint occaecat cupidatat non proident sunt culpa qui officia deserunt mollit anim id est "
         "laborum curabitur pretium tincidunt lacus nunc viverra imperdiet gravida pellentesque").split()

T0 = time.perf_counter()


def say(msg: str) -> None:
    print(f"[{time.perf_counter() - T0:6.1f} s] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------- environment

def ensure_venv() -> None:
    """Re-run under the repository's venv (jupyter-book, playwright and the edition's dependencies live there)."""
    if Path(sys.prefix).resolve() != VENV.resolve() and VENV_PY.exists() and not os.environ.get("BENCH_REEXEC"):
        os.environ["BENCH_REEXEC"] = "1"
        os.execv(str(VENV_PY), [str(VENV_PY), str(Path(__file__).resolve()), *sys.argv[1:]])


def machine() -> dict[str, str]:
    cpuinfo = Path("/proc/cpuinfo").read_text(errors="replace") if Path("/proc/cpuinfo").exists() else ""
    models = re.findall(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
    mem = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    m = re.search(r"^MemTotal:\s*(\d+) kB", mem, re.M)
    os_name = platform.platform()
    if Path("/etc/os-release").exists():
        pretty = re.search(r'^PRETTY_NAME="?([^"\n]+)', Path("/etc/os-release").read_text(), re.M)
        if pretty:
            os_name = f"{pretty.group(1)} (kernel {platform.release()}, {platform.machine()})"
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    versions = {}
    for dist in ("jupyter-book", "sphinx", "myst-nb", "playwright"):
        try:
            from importlib.metadata import version

            versions[dist] = version(dist)
        except Exception:  # noqa: BLE001
            versions[dist] = "?"
    try:
        chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except Exception:  # noqa: BLE001
        chromium = "?"
    chromium_version = (re.search(r"Chromium [\d.]+", chromium) or [chromium])[0]
    return {
        "CPU": models[0].strip() if models else platform.processor() or "?",
        "Cores": f"{os.cpu_count()} logical, {usable} usable by this process",
        "RAM": f"{int(m.group(1)) / 1024 / 1024:.1f} GiB" if m else "?",
        "OS": os_name,
        "Python": f"{platform.python_implementation()} {platform.python_version()} ({sys.executable})",
        "Software": ", ".join(f"{k} {v}" for k, v in versions.items()) + f"; {chromium_version}",
    }


def other_builds(ours: Path) -> list[str]:
    """Builds running on this machine that are not ours (they compete for the CPU): a read-only look at /proc."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            cmd = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if ("jupyter-book" in cmd or "sphinx-build" in cmd) and str(ours) not in cmd:
            found.append(f"{proc.name}: {cmd[:100]}")
    return found


def _cpu_jiffies() -> tuple[int, int]:
    """(busy, total) CPU time of the whole machine from /proc/stat, in clock ticks."""
    try:
        f = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    except (OSError, ValueError):
        return 0, 0
    user, nice, system, idle, iowait, irq, softirq, steal = f
    busy = user + nice + system + irq + softirq + steal
    return busy, busy + idle + iowait


def _our_cpu() -> float:
    """CPU seconds used by this process and its finished (waited-for) descendants: the build's own CPU time."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


class Contention:
    """What else the machine did while a timed step ran: CPU time of the whole machine (/proc/stat) minus our
    own (getrusage), the load average sampled once a second, and other Jupyter Book/Sphinx builds visible in
    /proc. Processes of other containers on the same kernel are invisible in /proc but not in /proc/stat."""

    def __init__(self, ours: Path):
        self.ours, self.pids, self.loads = ours, set(), []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while True:
            self.loads.append(os.getloadavg()[0])
            self.pids.update(x.split(":")[0] for x in other_builds(self.ours))
            if self._stop.wait(1.0):
                return

    def __enter__(self):
        self._t, self._cpu, self._jiffies = time.perf_counter(), _our_cpu(), _cpu_jiffies()
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.wall = time.perf_counter() - self._t
        self.cpu = _our_cpu() - self._cpu
        busy, _ = _cpu_jiffies()
        self.machine_cpu = (busy - self._jiffies[0]) / os.sysconf("SC_CLK_TCK")

    def summary(self) -> dict:
        return {"load": self.loads[0] if self.loads else 0.0, "load_max": max(self.loads, default=0.0),
                "competing": len(self.pids), "cpu_seconds": self.cpu,
                "others_cpus": max(0.0, self.machine_cpu - self.cpu) / self.wall if self.wall else 0.0}


# --------------------------------------------------------------------------------------------- copies and builds

def snapshot(tmp: Path) -> Path:
    snap = tmp / "snapshot"

    def ignore(folder, names):
        return [n for n in names if n in EXCLUDE] if Path(folder).resolve() == REPO else []

    shutil.copytree(REPO, snap, ignore=ignore, symlinks=True)
    return snap


def fresh_copy(snap: Path, dest: Path) -> Path:
    shutil.copytree(snap, dest, symlinks=True)
    (dest / "node_modules").symlink_to(REPO / "node_modules")
    return dest


def edition_env(root: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("BENCH_REEXEC", None)
    env["PYTHONPATH"] = os.pathsep.join([str(root / "src"), *filter(None, [env.get("PYTHONPATH")])])
    env["EDITION_ROOT"] = str(root)
    env["PYTHONHASHSEED"] = "0"
    return env


BUILD_CHILD = r"""
import json, sys, time
from pathlib import Path
import edition_utils
from edition_utils.build import build
root, log_path = Path(sys.argv[1]), Path(sys.argv[2])
assert Path(edition_utils.__file__).resolve().is_relative_to(root.resolve()), edition_utils.__file__
t = time.perf_counter()
code, seconds, log = build(root)
total = time.perf_counter() - t
log_path.write_text(log)
print(json.dumps({"code": code, "jb_seconds": seconds, "total_seconds": total}))
"""


def build_edition(root: Path, label: str, logs: Path) -> dict:
    """edition_utils.build.build(root) of a copy, in a child process running the copy's own code."""
    log_path = logs / f"{label}.log"
    with Contention(logs.parent) as watch:
        proc = subprocess.run([str(VENV_PY), "-c", BUILD_CHILD, str(root), str(log_path)], cwd=root,
                              env=edition_env(root), capture_output=True, text=True)
    if proc.returncode != 0 or not proc.stdout.strip():
        raise SystemExit(f"build {label} crashed:\n{proc.stdout}\n{proc.stderr}")
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    if res["code"] != 0:
        log = log_path.read_text()
        bad = [ln for ln in log.splitlines() if "WARNING" in ln or "ERROR" in ln or "rror:" in ln]
        raise SystemExit(f"build {label} failed (log {log_path}):\n" + "\n".join(bad[-20:]))
    res.update(label=label, **watch.summary())
    say(f"{label}: jupyter-book {res['jb_seconds']:.1f} s, with publish {res['total_seconds']:.1f} s, "
        f"CPU {res['cpu_seconds']:.1f} s, others used {res['others_cpus']:.2f} CPUs, load {res['load']:.2f}-"
        f"{res['load_max']:.2f}" + (f", other builds seen: {res['competing']}" if res["competing"] else ""))
    return res


def build_plain(book: Path, label: str, logs: Path) -> dict:
    """The jupyter-book CLI with the edition's strict flags and staging path, on a plain book."""
    env = dict(os.environ)
    env.pop("BENCH_REEXEC", None)
    cmd = [str(JB), "build", str(book), "--path-output", str(book / "_build" / ".staging"), *STRICT]
    with Contention(logs.parent) as watch:
        t = time.perf_counter()
        proc = subprocess.run(cmd, cwd=book, env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - t
    log = proc.stdout + proc.stderr
    (logs / f"{label}.log").write_text(log)
    if proc.returncode != 0 or "WARNING:" in log or "ERROR:" in log:
        raise SystemExit(f"build {label} failed; see {logs / (label + '.log')}")
    res = {"label": label, "jb_seconds": seconds, "total_seconds": seconds, **watch.summary()}
    say(f"{label}: jupyter-book {seconds:.2f} s, CPU {res['cpu_seconds']:.1f} s, others used "
        f"{res['others_cpus']:.2f} CPUs")
    return res


def empty_book(tmp: Path) -> Path:
    book = tmp / "empty-book"
    book.mkdir()
    (book / "_config.yml").write_text('title: "Empty book"\nauthor: "Benchmark"\n')
    (book / "_toc.yml").write_text("format: jb-book\nroot: index\n")
    (book / "index.md").write_text("# An empty book\n\nOne page of Markdown, nothing else.\n")
    return book


PROFILED = [
    # label, path fragment, function name
    ("Sphinx start-up (extensions, config, pickled environment)", "sphinx/application.py", "__init__"),
    ("  of which: edition builder-inited (load_edition, stage_vendor)", "edition_utils/sphinxext/__init__.py",
     "_load"),
    ("edition: env-get-outdated (data digest)", "edition_utils/sphinxext/__init__.py", "_outdated"),
    ("edition: build-finished handler (_finished)", "edition_utils/sphinxext/__init__.py", "_finished"),
    ("  of which: citation exports (exports.citation_exports)", "edition_utils/exports.py", "citation_exports"),
    ("  of which: BibTeX (citations.to_bibtex)", "edition_utils/citations.py", "to_bibtex"),
    ("    of which: pybtex plugin look-up (pybtex find_plugin -> entry_points)", "pybtex/plugin/__init__.py",
     "find_plugin"),
    ("  of which: RIS (citations.to_ris)", "edition_utils/citations.py", "to_ris"),
    ("  of which: citeproc formatting (citations.format_items)", "edition_utils/citations.py", "format_items"),
    ("  of which: notebook downloads (_write_notebooks)", "edition_utils/sphinxext/__init__.py", "_write_notebooks"),
]


def profile_rebuild(root: Path, logs: Path) -> dict:
    """One more no-change rebuild under cProfile, to say where its time goes (times are inflated by the profiler)."""
    prof = logs / "rebuild.prof"
    cmd = [str(VENV_PY), "-m", "cProfile", "-o", str(prof), str(JB), "build", str(root),
           "--path-output", str(root / "_build" / ".staging"), *STRICT]
    proc = subprocess.run(cmd, cwd=root, env=edition_env(root), capture_output=True, text=True)
    (logs / "rebuild-profiled.log").write_text(proc.stdout + proc.stderr)
    if proc.returncode != 0:
        return {}
    stats = pstats.Stats(str(prof)).stats  # {(file, line, func): (cc, nc, tt, ct, callers)}
    total = max(v[3] for v in stats.values())
    rows = []
    for label, fragment, func in PROFILED:
        hits = [v for k, v in stats.items() if k[2] == func and k[0].replace(os.sep, "/").endswith(fragment)]
        rows.append((label, max((v[3] for v in hits), default=None), sum(v[1] for v in hits)))
    say(f"profiled no-change rebuild: {total:.1f} s under cProfile")
    return {"total": total, "rows": rows}


# --------------------------------------------------------------------------------------------- scaling copy

def _load_yaml(path: Path):
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _dump_yaml(path: Path, data) -> None:
    import yaml

    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=120), encoding="utf-8")


def _lorem(rng: random.Random, chars: int) -> str:
    words: list[str] = []
    while sum(len(w) + 1 for w in words) < chars:
        w = rng.choice(LOREM)
        words.append(w + ("," if rng.random() < 0.08 else ""))
    words[0] = words[0].capitalize()
    return " ".join(words).rstrip(",") + "."


def real_shape(root: Path) -> dict:
    """Mean passages and notes per presented source, and mean passage length, of the real edition."""
    registry = _load_yaml(root / "data" / "sources.yml")["sources"]
    presented = [s for s in registry if s.get("status") == "presented"]
    ids = {s["id"] for s in presented}
    with (root / "data" / "passages.csv").open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["source_id"] in ids]
    seeds: dict[str, list[str]] = {}
    lengths = []
    for r in rows:
        lines = seeds.setdefault(r["seed_file"], (root / "seeds" / r["seed_file"]).read_text(encoding="utf-8")
                                 .split("\n"))
        lengths.append(len(lines[int(r["line"]) - 1]))
    notes = sum(len(_load_yaml(p) or []) for p in (root / "data" / "notes").glob("*.yml"))
    return {"sources": len(presented), "passages": len(rows), "notes": notes,
            "passages_per_source": max(1, round(len(rows) / len(presented))),
            "notes_per_passage": notes / max(1, len(rows)),
            "chars_per_passage": max(40, round(statistics.mean(lengths))) if lengths else 300,
            "template": next((s for s in presented if s["id"] == "trotsky-excerpt"), presented[0])}


CHAPTER = """# {title}

## Editorial introduction

{intro}

The passages below are lorem-like filler generated by `bench/run.py` to measure how the build scales; see for
example {{passage}}`{first}` and {{passage}}`{last}`.

**Reliability: {flag}.** {rationale}

## Text

```{{edition-source}} {sid}
```
"""


def add_synthetic(root: Path, count: int, shape: dict) -> dict:
    """Add `count` presented synthetic sources to a copy: seed 900, registry entries, chapters, ToC, passage IDs,
    and critical notes at the real edition's rate, so each synthetic source weighs about what a real one does."""
    rng = random.Random(900)
    per, chars = shape["passages_per_source"], shape["chars_per_passage"]
    seed_name = "900_synthetic.txt"
    lines: list[str] = []
    ranges = []
    for k in range(count):
        first = len(lines) + 1
        for _ in range(per):
            lines.append(f"{_lorem(rng, int(chars * rng.uniform(0.5, 1.5)))}")
            lines.append("")
        ranges.append([first, len(lines) - 1])
    seeds = root / "seeds"
    (seeds / seed_name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    names = sorted(p.name for p in seeds.glob("*.txt"))
    sums = subprocess.run(["sha256sum", *names], cwd=seeds, capture_output=True, text=True).stdout \
        if shutil.which("sha256sum") else \
        "".join(f"{hashlib.sha256((seeds / n).read_bytes()).hexdigest()}  {n}\n" for n in names)
    (seeds / "SHA256SUMS").write_text(sums, encoding="utf-8")

    registry = _load_yaml(root / "data" / "sources.yml")
    toc = _load_yaml(root / "_toc.yml")
    chapters_dir = root / "chapters" / "synthetic"
    chapters_dir.mkdir(parents=True, exist_ok=True)
    template = shape["template"]
    sids = []
    for k in range(count):
        sid = f"synthetic-{k + 1:03d}"
        entry = json.loads(json.dumps(template, default=str))  # deep copy, dates as ISO strings
        entry.update(id=sid, title=f"Synthetic source {k + 1:03d} (benchmark filler)",
                     chapter=f"chapters/synthetic/{sid}", seed_file=seed_name, seed_lines=[ranges[k]])
        registry["sources"].append(entry)
        sids.append(sid)
        (chapters_dir / f"{sid}.md").write_text(CHAPTER.format(
            title=entry["title"], intro=_lorem(rng, 900), first=f"{sid}.1", last=f"{sid}.{per}", sid=sid,
            flag=entry["reliability"], rationale=_lorem(rng, 160)), encoding="utf-8")
    _dump_yaml(root / "data" / "sources.yml", registry)
    toc.setdefault("parts", []).append({"caption": "Synthetic sources (benchmark)",
                                        "chapters": [{"file": f"chapters/synthetic/{s}"} for s in sids]})
    _dump_yaml(root / "_toc.yml", toc)

    reg = subprocess.run([str(VENV_PY), "-m", "edition_utils", "passages", "register"], cwd=root,
                         env=edition_env(root), capture_output=True, text=True)
    if reg.returncode != 0:
        raise SystemExit(f"passages register failed in {root}:\n{reg.stdout}{reg.stderr}")

    # Notes at the real rate, anchored like the real ones (exact quote + 30 characters of prefix and suffix).
    with (root / "data" / "passages.csv").open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["source_id"].startswith("synthetic-")]
    text_of = dict(enumerate(lines, start=1))
    by_source: dict[str, list[dict]] = {}
    rate, acc, notes = shape["notes_per_passage"], 0.0, 0
    for r in rows:
        acc += rate
        if acc < 1:
            continue
        acc -= 1
        text = text_of[int(r["line"])]
        words = text.split(" ")
        a = min(3, len(words) - 1)
        start = len(" ".join(words[:a])) + (1 if a else 0)
        exact = " ".join(words[a:a + 4])
        end = start + len(exact)
        n = len(by_source.setdefault(r["source_id"], [])) + 1
        by_source[r["source_id"]].append({
            "id": f"{r['id'].replace('.', '-')}-{n}", "passage": r["id"], "exact": exact,
            "prefix": text[max(0, start - 30):start], "suffix": text[end:end + 30], "category": "context",
            "credibility": 6, "body": _lorem(rng, 350), "checked": [], "verified": False})
        notes += 1
    for sid, items in by_source.items():
        _dump_yaml(root / "data" / "notes" / f"{sid}.yml", items)

    check = subprocess.run([str(VENV_PY), "-m", "edition_utils", "check"], cwd=root, env=edition_env(root),
                           capture_output=True, text=True)
    if check.returncode != 0:
        raise SystemExit(f"edition check failed on the synthetic copy {root}:\n{check.stdout}{check.stderr}")
    say(f"synthetic copy: {reg.stdout.strip()}, {notes} notes; {check.stdout.strip()}")
    return {"added": count, "passages_added": len(rows), "notes_added": notes, "check": check.stdout.strip()}


# --------------------------------------------------------------------------------------------- pages in Chromium

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(site: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen([str(VENV_PY), "-m", "http.server", str(port), "--bind", "127.0.0.1",
                               "--directory", str(site)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "index.html", timeout=1).read()
            return server, base
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("http.server did not start")


def html_sizes(site: Path) -> dict:
    sizes = [(site / rel).stat().st_size for rel in site_pages(site) if rel != "index.html"]
    return {"html_max": max(sizes), "html_median": statistics.median(sizes), "pages": len(sizes)}


def site_pages(site: Path) -> list[str]:
    out = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel in ("genindex.html", "search.html") or rel.split("/")[0].startswith("_"):
            continue  # _static/*.html are theme template macros, not pages
        out.append(rel)
    return out


def _external(url: str) -> bool:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return parts.scheme in ("http", "https", "ws", "wss") and parts.hostname != "127.0.0.1"


PAGE_INFO = """() => {
        const nav = performance.getEntriesByType('navigation')[0];
        return {scripts: document.querySelectorAll('script').length,
                chart: !!document.querySelector('.edition-plotly'), map: !!document.querySelector('.edition-map'),
                dcl: nav ? nav.domContentLoadedEventStart : null, load: nav ? nav.loadEventStart : null,
                plotly: performance.getEntriesByType('resource').filter(e => /plotly[^/]*[.]js/.test(e.name))
                                   .map(e => e.responseEnd)[0] ?? null};
    }"""


def load_page(browser, base: str, rel: str) -> dict:
    """One cold load (fresh browser context, so an empty cache)."""
    url = base + rel
    context = browser.new_context()
    context.add_init_script(DRAW_PROBE)
    page = context.new_page()
    counted, finished, failed = [], set(), []
    state = {"away": False}

    def on_request(req):
        if req.is_navigation_request() and req.frame == page.main_frame and req.url.split("#")[0] != url:
            state["away"] = True  # a redirect page sends the browser on: the next page is not this page's weight
        if not state["away"]:
            counted.append(req)

    context.on("request", on_request)
    context.on("requestfinished", lambda req: finished.add(id(req)))
    context.on("requestfailed", lambda req: failed.append(req.url))
    page.goto(url, wait_until="load", timeout=60_000)
    info = {"scripts": None, "chart": False, "map": False, "dcl": None, "load": None, "plotly": None}
    try:
        info = page.evaluate(PAGE_INFO)
    except Exception:  # noqa: BLE001 - a redirect page (meta refresh) navigated away under us
        if not state["away"]:
            raise
    if state["away"]:
        info = {**info, "scripts": None, "dcl": None, "load": None}  # those were the next page's
    draw = None
    if info["chart"] or info["map"]:
        try:
            page.wait_for_function("window.__benchDraw !== null", timeout=15_000)
            draw = page.evaluate("window.__benchDraw")
        except Exception:  # noqa: BLE001 - a timeout is a result
            draw = {"t": None, "kind": "timeout"}
    try:
        page.wait_for_load_state("networkidle", timeout=10_000)
    except Exception:  # noqa: BLE001
        pass
    sizes = []
    for req in counted:
        size = 0
        if id(req) in finished:
            try:
                size = req.sizes()["responseBodySize"]
            except Exception:  # noqa: BLE001
                pass
        sizes.append((req.url, size))
    urls = [u for u, _ in sizes]
    external = [u for u in urls if _external(u)]
    plotly = sum(1 for u in urls if re.search(r"/plotly[^/]*\.js(\?|$)", u.split("#")[0]))
    context.close()
    resources = [(u.replace(base, "/").split("?")[0], n) for u, n in sizes]
    return {"requests": len(urls), "bytes": sum(n for _, n in sizes), "external": external,
            "plotly_requests": plotly, "dom_scripts": info["scripts"], "chart": info["chart"], "map": info["map"],
            "dcl_ms": info["dcl"], "load_ms": info["load"], "plotly_end_ms": info["plotly"], "draw": draw,
            "failed": failed,
            "redirected": state["away"], "resources": resources}


def measure_pages(site: Path, draw_runs: int) -> tuple[list[dict], str]:
    from playwright.sync_api import sync_playwright

    server, base = serve(site)
    results = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            version = f"Chromium {browser.version}"
            load_page(browser, base, "chapters/intro.html" if (site / "chapters/intro.html").exists()
                      else site_pages(site)[0])  # warm-up, discarded
            for rel in site_pages(site):
                html = (site / rel).read_text(encoding="utf-8", errors="replace")
                first = load_page(browser, base, rel)
                draws = [first["draw"]]
                dcls, plotly_ends = [first["dcl_ms"]], [first["plotly_end_ms"]]
                if first["chart"] or first["map"]:
                    for _ in range(draw_runs - 1):
                        again = load_page(browser, base, rel)
                        draws.append(again["draw"])
                        dcls.append(again["dcl_ms"])
                        plotly_ends.append(again["plotly_end_ms"])
                times = [d["t"] for d in draws if d and d.get("t") is not None]
                inline_plotly = len(re.findall(r"plotly\.js v\d", html))
                refresh = re.search(r'http-equiv="refresh"[^>]*url=([^"]+)"', html, re.I)
                results.append({
                    "page": rel, "html_bytes": (site / rel).stat().st_size,
                    "static_scripts": len(re.findall(r"<script\b", html, re.I)),
                    "inline_plotly": inline_plotly, "plotly_loads": first["plotly_requests"] + inline_plotly,
                    "draw_ms": [round(t, 1) for t in times],
                    "draw_median": statistics.median(times) if times else None,
                    "dcl_median": statistics.median(d for d in dcls if d is not None) if any(dcls) else None,
                    "plotly_end_median": (statistics.median(x for x in plotly_ends if x is not None)
                                          if any(x is not None for x in plotly_ends) else None),
                    "draw_kind": next((d["kind"] for d in draws if d), None),
                    "draw_timeouts": sum(1 for d in draws if d and d.get("t") is None),
                    "redirect": refresh.group(1) if refresh else None, **first})
                r = results[-1]
                say(f"page {rel}: {r['html_bytes'] / 1024:.0f} KB html, {r['bytes'] / 1024:.0f} KB in, "
                    f"{r['requests']} req, {len(r['external'])} external"
                    + (f", first {r['draw_kind']} {r['draw_ms']} ms" if r["draw_ms"] or r["draw_timeouts"] else ""))
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    return results, version


# --------------------------------------------------------------------------------------------- report

def table(header: list[str], rows: list[list], align: str | None = None) -> str:
    align = align or "l" + "r" * (len(header) - 1)
    sep = ["---:" if a == "r" else ":---:" if a == "c" else "---" for a in align]
    return "\n".join(["| " + " | ".join(header) + " |", "| " + " | ".join(sep) + " |",
                      *("| " + " | ".join(str(c) for c in row) + " |" for row in rows)]) + "\n"


def yes(ok: bool) -> str:
    return "**yes**" if ok else "**NO**"


def kb(n: float) -> str:
    return f"{n / 1024:,.1f}"


def _draw_summary(p: dict) -> str:
    if p["draw_median"] is None:
        return f"{p['page']}: not drawn"
    text = f"{p['page']}: {p['draw_median']:.0f} ms ({p['draw_kind']}; DOMContentLoaded {p['dcl_median']:.0f} ms"
    if p.get("plotly_end_median") is not None:
        size = max((n for path, n in p["resources"] if "plotly" in path), default=0)
        text += f"; plotly.min.js, {kb(size)} KB, fully received at {p['plotly_end_median']:.0f} ms"
    return text + ")"


def report(ctx: dict) -> str:
    m, out = ctx["machine"], []
    clean, rebuilds, e_clean, e_rebuilds = ctx["clean"], ctx["rebuilds"], ctx["empty_clean"], ctx["empty_rebuilds"]
    rebuild = statistics.median(r["jb_seconds"] for r in rebuilds)
    base_rebuild = statistics.median(r["jb_seconds"] for r in e_rebuilds)
    cores = os.cpu_count() or 0
    out.append("# Benchmarks\n")
    out.append(f"Measured on {ctx['date']} by `bench/run.py` in one run of {ctx['runtime']:.0f} s "
               f"(how to run it and what it measures: [bench/README.md](bench/README.md)). All numbers are from "
               f"this run on this machine; regenerate the file with `python bench/run.py`.\n")
    out.append("## Machine\n")
    out.append(table(["", ""], [[k, v] for k, v in m.items()], "ll"))
    out.append(f"\nThe measured tree: {ctx['tree']}. Every build ran on a fresh copy of one snapshot of it in a "
               f"temporary folder, never on `{REPO}` itself.\n")
    out.append("## Conditions\n")
    steps = [*ctx["all_builds"], ctx["pages_contention"]]
    busy = max(st["others_cpus"] for st in steps)
    out.append("What else the machine did during each timed step: CPU time of the whole machine (`/proc/stat`) "
               "minus the step's own CPU time (`getrusage` of the build and its children), as an average number of "
               "CPUs kept busy by other processes; the load average sampled each second (it counts our own "
               "processes too); and Jupyter Book or Sphinx builds of others visible in `/proc`. "
               + (f"**The machine was shared**: other processes kept up to {busy:.1f} of its {os.cpu_count()} "
                  f"CPUs busy during our steps, so wall-clock times here are upper bounds of what an idle machine "
                  f"gives; the CPU seconds are much less affected." if busy > 0.25 else
                  "The machine was essentially idle apart from our steps.") + "\n")
    out.append(table(["Step", "Wall s", "Our CPU s", "Other processes (CPUs busy)", "Load average",
                      "Other builds seen"], [
        [st["label"], f"{st['jb_seconds']:.1f}", f"{st['cpu_seconds']:.1f}", f"{st['others_cpus']:.2f}",
         f"{st['load']:.1f}-{st['load_max']:.1f}", st["competing"]] for st in steps]))
    missed = []

    # 1
    ok1 = clean["jb_seconds"] <= CLEAN_TARGET_S
    out.append("## 1. Clean build with execution\n")
    out.append(f"A fresh copy (no `_build`), built with `edition_utils.build.build(root)`: `jupyter-book build "
               f"--warningiserror --nitpick --keep-going` into `_build/.staging`, every notebook chapter executed "
               f"(`execute_notebooks: force`), then the atomic copy to `_build/html`.\n")
    out.append(table(["Target", "Measured", "Met"], [[
        f"clean build <= {CLEAN_TARGET_S:.0f} s on a 2-core machine (this one: {cores} cores)",
        f"{clean['jb_seconds']:.1f} s (jupyter-book); {clean['total_seconds']:.1f} s with the atomic publish; "
        f"{clean['cpu_seconds']:.1f} CPU s (other processes kept {clean['others_cpus']:.2f} CPUs busy meanwhile)",
        yes(ok1)]], "llc"))
    if not ok1:
        missed.append("1. clean build")

    # 2
    ok2 = rebuild <= REBUILD_FACTOR * base_rebuild
    out.append("\n## 2. No-change rebuild\n")
    out.append(f"The copy of target 1 built again {len(rebuilds)} times without any change (median); the baseline "
               f"is the empty book's no-change rebuild (target 3).\n")
    out.append(table(["Target", "Measured", "Met"], [[
        f"no-change rebuild <= {REBUILD_FACTOR} x baseline = {REBUILD_FACTOR * base_rebuild:.2f} s",
        f"{rebuild:.2f} s = {rebuild / base_rebuild:.1f} x baseline (runs: "
        f"{', '.join(format(r['jb_seconds'], '.2f') for r in rebuilds)} s; with publish "
        f"{statistics.median(r['total_seconds'] for r in rebuilds):.2f} s)", yes(ok2)]], "llc"))
    if not ok2:
        missed.append("2. no-change rebuild")
    prof = ctx.get("profile")
    if prof:
        out.append(f"\nWhere a no-change rebuild spends its time: one more no-change rebuild under `cProfile` "
                   f"({prof['total']:.1f} s under the profiler; cumulative times, so nested rows are included in "
                   f"their parents and the profiler inflates every figure).\n")
        out.append(table(["Step", "Calls", "Seconds", "Share"], [
            [label, calls or "-", f"{ct:.2f}" if ct is not None else "-",
             f"{100 * ct / prof['total']:.0f} %" if ct is not None else "-"] for label, ct, calls in prof["rows"]],
            "lrrr"))

    # 3
    out.append("\n## 3. Baseline: an empty Jupyter Book\n")
    out.append("jupyter-book with a minimal `_config.yml` (title, author) and `_toc.yml` (`format: jb-book`, one "
               "root page), one Markdown page, the same strict flags and staging path, built clean and then "
               f"{len(e_rebuilds)} times with no change (median used as the baseline).\n")
    out.append(table(["Build", "Measured"], [
        ["empty book, clean", f"{e_clean['jb_seconds']:.2f} s"],
        ["empty book, no-change rebuild (median)",
         f"**{base_rebuild:.2f} s** (runs: {', '.join(format(r['jb_seconds'], '.2f') for r in e_rebuilds)} s)"]], "lr"))

    # 4
    pages = ctx["pages"]
    out.append("\n## 4. Pages in the browser\n")
    out.append(f"Every `.html` of the built site except `genindex.html`, `search.html` and the theme's "
               f"`_static/*.html` template fragments ({len(pages)} pages), served by `python -m http.server` on "
               f"127.0.0.1 and loaded in headless {ctx['chromium']} (each load in a fresh browser context, so a "
               f"cold cache). Bytes transferred are the sum of the response body sizes of every request the page "
               f"made until the network was idle. Requests to any other host are counted (Chromium is told that no "
               f"other host resolves, so nothing leaves the machine). The first chart or map is timed in the page "
               f"with `performance.now()` (from navigation start) when a `{CHART_SEL}` or `{MAP_SEL}` element first "
               f"appears (a MutationObserver installed before any page script); {ctx['draw_runs']} cold loads per "
               f"page with a chart or map, median shown.\n")
    chapters = [p for p in pages if not p["redirect"]]
    big = max(chapters, key=lambda p: p["html_bytes"])
    ok_html = all(p["html_bytes"] <= PAGE_HTML_MAX for p in chapters)
    ext = sum(len(p["external"]) for p in pages)
    bad_plotly = [p["page"] for p in pages if p["plotly_loads"] > 1 or (p["plotly_loads"] and not p["chart"])]
    drawn = [p for p in pages if p["chart"] or p["map"]]
    slow = [p for p in drawn if p["draw_median"] is None or p["draw_median"] > FIRST_DRAW_MAX_MS]
    worst = max(drawn, key=lambda p: p["draw_median"] if p["draw_median"] is not None else 1e9, default=None)
    rows4 = [
        [f"each chapter's HTML <= {PAGE_HTML_MAX // 1024} KB", f"largest: {kb(big['html_bytes'])} KB "
         f"({big['page']})", yes(ok_html)],
        ["requests to hosts other than 127.0.0.1 = 0", f"{ext} on {len(pages)} pages", yes(ext == 0)],
        ["plotly.js loaded at most once per page, and only on pages with a chart",
         f"loaded on {sum(1 for p in pages if p['plotly_loads'])} page(s), at most "
         f"{max(p['plotly_loads'] for p in pages)} time(s); chart pages: "
         f"{', '.join(p['page'] for p in pages if p['chart']) or 'none'}"
         + (f"; offending: {', '.join(bad_plotly)}" if bad_plotly else ""), yes(not bad_plotly)],
        [f"first chart or map drawn within {FIRST_DRAW_MAX_MS / 1000:.0f} s on loopback",
         "; ".join(_draw_summary(p) for p in drawn) or "no chart or map", yes(not slow)],
    ]
    out.append(table(["Target", "Measured", "Met"], rows4, "llc"))
    for label, ok in zip(["4. chapter HTML size", "4. external requests", "4. plotly.js loading",
                          "4. first chart/map"], [ok_html, ext == 0, not bad_plotly, not slow]):
        if not ok:
            missed.append(label)
    out.append("\nPer page (KB = 1024 bytes; scripts: `<script>` elements in the HTML file / in the DOM after "
               "load; DOMContentLoaded and first chart/map: ms from navigation start, medians of the cold loads, "
               "with the first draw's runs in brackets):\n")
    rows = []
    for p in pages:
        draw = "-"
        if p["chart"] or p["map"]:
            draw = (f"{p['draw_median']:.0f} ms {p['draw_kind']} [{', '.join(format(t, '.0f') for t in p['draw_ms'])}]"
                    if p["draw_median"] is not None else "not drawn")
            if p["draw_timeouts"]:
                draw += f" ({p['draw_timeouts']} timeout)"
        page = p["page"] + (f" (redirect to {p['redirect']})" if p["redirect"] else "")
        ok = (p["redirect"] or p["html_bytes"] <= PAGE_HTML_MAX) and not p["external"] \
            and p["page"] not in bad_plotly and p not in slow
        dcl = f"{p['dcl_median']:.0f}" if p.get("dcl_median") is not None else "-"
        rows.append([f"`{page}`", kb(p["html_bytes"]), kb(p["bytes"]), p["requests"],
                     f"{p['static_scripts']} / {'-' if p['dom_scripts'] is None else p['dom_scripts']}",
                     len(p["external"]), p["plotly_loads"],
                     "chart" if p["chart"] else "map" if p["map"] else "-", dcl, draw, yes(bool(ok))])
    out.append(table(["Page", "HTML KB", "Transferred KB", "Requests", "Scripts", "External requests",
                      "plotly.js loads", "Has", "DOMContentLoaded ms", "First chart/map ms", "Targets met"],
                     rows, "lrrrrrrcrcc"))
    seen: dict[str, list] = {}
    for p in pages:
        for path, size in p["resources"]:
            entry = seen.setdefault(path, [0, set()])
            entry[0] = max(entry[0], size)
            entry[1].add(p["page"])
    top = sorted(seen.items(), key=lambda kv: -kv[1][0])[:10]
    out.append(f"\nThe largest responses (what the transferred bytes are made of; a typical text chapter transfers "
               f"{kb(statistics.median(p['bytes'] for p in chapters))} KB, median over the pages):\n")
    out.append(table(["Response", "KB", "Loaded by"], [
        [f"`{path}`", kb(size), f"{len(pgs)} of {len(pages)} pages" if len(pgs) > 2 else ", ".join(sorted(pgs))]
        for path, (size, pgs) in top], "lrl"))
    failed = sorted({u for p in pages for u in p["failed"]})
    if failed:
        out.append(f"\nFailed requests: {', '.join(failed[:20])}\n")

    # 5
    sc = ctx["scaling"]
    out.append("\n## 5. Scaling with the number of sources\n")
    shape = sc["shape"]
    out.append(f"Each scaled copy is the same snapshot plus synthetic presented sources, each shaped like the mean "
               f"real one: a range of {shape['passages_per_source']} paragraphs of lorem-like text "
               f"(mean {shape['chars_per_passage']} characters, as the real passages) in `seeds/900_synthetic.txt` "
               f"(`seeds/SHA256SUMS` regenerated), a registry entry copied from `{shape['template']['id']}` with a "
               f"new id, title, chapter, seed file and lines, a chapter in the format of "
               f"`chapters/smilga/trotsky-excerpt.md` (editorial introduction, two `{{passage}}` links, the "
               f"`{{edition-source}}` directive) added to `_toc.yml`, passage IDs from `python -m edition_utils "
               f"passages register`, and critical notes at the real rate ({shape['notes_per_passage']:.2f} per "
               f"passage). Each copy was checked with `python -m edition_utils check`, then built clean exactly "
               f"as in target 1. The 1x row is the clean build of target 1.\n")
    base = sc["points"][0]
    rows5 = []
    for pt in sc["points"]:
        per = pt["jb_seconds"] / pt["sources"]
        marginal = ("-" if pt is base else
                    f"{(pt['jb_seconds'] - base['jb_seconds']) / (pt['sources'] - base['sources']):.3f}")
        rows5.append([f"{pt['factor']}x", pt["sources"], pt["passages"], pt["notes"], f"{pt['jb_seconds']:.1f}",
                      f"{per:.3f}", marginal, f"{pt['jb_seconds'] / base['jb_seconds']:.2f}",
                      f"{pt['cpu_seconds']:.1f} ({pt['cpu_seconds'] / pt['sources']:.3f})",
                      f"{pt['others_cpus']:.2f}",
                      f"{kb(pt['html_median'])} / {kb(pt['html_max'])}"])
    out.append(table(["Copy", "Presented sources", "Passages", "Notes", "Clean build s", "s per source",
                      "Marginal s per added source (vs 1x)", "Time ratio to 1x", "CPU s (per source)",
                      "Other processes (CPUs busy)", "Chapter HTML KB, median / largest"], rows5))
    top = sc["points"][-1]
    ratio_t, ratio_n = top["jb_seconds"] / base["jb_seconds"], top["sources"] / base["sources"]
    ok5 = ratio_t <= ratio_n
    rows5b = [[f"build time grows no faster than linearly with the number of sources (time ratio <= source "
               f"ratio {ratio_n:.0f}, i.e. seconds per source do not rise)",
               f"{ratio_n:.0f}x sources -> {ratio_t:.2f}x time; seconds per source "
               f"{base['jb_seconds'] / base['sources']:.3f} -> {top['jb_seconds'] / top['sources']:.3f}", yes(ok5)]]
    steps = [(a, b, (b["jb_seconds"] - a["jb_seconds"]) / (b["sources"] - a["sources"]))
             for a, b in zip(sc["points"], sc["points"][1:])]
    if len(steps) >= 2:
        first, last = steps[0][2], steps[-1][2]
        flat = last <= 1.25 * first
        rows5b.append(["stricter check, for information: the marginal cost per added source stays constant "
                       "(last step within 25 % of the first)",
                       "; ".join(f"{a['factor']}x->{b['factor']}x: {m:.3f} s/source" for a, b, m in steps)
                       + f" ({last / first:.2f} x)", "yes" if flat else "no (super-linear term)"])
    cpu_steps = [(a, b, (b["cpu_seconds"] - a["cpu_seconds"]) / (b["sources"] - a["sources"]))
                 for a, b in zip(sc["points"], sc["points"][1:])]
    cpu_ratio = top["cpu_seconds"] / base["cpu_seconds"]
    rows5b.append(["the same on CPU seconds, for information (insensitive to other processes on the machine)",
                   f"{ratio_n:.0f}x sources -> {cpu_ratio:.2f}x CPU time; marginal CPU s per added source: "
                   + "; ".join(f"{a['factor']}x->{b['factor']}x: {m:.3f}" for a, b, m in cpu_steps)
                   + (f" ({cpu_steps[-1][2] / cpu_steps[0][2]:.2f} x)" if len(cpu_steps) >= 2 else ""),
                   ("yes" if cpu_ratio <= ratio_n else "no")
                   + ("" if len(cpu_steps) < 2 else "; marginal cost " +
                      ("constant" if cpu_steps[-1][2] <= 1.25 * cpu_steps[0][2] else "rising"))])
    out.append("\n" + table(["Target", "Measured", "Met"], rows5b, "llc"))
    out.append(f"\nThe fixed cost of a build (start-up, the two notebooks' execution, the theme) is paid once at "
               f"every size, so the ratio of totals flatters the scaling; the marginal cost per added source is the "
               f"sharper test{' (run with --scales 5,10 for it)' if len(steps) < 2 else ''}.\n")
    if not ok5:
        missed.append("5. scaling")

    out.append("\n## Summary\n")
    out.append(table(["Target", "Met"], [
        ["1. clean build <= 60 s", yes(ok1)],
        [f"2. no-change rebuild <= {REBUILD_FACTOR} x empty book", yes(ok2)],
        ["4. chapter HTML <= 250 KB", yes(ok_html)], ["4. no requests to other hosts", yes(ext == 0)],
        ["4. plotly.js at most once, only on chart pages", yes(not bad_plotly)],
        ["4. first chart/map within 1 s", yes(not slow)], ["5. at most linear growth", yes(ok5)]], "lc"))
    out.append("\n" + ("Targets missed: " + "; ".join(missed) + "." if missed else "All targets met.") + "\n")
    return "\n".join(out)


# --------------------------------------------------------------------------------------------- main

def main() -> int:
    ensure_venv()
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=REPO / "BENCHMARKS.md", help="report to write (BENCHMARKS.md)")
    ap.add_argument("--scales", default="5,10",
                    help="comma-separated multiples of the presented sources to build (5,10; 5 is a midpoint that "
                         "shows whether the marginal cost per source rises)")
    ap.add_argument("--rebuilds", type=int, default=3, help="no-change rebuilds to take the median of (3)")
    ap.add_argument("--draw-runs", type=int, default=3, help="cold loads per chart/map page (3)")
    ap.add_argument("--no-profile", action="store_true", help="skip the profiled no-change rebuild")
    ap.add_argument("--keep", action="store_true", help="keep the temporary copies and logs")
    args = ap.parse_args()
    factors = sorted({int(x) for x in args.scales.split(",") if x.strip()})

    tmp = Path(tempfile.mkdtemp(prefix="edition-bench-"))
    logs = tmp / "logs"
    logs.mkdir()
    say(f"working in {tmp}")
    ctx: dict = {"date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"), "machine": machine()}
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                              text=True).stdout.strip()
        dirty = [ln for ln in subprocess.run(["git", "status", "--porcelain"], cwd=REPO, capture_output=True,
                                             text=True).stdout.splitlines()
                 if not ln[3:].startswith(("bench/", "BENCHMARKS.md"))]  # the benchmark's own files
        snap = snapshot(tmp)
        ctx["tree"] = (f"the working tree of `{REPO}` at commit `{head or '?'}`"
                       + (f" with {len(dirty)} uncommitted change(s) (files modified or added)" if dirty else ""))
        say(f"snapshot of {REPO} ({ctx['tree']})")

        # 1 and 2
        copy = fresh_copy(snap, tmp / "book-1x")
        ctx["clean"] = build_edition(copy, "clean-1x", logs)
        ctx["rebuilds"] = [build_edition(copy, f"rebuild-{i + 1}", logs) for i in range(args.rebuilds)]
        # 3
        book = empty_book(tmp)
        ctx["empty_clean"] = build_plain(book, "empty-clean", logs)
        ctx["empty_rebuilds"] = [build_plain(book, f"empty-rebuild-{i + 1}", logs) for i in range(args.rebuilds)]
        # 4 (the site of target 1's copy; its _build/html is no longer written to)
        with Contention(tmp) as watch:
            ctx["pages"], ctx["chromium"] = measure_pages(copy / "_build" / "html", args.draw_runs)
        ctx["pages_contention"] = {"label": "pages in Chromium", "jb_seconds": watch.wall, **watch.summary()}
        # 5
        shape = real_shape(snap)
        points = [{"factor": 1, "sources": shape["sources"], "passages": shape["passages"], "notes": shape["notes"],
                   **html_sizes(copy / "_build" / "html"), **ctx["clean"]}]
        scale_builds = []
        for f in [f for f in factors if f > 1]:
            scaled = fresh_copy(snap, tmp / f"book-{f}x")
            added = add_synthetic(scaled, shape["sources"] * (f - 1), shape)
            res = build_edition(scaled, f"clean-{f}x", logs)
            scale_builds.append(res)
            points.append({"factor": f, "sources": shape["sources"] * f,
                           "passages": shape["passages"] + added["passages_added"],
                           "notes": shape["notes"] + added["notes_added"],
                           **html_sizes(scaled / "_build" / "html"), **res})
            if not args.keep:
                shutil.rmtree(scaled, ignore_errors=True)
        ctx["scaling"] = {"shape": shape, "points": points}
        # where the no-change time goes (last: the profiler run is not a measurement)
        if not args.no_profile:
            ctx["profile"] = profile_rebuild(copy, logs)
        ctx["all_builds"] = [ctx["clean"], *ctx["rebuilds"], ctx["empty_clean"], *ctx["empty_rebuilds"],
                             *scale_builds]
        ctx["contended"] = sum(1 for b in ctx["all_builds"] if b["competing"])
        ctx["draw_runs"] = args.draw_runs
        ctx["runtime"] = time.perf_counter() - T0
        text = report(ctx)
        args.out.write_text(text, encoding="utf-8")
        say(f"wrote {args.out}")
        print(text[text.index("## Summary"):])
    finally:
        if args.keep:
            say(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
