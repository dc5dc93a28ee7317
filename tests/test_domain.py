"""The edition domain under a parallel build: a passage shown on two pages read by different workers is reported
with both pages (each worker sees only its own pages; the domain's check runs after their data are merged); and
page addresses taken from the builder, so that a ``dirhtml`` build's exports and links reach its pages.

Small Sphinx projects built with ``sphinx-build``: seconds, not a book build."""

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


def _project(folder: Path, pages: dict[str, str], exist_ok: bool = False) -> Path:
    folder.mkdir(exist_ok=exist_ok)
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


# --- Page addresses from the builder: a dirhtml build (pages at chapters/x/index.html) whose exports, TEI and links
# all reach the pages it wrote. Small scale: the chapters of two sources, the legend and the downloads page.

CHAPTERS = {"trotsky-excerpt": "chapters/smilga/trotsky-excerpt", "chicherin-1918": "chapters/documents/chicherin-1918"}


@pytest.fixture(scope="module")
def dirhtml(tmp_path_factory):
    base = tmp_path_factory.mktemp("dirhtml")
    pages = {doc: f"# {sid}\n\n```{{edition-source}} {sid}\n```\n" for sid, doc in CHAPTERS.items()}
    pages["chapters/front/scales"] = "# Scales\n\n```{edition-scales}\n```\n\n```{edition-sources-table}\n```\n"
    pages["chapters/front/downloads"] = "# Downloads\n\n```{edition-downloads}\n```\n"
    for doc in pages:
        (base / "src" / doc).parent.mkdir(parents=True, exist_ok=True)
    src = _project(base / "src", pages, exist_ok=True)
    cmd = [sys.executable, "-m", "sphinx", "-b", "dirhtml", "-q", "-E", str(src), str(base / "out")]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=src, timeout=900)
    assert proc.returncode == 0 and (base / "out" / "edition" / "passages.json").is_file(), proc.stderr[-3000:]
    return base / "out"


def _page(out: Path, url: str, site: str) -> tuple[Path, str]:
    """The file an absolute site URL is served from, and its fragment."""
    assert url.startswith(site), url
    path, _, fragment = url[len(site):].partition("#")
    return (out / path / "index.html" if path.endswith("/") or not path else out / path), fragment


def _served(out: Path, url: str, site: str) -> bool:
    file, fragment = _page(out, url, site)
    return file.is_file() and (not fragment or f'id="{fragment}"' in file.read_text(encoding="utf-8"))


@pytest.mark.book
def test_dirhtml_exports_address_the_pages_the_builder_wrote(dirhtml):
    import json

    out = dirhtml
    passages = json.loads((out / "edition" / "passages.json").read_text(encoding="utf-8"))
    site = passages[0]["url"].split("chapters/")[0]
    ours = [p for p in passages if p["source_id"] in CHAPTERS]
    assert ours and all(p["url"].split("#")[0].endswith("/") for p in passages)  # no ".html" anywhere
    assert [p["id"] for p in ours if not _served(out, p["url"], site)] == []
    sources = {s["id"]: s for s in json.loads((out / "edition" / "sources.json").read_text(encoding="utf-8"))}
    assert all(_served(out, sources[sid]["url"], site) for sid in CHAPTERS)
    notes = json.loads((out / "edition" / "annotations.jsonld").read_text(encoding="utf-8"))["items"]
    ours = [n for n in notes if any(f"/{doc}/" in n["id"] for doc in CHAPTERS.values())]
    assert ours and [n["id"] for n in ours if not (_served(out, n["id"], site)
                                                   and _served(out, n["target"]["source"], site))] == []
    for sid in CHAPTERS:
        cite = json.loads((out / "edition" / "cite" / f"{sid}.json").read_text(encoding="utf-8"))
        assert cite and all(".html" not in json.dumps(entry) for entry in cite.values())
        assert f"<idno type=\"URI\">{sources[sid]['url']}</idno>" in \
            (out / "edition" / "tei" / f"{sid}.xml").read_text(encoding="utf-8")


@pytest.mark.book
def test_dirhtml_links_between_pages_resolve(dirhtml):
    """Every relative link on the chapters, the legend and the downloads page leads to a file of this build (the
    notebooks the downloads page lists are written only for notebook chapters, which this project has none of)."""
    import re

    out, broken = dirhtml, []
    for doc in [*CHAPTERS.values(), "chapters/front/scales", "chapters/front/downloads"]:
        page = out / doc / "index.html"
        for href in re.findall(r'href="([^"#?]+)[^"]*"', page.read_text(encoding="utf-8")):
            if href.startswith(("http:", "https:", "mailto:")) or href.endswith(".ipynb"):
                continue
            target = (page.parent / href).resolve()
            if not (target / "index.html" if target.is_dir() else target).is_file():
                broken.append(f"{doc}: {href}")
    assert broken == []


