"""Our English translations of the non-English sources (data/translations/*.yml), passage by passage."""

from __future__ import annotations

from pathlib import Path

from . import yamlfile
from .errors import EditionDataError
from .schema import Strict, Text, validated


class Item(Strict):
    passage: str
    translation: Text
    translator_notes: list[str] = []


class Translation(Strict):
    source: str
    language: str
    translator: str
    items: list[Item]


def load_translations(folder: Path, passages_by_source: dict[str, set[str]]) -> dict[str, Item]:
    """Passage ID -> translation. Every passage of a translated source must be translated exactly once."""
    out: dict[str, Item] = {}
    for path in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
        shown = f"data/translations/{path.name}"
        doc = validated(Translation, yamlfile.load(path.read_text(encoding="utf-8")), shown)
        expected = passages_by_source.get(doc.source)
        if expected is None:
            raise EditionDataError(shown, None, "source", f"unknown or unpresented source {doc.source!r}")
        for i, item in enumerate(doc.items, start=1):
            if item.passage not in expected:
                raise EditionDataError(shown, f"item {i}", "passage", f"{item.passage!r} is not a passage of {doc.source}")
            if item.passage in out:
                raise EditionDataError(shown, f"item {i}", "passage", f"{item.passage} is translated twice")
            out[item.passage] = item
        missing = sorted(expected - {i.passage for i in doc.items})
        if missing:
            raise EditionDataError(shown, None, "items", f"untranslated passages: {', '.join(missing)}")
    return out
