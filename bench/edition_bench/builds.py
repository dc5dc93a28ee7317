"""Copies of the working tree and timed builds of them: the edition (its own build code) and a plain book."""

from __future__ import annotations

import json
import os
import pstats
import shutil
import subprocess
import time
from pathlib import Path

from .env import EXCLUDE, JB, REPO, STRICT, VENV_PY, Contention, say


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
res = build(root)  # (exit code, jupyter-book seconds, log); tolerate a changed shape (the lead may change it)
total = time.perf_counter() - t
res = res if isinstance(res, tuple) else (res,)
code = res[0]
seconds = next((x for x in res[1:] if isinstance(x, float)), total)
log = next((x for x in res[1:] if isinstance(x, str)), "")
log_path.write_text(log)
print(json.dumps({"code": code, "jb_seconds": seconds, "total_seconds": total}))
"""


def _failure(label: str, log_path: Path) -> SystemExit:
    log = log_path.read_text() if log_path.exists() else ""
    bad = [ln for ln in log.splitlines() if "WARNING" in ln or "ERROR" in ln or "rror:" in ln]
    return SystemExit(f"build {label} failed (log {log_path}):\n" + "\n".join(bad[-20:]))


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
        raise _failure(label, log_path)
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


def empty_site(book: Path) -> Path:
    """Where build_plain leaves the empty book's HTML."""
    return book / "_build" / ".staging" / "_build" / "html"


PROFILED = [
    # label, path fragment, function name
    ("jupyter-book CLI (config, toc, then Sphinx)", "jupyter_book/cli/main.py", "build"),
    ("Sphinx start-up (extensions, config, pickled environment)", "sphinx/application.py", "__init__"),
    ("  of which: the edition's extension set up", "edition_utils/sphinxext/__init__.py", "setup"),
    ("  of which: edition builder-inited (data digest, summaries)", "edition_utils/sphinxext/outputs.py", "_start"),
    ("  of which: sphinx-external-toc config-inited", "sphinx_external_toc/events.py", "parse_toc_to_env"),
    ("Sphinx build (read, write, build-finished)", "sphinx/application.py", "build"),
    ("  of which: edition env-get-outdated (listing and toc digests)", "edition_utils/sphinxext/rereads.py",
     "_outdated"),
    ("  of which: figure numbers (numfig; off in _config.yml)", "sphinx/environment/collectors/toctree.py",
     "assign_figure_numbers"),
    ("  of which: sphinxcontrib-bibtex formatting (skipped if reusable)", "sphinxcontrib/bibtex/domain.py",
     "env_updated"),
    ("  of which: edition build-finished handler (_finished)", "edition_utils/sphinxext/outputs.py", "_finished"),
    ("    of which: citation exports (exports.citation_exports)", "edition_utils/exports.py", "citation_exports"),
    ("    of which: notebook downloads (_write_notebooks)", "edition_utils/sphinxext/outputs.py", "_write_notebooks"),
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
