"""TEI P5 exports: valid against TEI's own tei_all schema (jing, the reference RELAX NG validator), the text of every
passage identical to the seed's, and every critical note present and anchored on the words it comments on."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess

import pytest
from lxml import etree

from edition_utils.anchoring import locate
from edition_utils.edition import load_edition

NS = {"tei": "http://www.tei-c.org/ns/1.0"}
XML = "http://www.w3.org/XML/1998/namespace"
XML_ID = f"{{{XML}}}id"
SCHEMA = "../shared/schemas/tei_all.rng"


@pytest.fixture(scope="module")
def edition(root):
    return load_edition(root)


@pytest.fixture(scope="module")
def tei_dir(site):
    return site / "edition" / "tei"


def _text_without_notes(el) -> str:
    """An element's text as a reader of the source sees it: milestones are empty, translator notes left out."""
    parts = [el.text or ""]
    for child in el:
        if etree.QName(child).localname != "note":
            parts.append(_text_without_notes(child))
        parts.append(child.tail or "")
    return "".join(parts)


@pytest.mark.book
def test_one_file_per_presented_source_and_a_corpus(edition, tei_dir):
    expected = {f"{s.id}.xml" for s in edition.registry.presented} | {"corpus.xml"}
    assert {p.name for p in tei_dir.glob("*.xml")} == expected


@pytest.mark.book
def test_every_file_is_valid_tei_all(root, tei_dir):
    """jing with TEI P5 4.3.0's tei_all.rng: required under CI, skipped elsewhere only when jing is missing."""
    jing = shutil.which("jing")
    if jing is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but jing is not installed (apt-get install jing): TEI validation must run in CI")
        pytest.skip("jing is not installed (Debian package jing)")
    schema = (root / SCHEMA).resolve()
    assert schema.is_file(), f"{SCHEMA} is missing"
    files = sorted(str(p) for p in tei_dir.glob("*.xml"))
    proc = subprocess.run([jing, str(schema), *files], capture_output=True, text=True)
    errors = [ln for ln in proc.stdout.splitlines() if " error: " in ln]
    assert proc.returncode == 0 and not errors, "\n".join(errors[:20]) or proc.stderr[-2000:]


@pytest.mark.book
def test_passage_text_round_trips_to_passages_json(site, tei_dir):
    """Each passage's text in the TEI, notes removed, equals passages.json (which tests prove equal to the seeds)."""
    exported = {p["id"]: p for p in json.loads((site / "edition" / "passages.json").read_text(encoding="utf-8"))}
    seen = set()
    for path in tei_dir.glob("*.xml"):
        if path.name == "corpus.xml":
            continue
        tree = etree.parse(str(path))
        for ab in tree.iterfind(".//tei:div[@type='original']/tei:ab", NS):
            pid = ab.get(XML_ID)
            assert _text_without_notes(ab) == exported[pid]["text"], pid
            seed_file, lines = ab.get("n").rsplit(":", 1)
            assert seed_file == exported[pid]["seed_file"]
            assert [int(x) for x in lines.split("-")] == exported[pid]["seed_lines"]
            seen.add(pid)
    assert seen == set(exported), "passages missing from the TEI files"


@pytest.mark.book
def test_notes_in_tei_equal_the_apparatus(edition, tei_dir):
    """Per source: the same notes (ID, category, credibility), each anchored on exactly its quoted words."""
    for src in edition.registry.presented:
        tree = etree.parse(str(tei_dir / f"{src.id}.xml"))
        apparatus = {n.id: n for p in edition.passages_of(src.id) for n in edition.notes_of(p.id)}
        notes = tree.findall(".//tei:back/tei:div[@type='notes']/tei:note", NS)
        assert {n.get(XML_ID) for n in notes} == set(apparatus), src.id
        for el in notes:
            note = apparatus[el.get(XML_ID)]
            assert el.get("type") == note.category
            assert f"#credibility-{note.credibility}" in el.get("ana").split()
            assert el.find("tei:p", NS).text == note.body
            assert el.get("subtype") == ("verified" if note.verified else "unverified")
            assert _anchored_text(tree, el) == note.exact, note.id
            checked = el.findall("tei:listBibl/tei:bibl", NS)
            assert len(checked) == len(note.checked) + len(note.cite)


