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
    cited = {key for n in ed.notes for key in n.cite_keys}
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
    note = next(n for n in ed.notes if n.cite and not any(c.locator for c in n.cite))
    path = notes / f"{note.passage.rsplit('.', 1)[0]}.yml"
    text = path.read_text(encoding="utf-8")
    old = f"  cite: [{', '.join(note.cite_keys)}]"
    assert old in text
    path.write_text(text.replace(old, "  cite: [nobody1999]", 1), encoding="utf-8")
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
        for c in note.cite:  # a locator follows its work's year: "(Smele 2015, 1093)"
            if c.locator:
                assert re.search(rf"\d{{4}}[a-z]?</a>, {re.escape(c.shown_locator)}", links[0]), (note.id, c.locator)


# --- locators: a `cite` item is a key or {key, locator} ------------------------------------------------------------

NOTE = {"id": "x-1", "passage": "P", "exact": "1892", "category": "context", "credibility": 2, "body": "B."}


@pytest.mark.parametrize("locator, shown", [
    ("p. 1093", "1093"), ("pp. 3-5", "3-5"), ("s.v. Smilga", "s.v. Smilga"), ("ch. 4", "ch. 4"), (None, None),
])
def test_cite_is_a_key_or_a_key_with_a_locator(locator, shown):
    from edition_utils.notes import Note
    from edition_utils.sphinxext.directives import cite_targets

    item = {"key": "smele2015", "locator": locator} if locator else {"key": "smele2015"}
    note = Note.model_validate({**NOTE, "cite": ["figes1996", item]})
    assert note.cite_keys == ["figes1996", "smele2015"]
    assert note.cite[0].locator is None and note.cite[1].locator == locator
    assert note.cite[1].shown_locator == shown
    assert cite_targets(note.cite) == "figes1996,smele2015" + (f"{{{shown}}}" if shown else "")


def _notes_dir(tmp_path, cite_yaml: str):
    from edition_utils.passages import Passage  # noqa: F401  (the loader's input type)

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "src.yml").write_text(
        "- id: src-1-1\n  passage: src.1\n  exact: '1892'\n  category: context\n  credibility: 2\n"
        f"  body: A note.\n  cite: {cite_yaml}\n", encoding="utf-8")
    return notes


class _P:  # the two attributes load_notes reads from a passage
    id = "src.1"
    text = "Born in 1892 in Aloja."


@pytest.mark.parametrize("cite_yaml, field, words", [
    ("[{key: nobody1999, locator: 'p. 3'}]", "cite", "nobody1999"),
    ("[smele2015, {key: nobody1999}]", "cite", "nobody1999"),
    ("[{key: smele2015, page: 3}]", "cite.0.page", "Extra inputs"),
    ("[{locator: 'p. 3'}]", "cite.0.key", "required"),
    ("[{key: smele2015, locator: 'p. {3}'}]", "cite.0.locator", "pattern"),
    ("[{key: smele2015, locator: ''}]", "cite.0.locator", "at least 1"),
])
def test_bad_cite_item_names_file_note_and_field(tmp_path, cite_yaml, field, words):
    notes = _notes_dir(tmp_path, cite_yaml)
    with pytest.raises(EditionDataError) as info:
        load_notes(notes, [_P()], {"smele2015", "figes1996"})
    err = info.value
    assert (err.file, err.field) == ("data/notes/src.yml", field) and "src-1-1" in err.entry
    assert words in str(err)


def test_good_cite_items_load(tmp_path):
    notes = _notes_dir(tmp_path, "[figes1996, {key: smele2015, locator: 's.v. Smilga'}]")
    [note] = load_notes(notes, [_P()], {"smele2015", "figes1996"})
    assert [(c.key, c.locator) for c in note.cite] == [("figes1996", None), ("smele2015", "s.v. Smilga")]


def test_locator_renders_after_the_year(tmp_path):
    """The edition's author-date style with sphinxcontrib-bibtex post-text, in a minimal Sphinx project:
    "(Figes 1996; Smele 2015, 1093)"."""
    from sphinx.cmd.build import build_main

    from edition_utils.notes import Cite
    from edition_utils.sphinxext.directives import cite_targets

    src = tmp_path / "src"
    src.mkdir()
    (src / "refs.bib").write_text(
        "@book{smele2015, author = {Smele, Jonathan D.}, title = {Dictionary}, publisher = {RL}, year = {2015}}\n"
        "@book{figes1996, author = {Figes, Orlando}, title = {Tragedy}, publisher = {JC}, year = {1996}}\n", encoding="utf-8")
    (src / "conf.py").write_text(
        "extensions = ['myst_parser', 'sphinxcontrib.bibtex']\nbibtex_bibfiles = ['refs.bib']\n"
        "bibtex_reference_style = 'edition_author_date'\n", encoding="utf-8")
    targets = cite_targets([Cite.model_validate({"key": "smele2015", "locator": "p. 1093"}),
                            Cite.model_validate("figes1996")])
    (src / "index.md").write_text(f"# T\n\nText {{cite:p}}`{targets}`.\n\n```{{bibliography}}\n```\n",
                                  encoding="utf-8")
    assert build_main(["-q", "-W", "-b", "html", str(src), str(tmp_path / "out")]) == 0
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", html.split('class="bibtex-citation"', 1)[1].split("</span>", 1)[0].split(">", 1)[1])
    assert text == "(Figes 1996; Smele 2015, 1093)"  # works in the bibliography's order, each with its locator
