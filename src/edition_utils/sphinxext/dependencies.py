"""Which data files each page shows, so that an edit re-reads only the pages that show it.

Each directive declares its files through Sphinx's own dependency tracking (``env.note_dependency``): Sphinx then
re-reads a page when one of them is newer than the page's last reading. Files that appear or disappear (a new notes
file, say) are caught by comparing the listing of data/ and seeds/ between builds (see ``listing_digest``); then
every page that shows edition data is re-read, as it would be without this module.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

#: What every page of edition data relies on: passage IDs, their chapters and their text.
REGISTRY = ("data/sources.yml", "data/passages.csv", "data/passage_changes.yml", "seeds/SHA256SUMS")


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
        return REGISTRY + ("data/notes/*.yml",)
    if kind == "StatementsDirective" and arguments:  # one source's statements link its notes and claims
        return REGISTRY + (f"data/statements/{arguments[0]}.csv", f"data/notes/{arguments[0]}.yml", "data/claims.csv")
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
