"""Critical notes (data/notes/*.yml): each anchored to an exact quote in one passage's original-language text."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from . import yamlfile
from .anchoring import AnchorError, locate
from .errors import EditionDataError
from .passages import Passage
from .scales import CATEGORIES, CREDIBILITY  # noqa: F401  (re-exported)
from .schema import Category, Credibility, Id, Reference, Strict, Text, validated

#: What a note says was checked: the same model as a source's references.
Checked = Reference


class Cite(BaseModel):
    """A published work a note relies on: its BibTeX key and, optionally, where in it (free text: "p. 1093",
    "pp. 3-5", "s.v. Smilga", "ch. 4"). In YAML either the bare key or a mapping {key, locator}."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    key: Text
    # no braces or backticks: the locator is written into a MyST {cite:p} role as sphinxcontrib-bibtex post-text
    locator: str | None = Field(None, min_length=1, pattern=r"^[^{}`]+$")

    @model_validator(mode="before")
    @classmethod
    def _bare_key(cls, value):
        return {"key": value} if isinstance(value, str) else value

    @property
    def shown_locator(self) -> str | None:
        """The locator as an author-date citation gives it: page numbers bare ("p. 1093" -> "1093", Chicago
        author-date), anything else as written ("s.v. Smilga")."""
        if not self.locator:
            return None
        return re.sub(r"^pp?\.\s*(?=\d)", "", self.locator.strip())


class Note(Strict):
    id: Id
    passage: str
    exact: Text
    prefix: str = ""
    suffix: str = ""
    category: Category
    credibility: Credibility
    body: Text
    checked: list[Reference] = []
    cite: list[Cite] = Field([], description="works in references.bib: a BibTeX key or {key, locator}")
    verified: bool = True

    @property
    def anchor(self) -> str:
        return f"note-{self.id}"

    @property
    def cite_keys(self) -> list[str]:
        return [c.key for c in self.cite]


def load_notes(notes_dir: Path, passages: list[Passage], works: set[str] | frozenset[str] = frozenset()) -> list[Note]:
    """All notes, validated and anchored, their `cite` keys found among `works` (the keys of references.bib);
    EditionDataError names the file, the note and the field."""
    by_id = {p.id: p for p in passages}
    notes: list[Note] = []
    ids: set[str] = set()
    for path in sorted(notes_dir.glob("*.yml")) if notes_dir.is_dir() else []:
        shown = f"data/notes/{path.name}"
        raw = yamlfile.load(path.read_text(encoding="utf-8")) or []
        if not isinstance(raw, list):
            raise EditionDataError(shown, None, None, "must be a YAML list of notes")
        for i, item in enumerate(raw, start=1):
            label = f"#{i}" + (f" ({item.get('id')})" if isinstance(item, dict) and item.get("id") else "")
            note = validated(Note, item, shown, label)
            if note.id in ids:
                raise EditionDataError(shown, label, "id", f"note id {note.id!r} is used twice")
            ids.add(note.id)
            passage = by_id.get(note.passage)
            if passage is None:
                raise EditionDataError(shown, label, "passage", f"unknown passage ID {note.passage!r}")
            try:
                locate(passage.text, note.exact, note.prefix, note.suffix)
            except AnchorError as exc:
                raise EditionDataError(shown, label, "exact", f"{exc} in passage {note.passage}") from None
            unknown = [key for key in note.cite_keys if key not in works]
            if unknown:
                raise EditionDataError(shown, label, "cite", f"unknown work {unknown[0]!r} (not in data/references.bib)")
            notes.append(note)
    return notes
