"""Publishing with no gap, and rebuilds that re-read only the pages an edit touches."""

from __future__ import annotations

import re
import threading

import pytest

from conftest import copy_repository
from edition_utils.build import build, publish

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _site(folder, text: str):
    folder.mkdir(parents=True)
    (folder / "index.html").write_text(text)
    (folder / "page.html").write_text(text)
    return folder


def test_publish_swaps_the_site_atomically_with_no_gap(tmp_path):
    """A reader polling the published address during repeated publishes always finds a complete site."""
    out = tmp_path / "_build" / "html"
    publish(_site(tmp_path / "built-0", "v0"), out)
    assert out.is_symlink() and (out / "index.html").read_text() == "v0"
    missing, stop = [], threading.Event()

    def reader():
        while not stop.is_set():
            for name in ("index.html", "page.html"):
                try:
                    (out / name).read_text()
                except OSError as exc:
                    missing.append(f"{name}: {exc}")

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for n in range(1, 30):
            publish(_site(tmp_path / f"built-{n}", f"v{n}"), out)
    finally:
        stop.set()
        thread.join()
    assert not missing, missing[:3]
    assert (out / "index.html").read_text() == "v29"
    # the site just replaced is kept for readers still loading from it; older ones are removed
    assert len(list(out.parent.glob("site-*"))) == 2


def test_publish_replaces_a_site_folder_left_by_an_older_build(tmp_path):
    out = _site(tmp_path / "_build" / "html", "old layout")
    publish(_site(tmp_path / "built", "new"), out)
    assert out.is_symlink() and (out / "index.html").read_text() == "new"


def _read_docs(log: str) -> set[str]:
    """The documents Sphinx says it read ("reading sources... [ 50%] chapters/intro")."""
    return {m.group(1) for m in re.finditer(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", ANSI.sub("", log))}


@pytest.mark.book  # builds a copy of the repository, twice
def test_an_edit_rereads_only_the_pages_that_show_it(tmp_path, root):
    """Editing one note re-reads its chapter, the two pages whose tables count notes by source and the source's
    statements page (which links its notes), and runs no notebook; editing the career data re-runs the career notebook (it declares the file with `:data:`), not the map."""
    work = tmp_path / "book"
    copy_repository(root, work)
    code, _, log = build(work)
    assert code == 0, log[-3000:]
    site = work / "_build" / "html"
    before = {p.relative_to(site): p.stat().st_mtime_ns for p in site.rglob("*.html")}
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8").count("<loc>")

    notes = work / "data" / "notes" / "smilga-bio.yml"
    notes.write_text(notes.read_text(encoding="utf-8") + "\n# an editor's comment\n", encoding="utf-8")
    code, _, log = build(work)
    assert code == 0, log[-3000:]
    assert _read_docs(log) == {"chapters/smilga/smilga-bio", "chapters/intro", "chapters/front/scales",
                               "chapters/apparatus/statements/smilga-bio"}
    after = {p.relative_to(site): p.stat().st_mtime_ns for p in site.rglob("*.html")}
    rewritten = {str(p) for p in after if after[p] != before.get(p)}
    # the sitemap still lists every page, not only those this build wrote
    assert (site / "sitemap.xml").read_text(encoding="utf-8").count("<loc>") == sitemap > 20
    assert "chapters/smilga/smilga-bio.html" in rewritten
    assert not rewritten & {"chapters/smilga/career.html", "chapters/nakhchivan/maps.html",
                            "chapters/smilga/smilga-fi.html"}

    career = work / "data" / "smilga_career.csv"
    career.write_text(career.read_text(encoding="utf-8"), encoding="utf-8")  # same text, newer file
    code, _, log = build(work)
    assert code == 0, log[-3000:]
    read = _read_docs(log)
    assert "chapters/smilga/career" in read and "chapters/nakhchivan/maps" not in read