def _anchored_text(tree, note_el) -> str:
    """The text between a note's two anchors, read from the document (both anchors sit in one passage)."""
    start_id, end_id = note_el.get("target")[1:], note_el.get("targetEnd")[1:]
    start = tree.xpath("//tei:anchor[@xml:id=$i]", namespaces=NS, i=start_id)[0]
    ab = next(a for a in start.iterancestors() if etree.QName(a).localname == "ab")
    offsets: dict[str, int] = {}
    text: list[str] = []

    def walk(el):
        if el.get(XML_ID) in (start_id, end_id):
            offsets[el.get(XML_ID)] = len("".join(text))
        text.append(el.text or "")
        for child in el:
            walk(child)
            text.append(child.tail or "")

    walk(ab)
    return "".join(text)[offsets[start_id]:offsets[end_id]]


def test_tei_is_built_without_sphinx(root, edition, tmp_path):
    """The module is pure: it needs the edition, not the book (fast; also checks the register markup)."""
    from edition_utils import tei

    imprint = dataclasses.replace(tei.imprint_from(root), site_url="https://example.org/edition/")
    doc = tei.source_document(edition, "smilga-fi", imprint)
    ids = {el.get(XML_ID) for el in doc.iter()}
    assert "smilga-fi.2" in ids and "smilga-fi.2.en" in ids
    trans = doc.find(".//tei:div[@type='translation']", NS)
    assert trans.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert all(ab.get("corresp", "").startswith("#smilga-fi.") for ab in trans.findall("tei:ab", NS))
    refs = {el.get("ref") for el in doc.iterfind(".//tei:persName[@ref]", NS)}
    people = {el.get(XML_ID) for el in doc.iterfind(".//tei:listPerson/tei:person", NS)}
    assert "#ivar-smilga" in refs and {r[1:] for r in refs} <= people
    assert doc.find(".//tei:publicationStmt/tei:idno[@type='URI']", NS).text == \
        "https://example.org/edition/chapters/smilga/smilga-fi.html"
    text = tei.serialise(doc)
    # the first passage, as a reader sees it, equals the seed line exactly
    p = edition.passages_of("smilga-fi")[1]
    parsed = etree.fromstring(text.encode("utf-8"))
    assert _text_without_notes(parsed.xpath("//tei:ab[@xml:id=$i]", namespaces=NS, i=p.id)[0]) == p.text
    start, end = locate(p.text, edition.notes_of(p.id)[0].exact, edition.notes_of(p.id)[0].prefix,
                        edition.notes_of(p.id)[0].suffix)
    assert start < end


def test_places_the_register_finds_in_a_passage_are_marked_and_listed(root, edition):
    """The places of the register a source's passages are linked to are listed in listPlace, with coordinates where
    the register has them, and marked placeName where their name as the register gives it occurs in the text.
    (The places' passages were once read as a ';'-separated string after they had become a list: no place was
    ever listed or marked.)"""
    from edition_utils import tei

    doc = tei.source_document(edition, "nakhchivan-assr", tei.imprint_from(root))
    refs = {el.get("ref")[1:] for el in doc.iterfind(".//tei:text//tei:placeName[@ref]", NS)}
    listed = {el.get(XML_ID): el for el in doc.iterfind(".//tei:standOff/tei:listPlace/tei:place", NS)}
    ids = {p.id for p in edition.passages_of("nakhchivan-assr")}
    expected = {r["place_id"] for r in edition.place_rows if ids & set(r["passages"])}
    assert expected == set(listed) and {"julfa", "ordubad", "kars"} <= refs <= set(listed)
    julfa = next(r for r in edition.place_rows if r["place_id"] == "julfa")
    assert listed["julfa"].findtext("tei:location/tei:geo", namespaces=NS) == f"{julfa['lat']} {julfa['lon']}"
    unlocated = next(r for r in edition.place_rows if r["place_id"] in listed and r["lat"] is None)
    assert listed[unlocated["place_id"]].find("tei:location", NS) is None


