"""Citations: who is credited, absolute URLs, citeproc-js rendering, exports, the CLI, CITATION.cff, and URLs
that never die."""

import json
import subprocess
import sys

import pytest
import yaml

from edition_utils.citations import FORMATS, STYLES, Publication, edition_items, render
from edition_utils.publication import configured_site_url, edition_metadata, editor_names


@pytest.fixture(scope="module")
def ed(root):
    from edition_utils.edition import load_edition

    return load_edition(root)


@pytest.fixture(scope="module")
def items(ed, root):
    """Cite-dialog key -> CSL item, for every source."""
    return {key: item for entries in edition_items(ed, Publication.of(root)).values() for key, item in entries}


def cite(root, *args, env=None):
    import os

    return subprocess.run([sys.executable, "-m", "edition_utils", "cite", *args], cwd=root,
                          capture_output=True, text=True, env={**os.environ, **(env or {})})


@pytest.mark.parametrize("style", FORMATS)
def test_cli_prints_every_style_with_an_absolute_url(root, style):
    out = cite(root, "chicherin-1918.3", "--style", style, env={"EDITION_SITE_URL": ""})
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "chicherin-1918.3" in text
    assert configured_site_url(root) + "chapters/documents/chicherin-1918.html#chicherin-1918.3" in text
    if style in STYLES:
        assert "Chicherin" in text and "Smilga, Chicherin, Nakhchivan" in text and "0.1.0" in text
        assert "1918" in text and "Izvestia" in text  # the original's date and publisher
        assert text.startswith("Chicherin, G. (2026)" if style == "apa" else "Chicherin, Georgy.")
        assert "Smilga-Bio" not in text and "Chicherin-1918.3" not in text  # IDs keep their case


def test_cli_follows_edition_site_url(root):
    out = cite(root, "smilga-bio.15", "--style", "ris", env={"EDITION_SITE_URL": "https://example.org/ed"})
    assert out.returncode == 0, out.stderr
    assert "UR  - https://example.org/ed/chapters/smilga/smilga-bio.html#smilga-bio.15" in out.stdout


def test_one_site_address_everywhere(root):
    """CITATION.cff url = html.baseurl of _config.yml (the one setting), absolute; _config.yml's author = editors."""
    cff = edition_metadata(root)
    assert cff["url"] == configured_site_url(root)
    assert configured_site_url(root).startswith(("http://", "https://"))
    config = yaml.safe_load((root / "_config.yml").read_text())
    assert config["author"] == ", ".join(editor_names(root))
    assert not any("editors of the edition" in n.lower() for n in editor_names(root))


def test_authorship(items, ed, root):
    editors = Publication.of(root).editors
    bio = items["smilga-bio.15"]
    assert bio["author"] == [{"family": "Simkin", "given": "John"}] and bio["editor"] == editors
    assert "translator" not in bio and bio["accessed"] == {"date-parts": [[2026, 11, 22]]}
    assert "flagged D" in bio["note"] and "flagged" not in bio["title"]
    note = items["note-smilga-bio-1-1"]
    assert note["author"] == editors and "editor" not in note
    chicherin = items["chicherin-1918.3"]
    assert chicherin["original-date"] == {"date-parts": [[1918, 7, 25]]} and chicherin["original-publisher"] == "Izvestia"
    assert "probably" in chicherin["note"] and "Degras" in chicherin["note"] and "translator" not in chicherin
    translated = [k for k in items if k.endswith(".translation")]
    assert translated and all(items[k]["translator"] == editors for k in translated)
    assert "Fiction" in items["ah-thread.9"]["note"]
    for item in items.values():  # no markup in any field
        assert "<" not in json.dumps(item, ensure_ascii=False)


def test_cli_errors(root):
    bad = cite(root, "smilga-bio.999")
    assert bad.returncode != 0 and "smilga-bio.999" in bad.stderr
    bad = cite(root, "smilga-bio.1", "--style", "harvard")
    assert bad.returncode != 0 and "harvard" in bad.stderr


def test_rendering_keeps_ids_and_credits(root, items):
    sample = [items[k] for k in ("smilga-bio.15", "note-smilga-bio-1-1", "chicherin-1918.3")]
    out = render(root, sample)
    assert out["chicago"]["smilga-bio.15"].startswith("Simkin, John. “Ivar Smilga, Passage smilga-bio.15.”")
    assert out["apa"]["chicherin-1918.3"].startswith("Chicherin, G. (2026).")
    assert "Original work published" in out["apa"]["chicherin-1918.3"] and "1918" in out["apa"]["chicherin-1918.3"]
    assert out["mla"]["note-smilga-bio-1-1"].startswith("Smilga-Chicherin-Nakhchivan Edition Team.")


def test_exports_cover_every_item(site, ed):
    items = json.loads((site / "edition/citations.json").read_text())
    ids = {i["id"] for i in items}
    assert {p.id for p in ed.passages} <= ids
    assert all(i["URL"].startswith(("http://", "https://")) for i in items)
    bib = (site / "edition/edition.bib").read_text()
    assert bib.count("@incollection{") + bib.count("@misc{") == len(items)
    assert "\\#" not in bib
    assert (site / "edition/edition.ris").read_text().count("TY  - CHAP") == len(items)


