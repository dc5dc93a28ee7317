"""Passages: every non-blank seed line of a presented source is one passage (a paragraph, heading or list item).

Passage IDs (``smilga-bio.12``) are recorded in data/passages.csv with the SHA-256 of their text, so they never
change meaning: a new passage gets the next free number of its source, a recorded ID may not vanish or change
text unless data/passage_changes.yml records why.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

from . import yamlfile
from .errors import EditionDataError
from .seeds import read_seed
from .sources import Registry

FIELDS = ["id", "source_id", "seed_file", "line", "text_sha256"]


@dataclass(frozen=True)
class Passage:
    id: str
    source_id: str
    number: int
    seed_file: str
    line: int
    text: str
    text_sha256: str


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def candidates(registry: Registry, seeds_dir: Path) -> list[tuple[str, str, int, str]]:
    """(source_id, seed_file, line, text) for every passage the registry implies, in reading order."""
    out = []
    for src in registry.presented:
        seed = read_seed(seeds_dir, src.seed_file)
        for first, last in src.seed_lines:
            out.extend((src.id, src.seed_file, n, seed.line(n)) for n in seed.nonblank(first, last))
    return out


def read_recorded(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for i, row in enumerate(rows, start=2):
        if list(row) != FIELDS:
            raise EditionDataError(path.name, f"row {i}", None, f"columns must be {FIELDS}")
        try:
            row["line"] = int(row["line"])
        except ValueError:
            raise EditionDataError(path.name, f"row {i} ({row['id']})", "line", "not a whole number") from None
    return rows


def read_changes(path: Path) -> dict[str, dict]:
    if not path.exists():
        return {}
    data = yamlfile.load(path.read_text(encoding="utf-8")) or []
    out = {}
    for i, change in enumerate(data, start=1):
        for key in ("id", "change", "reason"):
            if not change.get(key):
                raise EditionDataError(path.name, f"#{i}", key, "required")
        out[change["id"]] = change
    return out


def resolve(registry: Registry, seeds_dir: Path, recorded_path: Path, changes_path: Path) -> list[Passage]:
    """Passages with their recorded IDs; raise EditionDataError on any unrecorded, vanished or altered passage."""
    recorded = read_recorded(recorded_path)
    changes = read_changes(changes_path)
    by_place = {(r["seed_file"], r["line"]): r for r in recorded}
    found: list[Passage] = []
    seen: set[str] = set()
    for source_id, seed_file, line, text in candidates(registry, seeds_dir):
        row = by_place.get((seed_file, line))
        if row is None:
            raise EditionDataError(
                recorded_path.name, None, "id",
                f"the passage at {seed_file} line {line} (source {source_id}) has no recorded ID; "
                "run `python -m edition_utils passages register` and commit data/passages.csv")
        digest = text_hash(text)
        if row["source_id"] != source_id:
            raise EditionDataError(recorded_path.name, row["id"], "source_id",
                                   f"recorded for {row['source_id']!r} but the registry puts line {line} in {source_id!r}")
        if digest != row["text_sha256"]:
            change = changes.get(row["id"])
            if not change or change.get("change") != "text" or change.get("new_sha256") != digest:
                raise EditionDataError(recorded_path.name, row["id"], "text_sha256",
                                       "the passage text changed; record the change and its reason in passage_changes.yml")
        number = int(row["id"].rsplit(".", 1)[1])
        found.append(Passage(row["id"], source_id, number, seed_file, line, text, digest))
        seen.add(row["id"])
    for row in recorded:
        if row["id"] not in seen and changes.get(row["id"], {}).get("change") != "retired":
            raise EditionDataError(recorded_path.name, row["id"], "id",
                                   "a recorded passage ID no longer matches any passage; IDs may not disappear "
                                   "(record it as retired, with a reason, in passage_changes.yml)")
    return found


def register(registry: Registry, seeds_dir: Path, recorded_path: Path) -> list[dict]:
    """Append IDs for passages not yet recorded (next free number per source); never renumber. Returns the new rows."""
    recorded = read_recorded(recorded_path)
    places = {(r["seed_file"], r["line"]) for r in recorded}
    next_no: dict[str, int] = {}
    for r in recorded:
        next_no[r["source_id"]] = max(next_no.get(r["source_id"], 0), int(r["id"].rsplit(".", 1)[1]))
    new = []
    for source_id, seed_file, line, text in candidates(registry, seeds_dir):
        if (seed_file, line) in places:
            continue
        next_no[source_id] = next_no.get(source_id, 0) + 1
        new.append({"id": f"{source_id}.{next_no[source_id]}", "source_id": source_id,
                    "seed_file": seed_file, "line": line, "text_sha256": text_hash(text)})
    if new:
        rows = recorded + new
        with recorded_path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=FIELDS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    return new