@pytest.mark.book
@pytest.mark.browser
def test_a_tei_file_renders_in_ceteicean(root, edition, browser, server):
    """The files work in a TEI viewer as they are: CETEIcean (npm, the TEI Consortium's web-components renderer)
    loads edition/tei/chicherin-1918.xml in Chromium and shows every passage and note. The test page exists only
    inside the test (routed by Playwright), not in the published site."""
    cetei = root / "node_modules" / "CETEIcean" / "dist" / "CETEI.js"
    assert cetei.is_file(), "npm ci installs CETEIcean (package.json devDependencies)"
    html = ("<!doctype html><html lang=en><head><title>TEI</title><script src='/__cetei.js'></script></head><body>"
            "<main id=tei></main><script>new CETEI().getHTML5('edition/tei/chicherin-1918.xml',"
            " d => document.getElementById('tei').appendChild(d))</script></body></html>")
    page = browser.new_page()
    page.route(f"{server}/__cetei.html", lambda r: r.fulfill(body=html, content_type="text/html"))
    page.route(f"{server}/__cetei.js", lambda r: r.fulfill(path=str(cetei), content_type="text/javascript"))
    try:
        page.goto(f"{server}/__cetei.html")
        page.wait_for_selector("tei-back tei-note", state="attached")
        passages = edition.passages_of("chicherin-1918")
        shown = page.locator("tei-div[type=original] > tei-ab")
        assert shown.count() == len(passages)
        assert shown.nth(4).text_content() == passages[4].text
        notes = [n for p in passages for n in edition.notes_of(p.id)]
        assert page.locator("tei-back tei-note").count() == len(notes)
    finally:
        page.close()


def _tei_files(out) -> dict[str, tuple[int, bytes]]:
    return {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in (out / "edition" / "tei").glob("*.xml")}


@pytest.fixture
def tei_imprint(root):
    from edition_utils import tei

    return dataclasses.replace(tei.imprint_from(root), site_url="https://example.org/edition/")


def _edited_note(edition, source_id: str):
    """The edition with one word of the first note on `source_id` changed (as an editor's one-word edit)."""
    note = next(n for n in edition.notes if edition.passages_by_id[n.passage].source_id == source_id)
    notes = [n.model_copy(update={"body": "EDITED " + n.body}) if n is note else n for n in edition.notes]
    return dataclasses.replace(edition, notes=notes)


def test_tei_cache_rebuilds_only_the_edited_source(edition, tei_imprint, tmp_path, monkeypatch):
    """An edited note: its source's TEI file and the corpus change, to the bytes a build without the cache writes;
    no other source's file is rewritten (its date stays)."""
    from edition_utils import tei

    cache, out = tmp_path / "tei.json", tmp_path / "cached"
    tei.write_all(edition, out, tei_imprint, cache=cache, salt="1")
    before = _tei_files(out)
    edited = _edited_note(edition, "smilga-bio")
    tei.write_all(edited, out, tei_imprint, cache=cache, salt="1")
    tei.write_all(edited, tmp_path / "fresh", tei_imprint)
    after, fresh = _tei_files(out), _tei_files(tmp_path / "fresh")
    assert {name: data for name, (_, data) in after.items()} == {name: data for name, (_, data) in fresh.items()}
    assert {name for name in after if after[name][1] != before[name][1]} == {"smilga-bio.xml", "corpus.xml"}
    assert b"EDITED" in after["smilga-bio.xml"][1] and b"EDITED" in after["corpus.xml"][1]
    assert {name for name in after if after[name][0] != before[name][0]} == {"smilga-bio.xml", "corpus.xml"}
    # the works' text is kept too: a new process (no texts in memory) decodes no BibTeX field again
    monkeypatch.setattr(tei, "_TEX", {})
    monkeypatch.setattr("pybtex.richtext.Text.from_latex", lambda value: pytest.fail(f"decoded again: {value}"))
    tei.write_all(_edited_note(edition, "chicherin-1918"), out, tei_imprint, cache=cache, salt="1")
    assert b"EDITED" in (out / "edition" / "tei" / "chicherin-1918.xml").read_bytes()


def _edit_translation(ed):
    pid, item = next(iter(ed.translations.items()))
    return dataclasses.replace(ed, translations={**ed.translations, pid: item.model_copy(
        update={"translation": "EDITED " + item.translation})})


def _edit_work(ed):
    key = next(c.key for n in ed.notes for c in n.cite if not isinstance(c, str))
    return dataclasses.replace(ed, works={**ed.works, key: {**ed.works[key], "title": "EDITED"}})


def _edit_register(ed):
    persons = [{**ed.person_rows[0], "name": "EDITED"}, *ed.person_rows[1:]]
    return dataclasses.replace(ed, person_rows=persons)


def _edit_passage(ed):
    first = ed.passages[0]  # the text the registers and anchors run over (a corrected seed line, say)
    return dataclasses.replace(ed, passages=[dataclasses.replace(first, line=first.line + 1000), *ed.passages[1:]])