def test_cite_files_cover_passages_notes_and_chapters(site, ed):
    for src in ed.registry.presented:
        data = json.loads((site / f"edition/cite/{src.id}.json").read_text())
        assert "chapter" in data
        for p in ed.passages_of(src.id):
            assert set(data[p.id]) == set(FORMATS)
            for n in ed.notes_of(p.id):
                assert n.anchor in data


def test_citation_cff_matches_the_package(root):
    from edition_utils import __version__

    cff = edition_metadata(root)
    assert cff["cff-version"] == "1.2.0" and str(cff["version"]) == __version__


def test_published_urls_still_resolve(site, root):
    from bs4 import BeautifulSoup

    redirects = [ln.split() for ln in (root / "redirects.txt").read_text().splitlines()
                 if ln.strip() and not ln.startswith("#")]
    moved = {a.strip('"') for a, *_ in redirects}
    pages = {}
    for url in (root / "data/published_urls.txt").read_text().splitlines():
        if not url or url.startswith("#"):
            continue
        page, _, anchor = url.partition("#")
        if page.removesuffix(".html") in moved:
            assert (site / page).exists(), f"redirect page missing for {page}"
            continue
        assert (site / page).exists(), f"published page {page} no longer exists"
        if anchor:
            if page not in pages:
                pages[page] = {el.get("id") for el in BeautifulSoup((site / page).read_text(), "html.parser").find_all(id=True)}
            assert anchor in pages[page], f"published permalink {url} no longer resolves"


def test_site_url_is_one_setting_that_the_environment_overrides(root, monkeypatch):
    from edition_utils.errors import EditionDataError
    from edition_utils.publication import site_url

    monkeypatch.delenv("EDITION_SITE_URL", raising=False)
    assert site_url(root) == configured_site_url(root)
    monkeypatch.setenv("EDITION_SITE_URL", "https://example.org/edition")
    assert site_url(root) == "https://example.org/edition/"
    monkeypatch.setenv("EDITION_SITE_URL", "chapters/")  # a relative address is refused, not silently used
    with pytest.raises(EditionDataError):
        site_url(root)


def test_bibtex_and_ris_files_are_the_items_entries_joined_and_kept_by_content(items, tmp_path):
    """edition.bib and edition.ris are written from each item's cached entry (citations.joined): the same text as
    pybtex and rispy write for the whole list; a changed item gets a fresh entry, never a stale one."""
    from edition_utils.citations import formats_of, joined, to_bibtex, to_ris

    items = list(items.values())
    rendered = {style: {i["id"]: "" for i in items} for style in STYLES}
    cache = tmp_path / "formats.json"
    first = formats_of(items, rendered, cache=cache)
    assert joined(items, first, "bibtex") == to_bibtex(items)
    assert joined(items, first, "ris") == to_ris(items)
    assert cache.is_file() and formats_of(items, rendered, cache=cache) == first
    changed = [{**items[0], "title": items[0]["title"] + " EDITED"}, *items[1:]]
    again = formats_of(changed, rendered, cache=cache)
    assert "EDITED" in again[items[0]["id"]]["bibtex"] and "EDITED" in again[items[0]["id"]]["ris"]
    assert again[items[1]["id"]] == first[items[1]["id"]]


def test_every_citation_of_a_source_carries_what_the_registry_records(ed, root):
    """Each chapter, passage and translation item of a source carries its registry's facts: the original's web
    address (in `note`, also where no date of consulting it is recorded: four sources once lost it), date,
    publisher and language; each note item names its note and passage; no value is a stringified None or NaN."""
    per_source = edition_items(ed, Publication.of(root))
    for src in ed.registry.presented:
        entries = dict(per_source[src.id])
        notes = {n.anchor: (n, p) for p in ed.passages_of(src.id) for n in ed.notes_of(p.id)}
        for key, item in entries.items():
            if key in notes:
                note, p = notes[key]
                assert note.id in item["title"] and p.id in item["title"] and item["language"] == "en"
                continue
            if src.url:
                assert src.url in item.get("note", ""), (key, src.url)
            if src.date:
                assert item["original-date"] == {"date-parts": [[int(x) for x in src.date.split("-")]]}, key
            assert item.get("original-publisher") == src.publisher, key
            assert item["language"] == ("en" if key.endswith(".translation") else src.language), key
        for item in entries.values():
            text = json.dumps(item, ensure_ascii=False)
            assert not any(bad in text for bad in ('"None"', '"nan"', "NaN", '"null"', "[None]")), item["id"]


