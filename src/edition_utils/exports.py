"""Machine-readable exports written into the built site on every build (edition/*): every URL in them is absolute,
built on the canonical site address (publication.site_url), and every file is world-readable."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from .annotations import collection
from .citations import Publication, Rendering, edition_items, formats_of, joined
from .edition import Edition
from .paths import EXCLUDED_DOC

FILE_MODE = 0o644  # a web server running as another user must be able to read every export


def sources_json(ed: Edition, site: str, excluded_doc: str = EXCLUDED_DOC) -> list[dict]:
    """Every unit of the registry, with the address where the book shows it: its chapter, or for an excluded or
    duplicate unit its entry on the excluded page."""
    out = []
    for src in ed.registry.sources:
        item = src.model_dump(mode="json", exclude_none=True)
        item["seed_lines"] = [list(r) for r in src.seed_lines]
        item["url"] = f"{site}{ed.page_url(src.chapter)}" if src.chapter else \
            f"{site}{ed.page_url(excluded_doc)}#source-{src.id}"
        if src.url:
            item["source_url"] = src.url
        item["passages"] = len(ed.passages_of(src.id))
        out.append(item)
    return out


def passages_json(ed: Edition, site: str) -> list[dict]:
    return [
        {
            "id": p.id,
            "source_id": p.source_id,
            "seed_file": p.seed_file,
            "seed_lines": [p.line, p.line],
            "url": site + ed.url_of(p.id),
            "text": p.text,
            "text_sha256": p.text_sha256,
        }
        for p in ed.passages
    ]


def write_text(path: Path, text: str) -> None:
    """Write atomically (a reader, or a failed build, never sees half a file), readable by everyone; a file whose
    text is already this is left as it is (its date then says when it last changed)."""
    try:
        if path.read_text(encoding="utf-8") == text and path.stat().st_mode & 0o777 == FILE_MODE:
            return
    except (OSError, ValueError):
        pass  # missing or unreadable: written below
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.chmod(tmp, FILE_MODE)  # mkstemp creates files 0600
    os.replace(tmp, path)


def write_json(path: Path, data) -> None:
    write_text(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")


class Exports:
    """The exports of one build. Created early (citeproc-js starts rendering in the background at once), written
    at the end by write()."""

    def __init__(self, ed: Edition, site: str | None = None, excluded_doc: str = EXCLUDED_DOC):
        self.ed, self.pub, self.excluded_doc = ed, Publication.of(ed.root, site), excluded_doc
        self.per_source = edition_items(ed, self.pub)
        self.items = [item for entries in self.per_source.values() for _, item in entries]
        # rendered citations are kept between builds, keyed by each item's content (see citations.Rendering)
        cache = ed.root / "_build" / ".edition-cache"
        self.rendering = Rendering(ed.root, self.items, cache=cache / "citeproc.json")
        self.formats_cache = cache / "formats.json"  # each item's BibTeX and RIS, by content (citations.formats_of)

    def write(self, outdir: Path) -> list[Path]:
        ed, pub, items = self.ed, self.pub, self.items
        formats = formats_of(items, self.rendering.result(), cache=self.formats_cache)
        target = outdir / "edition"
        written = []
        for name, data in (("sources.json", sources_json(ed, pub.site_url, self.excluded_doc)),
                           ("passages.json", passages_json(ed, pub.site_url)),
                           ("citations.json", items), ("annotations.jsonld", collection(ed, pub))):
            write_json(target / name, data)
            written.append(target / name)
        for name, text in (("edition.bib", joined(items, formats, "bibtex")),
                           ("edition.ris", joined(items, formats, "ris"))):
            write_text(target / name, text)
            written.append(target / name)
        for source_id, entries in self.per_source.items():
            # the Cite dialog's file: every format of the chapter, each passage, translation and note, by key
            write_json(target / "cite" / f"{source_id}.json", {key: formats[item["id"]] for key, item in entries})
            written.append(target / "cite" / f"{source_id}.json")
        return written


def write_all(ed: Edition, outdir: Path, site: str | None = None) -> list[Path]:
    return Exports(ed, site).write(outdir)
