"""Build the book strictly and publish it with no gap: Sphinx/myst-nb warnings are errors, a failed build leaves the
published site untouched, and a good one replaces it in one atomic step.

The published address `_build/html` is a symbolic link to a complete site folder (`_build/site-<n>`). A build goes
to Jupyter Book's staging folder (which keeps Sphinx's environment for incremental builds), is copied whole into a
new site folder, and the link is swapped with `os.replace`: a reader (or a web server) sees the old site or the new
one, never a missing or half-copied one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

# -W with --keep-going: Sphinx counts every warning and ends with a non-zero status if there was any.
STRICT = ["--warningiserror", "--nitpick", "--keep-going"]


def build(root: Path, out: Path | None = None, quiet: bool = False,
          staging: Path | None = None) -> tuple[int, float, str]:
    """Return (exit code, seconds, log). On success the site is at `out` (default root/_build/html). `staging` (default
    beside `out`) keeps Sphinx's environment between builds: a site published elsewhere can share root's."""
    out = out or root / "_build" / "html"
    staging = staging or out.parent / ".staging"
    jb = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(jb), "build", str(root), "--path-output", str(staging), *STRICT]
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=root, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    log = proc.stdout + proc.stderr
    built = staging / "_build" / "html"
    # Jupyter Book returns Sphinx's own status code, which Sphinx sets from its warning count under -W --keep-going.
    if proc.returncode != 0 or not (built / "index.html").exists():
        return (proc.returncode or 1), seconds, log
    publish(built, out)
    return 0, seconds, log


def publish(built: Path, out: Path) -> Path:
    """Copy the built site into a fresh folder beside `out` and point `out` at it atomically; keep the site it
    replaces (readers may still be loading from it) and remove older ones."""
    parent = out.parent
    site = parent / f"site-{time.time_ns()}"
    shutil.copytree(built, site)
    link = parent / f".{out.name}.link-{os.getpid()}"
    link.unlink(missing_ok=True)
    link.symlink_to(site.name, target_is_directory=True)  # relative: the tree may be moved or mounted elsewhere
    previous = out.resolve() if out.is_symlink() else None
    if out.is_dir() and not out.is_symlink():
        # a site published by an older version of this module: a real folder cannot be replaced by a link
        # atomically, so it is moved aside first (a gap of one rename, once)
        previous = parent / f"site-{time.time_ns()}-old"
        out.rename(previous)
    os.replace(link, out)
    # The site just replaced stays until the next publish, for readers still loading a page from it.
    for stale in parent.glob("site-*"):
        if stale not in (site, previous) and stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)
    return site


def main(root: Path) -> int:
    code, seconds, log = build(root)
    sys.stdout.write(log)
    if code:
        lines = [ln for ln in log.splitlines() if "WARNING" in ln or "ERROR" in ln or "rror:" in ln]
        print("\nBUILD FAILED: the published site was not changed.", *lines[-15:], sep="\n", file=sys.stderr)
    else:
        print(f"\nbuilt {root / '_build/html'} in {seconds:.1f} s")
    return code
