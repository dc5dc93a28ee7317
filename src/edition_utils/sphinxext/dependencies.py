"""Which data files each page shows, so that an edit re-reads only the pages that show it.

Each directive declares its files through Sphinx's own dependency tracking (``env.note_dependency``): Sphinx then
re-reads a page when one of them is newer than the page's last reading. Files that appear or disappear (a new notes
file, say) are caught by comparing the listing of data/ and seeds/ between builds (see ``listing_digest``); then
every page that shows edition data is re-read, as it would be without this module.

A page that shows only a summary of some data (how many notes each source has, where each note is anchored)
depends on that summary instead: a file under ``SHOWN`` written before any page is read whenever data/ changed, and
rewritten only when the summary itself changed. Editing a note's wording then re-reads its chapter, not the landing
page's note counts; adding a note re-reads both.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Callable

#: What every page of edition data relies on: passage IDs, their chapters and their text.
REGISTRY = ("data/sources.yml", "data/passages.csv", "data/passage_changes.yml", "seeds/SHA256SUMS")


#: Where the summaries of data that pages show are kept (root-relative, beside the rendered-citation cache).
SHOWN = "_build/.edition-cache/shown"


def _note_counts(ed) -> dict:
    """What the sources table shows of the notes: their number per source and category."""
    return {src.id: dict(Counter(n.category for p in ed.passages_of(src.id) for n in ed.notes_of(p.id)))
            for src in ed.registry.sources}


def _summaries(ed) -> dict[str, dict]:
    """Each summary by name: the note counts the sources table shows, and for each source what its statements page
    shows of its notes: each one's passage and anchor (its link)."""
    out = {"note-counts": _note_counts(ed)}
    for src in ed.registry.sources:
        out[f"note-links-{src.id}"] = {n.id: [n.passage, n.anchor] for p in ed.passages_of(src.id)
                                       for n in ed.notes_of(p.id)}
    return out


def refresh_summaries(root: Path, data_digest: str, load: Callable) -> list[str]:
    """Bring the summaries up to date with data/ (whose digest is given) before any page is read; `load` gives
    the validated edition, called only when data/ changed since the summaries were made. Return those rewritten."""
    folder = root / SHOWN
    made = folder / ".inputs"
    if made.is_file() and made.read_text() == data_digest and (folder / "note-counts.json").is_file():
        return []
    from ..exports import write_text

    ed, rewritten = load(), []
    for name, summary in _summaries(ed).items():
        path = folder / f"{name}.json"
        text = json.dumps(summary, sort_keys=True, ensure_ascii=False, indent=0)
        if not (path.is_file() and path.read_text(encoding="utf-8") == text):  # unchanged: its mtime stays
            write_text(path, text)
            rewritten.append(name)
    write_text(made, data_digest)
    return rewritten


def _source_files(source_id: str) -> tuple[str, ...]:
    # the notes and translation of the source, the works its notes cite, the registers its index entries come from
    return (f"data/notes/{source_id}.yml", f"data/translations/{source_id}.yml", "data/references.bib",
            "data/persons.csv", "data/geo/places.csv")


def files_for(kind: str, arguments: list[str], options: dict) -> tuple[str, ...] | None:
    """Root-relative files (globs allowed) a directive of this kind reads; None means "all of data/", the safe
    answer for any directive this table does not know."""
    if kind in ("SourceDirective", "NotesDirective"):
        return REGISTRY + _source_files(arguments[0])
    if kind == "SourcesTableDirective":  # note counts per source and category
        return REGISTRY + (f"{SHOWN}/note-counts.json",)
    if kind == "StatementsDirective" and arguments:  # one source's statements link its notes and claims
        return REGISTRY + (f"data/statements/{arguments[0]}.csv", "data/statements/*.json",
                           f"{SHOWN}/note-links-{arguments[0]}.json", "data/claims.csv")
    if kind == "StatementsDirective":  # the overview counts every source's statements
        return REGISTRY + ("data/statements/*.csv",)
    if kind in ("ExcludedDirective", "QuoteDirective", "PassageRole", "ScaleDirective", "DownloadsDirective"):
        return REGISTRY
    if kind == "ClaimsDirective":
        return REGISTRY + ("data/claims.csv",)
    if kind == "RegisterDirective":
        return REGISTRY + ({"persons": ("data/persons.csv",), "places": ("data/geo/places.csv",)}
                           .get(arguments[0], ("data/**/*",)))
    if kind == "NotebookLinkDirective" and options.get("data"):
        return REGISTRY + tuple(options["data"].split())
    return None


def expand(root: Path, patterns: tuple[str, ...] | None) -> list[Path]:
    """The existing files the patterns name (Sphinx treats a missing dependency as always changed)."""
    found: set[Path] = set()
    for pattern in patterns or ("data/**/*",):
        found.update(p for p in root.glob(pattern) if p.is_file())
    return sorted(found)


def listing_digest(root: Path) -> str:
    """The names (not the contents) of every file under data/ and seeds/."""
    names = sorted(str(p.relative_to(root)) for folder in ("data", "seeds") for p in (root / folder).rglob("*")
                   if p.is_file())
    return hashlib.sha256("\n".join(names).encode()).hexdigest()