@pytest.mark.parametrize("edit", [_edit_translation, _edit_work, _edit_register, _edit_passage,
                                  lambda ed: ed, "imprint", "salt", "damaged", "tex"])
def test_tei_cache_never_outlives_its_inputs(edition, tei_imprint, tmp_path, edit, monkeypatch):
    """Whatever input changes (a translation, a cited work, a register, a passage, the imprint, the code version),
    or if the cache file is damaged, the cached build writes exactly what a build without the cache writes."""
    from edition_utils import tei

    cache = tmp_path / "tei.json"
    tei.write_all(edition, tmp_path / "cached", tei_imprint, cache=cache, salt="1")
    ed, imprint, salt = edition, tei_imprint, "1"
    if edit == "imprint":
        imprint = dataclasses.replace(tei_imprint, version="99.0")
    elif edit == "salt":
        salt = "2"
    elif edit == "damaged":
        cache.write_text('{"smilga-bio": {"key": 1}', encoding="utf-8")
    elif edit == "tex":  # a BibTeX field's text kept by other code (or another pybtex) is not used
        kept = json.loads(cache.read_text(encoding="utf-8"))
        kept["tex"]["texts"] = {k: "STALE" for k in kept["tex"]["texts"]}
        cache.write_text(json.dumps(kept), encoding="utf-8")
        salt = "2"
    else:
        ed = edit(edition)
    for out, kept in (("fresh", None), ("cached", cache)):
        monkeypatch.setattr(tei, "_TEX", {})  # each as in a build's own process
        tei.write_all(ed, tmp_path / out, imprint, cache=kept, salt=salt)
    cached, fresh = _tei_files(tmp_path / "cached"), _tei_files(tmp_path / "fresh")
    assert cached.keys() == fresh.keys()
    assert [n for n in cached if cached[n][1] != fresh[n][1]] == []
    kept = json.loads(cache.read_text(encoding="utf-8"))["sources"]
    assert list(kept) == [s.id for s in ed.registry.presented]
    if edit == "salt":  # new code: every source's documents made again
        assert all(entry["key"] != tei._source_key(ed, sid, imprint, "1:" + tei._registers_digest(ed))
                   for sid, entry in kept.items())


@pytest.fixture(scope="module")
def tei_documents(root, edition):
    """Every presented source's TEI document and the corpus, made by the pure module (no book needed)."""
    from edition_utils import tei

    imprint = tei.imprint_from(root)
    docs = {src.id: tei.source_document(edition, src.id, imprint) for src in edition.registry.presented}
    return docs, tei.corpus(edition, imprint)


def _marked_in(doc, tag: str) -> set[tuple[str, str]]:
    """(register ID, passage ID) of every persName or placeName marked in the text of a document."""
    out = set()
    for el in doc.iterfind(f".//tei:text//tei:{tag}[@ref]", NS):
        ab = next(a for a in el.iterancestors() if etree.QName(a).localname == "ab")
        out.add((el.get("ref")[1:], ab.get(XML_ID)))
    return out


def test_every_person_and_place_linked_to_a_source_is_listed(edition, tei_documents):
    """Each source's document (and the corpus) lists every person and place the registers link to its passages,
    with the register's name, dates and coordinates: none is dropped because of how its name is written
    ("Moscow / Moskova (fi) / Moskva (da)", "Nakhchivan (city)" were once left out of every listPlace)."""
    docs, corpus = tei_documents
    for source_id, doc in [*docs.items(), ("corpus", corpus)]:
        ids = {p.id for p in (edition.passages if source_id == "corpus" else edition.passages_of(source_id))}
        for register, key, tag, rows in (("listPerson", "person_id", "person", edition.person_rows),
                                         ("listPlace", "place_id", "place", edition.place_rows)):
            listed = {el.get(XML_ID): el for el in doc.iterfind(f"tei:standOff/tei:{register}/tei:{tag}", NS)}
            linked = {r[key]: r for r in rows if ids & set(r["passages"])}
            assert sorted(linked.keys() - listed.keys()) == [], f"{source_id}: not in {register}"
            assert set(listed) == set(linked), source_id
            for rid, row in linked.items():
                el = listed[rid]
                if tag == "place":
                    assert el.findtext("tei:placeName", namespaces=NS) == row["name_en"]
                    geo = el.findtext("tei:location/tei:geo", namespaces=NS)
                    assert geo == (None if row["lat"] is None else f"{float(row['lat'])} {float(row['lon'])}"), rid
                else:
                    assert el.findtext("tei:persName", namespaces=NS) == row["name"]
                    for event, field in (("birth", "born"), ("death", "died")):
                        assert el.find(f"tei:{event}", NS) is None if not row[field] else \
                            el.find(f"tei:{event}", NS).get("when") == row[field], rid


