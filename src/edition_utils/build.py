"""Build the book strictly and atomically: Sphinx/myst-nb warnings are errors, and a failed build leaves the
previously published _build/html untouched (the new site is built in a staging folder and swapped in whole)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

STRICT = ["--warningiserror", "--nitpick", "--keep-going"]


def build(root: Path, out: Path | None = None, quiet: bool = False) -> tuple[int, float, str]:
    """Return (exit code, seconds, log). On success the site is at `out` (default root/_build/html)."""
    out = out or root / "_build" / "html"
    staging = out.parent / ".staging"
    jb = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(jb), "build", str(root), "--path-output", str(staging), *STRICT]
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=root, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    log = proc.stdout + proc.stderr
    built = staging / "_build" / "html"
    # Jupyter Book can exit 0 after Sphinx printed a warning in --keep-going mode; treat any warning as failure.
    failed = proc.returncode != 0 or "WARNING:" in log or "ERROR:" in log or not (built / "index.html").exists()
    if failed:
        return (proc.returncode or 1), seconds, log
    tmp = out.with_name(out.name + ".new")
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(built, tmp)
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)
    return 0, seconds, log


def main(root: Path) -> int:
    code, seconds, log = build(root)
    sys.stdout.write(log)
    if code:
        lines = [ln for ln in log.splitlines() if "WARNING" in ln or "ERROR" in ln or "rror:" in ln]
        print("\nBUILD FAILED: the published site was not changed.", *lines[-15:], sep="\n", file=sys.stderr)
    else:
        print(f"\nbuilt {root / '_build/html'} in {seconds:.1f} s")
    return code
