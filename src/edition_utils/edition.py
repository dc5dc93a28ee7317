"""The whole edition loaded from a root folder: registry, passages, notes. One call, fully validated."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from .bibliography import load_bibliography
from .career import career_rows, claim_rows, frame, people_rows
from .errors import EditionDataError
from .geo import load_base, load_layers, place_rows
from .notes import Note, load_notes
from .passages import Passage, resolve
from .paths import is_clone, site_url
from .seeds import checksum_mismatches
from .registers import person_rows
from .sources import Registry, load_registry
from .statements import Statement, load_statements
from .translations import load_translations

if TYPE_CHECKING:
    import pandas as pd


def html_page(docname: str) -> str:
    """A page's site-relative address as Sphinx's html builder writes it: the default where no builder says (the
    command line, notebooks); a build passes its builder's ``get_target_uri`` instead (``dirhtml``: "chapters/x/")."""
    return f"{docname}.html"


def _group(items, key) -> dict[str, list]:
    """Items grouped by key, in their original order."""
    out: dict[str, list] = {}
    for item in items:
        out.setdefault(key(item), []).append(item)
    return out


def _as_frame(rows: str) -> cached_property:
    """The table in the field `rows` as a DataFrame (pandas imported then), made once per Edition."""
    return cached_property(lambda self: frame(getattr(self, rows)))


@dataclass
class Edition:
    root: Path
    registry: Registry
    passages: list[Passage]
    notes: list[Note] = field(default_factory=list)
    # The tables as validated rows (dicts); as DataFrames below, made when first asked for. A build that only
    # validates them and shows a chapter's text (an edited note) then never imports pandas.
    career_rows: list[dict] | None = None
    claim_rows: list[dict] | None = None
    people_rows: list[dict] | None = None
    translations: dict = field(default_factory=dict)
    base: list = field(default_factory=list)
    layers: list = field(default_factory=list)
    place_rows: list[dict] | None = None
    person_rows: list[dict] | None = None
    works: dict[str, dict[str, str]] = field(default_factory=dict)  # references.bib, by key
    statements: list[Statement] = field(default_factory=list)  # data/statements/*.csv
    page_url: Callable[[str], str] = field(default=html_page, repr=False, compare=False)  # docname -> address

    career = _as_frame("career_rows")
    claims = _as_frame("claim_rows")
    people = _as_frame("people_rows")
    places = _as_frame("place_rows")
    persons = _as_frame("person_rows")

    # Indexes built once: chapters call these for every passage, so a scan each time would grow quadratically.
    @cached_property
    def passages_by_id(self) -> dict[str, Passage]:
        return {p.id: p for p in self.passages}

    @cached_property
    def _by_source(self) -> dict[str, list[Passage]]:
        return _group(self.passages, lambda p: p.source_id)

    @cached_property
    def _notes_by_passage(self) -> dict[str, list[Note]]:
        return _group(self.notes, lambda n: n.passage)

    def passages_of(self, source_id: str) -> list[Passage]:
        return self._by_source.get(source_id, [])

    def notes_of(self, passage_id: str) -> list[Note]:
        return self._notes_by_passage.get(passage_id, [])

    def url_of(self, passage_id: str, page_url: Callable[[str], str] | None = None) -> str:
        """Site-relative URL of a passage, anchor included (the permalink)."""
        p = self.passages_by_id[passage_id]
        return f"{(page_url or self.page_url)(self.registry.get(p.source_id).chapter)}#{p.id}"

    def link_from(self, docname: str, page_url: Callable[[str], str] | None = None) -> Callable[[str], str]:
        """A function giving each passage's URL for the links inside figures drawn on the page `docname`: relative
        to that page in a clone (the book, `make lab`); the passage's address on the edition's site when the data
        came with the package or from the site, as in a downloaded notebook, which is not beside the pages."""
        page_url = page_url or self.page_url
        if not is_clone(self.root):
            from .publication import edition_metadata

            site = site_url(edition_metadata(self.root)["url"])  # $EDITION_SITE_URL first, as everywhere
            return lambda passage_id: site + self.url_of(passage_id, page_url)
        base = posixpath.dirname(page_url(docname)) or "."

        def link(passage_id: str) -> str:
            page, anchor = self.url_of(passage_id, page_url).split("#")
            return f"{posixpath.relpath(page, base)}{'/' if page.endswith('/') else ''}#{anchor}"

        return link

    @property
    def source_titles(self) -> dict[str, str]:
        return {s.id: s.short_title for s in self.registry.sources}  # distinct: two are titled "Ivar Smilga"


def load_edition(root: Path, page_url: Callable[[str], str] = html_page) -> Edition:
    seeds_dir, data = root / "seeds", root / "data"
    bad = checksum_mismatches(seeds_dir)
    if bad:
        raise EditionDataError("seeds/SHA256SUMS", None, None,
                               f"seed bytes differ from their recorded checksum: {', '.join(bad)}")
    registry = load_registry(data / "sources.yml", seeds_dir, root)
    passages = resolve(registry, seeds_dir, data / "passages.csv", data / "passage_changes.yml")
    works = load_bibliography(root)
    notes = load_notes(data / "notes", passages, set(works))
    ids = {p.id for p in passages}
    places = place_rows(data / "geo", ids)
    career = career_rows(data, ids, {r["place_id"] for r in places})
    claims = claim_rows(data, ids, {s.id for s in registry.sources}, {r["event_id"] for r in career})
    people = people_rows(data, ids)
    by_source: dict[str, set[str]] = {}
    for p in passages:
        by_source.setdefault(p.source_id, set()).add(p.id)
    translations = load_translations(data / "translations", by_source)
    persons = person_rows(data, passages) if (data / "persons.csv").is_file() else None
    statements = load_statements(root, passages, {s.id for s in registry.presented}, {n.id for n in notes},
                                 {r["claim_id"] for r in claims})
    return Edition(root, registry, passages, notes, career_rows=career, claim_rows=claims, people_rows=people,
                   translations=translations, base=load_base(data / "geo"), layers=load_layers(data / "geo", ids),
                   place_rows=places, person_rows=persons, works=works, statements=statements, page_url=page_url)