def test_names_are_marked_only_where_the_register_links_them(edition, tei_documents):
    """A persName or placeName stands only in a passage its register entry is linked to; a place whose name in
    the text has alternatives or a gloss is marked by each alternative ("Yerevan / Irevan", "Moskova (fi)"); a
    name two places share in one passage is left unmarked rather than guessed; a place's generic word alone
    ("Irevan Governorate / Province") does not mark another province."""
    docs, corpus = tei_documents
    links = {(r["place_id"], p) for r in edition.place_rows for p in r["passages"]}
    people = {(r["person_id"], p) for r in edition.person_rows for p in r["passages"]}
    marked_places = set()
    for doc in [*docs.values(), corpus]:
        marked_places |= _marked_in(doc, "placeName")
        assert _marked_in(doc, "placeName") <= links
        assert _marked_in(doc, "persName") <= people
    assert {("yerevan", "nakhchivan-assr.16"), ("moscow", "smilga-fi.2"), ("saint-petersburg", "smilga-bio.4"),
            ("erivan-governorate", "nakhchivan-assr.58"), ("nakhchivan-territory", "nakhchivan-assr.20"),
            ("finland", "wsws-smilga-2017.26"), ("siberia", "smilga-da.4")} <= marked_places
    # nakhchivan-assr.10 is linked to the town and to the territory, both "Nakhchivan" in the text
    assert not {p for p, pid in marked_places if pid == "nakhchivan-assr.10"} & {"nakhchivan-city",
                                                                                  "nakhchivan-territory"}
    erivan = docs["nakhchivan-assr"].iterfind(".//tei:text//tei:placeName[@ref='#erivan-governorate']", NS)
    assert {_text_without_notes(el) for el in erivan} == {"Irevan Governorate", "Irevan Province"}


def test_every_field_of_a_work_the_notes_cite_is_in_its_tei_entry(edition, tei_documents):
    """The published works the notes cite, in each source's listBibl and the corpus's, say all that
    data/references.bib records of them (as plain text): a journal, volume, pages, translator, organisation,
    school, ISBN or DOI once went missing (Stalin's Works without its volume, an article without its journal).
    Only the bibliography's own grouping (keywords) and the entry type are not the work's description."""
    from edition_utils import tei

    docs, corpus = tei_documents
    for source_id, doc in [*docs.items(), ("corpus", corpus)]:
        passages = edition.passages if source_id == "corpus" else edition.passages_of(source_id)
        keys = {c.key for p in passages for n in edition.notes_of(p.id) for c in n.cite}
        entries = {el.get(XML_ID): el for el in doc.iterfind("tei:teiHeader//tei:sourceDesc/tei:listBibl/tei:bibl",
                                                             NS)}
        assert set(entries) == {tei._xml_id(k) for k in keys}, source_id
        for key in keys:
            text = " ".join(" ".join(entries[tei._xml_id(key)].itertext()).split())
            for field, value in edition.works[key].items():
                if field in ("type", "keywords"):
                    continue
                for part in value.split(" and ") if field in ("author", "editor", "translator") else [value]:
                    assert " ".join(tei._tex(part).split()) in text, (source_id, key, field)


def test_a_place_keeps_its_precision_source_kind_and_other_names(edition, tei_documents):
    """A listed place's coordinates say how exact they are and where they come from, as the register page does: a
    region's centroid or an approximate position is not passed off as an exact point. Its kind and its names in
    other languages (with their language) are kept too."""
    _, corpus = tei_documents
    listed = {el.get(XML_ID): el for el in corpus.iterfind("tei:standOff/tei:listPlace/tei:place", NS)}
    rows = {r["place_id"]: r for r in edition.place_rows}
    assert listed and set(listed) <= set(rows)
    for pid, el in listed.items():
        row = rows[pid]
        assert el.get("type") == row["kind"], pid
        alts = [(n.get(f"{{{XML}}}lang"), n.text) for n in el.findall("tei:placeName", NS)[1:]]
        assert alts == [tuple(a.split(":", 1)) for a in row["names_alt"].split("|") if a], pid
        location = el.find("tei:location", NS)
        if row["lat"] is None:
            assert location is None, pid
            continue
        assert location.get("type") == row["precision"], pid
        assert location.findtext("tei:note[@type='source']", namespaces=NS) == row["coord_source"], pid


