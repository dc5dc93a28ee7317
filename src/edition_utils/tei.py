"""TEI P5 exports: each presented source as a TEI document carrying its apparatus, and a teiCorpus of them all.

Written from the loaded edition (the seed text, notes, registers, translations), so there is no second copy of
any text to drift. The markup choices, stated once in every header's editorialDecl:
- each passage is an ``ab`` whose ``xml:id`` is its passage ID and whose ``n`` is its seed line range;
- a critical note comments on the span between two ``anchor`` milestones (so overlapping notes never need
  overlapping elements); the ``note`` itself stands in ``back`` with ``@target``/``@targetEnd``;
- persons and places the registers find in a passage are ``persName``/``placeName`` with ``@ref``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lxml import etree

from .anchoring import locate
from .edition import Edition
from .scales import CATEGORIES, CREDIBILITY, FLAGS

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
LANGUAGES = {"en": "English", "fi": "Finnish", "da": "Danish", "ru": "Russian"}
#: The credibility scale (1 confirmed ... 6 cannot be judged) as TEI's coarser @cert.
CERT = {1: "high", 2: "high", 3: "medium", 4: "low", 5: "low", 6: "unknown"}
LICENCES = {"CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/"}


@dataclass(frozen=True)
class Imprint:
    """What the TEI header says of the edition itself."""

    title: str
    editors: tuple[str, ...]
    version: str
    released: str
    licence: str
    site_url: str  # absolute, ending in "/"

    def url(self, path: str) -> str:
        return self.site_url + path


def _el(parent, tag: str, text: str | None = None, **attrs) -> etree._Element:
    el = etree.SubElement(parent, f"{{{TEI_NS}}}{tag}", {_attr(k): str(v) for k, v in attrs.items() if v is not None})
    if text is not None:
        el.text = text
    return el


def _attr(name: str) -> str:
    if name == "xml_id":
        return f"{{{XML_NS}}}id"
    if name == "xml_lang":
        return f"{{{XML_NS}}}lang"
    return name.rstrip("_")


#: BibTeX field -> plain text, for this process; write_all keeps those it used between builds (pybtex's LaTeX
#: reader was half the time of a build's TEI once the sources' documents were kept)
_TEX: dict[str, str] = {}
_TEX_USED: set[str] = set()


def _tex(value: str) -> str:
    """A BibTeX field as plain text (protecting braces and TeX escapes resolved by pybtex's own LaTeX reader)."""
    _TEX_USED.add(value)
    if value not in _TEX:
        from pybtex.richtext import Text

        _TEX[value] = Text.from_latex(value).render(_text_backend())
    return _TEX[value]


def _tex_version(salt: str) -> str:
    """What _tex's results depend on: the code (salt), pybtex and latexcodec (its installed copy)."""
    import latexcodec
    import pybtex

    return f"{salt}:{pybtex.__version__}:{Path(latexcodec.__file__).resolve()}:" \
           f"{Path(latexcodec.__file__).stat().st_mtime_ns}"


@lru_cache(maxsize=1)
def _text_backend():
    # found once: pybtex's render_as() looks its backend up through the entry points of every installed
    # distribution on each call (that look-up was most of the time spent writing TEI)
    from pybtex.plugin import find_plugin

    return find_plugin("pybtex.backends", "text")()


def _xml_id(key: str) -> str:
    """An NCName from a key that may begin with a digit or hold characters XML IDs may not."""
    key = re.sub(r"[^\w.-]", "-", key)
    return key if re.match(r"[A-Za-z_]", key) else f"_{key}"


# --------------------------------------------------------------------------------------------------- the header
def _title_stmt(parent, src, imprint: Imprint) -> None:
    stmt = _el(parent, "titleStmt")
    _el(stmt, "title", src.title, type="main")
    _el(stmt, "title", f"A TEI edition of the source, in {imprint.title}", type="sub")
    for name in src.authors:
        _el(stmt, "author", name)
    resp = _el(stmt, "respStmt")
    _el(resp, "resp", "edited, annotated and (for texts not in English) translated by")
    for editor in imprint.editors:
        _el(resp, "name", editor)


def _publication_stmt(parent, src, imprint: Imprint, page_url) -> None:
    stmt = _el(parent, "publicationStmt")
    _el(stmt, "publisher", "; ".join(imprint.editors))
    _el(stmt, "idno", imprint.url(page_url(src.chapter)), type="URI")
    _el(stmt, "idno", imprint.url(f"edition/tei/{src.id}.xml"), type="TEI")
    avail = _el(stmt, "availability")
    licence = _el(avail, "licence", target=LICENCES.get(imprint.licence))
    licence.text = f"Editorial matter (introduction, notes, translations, markup): {imprint.licence}."
    _el(_el(avail, "p"), "note").text = f"The source text: {src.rights}"
    _el(stmt, "date", imprint.released, when=imprint.released)


def _source_bibl(parent, src, ed: Edition, with_works: bool = True) -> None:
    desc = _el(parent, "sourceDesc")
    bibl = _el(desc, "bibl", type="original")
    for name in src.authors:
        _el(bibl, "author", name)
    _imprint(bibl, src.title, src.publisher, src.url, src.date, when=src.date)
    if src.original_work:
        _el(bibl, "note", src.original_work, type="original-work")
    lines = "; ".join(f"{a}-{b}" for a, b in src.seed_lines)
    _el(bibl, "note", f"Seed file {src.seed_file}, lines {lines}. {src.provenance}", type="provenance")
    for ref in src.checked:
        _checked_bibl(_el(bibl, "note", type="checked"), ref)
    works = _works_of(ed, ed.passages_of(src.id))
    if works and with_works:
        listbibl = _el(desc, "listBibl")
        _el(listbibl, "head", "Published works the critical notes rely on")
        for key in works:
            _work(listbibl, key, ed.works[key])


def _works_of(ed: Edition, passages) -> list[str]:
    return sorted({c for p in passages for n in ed.notes_of(p.id) for c in _cite_keys(n)})


def _cite_keys(note) -> list[str]:
    return [c if isinstance(c, str) else c.key for c in note.cite]


#: BibTeX fields of a work as TEI elements (tag, attributes), in the order written; any other field is written as
#: a note of its own type, so that nothing references.bib says of a work is lost. Not the work's description: the
#: entry type and the bibliography page's grouping (keywords).
_WORK_FIELDS = {"booktitle": ("title", {}), "journal": ("title", {"level": "j"}), "series": ("title", {}),
                "volume": ("biblScope", {"unit": "volume"}), "number": ("biblScope", {"unit": "issue"}),
                "pages": ("biblScope", {"unit": "page"}), "organization": ("orgName", {}),
                "publisher": ("publisher", {}), "school": ("publisher", {}), "address": ("pubPlace", {}),
                "year": ("date", {}), "language": ("textLang", {}), "isbn": ("idno", {"type": "ISBN"}),
                "doi": ("idno", {"type": "DOI"})}
_NOT_DESCRIPTION = {"type", "keywords", "author", "editor", "translator", "title", "url", "note"}


def _work(parent, key: str, fields: dict[str, str]) -> None:
    bibl = _el(parent, "bibl", xml_id=_xml_id(key))
    for role, tag, attrs in (("author", "author", {}), ("editor", "editor", {}),
                             ("translator", "editor", {"role": "translator"})):
        for name in filter(None, fields.get(role, "").split(" and ")):
            _el(bibl, tag, _tex(name), **attrs)
    _el(bibl, "title", _tex(fields["title"]))
    for field, (tag, attrs) in _WORK_FIELDS.items():
        if fields.get(field):
            _el(bibl, tag, _tex(fields[field]), **attrs)
    if fields.get("url"):
        _el(bibl, "ref", fields["url"], target=fields["url"])
    for field in sorted(fields.keys() - _WORK_FIELDS.keys() - _NOT_DESCRIPTION):
        _el(bibl, "note", _tex(fields[field]), type=field)
    if fields.get("note"):
        _el(bibl, "note", _tex(fields["note"]))


def _checked_bibl(parent, ref) -> None:
    consulted = ref.consulted.isoformat() if ref.consulted else None
    _imprint(_el(parent, "bibl"), ref.title, ref.site, ref.url, consulted and f"consulted {consulted}",
             type="consulted", when=consulted)


def _imprint(bibl, title: str, publisher: str | None, url: str | None, date: str | None, **date_attrs) -> None:
    """A work's title, publisher, date and address, in this order (a source, or a page we consulted)."""
    _el(bibl, "title", title)
    if publisher:
        _el(bibl, "publisher", publisher)
    if date:
        _el(bibl, "date", date, **date_attrs)
    if url:
        _el(bibl, "ref", url, target=url)


def _encoding_desc(parent, with_classes: bool = True) -> None:
    enc = _el(parent, "encodingDesc")
    decl = _el(enc, "editorialDecl")
    for text in (
        "The text is the seed file as delivered, line for line: errors of the source are kept and noted, never "
        "silently corrected. Each passage (one non-blank seed line) is an ab whose xml:id is its permanent passage "
        "ID and whose n gives the seed line range.",
        "A critical note comments on the span between two anchor elements (the exact quote of a W3C "
        "TextQuoteSelector); the note stands in back with @target and @targetEnd, its @type is its category, its "
        "@ana points to its category and credibility, its @cert is the credibility on TEI's coarser scale "
        "(1-2 high, 3 medium, 4-5 low, 6 unknown), and its @subtype says whether what we checked settled it.",
        "persName and placeName mark names found in the text by the edition's registers (by their recorded spellings); "
        "a place only in the passages its register entry is linked to, and not where two places share the name. "
        "Translations are the editors' own, paragraph by paragraph, linked to the original by @corresp.",
    ):
        _el(decl, "p", text)
    if with_classes:
        _class_decl(_el(enc, "classDecl"))


def _class_decl(classes) -> None:
    scales = (("reliability", "Source reliability (NATO/Admiralty scale)", dict(FLAGS)),
              ("credibility", "Credibility of the information a note concerns (Admiralty scale)",
               {str(k): v for k, v in CREDIBILITY.items()}),
              ("category", "Categories of critical notes", {k: (v, None) for k, v in CATEGORIES.items()}))
    for scheme, heading, values in scales:
        tax = _el(classes, "taxonomy", xml_id=scheme)
        _el(_el(tax, "desc"), "term", heading)
        for key, (label, gloss) in values.items():
            cat = _el(tax, "category", xml_id=f"{scheme}-{key}")
            _el(cat, "catDesc", f"{key}: {label}" + (f". {gloss}" if gloss else ""))


def _profile_desc(parent, src, translated: bool) -> None:
    prof = _el(parent, "profileDesc")
    usage = _el(prof, "langUsage")
    _el(usage, "language", LANGUAGES.get(src.language, src.language), ident=src.language)
    if translated and src.language != "en":
        _el(usage, "language", "English (the editors' translation)", ident="en")
    text_class = _el(prof, "textClass")
    _el(text_class, "catRef", scheme="#reliability", target=f"#reliability-{src.reliability}")
    _el(_el(text_class, "keywords"), "term", f"Reliability {src.reliability}: {src.reliability_rationale}")


def _revision_desc(parent, src, ed: Edition, imprint: Imprint) -> None:
    rev = _el(parent, "revisionDesc")
    for change in _passage_changes(ed, src.id):
        _el(rev, "change", f"{change['id']}: {change['change']}. {change['reason']}", when=change.get("date"))
    _el(rev, "change", f"Version {imprint.version} of the edition.", when=imprint.released, n=imprint.version)


def _passage_changes(ed: Edition, source_id: str) -> list[dict]:
    from .passages import read_changes

    changes = read_changes(ed.root / "data" / "passage_changes.yml")
    return [c for pid, c in changes.items() if pid.rsplit(".", 1)[0] == source_id]


# --------------------------------------------------------------------------------------------------- the text
def _name_spans(text: str, names: list[tuple[str, str, re.Pattern]]) -> list[tuple[int, int, str, str]]:
    """(start, end, tag, ref) of register names in a text, longest first and never overlapping. Words that two
    entries share ("Nakhchivan": the town and the territory) are left unmarked rather than guessed."""
    found = []
    for tag, ref, pattern in names:
        found += [(m.start(), m.end(), tag, ref) for m in pattern.finditer(text)]
    refs: dict[tuple[int, int], set[str]] = {}
    for start, end, _, ref in found:
        refs.setdefault((start, end), set()).add(ref)
    found = [s for s in found if len(refs[s[:2]]) == 1]
    found.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    out, last = [], 0
    for span in found:
        if span[0] >= last:
            out.append(span)
            last = span[1]
    return out


def _append_text(parent, s: str) -> None:
    if not s:
        return
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + s
    else:
        parent.text = (parent.text or "") + s


def _fill(el, text: str, names, points: dict[int, list[str]]) -> None:
    """Write `text` into `el`: register names as elements, note anchors (empty milestones) at their offsets. An
    anchor at a name's first or last offset stands outside the name element, so a note span may begin or end on a
    name without any element crossing another."""
    pending = dict(points)

    def emit(parent, a: int, b: int, inclusive: bool) -> None:
        pos = a
        for offset in sorted(o for o in pending if a <= o < b or (inclusive and o == b)):
            _append_text(parent, text[pos:offset])
            for anchor_id in pending.pop(offset):
                _el(parent, "anchor", xml_id=anchor_id)
            pos = offset
        _append_text(parent, text[pos:b])

    pos = 0
    for start, end, tag, ref in _name_spans(text, names):
        emit(el, pos, start, inclusive=True)
        name_el = _el(el, tag, ref=f"#{ref}")
        emit(name_el, start, end, inclusive=False)  # anchors at `start` were written before it
        pos = end
    emit(el, pos, len(text), inclusive=True)


def _anchors(ed: Edition, passage) -> dict[int, list[str]]:
    """Offset -> anchor IDs: each note's span opens with <id>-start and closes with <id>-end."""
    out: dict[int, list[str]] = {}
    for note in ed.notes_of(passage.id):
        start, end = locate(passage.text, note.exact, note.prefix, note.suffix)
        out.setdefault(start, []).append(f"{note.id}-start")
        out.setdefault(end, []).append(f"{note.id}-end")
    # at one offset, close spans before opening new ones, so an empty span never reads inside-out
    return {o: sorted(ids, key=lambda i: not i.endswith("-end")) for o, ids in out.items()}


def place_spellings(name_in_text: str) -> list[str]:
    """The spellings a place register's `name_in_text` records: its alternatives, without the register's glosses
    in brackets. "Moscow / Moskova (fi) / Moskva (da)" -> Moscow, Moskova, Moskva; "Nakhchivan (city)" ->
    Nakhchivan; "Irevan Governorate / Province" -> Irevan Governorate, Irevan Province (a lone word replaces the
    last word of the first name); a description ("junction of Karasu with Araz") is no spelling."""
    parts = [re.sub(r"\s*\([^)]*\)", "", part).strip() for part in name_in_text.split(" / ")]
    first = parts[0].split()
    out = []
    for i, part in enumerate(parts):
        if not part[:1].isupper():
            continue
        if i and len(first) > 1 and " " not in part:
            part = " ".join([*first[:-1], part])
        out.append(part)
    return out


def _register_names(ed: Edition, passages) -> tuple[list, list, set[str], set[str]]:
    """Patterns of the persons and places named in these passages (each with the passages its register links it
    to: a place is marked only there), and the IDs of those linked to them."""
    from .registers import _pattern

    ids = {p.id for p in passages}
    names, persons, places = [], set(), set()
    for row in ed.person_rows or []:
        if ids & set(row["passages"]):
            names.append(("persName", row["person_id"], _pattern(row["spellings"]), set(row["passages"])))
            persons.add(row["person_id"])
    for row in ed.place_rows or []:
        if ids & set(row["passages"]):
            spelled = place_spellings(row["name_in_text"])
            if spelled:
                names.append(("placeName", row["place_id"], _pattern(spelled), set(row["passages"])))
            places.add(row["place_id"])
    return names, persons, places


def _passage(parent, ed: Edition, p, names, lang: str | None = None) -> None:
    ab = _el(parent, "ab", xml_id=p.id, type="passage", n=f"{p.seed_file}:{p.line}-{p.line}", xml_lang=lang)
    _fill(ab, p.text, [(tag, ref, pattern) for tag, ref, pattern, linked in names if p.id in linked], _anchors(ed, p))


def _note(parent, note) -> None:
    el = _el(parent, "note", xml_id=note.id, type=note.category,
             subtype="verified" if note.verified else "unverified",
             target=f"#{note.id}-start", targetEnd=f"#{note.id}-end", cert=CERT[note.credibility],
             ana=f"#category-{note.category} #credibility-{note.credibility}")
    _el(el, "p", note.body)
    if note.checked or note.cite:
        listbibl = _el(el, "listBibl", type="checked")
        for ref in note.checked:
            _checked_bibl(listbibl, ref)
        for cite in note.cite:
            key = cite if isinstance(cite, str) else cite.key
            bibl = _el(listbibl, "bibl")
            _el(bibl, "ptr", target=f"#{_xml_id(key)}")
            locator = None if isinstance(cite, str) else getattr(cite, "locator", None)
            if locator:
                _el(bibl, "citedRange", locator)


def _listed(rows, key: str, wanted: set[str]):
    return [row for row in rows if row[key] in wanted]


def _registers(parent, ed: Edition, persons: set[str], places: set[str]) -> None:
    if persons:
        lp = _el(parent, "listPerson")
        for row in _listed(ed.person_rows, "person_id", persons):
            person = _el(lp, "person", xml_id=row["person_id"])
            _el(person, "persName", row["name"])
            for tag, when in (("birth", row["born"]), ("death", row["died"])):
                if when:
                    _el(person, tag, when=when)
            _el(person, "note", row["role"])
    if places:
        lp = _el(parent, "listPlace")
        for row in _listed(ed.place_rows, "place_id", places):
            place = _el(lp, "place", xml_id=row["place_id"], type=row["kind"])
            _el(place, "placeName", row["name_en"])
            for alt in filter(None, row["names_alt"].split("|")):  # "az:Naxçıvan": the name in that language
                lang, name = alt.split(":", 1)
                _el(place, "placeName", name, xml_lang=lang)
            if row["lat"] is not None:
                # how exact (a region's centroid is no point of the region) and from where, as the register page
                location = _el(place, "location", type=row["precision"])
                _el(location, "geo", f"{float(row['lat'])} {float(row['lon'])}")
                _el(location, "note", row["coord_source"], type="source")
            if row["note"]:
                _el(place, "note", row["note"])


def source_document(ed: Edition, source_id: str, imprint: Imprint, in_corpus: bool = False) -> etree._Element:
    """One presented source as a TEI document. Inside the corpus, the scales, registers and published works stand
    once in the corpus's own header and standOff, since an xml:id may occur only once in a document."""
    src = ed.registry.get(source_id)
    passages = ed.passages_of(source_id)
    translated = any(p.id in ed.translations for p in passages)
    tei = etree.Element(f"{{{TEI_NS}}}TEI", nsmap={None: TEI_NS})
    tei.set(f"{{{XML_NS}}}id", f"tei-{src.id}")
    # the header, notes and translation are ours, in English; the source's text says its language on its own div
    tei.set(f"{{{XML_NS}}}lang", "en")
    header = _el(tei, "teiHeader")
    file_desc = _el(header, "fileDesc")
    _title_stmt(file_desc, src, imprint)
    _el(_el(file_desc, "editionStmt"), "edition", f"Version {imprint.version}", n=imprint.version)
    _publication_stmt(file_desc, src, imprint, ed.page_url)
    _source_bibl(file_desc, src, ed, with_works=not in_corpus)
    _encoding_desc(header, with_classes=not in_corpus)
    _profile_desc(header, src, translated)
    _revision_desc(header, src, ed, imprint)
    names, persons, places = _register_names(ed, passages)
    if (persons or places) and not in_corpus:
        _registers(_el(tei, "standOff"), ed, persons, places)
    text = _el(tei, "text")
    body = _el(text, "body")
    original = _el(body, "div", type="original", xml_lang=src.language)
    for p in passages:
        _passage(original, ed, p, names)
    if translated:
        english = _el(body, "div", type="translation", xml_lang="en")
        _el(english, "head", "English translation by the editors of this edition (ours)")
        for p in passages:
            item = ed.translations[p.id]
            ab = _el(english, "ab", item.translation, xml_id=f"{p.id}.en", corresp=f"#{p.id}", type="translation")
            for remark in item.translator_notes:
                _el(ab, "note", remark, type="translator")
    notes = [n for p in passages for n in ed.notes_of(p.id)]
    if notes:
        div = _el(_el(text, "back"), "div", type="notes")
        _el(div, "head", "Critical notes")
        for note in notes:
            _note(div, note)
    return tei


def corpus(ed: Edition, imprint: Imprint, documents: list[etree._Element] | None = None) -> etree._Element:
    """A teiCorpus of every presented source, with a header of its own; `documents` are the sources' documents as
    source_document(..., in_corpus=True) makes them, in the registry's order (made here when not given)."""
    root = etree.Element(f"{{{TEI_NS}}}teiCorpus", nsmap={None: TEI_NS})
    root.set(f"{{{XML_NS}}}lang", "en")
    header = _el(root, "teiHeader")
    file_desc = _el(header, "fileDesc")
    stmt = _el(file_desc, "titleStmt")
    _el(stmt, "title", imprint.title)
    resp = _el(stmt, "respStmt")
    _el(resp, "resp", "edited, annotated and translated by")
    for editor in imprint.editors:
        _el(resp, "name", editor)
    pub = _el(file_desc, "publicationStmt")
    _el(pub, "publisher", "; ".join(imprint.editors))
    _el(pub, "idno", imprint.url("edition/tei/corpus.xml"), type="URI")
    _el(_el(pub, "availability"), "licence", imprint.licence, target=LICENCES.get(imprint.licence))
    _el(pub, "date", imprint.released, when=imprint.released)
    desc = _el(file_desc, "sourceDesc")
    _el(desc, "bibl", "Three seed documents, separated into the source units each TEI document below presents.",
        type="seeds")
    works = _works_of(ed, ed.passages)
    if works:
        listbibl = _el(desc, "listBibl")
        _el(listbibl, "head", "Published works the critical notes rely on")
        for key in works:
            _work(listbibl, key, ed.works[key])
    _encoding_desc(header)
    names, persons, places = _register_names(ed, ed.passages)
    if persons or places:
        _registers(_el(root, "standOff"), ed, persons, places)
    if documents is None:
        documents = [source_document(ed, src.id, imprint, in_corpus=True) for src in ed.registry.presented]
    for document in documents:
        root.append(document)
    return root


#: Elements that never hold text of their own here: only these are indented, so no passage gains whitespace.
_STRUCTURE = {"TEI", "teiCorpus", "teiHeader", "fileDesc", "titleStmt", "respStmt", "editionStmt", "publicationStmt",
              "availability", "sourceDesc", "listBibl", "encodingDesc", "editorialDecl", "classDecl", "taxonomy",
              "category", "profileDesc", "langUsage", "textClass", "revisionDesc", "standOff", "listPerson", "person",
              "listPlace", "place", "location", "text", "body", "back", "div"}


def _indent(el, level: int = 0) -> None:
    if etree.QName(el).localname not in _STRUCTURE or (el.text or "").strip():
        return
    pad = "\n" + "  " * (level + 1)
    if len(el):
        el.text = pad
        for child in el:
            _indent(child, level + 1)
            child.tail = pad if not (child.tail or "").strip() else child.tail
        el[-1].tail = "\n" + "  " * level


def serialise(el: etree._Element) -> str:
    _indent(el)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(el, encoding="unicode") + "\n"


def imprint_from(root: Path) -> Imprint:
    """The edition's title, editors, version and licence (CITATION.cff) and its canonical address, as every other
    export has them (edition_utils.publication)."""
    from .publication import edition_metadata, editor_names, site_url

    cff = edition_metadata(root)
    return Imprint(cff["title"], tuple(editor_names(root)), str(cff["version"]), str(cff["date-released"]),
                   cff.get("license", ""), site_url(root))


def write_all(ed: Edition, outdir: Path, imprint: Imprint, cache: Path | None = None, salt: str = "") -> list[Path]:
    """edition/tei/<source-id>.xml for each presented source and edition/tei/corpus.xml.

    With `cache` (a JSON file kept between builds), each source's two documents (alone, and as the corpus holds it)
    are kept as text under a digest of everything they are made from (_source_key, with `salt`: the caller's code
    version). An edited note then rebuilds its own source's documents only, and the corpus is put together from the
    kept ones: the same bytes as made afresh (tested). Files whose text is unchanged are not rewritten."""
    import json

    from .exports import write_text

    try:
        cached = json.loads(cache.read_text(encoding="utf-8")) if cache else {}
        kept, tex = dict(cached["sources"]), cached["tex"]
        if tex["version"] == _tex_version(salt):
            _TEX.update((k, v) for k, v in dict(tex["texts"]).items() if isinstance(v, str))
    except (OSError, ValueError, KeyError, TypeError):
        cached, kept = {}, {}  # missing or damaged: every document made afresh
    _TEX_USED.clear()
    registers = _registers_digest(ed)
    made: dict[str, dict[str, str]] = {}
    for src in ed.registry.presented:
        key = _source_key(ed, src.id, imprint, f"{salt}:{registers}")
        entry = kept.get(src.id)
        if not (isinstance(entry, dict) and entry.get("key") == key):
            entry = {"key": key, "alone": serialise(source_document(ed, src.id, imprint)),
                     "in_corpus": _fragment(source_document(ed, src.id, imprint, in_corpus=True))}
        made[src.id] = entry
    target = outdir / "edition" / "tei"
    written = []
    for source_id, entry in made.items():
        write_text(target / f"{source_id}.xml", entry["alone"])
        written.append(target / f"{source_id}.xml")
    documents = [etree.fromstring(entry["in_corpus"]) for entry in made.values()]
    write_text(target / "corpus.xml", serialise(corpus(ed, imprint, documents)))
    # only what this build used: no entry of a source or work that has gone stays
    keep = {"sources": made, "tex": {"version": _tex_version(salt), "texts": {v: _TEX[v] for v in sorted(_TEX_USED)}}}
    if cache and keep != cached:
        write_text(cache, json.dumps(keep, ensure_ascii=False))
    return written + [target / "corpus.xml"]


def _fragment(document: etree._Element) -> str:
    """A source's document as the corpus holds it (indented one level down), as text."""
    _indent(document, 1)
    return etree.tostring(document, encoding="unicode")


def _registers_digest(ed: Edition) -> str:
    """The persons and places registers (every source's documents look names up in all of them)."""
    import hashlib
    import json

    return hashlib.sha256(json.dumps([ed.person_rows, ed.place_rows], sort_keys=True).encode()).hexdigest()


def _source_key(ed: Edition, source_id: str, imprint: Imprint, salt: str) -> str:
    """A digest of everything source_document reads for one source, besides the registers (in `salt`): its
    registry entry, its passages with their translations and notes, the works those notes cite, its passage
    changes, its page's address and the imprint. (repr shows every field of these dataclasses and models.)"""
    import hashlib

    src = ed.registry.get(source_id)
    passages = ed.passages_of(source_id)
    notes = [n for p in passages for n in ed.notes_of(p.id)]
    works = {key: ed.works.get(key) for n in notes for key in _cite_keys(n)}
    inputs = (salt, imprint, src, ed.page_url(src.chapter) if src.chapter else None, passages,
              [ed.translations.get(p.id) for p in passages], notes, sorted(works.items()),
              _passage_changes(ed, source_id))
    return hashlib.sha256(repr(inputs).encode()).hexdigest()
