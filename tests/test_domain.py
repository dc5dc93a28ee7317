"""The edition domain under a parallel build: a passage shown on two pages read by different workers is reported
with both pages (each worker sees only its own pages; the domain's check runs after their data are merged).

A small Sphinx project (seven pages showing one short source) built with ``sphinx-build -j 2``: seconds, no book."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCE = "trotsky-excerpt"  # one passage, with notes (so markers, the notes list and cite roles are exercised)

CONF = f"""
extensions = ["myst_parser", "sphinxcontrib.bibtex", "edition_utils.sphinxext"]
edition_root = {str(ROOT)!r}
bibtex_bibfiles = ["references.bib"]
exclude_patterns = ["_build"]
"""

SHOWN = "# {title}\n\n```{{edition-source}} " + SOURCE + "\n{options}```\n"


def _project(folder: Path, pages: dict[str, str]) -> Path:
    folder.mkdir()
    (folder / "conf.py").write_text(CONF, encoding="utf-8")
    (folder / "references.bib").write_bytes((ROOT / "data" / "references.bib").read_bytes())
    toc = "\n".join(pages)
    (folder / "index.md").write_text(f"# Test\n\n```{{toctree}}\n{toc}\n```\n", encoding="utf-8")
    for name, text in pages.items():
        (folder / f"{name}.md").write_text(text, encoding="utf-8")
    return folder


def _build(src: Path, out: Path, *args: str) -> subprocess.CompletedProcess:
    # the dummy builder reads and resolves every page but writes nothing (the html builder would add the exports)
    cmd = [sys.executable, "-m", "sphinx", "-b", "dummy", "-q", "-E", *args, str(src), str(out)]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=src, timeout=600)


@pytest.fixture(scope="module")
def duplicated(tmp_path_factory):
    """Pages a..f: a and f both show the source's passage (f without its header and notes); -j 2 gives the first
    half of the pages to one worker and the second half to the other."""
    base = tmp_path_factory.mktemp("domain")
    pages = {name: f"# Page {name}\n\nNothing of the edition here.\n" for name in "bcde"}
    pages["a"] = SHOWN.format(title="Page a", options="")
    pages["f"] = SHOWN.format(title="Page f", options=":no-header:\n:no-notes:\n")
    src = _project(base / "src", dict(sorted(pages.items())))
    return _build(src, base / "out", "-j", "2"), base / "out"


def test_a_passage_shown_on_two_pages_is_reported_under_j2(duplicated):
    proc, out = duplicated
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log[-3000:]
    warnings = [line for line in log.splitlines() if "is shown 2 times" in line]
    assert len(warnings) == 1, log[-3000:]
    assert f"passage {SOURCE}.1 " in warnings[0]
    assert "in a (#" in warnings[0] and ", f (#" in warnings[0]


def test_links_are_resolved_after_reading(duplicated):
    """The flag's legend and the notes' legend are pending references resolved once every page is read: in a
    project without the scales page they are reported, not written as dead links."""
    log = duplicated[0].stdout + duplicated[0].stderr
    assert "a.md:3: WARNING: unknown flag 'C'" in log
    assert "WARNING: unknown document: '/chapters/front/scales'" in log
