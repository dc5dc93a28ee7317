"""The published works the critical notes rely on: data/references.bib, the file sphinxcontrib-bibtex renders.
Read with pybtex (sphinxcontrib-bibtex's own parser) so that a malformed file or an unknown key stops the build
with the file, the entry and the field named, before Sphinx reads a page."""

from __future__ import annotations

from pathlib import Path

from .errors import EditionDataError

BIBFILE = "data/references.bib"
#: Fields every work must have: without them a reader cannot find it.
REQUIRED = {"title", "year"}


def load_bibliography(root: Path) -> dict[str, dict[str, str]]:
    """{key: fields (with 'type' and 'author'/'editor' as text)} of every entry; {} if there is no file."""
    path = root / BIBFILE
    if not path.is_file():
        return {}
    from pybtex.database import parse_string
    from pybtex.scanner import PybtexError

    try:
        data = parse_string(path.read_text(encoding="utf-8"), "bibtex")
    except PybtexError as exc:  # syntax errors and duplicate keys
        raise EditionDataError(BIBFILE, None, None, str(exc)) from None
    works = {}
    for key, entry in data.entries.items():
        fields = {"type": entry.type, **{k.lower(): str(v) for k, v in entry.fields.items()}}
        for role in ("author", "editor"):
            if entry.persons.get(role):
                fields[role] = " and ".join(str(p) for p in entry.persons[role])
        missing = sorted(REQUIRED - fields.keys())
        if missing:
            raise EditionDataError(BIBFILE, key, missing[0], "is required")
        if not (fields.get("author") or fields.get("editor") or fields.get("organization")):
            raise EditionDataError(BIBFILE, key, "author", "a work needs an author, an editor or an organization")
        works[key] = fields
    return works
