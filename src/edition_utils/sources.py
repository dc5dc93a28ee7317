"""The source registry (data/sources.yml): one entry per distinct source unit found in the seeds.

Validated in two steps: each entry against the pydantic model (fields, vocabularies), then the registry as a
whole against the seeds (line ranges inside the file, no overlap, every non-blank line covered exactly once).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, Field, field_validator, model_validator

from . import yamlfile
from .errors import EditionDataError
from .paths import rel
from .scales import FLAGS, PRECISIONS  # noqa: F401  (FLAGS re-exported)
from .schema import Flag, Id, PartialDate, Reference, Strict, Text, validated
from .seeds import Seed, read_seed

Kind = Literal[
    "primary-document",
    "memoir-or-quotation",
    "scholarly-secondary",
    "educational-website",  # a teaching site compiled from published works, without notes (e.g. Spartacus Educational)
    "web-article",  # an unsigned article on the web whose author and publisher are unknown
    "journalism",
    "encyclopaedia",
    "student-notes",
    "fiction",
    "site-chrome",
    "spam",
]
Status = Literal["presented", "excluded", "duplicate"]
Precision = Literal[(*PRECISIONS, "unknown")]  # type: ignore[valid-type]

LineRange = Annotated[list[int], Field(min_length=2, max_length=2)]


class Source(Strict):

    id: Id
    title: Text
    short_title: str = Field(min_length=1, max_length=70,
                             description="a short title, distinct from every other source's, used wherever sources "
                                         "are listed (tables, charts), e.g. 'Ivar Smilga (Finnish Wikipedia)'")
    authors: list[str]
    publisher: str | None
    url: str | None = None
    date: PartialDate | None = Field(description="publication date: YYYY, YYYY-MM or YYYY-MM-DD; null if unknown")
    date_precision: Precision
    language: str = Field(pattern=r"^[a-z]{2,3}$", description="ISO 639 code of the original language")
    kind: Kind
    status: Status
    chapter: str | None = Field(None, description="docname of the chapter presenting the source")
    seed_file: str
    seed_lines: list[LineRange] = Field(min_length=1)
    duplicate_of: str | None = None
    duplicate_of_lines: list[LineRange] | None = None
    exclusion_reason: str | None = None
    original_work: str | None = None
    provenance: Text
    rights: Text
    reliability: Flag
    reliability_rationale: Text
    checked: list[Reference] = []

    @field_validator("seed_lines", "duplicate_of_lines")
    @classmethod
    def _ordered(cls, ranges):
        for first, last in ranges or []:
            if first < 1 or last < first:
                raise ValueError(f"[{first}, {last}] is not a range of 1-based lines with first <= last")
        return ranges

    @model_validator(mode="after")
    def _status_fields(self):
        if self.status == "presented" and not self.chapter:
            raise ValueError("field 'chapter': a presented source names the chapter that presents it")
        if self.status == "excluded" and not self.exclusion_reason:
            raise ValueError("field 'exclusion_reason': an excluded source says why it is left out")
        if self.status == "duplicate" and not (self.duplicate_of and self.duplicate_of_lines):
            raise ValueError("field 'duplicate_of': a duplicate names the source and lines it repeats")
        if self.date is None and self.date_precision != "unknown":
            raise ValueError("field 'date_precision': must be 'unknown' when date is null")
        return self

    @property
    def lines(self) -> list[int]:
        return [n for first, last in self.seed_lines for n in range(first, last + 1)]


class Registry(BaseModel):
    sources: list[Source]

    def get(self, source_id: str) -> Source:
        for source in self.sources:
            if source.id == source_id:
                return source
        raise KeyError(source_id)

    @property
    def presented(self) -> list[Source]:
        return [s for s in self.sources if s.status == "presented"]


def json_schema() -> dict:
    """The schema committed beside the data (data/sources.schema.json); a test keeps the two in step."""
    schema = Registry.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Source registry of the edition"
    return schema


def _entry_label(raw: list, index: int) -> str:
    item = raw[index] if 0 <= index < len(raw) else None
    ident = item.get("id") if isinstance(item, dict) else None
    return f"#{index + 1}" + (f" ({ident})" if ident else "")


def load_registry(path: Path, seeds_dir: Path, root: Path | None = None) -> Registry:
    """Load and fully validate the registry, or raise EditionDataError naming file, entry and field."""
    shown = rel(path, root) if root else str(path)
    try:
        raw = yamlfile.load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise EditionDataError(shown, None, None, f"not valid YAML: {exc}") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("sources"), list):
        raise EditionDataError(shown, None, "sources", "the file must be a mapping with a list under 'sources'")

    def where(loc: list) -> tuple[str | None, list]:  # ["sources", 3, "date"] -> entry "#4 (id)", field "date"
        if len(loc) >= 2 and loc[0] == "sources" and isinstance(loc[1], int):
            return _entry_label(raw["sources"], loc[1]), loc[2:]
        return None, []

    registry = validated(Registry, raw, shown, where=where)
    check_against_seeds(registry, seeds_dir, shown)
    return registry


def check_against_seeds(registry: Registry, seeds_dir: Path, shown: str = "data/sources.yml") -> None:
    """Ranges inside their seed, no overlap, full coverage of non-blank lines, references resolve."""
    ids: set[str] = set()
    short: dict[str, str] = {}
    owner: dict[tuple[str, int], str] = {}
    seeds: dict[str, Seed] = {}
    for index, src in enumerate(registry.sources):
        label = f"#{index + 1} ({src.id})"
        if src.id in ids:
            raise EditionDataError(shown, label, "id", f"id {src.id!r} is used twice")
        ids.add(src.id)
        if src.short_title in short:  # a reader must be able to tell two sources apart in a list
            raise EditionDataError(shown, label, "short_title",
                                   f"{src.short_title!r} is also the short title of {short[src.short_title]!r}")
        short[src.short_title] = src.id
        if src.seed_file not in seeds:
            if not (seeds_dir / src.seed_file).is_file():
                raise EditionDataError(shown, label, "seed_file", f"no seed file {src.seed_file!r} in seeds/")
            seeds[src.seed_file] = read_seed(seeds_dir, src.seed_file)
        seed = seeds[src.seed_file]
        for first, last in src.seed_lines:
            if last > len(seed.lines):
                raise EditionDataError(
                    shown, label, "seed_lines",
                    f"range [{first}, {last}] runs past the end of {src.seed_file} ({len(seed.lines)} lines)")
            for n in range(first, last + 1):
                other = owner.get((src.seed_file, n))
                if other is not None:
                    raise EditionDataError(
                        shown, label, "seed_lines",
                        f"line {n} of {src.seed_file} is already claimed by source {other!r} (ranges overlap)")
                owner[(src.seed_file, n)] = src.id
    for index, src in enumerate(registry.sources):
        if src.duplicate_of and src.duplicate_of not in ids:
            raise EditionDataError(shown, f"#{index + 1} ({src.id})", "duplicate_of",
                                   f"unknown source id {src.duplicate_of!r}")
        if src.status == "duplicate":
            _check_repeats(src, seeds[src.seed_file], shown, f"#{index + 1} ({src.id})")
    for name in sorted(p.name for p in seeds_dir.glob("*.txt")):
        seed = seeds.get(name) or read_seed(seeds_dir, name)
        missing = [n for n in seed.nonblank() if (name, n) not in owner]
        if missing:
            raise EditionDataError(
                shown, None, "seed_lines",
                f"non-blank lines of {name} belong to no source: {_compact(missing)}")


def _check_repeats(src: Source, seed: Seed, shown: str, label: str) -> None:
    """A unit recorded as a duplicate must really repeat its original, line by line, verbatim."""
    original = "\n".join(seed.line(n) for a, b in src.duplicate_of_lines for n in range(a, b + 1))
    for n in src.lines:
        if seed.line(n).strip() and seed.line(n) not in original:
            raise EditionDataError(shown, label, "duplicate_of_lines",
                                   f"line {n} does not occur verbatim in the lines it is said to repeat")


def _compact(numbers: list[int]) -> str:
    out, start, prev = [], None, None
    for n in numbers + [None]:
        if start is None:
            start = prev = n
        elif n is not None and n == prev + 1:
            prev = n
        else:
            out.append(f"{start}" if start == prev else f"{start}-{prev}")
            start = prev = n
    return ", ".join(out[:12]) + (" ..." if len(out) > 12 else "")
