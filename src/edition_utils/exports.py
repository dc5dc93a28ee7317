"""Machine-readable exports written into the built site on every build (edition/*.json)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from .annotations import collection
from .citations import URL_TOKEN, SourceCiter, load_cff, to_bibtex, to_ris
from .edition import Edition


def sources_json(ed: Edition) -> list[dict]:
    out = []
    for src in ed.registry.sources:
        item = src.model_dump(mode="json", exclude_none=True)
        item["seed_lines"] = [list(r) for r in src.seed_lines]
        item["url"] = f"{src.chapter}.html" if src.chapter else None
        if src.url:
            item["source_url"] = src.url
        item["passages"] = len(ed.passages_of(src.id))
        out.append(item)
    return out


def passages_json(ed: Edition) -> list[dict]:
    return [
        {
            "id": p.id,
            "source_id": p.source_id,
            "seed_file": p.seed_file,
            "seed_lines": [p.line, p.line],
            "url": ed.url_of(p.id),
            "text": p.text,
            "text_sha256": p.text_sha256,
        }
        for p in ed.passages
    ]


def write_json(path: Path, data) -> None:
    """Write atomically: a reader (or a failed build) never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    os.replace(tmp, path)


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


def citation_exports(ed: Edition, site_url: str) -> tuple[list[dict], dict[str, dict]]:
    """CSL-JSON items (one per passage, id = passage ID) and, per source, every format of every passage, note
    and the chapter itself, for the Cite dialog."""
    cff = load_cff(ed.root)
    items, per_source = [], {}
    for src in ed.registry.presented:
        citer = SourceCiter(cff, src, site_url)
        formats = {"chapter": citer.formats(src.id, f"{src.chapter}.html", None)}
        for p in ed.passages_of(src.id):
            formats[p.id] = citer.formats(p.id, ed.url_of(p.id), f"passage {p.id}")
            items.append(citer.item(p.id, ed.url_of(p.id), f"passage {p.id}"))
            for note in ed.notes_of(p.id):
                formats[note.anchor] = citer.formats(note.anchor, f"{src.chapter}.html#{note.anchor}",
                                                     f"critical note {note.id} on passage {p.id}")
        per_source[src.id] = formats
    return items, per_source


def write_all(ed: Edition, outdir: Path, site_url: str = URL_TOKEN) -> list[Path]:
    target = outdir / "edition"
    items, per_source = citation_exports(ed, site_url)
    # Without a configured site URL the exported files carry site-relative URLs (the Cite dialog makes them
    # absolute from the address the reader is viewing).
    export_url = "" if site_url == URL_TOKEN else site_url.rstrip("/") + "/"
    plain = [{**i, "URL": i["URL"].replace(URL_TOKEN, export_url)} for i in items]
    written = []
    for name, data in (("sources.json", sources_json(ed)), ("passages.json", passages_json(ed)),
                       ("citations.json", plain)):
        write_json(target / name, data)
        written.append(target / name)
    write_text(target / "edition.bib", to_bibtex(plain))
    write_text(target / "edition.ris", to_ris(plain))
    written += [target / "edition.bib", target / "edition.ris"]
    write_json(target / "annotations.jsonld", collection(ed, export_url))
    written.append(target / "annotations.jsonld")
    for source_id, formats in per_source.items():
        write_json(target / "cite" / f"{source_id}.json", formats)
    return written
