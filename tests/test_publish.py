"""Publishing with no gap, and rebuilds that re-read only the pages an edit touches."""

from __future__ import annotations

import re
import threading
import zipfile

import pytest

from conftest import copy_repository
from edition_utils.build import build, publish
from edition_utils.paths import WHEEL

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


#: Sphinx's cache-busting suffix on a stylesheet link: myst-nb's stylesheet gets it only once the file is in the
#: output folder, so pages written by a clean build lack it and the same pages written again later have it.
CACHE_BUST = re.compile(rb"\?v=[0-9a-f]{8}")


def _state(site) -> dict:
    """mtime and content (without cache-busting suffixes) of every file of the built site."""
    return {str(p.relative_to(site)): (p.stat().st_mtime_ns, CACHE_BUST.sub(b"", p.read_bytes()))
            for p in site.rglob("*") if p.is_file()}


def _edit_first_note_body(path, word: str) -> None:
    """Put `word` at the start of the first note's body (a wording edit: no count, anchor or link changes)."""
    text = path.read_text(encoding="utf-8")
    edited = re.sub(r"^(\s+body: ['\"]?)", lambda m: m.group(1) + word + " ", text, count=1, flags=re.M)
    assert edited != text
    path.write_text(edited, encoding="utf-8")


@pytest.mark.book  # builds a copy of the repository, four times
def test_an_edit_rereads_only_the_pages_that_show_it(tmp_path, root):
    """Editing a note's wording re-reads and rewrites its chapter only (the pages that count notes by source, and
    the source's statements page that links its notes, show nothing that changed) and runs no notebook, yet every
    export that holds the note has the new wording, and other sources' exports are left as they were; adding a
    note re-reads the pages that count notes and that source's statements page; editing the career data re-runs
    the career notebook (it declares the file with `:data:`), not the map."""
    work = tmp_path / "book"
    copy_repository(root, work)
    code, _, log = build(work)
    assert code == 0, log[-3000:]
    site = work / "_build" / "html"
    before = _state(site)
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8").count("<loc>")

    notes = work / "data" / "notes" / "smilga-bio.yml"
    original = notes.read_text(encoding="utf-8")
    _edit_first_note_body(notes, "REWORDED")
    code, _, log = build(work)
    assert code == 0, log[-3000:]
    assert _read_docs(log) == {"chapters/smilga/smilga-bio"}
    after = _state(site)
    touched = {p for p in after if after[p][0] != before.get(p, (None,))[0]}
    changed = {p for p in after if after[p][1] != before.get(p, (None, None))[1]}
    # the sitemap still lists every page, not only those this build wrote
    assert (site / "sitemap.xml").read_text(encoding="utf-8").count("<loc>") == sitemap > 20
    assert {p for p in changed if p.endswith(".html")} == {"chapters/smilga/smilga-bio.html"}
    assert not touched & {"chapters/smilga/career.html", "chapters/nakhchivan/maps.html",
                          "chapters/smilga/smilga-fi.html", "chapters/front/scales.html",
                          "chapters/apparatus/statements.html"}
    # the exports that hold the note have the new wording; those of other sources are untouched
    for export in ("edition/annotations.jsonld", "edition/tei/smilga-bio.xml", "edition/tei/corpus.xml"):
        assert export in changed and b"REWORDED" in after[export][1], export
    others = [p for p in before if p.startswith("edition/tei/") and p.endswith(".xml")
              and p not in ("edition/tei/smilga-bio.xml", "edition/tei/corpus.xml")]
    assert len(others) > 5 and not touched & set(others)
    assert not touched & {"edition/citations.json", "edition/edition.bib", "edition/cite/chicherin-1918.json"}
    with zipfile.ZipFile(site / WHEEL) as wheel:  # packed in the background: it carries the edited data too
        assert b"REWORDED" in wheel.read("edition_utils/edition_data/data/notes/smilga-bio.yml")

    # a new note changes the counts and links those pages show: they are read again
    notes.write_text(original + "\n".join([
        "- id: smilga-bio-test-added", "  passage: smilga-bio.1", "  exact: Ivar Smilga", "  prefix: ''",
        "  suffix: ' was born'", "  category: context", "  credibility: 1",
        "  body: A note added by the test of dependency tracking.", ""]), encoding="utf-8")
    code, _, log = build(work)
    assert code == 0, log[-3000:]
    assert _read_docs(log) >= {"chapters/smilga/smilga-bio", "chapters/intro", "chapters/front/scales",
                               "chapters/apparatus/statements/smilga-bio"}
    assert "chapters/apparatus/statements/smilga-fi" not in _read_docs(log)  # its notes' links did not change
    assert _state(site)["chapters/intro.html"][1] != after["chapters/intro.html"][1]  # its note counts
    assert b"smilga-bio-test-added" in (site / "edition/annotations.jsonld").read_bytes()

    career = work / "data" / "smilga_career.csv"
    career.write_text(career.read_text(encoding="utf-8"), encoding="utf-8")  # same text, newer file
    code, _, log = build(work)
    assert code == 0, log[-3000:]
    read = _read_docs(log)
    assert "chapters/smilga/career" in read and "chapters/nakhchivan/maps" not in read


