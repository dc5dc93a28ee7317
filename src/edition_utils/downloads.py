"""Every file a reader can download from the edition, with what it is, its format and its licence: the one list the
Downloads page is rendered from (sphinxext's ``{edition-downloads}``) and the browser tests check link by link.

A helper that adds an export appends a ``Download`` to ``DOWNLOADS`` here; nothing else needs to change. ``path`` is
relative to the site root; a path containing ``{source}`` is one file per presented source.
"""

from __future__ import annotations

from dataclasses import dataclass

from .paths import WHEEL, WHEEL_BUILD

#: The edition's own work (registry, notes, translations, citations) is under CC BY 4.0 (CITATION.cff); the source
#: texts inside an export keep their own rights, stated on each source card and in sources.json ("rights").
EDITION_LICENCE = "CC BY 4.0 (the edition's own work); the source texts keep their own rights (see each source card)"
METADATA_LICENCE = "CC BY 4.0"


@dataclass(frozen=True)
class Download:
    path: str  # relative to the site root; "{source}" = one file per presented source
    title: str
    what: str  # one sentence: what a reader finds in it
    format: str  # the format's name, as its users know it
    licence: str
    group: str = "Data"


DOWNLOADS: list[Download] = [
    Download("edition/passages.json", "Every passage",
             "Each passage of each presented source with its permanent ID, permalink, seed file and line, the text "
             "exactly as in the seed, and its SHA-256.", "JSON", EDITION_LICENCE),
    Download("edition/sources.json", "The source registry",
             "Every unit of the three seed files (presented, excluded or duplicate) with its kind, author, date, "
             "language, reliability flag and its rationale, provenance and rights.", "JSON", EDITION_LICENCE),
    Download("edition/annotations.jsonld", "The critical notes as web annotations",
             "Every critical note as a W3C Web Annotation anchored to the exact words it comments on "
             "(TextQuoteSelector), with its category and credibility.",
             "JSON-LD (W3C Web Annotation Data Model)", METADATA_LICENCE),
    Download("edition/citations.json", "Citations of every passage",
             "One citation per passage, for reference managers such as Zotero.", "CSL-JSON", METADATA_LICENCE,
             group="Citations"),
    Download("edition/edition.bib", "Citations of every passage (BibTeX)",
             "The same citations for LaTeX users.", "BibTeX", METADATA_LICENCE, group="Citations"),
    Download("edition/edition.ris", "Citations of every passage (RIS)",
             "The same citations for EndNote, Mendeley and most reference managers.", "RIS", METADATA_LICENCE,
             group="Citations"),
    Download("edition/cite/{source}.json", "Citations of one source",
             "What a chapter's Cite buttons show: the chapter, each passage and each note in Chicago, MLA, APA, "
             "BibTeX, RIS and CSL-JSON.", "JSON", METADATA_LICENCE, group="Citations"),
    Download("edition/tei/{source}.xml", "One source in TEI P5",
             "The source's text passage by passage (permanent IDs, seed lines) with its critical notes anchored to the "
             "words they comment on, the persons and places the registers find in it, the published works the notes "
             "rely on and, for the Finnish and Danish texts, our English translation; valid against TEI's tei_all.",
             "TEI P5 XML", EDITION_LICENCE, group="Texts"),
    Download("edition/tei/corpus.xml", "The whole edition in TEI P5",
             "Every presented source as above, in one teiCorpus with the scales, registers and published works once.",
             "TEI P5 XML (teiCorpus)", EDITION_LICENCE, group="Texts"),
    Download("chapters/smilga/career.ipynb", "Smilga's career in charts, as a notebook",
             "The chapter's code and text; its first cell installs the edition's package (below) where it is "
             "missing or older than the site's, so it runs in any Jupyter, or in a clone of the repository (make lab).",
             "Jupyter notebook (.ipynb)", METADATA_LICENCE, group="Notebooks"),
    Download("chapters/nakhchivan/maps.ipynb", "The Nakhchivan maps, as a notebook",
             "The chapter's code and text; its first cell installs the edition's package (below) where it is "
             "missing or older than the site's, so it runs in any Jupyter, or in a clone of the repository (make lab).",
             "Jupyter notebook (.ipynb)", METADATA_LICENCE, group="Notebooks"),
    Download(WHEEL, "The edition's Python package, with its data",
             "edition_utils with the validated seeds and data the notebooks read (and Leaflet for offline maps): "
             "pip install it to run the notebooks anywhere.", "Python wheel", METADATA_LICENCE, group="Notebooks"),
    Download(WHEEL_BUILD, "Which build the package is",
             "One line: a digest of the code and data in the wheel above (also inside it, edition_data/BUILD). A "
             "downloaded notebook's first cell compares the two and installs the site's wheel when they differ.",
             "Plain text", METADATA_LICENCE, group="Notebooks"),
]

GROUPS = ["Data", "Citations", "Texts", "Notebooks"]


def expand(downloads: list[Download], source_ids: list[str]) -> list[tuple[Download, list[tuple[str, str]]]]:
    """Each download with its files as (label, path): one file, or one per source for a "{source}" path."""
    out = []
    for d in downloads:
        if "{source}" in d.path:
            out.append((d, [(s, d.path.format(source=s)) for s in source_ids]))
        else:
            out.append((d, [(d.path.rsplit("/", 1)[-1], d.path)]))
    return out


def grouped(downloads: list[Download]) -> list[tuple[str, list[Download]]]:
    """Downloads by group, in GROUPS order (unknown groups last, in order of appearance)."""
    names = GROUPS + [d.group for d in downloads if d.group not in GROUPS]
    seen = list(dict.fromkeys(names))
    return [(g, [d for d in downloads if d.group == g]) for g in seen if any(d.group == g for d in downloads)]
