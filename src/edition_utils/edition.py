"""The whole edition loaded from a root folder: registry, passages, notes. One call, fully validated."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import EditionDataError
from .notes import Note, load_notes
from .passages import Passage, resolve
from .seeds import checksum_mismatches
from .sources import Registry, load_registry


@dataclass
class Edition:
    root: Path
    registry: Registry
    passages: list[Passage]
    notes: list[Note] = field(default_factory=list)

    @property
    def passages_by_id(self) -> dict[str, Passage]:
        return {p.id: p for p in self.passages}

    def passages_of(self, source_id: str) -> list[Passage]:
        return [p for p in self.passages if p.source_id == source_id]

    def notes_of(self, passage_id: str) -> list[Note]:
        return [n for n in self.notes if n.passage == passage_id]

    def url_of(self, passage_id: str) -> str:
        """Site-relative URL of a passage, anchor included (the permalink)."""
        p = self.passages_by_id[passage_id]
        return f"{self.registry.get(p.source_id).chapter}.html#{p.id}"


def load_edition(root: Path) -> Edition:
    seeds_dir, data = root / "seeds", root / "data"
    bad = checksum_mismatches(seeds_dir)
    if bad:
        raise EditionDataError("seeds/SHA256SUMS", None, None,
                               f"seed bytes differ from their recorded checksum: {', '.join(bad)}")
    registry = load_registry(data / "sources.yml", seeds_dir, root)
    passages = resolve(registry, seeds_dir, data / "passages.csv", data / "passage_changes.yml")
    notes = load_notes(data / "notes", passages)
    return Edition(root, registry, passages, notes)
