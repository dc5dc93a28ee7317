"""Smilga's career (data/smilga_career.csv), the claims register (data/claims.csv) and the fates of the
oppositionists the texts name (data/oppositionists.csv): validated rows (``*_rows``, plain dicts, made without
pandas: a build validates them whenever data/ changes), and the same as pandas DataFrames (``load_*``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import model_validator

from .dates import both_styles, days
from .errors import EditionDataError
from .schema import Calendar, Id, OptionalPartialDate, PartialDate, Precision, Strict, Text
from .tables import read_rows

if TYPE_CHECKING:
    import pandas as pd

Category = Literal["party", "military", "state-economic", "repression-exile", "life"]
CATEGORY_LABELS = {"party": "Party", "military": "Military", "state-economic": "State and economic",
                   "repression-exile": "Repression and exile", "life": "Life"}


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(";") if v.strip()]


class CareerRow(Strict):
    event_id: Id
    label: Text
    organisation: str
    category: Category
    start: PartialDate
    start_precision: Precision
    end: OptionalPartialDate
    end_precision: Precision | Literal[""]
    calendar: Calendar
    place_id: str
    passages: str
    status: Literal["attested", "unverified", "rejected-claim"]
    references: str
    note: str

    @model_validator(mode="after")
    def _order(self):
        if self.end and not self.end_precision:
            raise ValueError("end_precision is required when end is given")
        cal = self.calendar
        if self.end and days(self.end, self.end_precision, cal)[1] < days(self.start, self.start_precision, cal)[0]:
            raise ValueError("end is before start")
        if self.status == "attested" and not self.references.strip():
            raise ValueError("an attested row cites the reference(s) checked")
        return self


class ClaimRow(Strict):
    claim_id: Id
    subject: Text
    property: Text
    value: Text
    precision: Literal["day", "month", "year", "circa", "hour", "exact", "approximate", "qualitative"]
    source_id: str
    passage: str
    assessment: Literal["confirmed", "probable", "unresolved", "doubtful", "wrong", "unverified"]
    reason: Text
    event_id: str


class PersonRow(Strict):
    person_id: Id
    name: str
    born: OptionalPartialDate
    born_precision: Precision | Literal[""]
    died: PartialDate
    died_precision: Precision
    fate: Literal["shot", "killed in prison", "accident", "assassinated", "survived"]
    fate_detail: str
    passages: str
    references: Text


def _check_passages(rows, field: str, known: set[str], shown: str, key: str):
    for i, row in enumerate(rows, start=2):
        for pid in _split(getattr(row, field)):
            if pid not in known:
                raise EditionDataError(shown, f"row {i} ({getattr(row, key)})", field, f"unknown passage ID {pid!r}")


def career_rows(data: Path, passage_ids: set[str], place_ids: set[str] | None = None) -> list[dict]:
    shown = "data/smilga_career.csv"
    rows = read_rows(data / "smilga_career.csv", CareerRow, shown, key="event_id")
    _check_passages(rows, "passages", passage_ids, shown, "event_id")
    seen = set()
    for i, row in enumerate(rows, start=2):
        if row.event_id in seen:
            raise EditionDataError(shown, f"row {i} ({row.event_id})", "event_id", "duplicate event_id")
        seen.add(row.event_id)
        if place_ids is not None and row.place_id and row.place_id not in place_ids:
            raise EditionDataError(shown, f"row {i} ({row.event_id})", "place_id",
                                   f"unknown place {row.place_id!r} (not in data/geo/places.csv)")
    # Pre-1918 dates of rows that state a calendar, in both styles (tables and hover show them side by side).
    return [{**r.model_dump(), "passages": _split(r.passages), "references": _split(r.references),
             "both_styles": "; ".join(t for t in (both_styles(r.start, r.calendar), both_styles(r.end, r.calendar))
                                      if t)}
            for r in rows]


def claim_rows(data: Path, passage_ids: set[str], source_ids: set[str], event_ids: set[str]) -> list[dict]:
    shown = "data/claims.csv"
    rows = read_rows(data / "claims.csv", ClaimRow, shown, key="claim_id")
    _check_passages(rows, "passage", passage_ids, shown, "claim_id")
    for i, row in enumerate(rows, start=2):
        label = f"row {i} ({row.claim_id})"
        if row.source_id not in source_ids:
            raise EditionDataError(shown, label, "source_id", f"unknown source {row.source_id!r}")
        if not row.passage.startswith(row.source_id + "."):
            raise EditionDataError(shown, label, "passage", f"{row.passage} is not a passage of {row.source_id}")
        if row.event_id and row.event_id not in event_ids:
            raise EditionDataError(shown, label, "event_id", f"unknown career event {row.event_id!r}")
    return [r.model_dump() for r in rows]


def people_rows(data: Path, passage_ids: set[str]) -> list[dict]:
    shown = "data/oppositionists.csv"
    rows = read_rows(data / "oppositionists.csv", PersonRow, shown, key="person_id")
    _check_passages(rows, "passages", passage_ids, shown, "person_id")
    return [{**r.model_dump(), "passages": _split(r.passages)} for r in rows]


def frame(rows: list[dict] | None) -> pd.DataFrame | None:
    """Rows as a DataFrame, one column per field in the rows' order (None stays None: no such register)."""
    import pandas as pd

    return None if rows is None else pd.DataFrame(rows)


def load_career(data: Path, passage_ids: set[str], place_ids: set[str] | None = None) -> pd.DataFrame:
    return frame(career_rows(data, passage_ids, place_ids))


def load_claims(data: Path, passage_ids: set[str], source_ids: set[str], event_ids: set[str]) -> pd.DataFrame:
    return frame(claim_rows(data, passage_ids, source_ids, event_ids))


def load_people(data: Path, passage_ids: set[str]) -> pd.DataFrame:
    return frame(people_rows(data, passage_ids))
