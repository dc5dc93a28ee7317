"""Registers of persons and places: where each is named, found by its recorded spellings in the passages."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import EditionDataError
from .schema import Id, OptionalPartialDate, Strict, Text
from .tables import read_rows

if TYPE_CHECKING:
    import pandas as pd


class PersonRow(Strict):
    person_id: Id
    name: Text
    spellings: Text
    born: OptionalPartialDate
    died: OptionalPartialDate
    role: Text
    reference: str


def _pattern(spellings: list[str]) -> re.Pattern:
    alts = sorted((re.escape(s) for s in spellings), key=len, reverse=True)
    # a hyphen continues a name: "Smilga" must not match in "Smilga-Poluyan"
    return re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])")


def occurrences(passages, spellings: list[str]) -> list[str]:
    pat = _pattern(spellings)
    # the plain substring test first: most passages name no one, and the look-arounds make the pattern slow
    return [p.id for p in passages if any(s in p.text for s in spellings) and pat.search(p.text)]


def person_rows(data: Path, passages) -> list[dict]:
    """The validated rows of data/persons.csv, each with its spellings as a list and the passages that name it."""
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
    return out


def load_persons(data: Path, passages) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(person_rows(data, passages))


#: Names not inverted as "Surname, Given": a stage name is indexed as one.
AS_WRITTEN = {"mata-hari"}


def surname_first(name: str, person_id: str = "") -> str:
    """'Ivar Smilga' -> 'Smilga, Ivar'; 'Georgy (Yuri) Piatakov' -> 'Piatakov, Georgy (Yuri)';
    'Jukums Vācietis (Ioakim Vatsetis)' -> 'Vācietis, Jukums (Ioakim Vatsetis)'."""
    if person_id in AS_WRITTEN:
        return name
    main, paren = re.match(r"^(.*?)(\s+\([^)]*\))?$", name).groups()
    words = main.split()
    if len(words) < 2:
        return name
    # a parenthesis inside the given names stays with them ("Georgy (Yuri)")
    return f"{words[-1]}, {' '.join(words[:-1])}{paren or ''}"


def sort_key(name: str, person_id: str = "") -> str:
    """Alphabetical by surname, accents ignored (Vācietis among the V's, Ağrı-style letters by their base)."""
    import unicodedata

    text = unicodedata.normalize("NFKD", surname_first(name, person_id))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def letter(name: str, person_id: str = "") -> str:
    return sort_key(name, person_id)[:1].upper()


def by_surname(persons: pd.DataFrame) -> pd.DataFrame:
    """The persons register in reading order, with the inverted name and its letter."""
    out = persons.copy()
    out["sort_name"] = [surname_first(n, i) for n, i in zip(out["name"], out["person_id"])]
    out["sort_key"] = [sort_key(n, i) for n, i in zip(out["name"], out["person_id"])]
    out["letter"] = out["sort_key"].str[:1].str.upper()
    return out.sort_values("sort_key", kind="stable").reset_index(drop=True)


def index_entries(persons: list[dict] | None, places: list[dict], where) -> dict[str, list]:
    """Sphinx index entries by passage ID: each person under the letter of the surname, each place under its name,
    and every link labelled with the chapter and the passage (a sub-entry) instead of a bare [1], [2] ...
    ``where(pid)`` gives the label of a passage, e.g. 'Ivar Smilga (Spartacus Educational), passage smilga-bio.12'.
    The registers are given as rows (Edition.person_rows, place_rows)."""
    by_passage: dict[str, list] = {}
    for r in persons or []:
        for p in r["passages"]:
            by_passage.setdefault(p, []).append(
                ("single", f"{surname_first(r['name'], r['person_id'])} (person); {where(p)}", p, "", None))
    for r in places:
        for p in r["passages"]:
            by_passage.setdefault(p, []).append(("single", f"{r['name_en']} (place); {where(p)}", p, "", None))
    return by_passage