def test_every_address_in_the_exports_is_a_page_and_anchor_of_the_site(site, ed):
    """Every address of the edition that an export gives (sources.json, passages.json, citations.json,
    annotations.jsonld, the TEI files' URIs) is a page of the built site, and its anchor an id on that page."""
    from lxml import etree, html

    base = json.loads((site / "edition/passages.json").read_text())[0]["url"].split("chapters/")[0]
    addresses = []
    sources = json.loads((site / "edition/sources.json").read_text())
    addresses += [("sources.json", s["url"]) for s in sources if s["url"]]
    addresses += [("passages.json", p["url"]) for p in json.loads((site / "edition/passages.json").read_text())]
    addresses += [("citations.json", i["URL"]) for i in json.loads((site / "edition/citations.json").read_text())]
    for a in json.loads((site / "edition/annotations.jsonld").read_text())["items"]:
        addresses += [("annotations.jsonld", a["id"]), ("annotations.jsonld", a["target"]["source"])]
    for path in (site / "edition/tei").glob("*.xml"):
        addresses += [(path.name, el.text) for el in etree.parse(str(path)).iterfind(
            ".//{http://www.tei-c.org/ns/1.0}publicationStmt/{http://www.tei-c.org/ns/1.0}idno")]
    assert len(addresses) > 2 * len(ed.passages) + len(ed.notes)
    ids: dict[str, set[str]] = {}
    for export, url in addresses:
        assert url.startswith(base), (export, url)
        page, _, anchor = url.removeprefix(base).partition("#")
        assert (site / page).is_file(), (export, url)
        if anchor:
            if page not in ids:
                ids[page] = {el.get("id") for el in html.parse(str(site / page)).iter() if el.get("id")}
            assert anchor in ids[page], (export, url)


def test_every_note_is_counted_alike_in_every_export_and_on_its_page(site, ed):
    """Per source, the same notes in annotations.jsonld, the TEI file, the Cite dialog's file and the chapter page."""
    from lxml import etree, html

    items = json.loads((site / "edition/annotations.jsonld").read_text())["items"]
    annotated = {a["id"].rpartition("#")[2] for a in items}
    for src in ed.registry.presented:
        expected = {n.anchor for p in ed.passages_of(src.id) for n in ed.notes_of(p.id)}
        tei = {f"note-{el.get('{http://www.w3.org/XML/1998/namespace}id')}" for el in etree.parse(
            str(site / f"edition/tei/{src.id}.xml")).iterfind(".//{http://www.tei-c.org/ns/1.0}back//"
                                                              "{http://www.tei-c.org/ns/1.0}note")}
        cite = {k for k in json.loads((site / f"edition/cite/{src.id}.json").read_text()) if k.startswith("note-")}
        page = {el.get("id") for el in html.parse(str(site / ed.page_url(src.chapter))).iterfind(".//li[@id]")
                if "edition-note" in el.get("class", "").split()}
        assert tei == cite == page == expected == expected & annotated, src.id
    assert len(annotated) == len(ed.notes)


def _plain_name(name: dict) -> str:
    return name.get("literal") or f"{name['family']}, {name['given']}"


def test_bibtex_and_ris_say_what_the_csl_json_says(site):
    """Each entry of edition.bib and edition.ris, read back by pybtex and rispy, has its CSL item's title, note,
    language, dates and every person, in full (not only present): nothing mangled on the way."""
    import rispy
    from pybtex.database import parse_file
    from pybtex.plugin import find_plugin
    from pybtex.richtext import Text

    backend = find_plugin("pybtex.backends", "text")()  # once: render_as() looks it up at every call

    def latex(value: str) -> str:
        return Text.from_latex(value).render(backend) if any(c in value for c in "\\{}$~") else value

    exported = json.loads((site / "edition/citations.json").read_text())
    items = {i["id"]: i for i in exported}
    assert len(items) == len(exported), "an item id is used twice"
    bib = parse_file(str(site / "edition/edition.bib")).entries
    ris = {r["id"]: r for r in rispy.loads((site / "edition/edition.ris").read_text())}
    assert set(bib) == set(ris) == set(items)

    def iso(date):
        return "-".join(f"{x:02d}" for x in date["date-parts"][0]) if date else None

    for key, item in items.items():
        entry, rec = bib[key], ris[key]
        plain = {f: latex(entry.fields[f]) for f in ("title", "note") if f in entry.fields}
        assert (plain["title"], plain.get("note"), entry.fields["language"]) == \
            (item["title"], item.get("note"), item["language"]), key
        assert (entry.fields.get("urldate"), entry.fields.get("origdate")) == \
            (iso(item.get("accessed")), iso(item.get("original-date"))), key
        for role in ("author", "editor"):
            assert [latex(str(p)).strip("{}") for p in entry.persons.get(role, [])] == \
                [_plain_name(n) for n in item.get(role, [])], (key, role)
        assert (rec["title"], (rec.get("notes") or [None])[0], rec["language"]) == \
            (item["title"], item.get("note"), item["language"]), key
        assert rec.get("original_publication") == iso(item.get("original-date")), key
        assert (rec.get("access_date") or "").replace("/", "-").rstrip("-") == (iso(item.get("accessed")) or ""), key
        for role, tag in (("author", "authors"), ("editor", "secondary_authors"), ("translator", "subsidiary_authors")):
            assert rec.get(tag, []) == [_plain_name(n) for n in item.get(role, [])], (key, role)
