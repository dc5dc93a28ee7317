"""The statement inventory (data/statements/<source-id>.csv): every presented passage broken into its checkable
statements, each with how it was assessed (a note, a claims-register row, checked, or not checkable and why).
Format: data/statements/statements.schema.json (a Table Schema beside the data); validated rows here."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .errors import EditionDataError
from .passages import Passage
from .schema import ID_PATTERN
from .tables import read_rows

FOLDER = "data/statements"
Kind = Literal["date", "number", "name", "office", "place", "event", "attribution", "quotation", "causal", "none"]
Assessment = Literal["note", "claim", "checked", "not-checkable"]
#: In the order the inventory page counts them, with the words a reader sees (and a column heading).
ASSESSMENTS = {"note": "critical note", "claim": "claims register", "checked": "checked, correct",
               "not-checkable": "not checkable"}
HEADINGS = {"note": "Note", "claim": "Claim", "checked": "Checked", "not-checkable": "Not checkable"}


class Statement(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # a passage ID (<source-id>.<n>), then .s<n>
    statement_id: str = Field(pattern=ID_PATTERN.removesuffix("$") + r"\.[1-9][0-9]*\.s[1-9][0-9]*$")
    passage: str = Field(min_length=1)
    quote: str
    kind: Kind
    assessment: Assessment
    ref: str
    reason: str

    @property
    def refs(self) -> list[str]:
        return [r.strip() for r in self.ref.split(";") if r.strip()]

    @property
    def source_id(self) -> str:
        return self.passage.rsplit(".", 1)[0]

    def problem(self) -> tuple[str, str] | None:
        """(field, message) of the first rule between columns that the row breaks (see STATEMENTS.md)."""
        if self.statement_id.rsplit(".", 1)[0] != self.passage:
            return "statement_id", f"must be '{self.passage}.s<n>' (the passage ID, then .s1, .s2 ...)"
        if self.quote == "" and self.kind != "none":
            return "quote", "may be empty only when kind is 'none'"
        if self.kind == "none" and not self.reason.strip():
            return "reason", "a row of kind 'none' says why nothing in it is checkable (heading, opinion ...)"
        if self.assessment in ("note", "claim") and not self.refs:
            return "ref", f"an assessment '{self.assessment}' names the {self.assessment} ID(s) here"
        if self.assessment in ("checked", "not-checkable") and not self.reason.strip():
            return "reason", f"an assessment '{self.assessment}' says here why, or what it was checked against"
        return None


def load_statements(root: Path, passages: list[Passage], presented: set[str], note_ids: set[str],
                    claim_ids: set[str]) -> list[Statement]:
    """Every row of every data/statements/*.csv, validated: EditionDataError names the file, the row and the field.
    `presented` are the presented source IDs (one file each, named <source-id>.csv)."""
    folder = root / FOLDER
    by_id = {p.id: p for p in passages}
    out: list[Statement] = []
    seen: set[str] = set()
    for path in sorted(folder.glob("*.csv")) if folder.is_dir() else []:
        shown = f"{FOLDER}/{path.name}"
        source = path.stem
        if source not in presented:
            raise EditionDataError(shown, None, None, f"no presented source {source!r} (name the file <source-id>.csv)")
        for number, row in enumerate(read_rows(path, Statement, shown, key="statement_id"), start=2):
            label = f"row {number} ({row.statement_id})"
            problem = row.problem()
            if problem:
                raise EditionDataError(shown, label, *problem)
            passage = by_id.get(row.passage)
            if passage is None or passage.source_id != source:
                why = "not a presented passage" if passage is None else f"a passage of {passage.source_id}"
                raise EditionDataError(shown, label, "passage", f"{row.passage!r} is {why}, not of {source}")
            if row.statement_id in seen:
                raise EditionDataError(shown, label, "statement_id", f"{row.statement_id} is used twice")
            seen.add(row.statement_id)
            if row.quote and row.quote not in passage.text:
                raise EditionDataError(shown, label, "quote",
                                       f"{row.quote!r} is not an exact substring of passage {row.passage}")
            known = {"note": note_ids, "claim": claim_ids}.get(row.assessment)
            for ref in row.refs:
                if known is not None and ref not in known:
                    where = "data/notes/*.yml" if row.assessment == "note" else "data/claims.csv"
                    raise EditionDataError(shown, label, "ref", f"unknown {row.assessment} ID {ref!r} (not in {where})")
                if known is None and ref not in note_ids | claim_ids:
                    raise EditionDataError(shown, label, "ref", f"unknown note or claim ID {ref!r}")
            out.append(row)
    return out


@dataclass(frozen=True)
class SourceCount:
    source_id: str
    inventoried: bool  # a CSV exists for the source
    passages: int
    covered: int  # passages with at least one statement row
    statements: int
    by_assessment: dict[str, int]


def coverage(statements: list[Statement], passages: list[Passage], presented: list[str],
             inventoried: set[str]) -> list[SourceCount]:
    """Per presented source (in the given order): passages, passages covered, statements and their assessments."""
    rows = []
    for source in presented:
        own = [p.id for p in passages if p.source_id == source]
        mine = [s for s in statements if s.source_id == source]
        counts = Counter(s.assessment for s in mine)
        rows.append(SourceCount(source, source in inventoried, len(own), len({s.passage for s in mine} & set(own)),
                                len(mine), {a: counts.get(a, 0) for a in ASSESSMENTS}))
    return rows


def uncovered(statements: list[Statement], passages: list[Passage], sources: set[str]) -> list[str]:
    """Passage IDs of the given sources with no statement row."""
    covered = {s.passage for s in statements}
    return [p.id for p in passages if p.source_id in sources and p.id not in covered]
