"""Author-date citations as historians write them, "(Smele 2015; Figes 1996)": sphinxcontrib-bibtex's author_year
style with round brackets, no comma between author and year, a locator after a comma "(Smele 2015, 1093)" and
semicolons between works. Registered as a plug-in (pyproject entry point "sphinxcontrib.bibtex.style.referencing")
and chosen by bibtex_reference_style in _config.yml."""

from dataclasses import dataclass, field

from sphinx.writers.html5 import HTML5Translator
from sphinxcontrib.bibtex.style.referencing import BracketStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle


def _round() -> BracketStyle:
    # works apart by semicolons (Chicago author-date): commas already separate a year from its page
    return BracketStyle(left="(", right=")", sep="; ")


@dataclass
class AuthorDateStyle(AuthorYearReferenceStyle):
    bracket_parenthetical: BracketStyle = field(default_factory=_round)
    bracket_textual: BracketStyle = field(default_factory=_round)
    author_year_sep: str = " "


def visit_citation(self, node):
    """docutils wraps bibliography entries in role="list" but gives each role="doc-biblioentry", a DPUB-ARIA role
    deprecated in 1.1 that is not a list item, so the list is empty to assistive technology (axe:
    aria-required-children, critical). docutils' own visitor, with the entries marked as list items: the list opens
    before the first of a run of citations (HTML5Translator.depart_citation closes it after the last)."""
    if not isinstance(node.previous_sibling(), type(node)):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


depart_citation = HTML5Translator.depart_citation
