"""The base of the edition's directives, and the helpers they share. A chapter says *which* source and passages to
show; the text comes from seeds/. The directives live beside their component: source_text (sources, passages,
quotations, the passage role), critical_notes, apparatus (sources table, scales, excluded units, claims,
registers), downloads_page."""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from . import dependencies
from .domain import of as domain_of
from .state import edition as edition_of

LANGUAGES = {"en": "English", "fi": "Finnish", "da": "Danish", "ru": "Russian"}
KINDS = {
    "primary-document": "Primary document", "memoir-or-quotation": "Memoir or quotation",
    "scholarly-secondary": "Scholarly secondary", "journalism": "Journalism", "encyclopaedia": "Encyclopaedia",
    "educational-website": "Educational website", "web-article": "Anonymous web article",
    "student-notes": "Student notes", "fiction": "Fiction", "site-chrome": "Site chrome", "spam": "Spam",
}


def _ranges(ranges) -> str:
    return ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in ranges)


def _numbers(spec: str, count: int) -> list[int]:
    """'1-5,8' -> [1, 2, 3, 4, 5, 8]; empty means all."""
    if not spec:
        return list(range(1, count + 1))
    out = []
    for part in spec.split(","):
        a, _, b = part.strip().partition("-")
        out.extend(range(int(a), int(b or a) + 1))
    return out


def cite_targets(cites) -> str:
    """A note's works as the target of a {cite:p} role. sphinxcontrib-bibtex's "key{post-text}" puts a locator
    after the year, "(Smele 2015, 1093; Figes 1996)"."""
    return ",".join(c.key + (f"{{{c.shown_locator}}}" if c.locator else "") for c in cites)


def note_data(env, kind: str, arguments: list[str], options: dict) -> None:
    domain_of(env).note_reader(env.docname)
    for path in dependencies.expand(edition_of(env.app).root, dependencies.files_for(kind, arguments, options)):
        env.note_dependency(str(path))


class EditionDirective(SphinxDirective):
    @property
    def edition(self):
        return edition_of(self.env.app)

    def depend_on_data(self):
        """Re-read this page when a data file it shows changes (the files: sphinxext/dependencies.py)."""
        note_data(self.env, type(self).__name__, self.arguments, self.options)

    def source(self, source_id: str):
        try:
            return self.edition.registry.get(source_id)
        except KeyError:
            raise self.error(f"unknown source id {source_id!r} (not in data/sources.yml)") from None


def _table(headers: list[str], rows: list[list], classes: list[str] | None = None, caption: str = "") -> nodes.table:
    """A docutils table from rows of cells (str or docutils nodes)."""
    table = nodes.table(classes=classes or [])
    if caption:
        table += nodes.title(text=caption)
    group = nodes.tgroup(cols=len(headers))
    table += group
    for _ in headers:
        group += nodes.colspec(colwidth=1)
    head = nodes.thead()
    group += head
    row = nodes.row()
    for h in headers:
        row += nodes.entry("", nodes.paragraph(text=h))
    head += row
    body = nodes.tbody()
    group += body
    for cells in rows:
        row = nodes.row()
        for cell in cells:
            if isinstance(cell, nodes.Node):
                row += nodes.entry("", cell)
            else:
                row += nodes.entry("", nodes.paragraph(text=str(cell)))
        body += row
    return table