def _checked_as_written(bibl) -> tuple:
    ref = bibl.find("tei:ref", NS)
    date = bibl.find("tei:date", NS)
    return (bibl.findtext("tei:title", namespaces=NS), bibl.findtext("tei:publisher", namespaces=NS),
            None if ref is None else ref.get("target"), None if date is None else date.get("when"))


def test_what_was_checked_cited_and_translated_is_in_the_tei_as_the_data_has_it(edition, tei_documents):
    """Per source: the pages checked for the source and for each note (title, site, address, date consulted), each
    note's works (pointer and locator), each translation and translator's note, as the data has them; every
    pointer resolves within its document and no xml:id is used twice (found nothing wrong; a guard)."""
    docs, corpus = tei_documents

    def expected(refs):
        return [(r.title, r.site, r.url, r.consulted.isoformat() if r.consulted else None) for r in refs]

    for source_id, doc in docs.items():
        src = edition.registry.get(source_id)
        original = doc.find(".//tei:sourceDesc/tei:bibl[@type='original']", NS)
        assert [_checked_as_written(b) for b in original.iterfind("tei:note[@type='checked']/tei:bibl", NS)] == \
            expected(src.checked), source_id
        notes = {el.get(XML_ID): el for el in doc.iterfind(".//tei:back//tei:note", NS)}
        for p in edition.passages_of(source_id):
            for note in edition.notes_of(p.id):
                bibls = notes[note.id].findall("tei:listBibl/tei:bibl", NS)
                assert [_checked_as_written(b) for b in bibls[:len(note.checked)]] == expected(note.checked)
                cited = [(b.find("tei:ptr", NS).get("target").lstrip("#_"), b.findtext("tei:citedRange",
                                                                                      namespaces=NS))
                         for b in bibls[len(note.checked):]]
                assert cited == [(c.key, c.locator) for c in note.cite], note.id
            if p.id in edition.translations:
                item = edition.translations[p.id]
                ab = doc.xpath("//tei:ab[@xml:id=$i]", namespaces=NS, i=f"{p.id}.en")[0]
                assert (ab.text, [n.text for n in ab.iterfind("tei:note", NS)]) == \
                    (item.translation, item.translator_notes), p.id
    for name, doc in [*docs.items(), ("corpus", corpus)]:
        ids = [el.get(XML_ID) for el in doc.iter() if el.get(XML_ID)]
        assert len(ids) == len(set(ids)), name
        pointers = {t[1:] for el in doc.iter() for a in ("ref", "target", "targetEnd", "corresp", "ana")
                    for t in (el.get(a) or "").split() if t.startswith("#")}
        assert pointers <= set(ids), (name, sorted(pointers - set(ids))[:5])


def _lang(el) -> str | None:
    """The language an element's text is in: its own xml:lang or its nearest ancestor's."""
    for node in (el, *el.iterancestors()):
        if node.get(f"{{{XML}}}lang"):
            return node.get(f"{{{XML}}}lang")
    return None


def test_each_text_is_tagged_with_its_own_language(edition, tei_documents):
    """The source's text is in its language, our translation, notes and header prose in English: the critical
    notes and the header of the Finnish and Danish sources (29 notes) were once tagged as Finnish and Danish,
    because the TEI element carried the source's language."""
    docs, corpus = tei_documents
    for doc in [*docs.values(), corpus]:
        for tei in ([doc] if etree.QName(doc).localname == "TEI" else doc.iterfind("tei:TEI", NS)):
            src = edition.registry.get(tei.get(XML_ID).removeprefix("tei-"))
            for ab in tei.iterfind("tei:text/tei:body/tei:div[@type='original']/tei:ab", NS):
                assert _lang(ab) == src.language, ab.get(XML_ID)
            for el in tei.iterfind("tei:text/tei:body/tei:div[@type='translation']/tei:ab", NS):
                assert _lang(el) == "en", el.get(XML_ID)
            for el in tei.iterfind("tei:text/tei:back//tei:note/tei:p", NS):
                assert _lang(el) == "en", src.id
            for el in tei.iterfind("tei:teiHeader//tei:note[@type='provenance']", NS):
                assert _lang(el) == "en", src.id
