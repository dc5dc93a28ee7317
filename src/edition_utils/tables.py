"""Reading a CSV data file against a row model: every error names the file, the row and the field."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from .errors import EditionDataError
from .schema import validated

M = TypeVar("M", bound=BaseModel)


def read_rows(path: Path, model: type[M], shown: str | None = None, key: str | None = None) -> list[M]:
    shown = shown or path.name
    if not path.is_file():
        raise EditionDataError(shown, None, None, "file not found")
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        expected = list(model.model_fields)
        if reader.fieldnames != expected:
            raise EditionDataError(shown, "header", None, f"columns must be exactly {expected}, found {reader.fieldnames}")
        out = []
        for number, raw in enumerate(reader, start=2):  # row 1 is the header
            label = f"row {number}" + (f" ({raw.get(key)})" if key and raw.get(key) else "")
            if None in raw or None in raw.values():
                raise EditionDataError(shown, label, None, "wrong number of fields")
            out.append(validated(model, raw, shown, label))
    return out
