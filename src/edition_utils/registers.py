"""Registers of persons and places: where each is named, found by its recorded spellings in the passages."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, field_validator

from .dates import parse_partial
from .errors import EditionDataError
from .tables import read_rows


class PersonRow(BaseModel):
    model_config = ConfigDict(extra="forbid")
    person_id: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    name: str = Field(min_length=1)
    spellings: str = Field(min_length=1)
    born: str
    died: str
    role: str = Field(min_length=1)
    reference: str

    @field_validator("born", "died")
    @classmethod
    def _date(cls, v):
        if v:
            parse_partial(v)
        return v


def _pattern(spellings: list[str]) -> re.Pattern:
    alts = sorted((re.escape(s) for s in spellings), key=len, reverse=True)
    # a hyphen continues a name: "Smilga" must not match in "Smilga-Poluyan"
    return re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])")


def occurrences(passages, spellings: list[str]) -> list[str]:
    pat = _pattern(spellings)
    return [p.id for p in passages if pat.search(p.text)]


def load_persons(data: Path, passages) -> pd.DataFrame:
    shown = "data/persons.csv"
    rows = read_rows(data / "persons.csv", PersonRow, shown, key="person_id")
    out = []
    for i, r in enumerate(rows, start=2):
        spellings = [s for s in r.spellings.split("|") if s]
        found = occurrences(passages, spellings)
        if not found:
            raise EditionDataError(shown, f"row {i} ({r.person_id})", "spellings",
                                   "none of these spellings occurs in a presented passage")
        out.append({**r.model_dump(), "spellings": spellings, "passages": found})
    return pd.DataFrame(out)
