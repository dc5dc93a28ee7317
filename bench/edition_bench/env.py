"""Paths, targets, progress messages, the machine's description and what else it did while we measured."""

from __future__ import annotations

import os
import platform
import re
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
VENV = REPO / ".venv"
VENV_PY = VENV / "bin" / "python"
JB = VENV / "bin" / "jupyter-book"
CHROMIUM = "/usr/bin/chromium"
# As tests/conftest.py CHROMIUM_ARGS, plus a resolver rule under which any host but the local server fails to
# resolve, so a stray CDN request is counted, never fetched.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update",
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
STRICT = ["--warningiserror", "--nitpick", "--keep-going"]  # as edition_utils.build.STRICT
EXCLUDE = {".venv", "_build", ".git", "node_modules", "test-artifacts"}

# Targets
CLEAN_TARGET_S = 60.0          # clean build with execution, on a 2-core machine
REBUILD_FACTOR = 1.5           # no-change rebuild <= 1.5 x the empty book's no-change rebuild
EDIT_FACTOR = 2.0              # rebuild after one edited note <= 2 x the no-change rebuild
PAGE_HTML_MAX = 250 * 1024     # bytes of each chapter's HTML
TEXT_PAGE_MAX = 400 * 1024     # bytes a text page transfers on a cold load
TEXT_PAGE_REQUESTS = 12        # requests of a text page on a cold load
FIRST_DRAW_MAX_MS = 1000.0     # first chart or map drawn, from navigation start, on loopback
LIGHTHOUSE_TEXT = 90           # Lighthouse mobile performance score of a text page
LIGHTHOUSE_FIGURES = 80        # ... of the chart and the map pages

# The pages measured in detail (page weight, render-blocking resources, Lighthouse): kind -> pages.
KEY_PAGES = {"text": ["chapters/intro.html", "chapters/smilga/smilga-bio.html"],
             "chart": ["chapters/smilga/career.html"], "map": ["chapters/nakhchivan/maps.html"]}

T0 = time.perf_counter()


def say(msg: str) -> None:
    print(f"[{time.perf_counter() - T0:6.1f} s] {msg}", file=sys.stderr, flush=True)


def ensure_venv(script: Path) -> None:
    """Re-run under the repository's venv (jupyter-book, playwright and the edition's dependencies live there)."""
    if Path(sys.prefix).resolve() != VENV.resolve() and VENV_PY.exists() and not os.environ.get("BENCH_REEXEC"):
        os.environ["BENCH_REEXEC"] = "1"
        os.execv(str(VENV_PY), [str(VENV_PY), str(script.resolve()), *sys.argv[1:]])


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for dist in ("jupyter-book", "sphinx", "myst-nb", "playwright"):
        try:
            out[dist] = version(dist)
        except PackageNotFoundError:
            out[dist] = "?"
    return out


def _command_version(cmd: list[str], pattern: str) -> str:
    try:
        text = subprocess.run(cmd, capture_output=True, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "?"
    found = re.search(pattern, text)
    return found[0] if found else text or "?"


def _os_name() -> str:
    release = Path("/etc/os-release")
    pretty = re.search(r'^PRETTY_NAME="?([^"\n]+)', release.read_text(), re.M) if release.exists() else None
    if pretty:
        return f"{pretty.group(1)} (kernel {platform.release()}, {platform.machine()})"
    return platform.platform()


def machine(lighthouse_version: str = "") -> dict[str, str]:
    cpuinfo = Path("/proc/cpuinfo").read_text(errors="replace") if Path("/proc/cpuinfo").exists() else ""
    models = re.findall(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
    mem = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    m = re.search(r"^MemTotal:\s*(\d+) kB", mem, re.M)
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    chromium = _command_version([CHROMIUM, "--version"], r"Chromium [\d.]+")
    node = _command_version(["node", "--version"], r"v[\d.]+")
    software = ", ".join(f"{k} {v}" for k, v in _versions().items()) + f"; {chromium}; Node.js {node}"
    return {
        "CPU": models[0].strip() if models else platform.processor() or "?",
        "Cores": f"{os.cpu_count()} logical, {usable} usable by this process",
        "RAM": f"{int(m.group(1)) / 1024 / 1024:.1f} GiB" if m else "?",
        "OS": _os_name(),
        "Python": f"{platform.python_implementation()} {platform.python_version()} ({sys.executable})",
        "Software": software + (f"; Lighthouse {lighthouse_version}" if lighthouse_version else ""),
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
