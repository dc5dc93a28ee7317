"""One error type for bad input, so every layer reports the file, the entry and the field the same way."""

from __future__ import annotations


class EditionDataError(ValueError):
    """Raised for malformed data: names the file, the entry (row/feature/id) and the field."""

    def __init__(self, file: str, entry: str | None, field: str | None, message: str):
        self.file, self.entry, self.field, self.message = file, entry, field, message
        where = [file]
        if entry is not None:
            where.append(f"entry {entry}")
        if field is not None:
            where.append(f"field '{field}'")
        super().__init__(": ".join([", ".join(where), message]))