def test_summaries_change_only_when_what_the_pages_show_changes(tmp_path):
    """The files that the sources table and the statements page depend on (sphinxext/dependencies.py): made when
    data/ changed, rewritten (newer mtime, so Sphinx re-reads those pages) only when the counts or links differ;
    going back to earlier data after a failed build brings them back too."""
    from types import SimpleNamespace as NS

    from edition_utils.sphinxext.dependencies import SHOWN, refresh_summaries

    def edition(*notes):
        notes = [NS(id=n, passage="a.1", anchor=f"note-{n}", category="context") for n in notes]
        return NS(registry=NS(sources=[NS(id="a")]), passages_of=lambda s: [NS(id="a.1")],
                  notes_of=lambda p: notes, notes=notes)

    def never():
        raise AssertionError("data/ did not change: nothing to load")

    folder = tmp_path / SHOWN
    assert refresh_summaries(tmp_path, "d1", lambda: edition("n1")) == ["note-counts", "note-links-a"]
    assert '"context": 1' in (folder / "note-counts.json").read_text()
    mtimes = {p.name: p.stat().st_mtime_ns for p in folder.glob("*.json")}
    assert refresh_summaries(tmp_path, "d1", never) == []
    assert refresh_summaries(tmp_path, "d2", lambda: edition("n1")) == []  # a wording edit: same summaries
    assert mtimes == {p.name: p.stat().st_mtime_ns for p in folder.glob("*.json")}
    assert refresh_summaries(tmp_path, "d3", lambda: edition("n1", "n2")) == ["note-counts", "note-links-a"]
    assert '"context": 2' in (folder / "note-counts.json").read_text()
    assert refresh_summaries(tmp_path, "d1", lambda: edition("n1")) == ["note-counts", "note-links-a"]


def test_a_changed_table_of_contents_rereads_every_page(tmp_path, root):
    """Every page's menu shows _toc.yml: once it changes, every page is read (and so written) again, not only the
    pages sphinx-external-toc sees as changed (a new page was otherwise missing from the other pages' menus)."""
    from types import SimpleNamespace as NS

    from edition_utils.sphinxext import rereads, state

    class App:  # what the handler reads of a Sphinx application
        srcdir = str(tmp_path)
        doctreedir = str(tmp_path)  # where the pages of a failed build are listed (none here)
        config = NS(edition_root=str(root), external_toc_path="_toc.yml")
        builder = NS(get_target_uri=lambda docname: f"{docname}.html")

    app = App()
    state.start(app)
    toc = tmp_path / "_toc.yml"
    toc.write_text("root: intro\n")
    env = NS(found_docs={"intro", "method", "chapters/smilga/career"}, get_domain=lambda name: NS(docs=set()))
    assert rereads._outdated(app, env, set(), set(), set()) == []  # first build: Sphinx reads everything anyway
    assert rereads._outdated(app, env, set(), set(), set()) == []  # nothing changed
    toc.write_text("root: intro\nchapters: [{file: method}]\n")
    assert rereads._outdated(app, env, set(), set(), set()) == sorted(env.found_docs)
    assert rereads._outdated(app, env, set(), set(), set()) == []