def test_an_incremental_build_forgets_what_a_reread_page_showed(duplicated, tmp_path):
    """Page f re-read without the passage: the duplicate is gone (clear_doc); f showing it again after a -j 2
    incremental build of f alone is caught against page a, which was not re-read (its data stay in the domain)."""
    src = tmp_path / "src"
    import shutil

    shutil.copytree(duplicated[1].parent / "src", src)
    out = tmp_path / "out"
    first = _build(src, out)  # serial, fresh (-E): the duplicate as in the parallel build
    assert sum("is shown 2 times" in line for line in (first.stdout + first.stderr).splitlines()) == 1
    shown_in_f = (src / "f.md").read_text(encoding="utf-8")
    (src / "f.md").write_text("# Page f\n\nNo passage now.\n", encoding="utf-8")
    second = subprocess.run([sys.executable, "-m", "sphinx", "-b", "dummy", "-q", "-j", "2", str(src), str(out)],
                            capture_output=True, text=True, cwd=src, timeout=600)
    assert second.returncode == 0 and "is shown" not in second.stdout + second.stderr, second.stderr[-2000:]
    (src / "f.md").write_text(shown_in_f, encoding="utf-8")
    third = subprocess.run([sys.executable, "-m", "sphinx", "-b", "dummy", "-q", "-j", "2", str(src), str(out)],
                           capture_output=True, text=True, cwd=src, timeout=600)
    assert "passage trotsky-excerpt.1 is shown 2 times: in a (#trotsky-excerpt.1), f (#" in third.stderr, \
        third.stderr[-2000:]


# --- The whole book under dirhtml (slow: a full strict build, kept in _build/dirhtml-check and reused with
# EDITION_SKIP_BUILD=1).

@pytest.fixture(scope="module")
def book_dirhtml() -> Path:
    import os

    from edition_utils.build import STRICT

    staging = ROOT / "_build" / "dirhtml-check"
    out = staging / "_build" / "dirhtml"
    if os.environ.get("EDITION_SKIP_BUILD") != "1" or not (out / "index.html").is_file():
        jb = Path(sys.executable).with_name("jupyter-book")
        proc = subprocess.run([str(jb), "build", str(ROOT), "--builder", "dirhtml", "--path-output", str(staging),
                               *STRICT], capture_output=True, text=True, cwd=ROOT, timeout=1800)
        assert proc.returncode == 0, (proc.stdout + proc.stderr)[-4000:]
    return out


def _relative_links(page: Path) -> list[str]:
    import re

    # plain attributes, and those inside a figure's JSON (href=\"...\")
    return [h for h in re.findall(r'href=\\?"([^"\\]*)', page.read_text(encoding="utf-8"))
            if h and not h.startswith(("http:", "https:", "mailto:", "javascript:", "data:"))]


@pytest.mark.book
def test_the_book_under_dirhtml_exports_and_links_reach_its_pages(book_dirhtml):
    import json
    import re

    out = book_dirhtml
    passages = json.loads((out / "edition" / "passages.json").read_text(encoding="utf-8"))
    site = passages[0]["url"].split("chapters/")[0]
    assert [p["id"] for p in passages if not _served(out, p["url"], site)] == []
    notes = json.loads((out / "edition" / "annotations.jsonld").read_text(encoding="utf-8"))["items"]
    assert [n["id"] for n in notes if not (_served(out, n["id"], site) and _served(out, n["target"]["source"], site))] == []
    ids: dict[Path, set[str]] = {}
    broken, checked = [], 0
    for page in sorted(out.glob("chapters/**/index.html")):
        for href in _relative_links(page):
            path, _, fragment = href.partition("#")
            target = (page.parent / path.split("?")[0]).resolve() if path else page
            target = target / "index.html" if target.is_dir() else target
            if target.suffix == ".html" and target.is_file() and target not in ids:
                ids[target] = set(re.findall(r'id=\\?"([^"\\]+)', target.read_text(encoding="utf-8")))
            checked += 1
            if not target.is_file() or (fragment and target.suffix == ".html" and fragment not in ids[target]):
                broken.append(f"{page.relative_to(out)}: {href}")
    assert checked > 1000 and broken == []
