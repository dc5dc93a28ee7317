"""Published works (data/references.bib): every note's `cite` key is a work in the file, every work is relied on by
a note, a malformed file or an unknown key is named, and the book links each citation to the bibliography page."""

import re
import shutil

import pytest

from edition_utils.bibliography import BIBFILE, load_bibliography
from edition_utils.errors import EditionDataError
from edition_utils.notes import load_notes


@pytest.fixture(scope="module")
def ed(root):
    from edition_utils.edition import load_edition

    return load_edition(root)


def test_every_cited_work_is_listed_and_every_listed_work_is_cited(ed):
    cited = {key for n in ed.notes for key in n.cite}
    assert cited, "no note cites a published work"
    # Career rows cite works in their references as "[key, ...]" (data/smilga_career.csv).
    in_career = {k for refs in ed.career["references"] for r in refs for k in re.findall(r"\[(\w+),", r)}
    assert in_career <= set(ed.works), "a career row cites a work missing from references.bib"
    cited |= in_career
    assert cited <= set(ed.works)
    assert set(ed.works) - cited == set(), "a work in references.bib that no note relies on"
    for key, work in ed.works.items():
        assert work["title"] and re.fullmatch(r"\d{4}", work["year"]), key


@pytest.mark.parametrize("broken, field", [
    ("@book{nodate, author = {Smele, Jonathan D.}, title = {A title}}", "year"),
    ("@book{noauthor, title = {A title}, year = {2015}}", "author"),
])
def test_incomplete_work_is_named(tmp_path, broken, field):
    (tmp_path / "data").mkdir()
    (tmp_path / BIBFILE).write_text(broken + "\n", encoding="utf-8")
    with pytest.raises(EditionDataError) as info:
        load_bibliography(tmp_path)
    err = info.value
    assert err.file == BIBFILE and err.entry == broken.split("{")[1].split(",")[0] and err.field == field


def test_malformed_file_and_duplicate_keys_are_named(tmp_path, root):
    (tmp_path / "data").mkdir()
    text = (root / BIBFILE).read_text(encoding="utf-8")
    (tmp_path / BIBFILE).write_text(text + "\n" + text, encoding="utf-8")  # every key twice
    with pytest.raises(EditionDataError, match="(?i)repeated|duplicate") as info:
        load_bibliography(tmp_path)
    assert info.value.file == BIBFILE
    (tmp_path / BIBFILE).write_text("@book{broken, title = {unclosed", encoding="utf-8")
    with pytest.raises(EditionDataError) as info:
        load_bibliography(tmp_path)
    assert info.value.file == BIBFILE


def test_unknown_work_in_a_note_is_named(tmp_path, root, ed):
    notes = tmp_path / "notes"
    shutil.copytree(root / "data" / "notes", notes)
    note = next(n for n in ed.notes if n.cite)
    path = notes / f"{note.passage.rsplit('.', 1)[0]}.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f"  cite: [{', '.join(note.cite)}]", "  cite: [nobody1999]", 1), encoding="utf-8")
    with pytest.raises(EditionDataError) as info:
        load_notes(notes, ed.passages, set(ed.works))
    err = info.value
    assert err.file == f"data/notes/{path.name}" and note.id in err.entry and err.field == "cite"
    assert "nobody1999" in str(err)


def test_book_links_each_citation_to_its_work(site, ed):
    page = (site / "chapters" / "apparatus" / "bibliography.html").read_text(encoding="utf-8")
    entries = re.findall(r'<div class="citation" id="([^"]+)" role="listitem">', page)  # see sphinxext/bibstyle.py
    assert len(entries) == len(ed.works)
    for note in (n for n in ed.notes if n.cite):
        chapter = ed.registry.get(note.passage.rsplit(".", 1)[0]).chapter
        html = (site / f"{chapter}.html").read_text(encoding="utf-8")
        item = html.split(f'id="{note.anchor}"', 1)[1].split("</li>", 1)[0]
        links = re.findall(r'class="edition-note-works">Published works: <span class="bibtex-citation"[^>]*>\((.*?)\)</span>',
                           item, flags=re.S)
        assert links, f"note {note.id} shows no citation"
        targets = re.findall(r'href="[./]*apparatus/bibliography\.html#([^"]+)"', links[0])
        assert len(targets) == len(note.cite) and set(targets) <= set(entries), note.id
