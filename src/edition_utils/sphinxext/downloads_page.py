"""What a reader can take away: the Downloads page, a notebook chapter's .ipynb link, and no ".md" download of a
chapter whose Markdown is only a directive stub."""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives

from ..downloads import DOWNLOADS, expand, grouped
from . import nodes as en
from .directives import EditionDirective
from .domain import of as domain_of, site_file


def _download(d, files) -> nodes.container:
    box = nodes.container(classes=["edition-download"])
    head = nodes.paragraph(classes=["edition-download-title"])
    head += nodes.strong(text=d.title)
    box += head
    box += nodes.paragraph(text=d.what)
    links = nodes.paragraph(classes=["edition-download-files"])
    links += nodes.Text("Download: " if len(files) == 1 else "One file per source: ")
    for i, (label, path) in enumerate(files):
        if i:
            links += nodes.Text(", ")
        links += site_file(label, path, ["edition-download-link"])
    box += links
    meta = nodes.paragraph(classes=["edition-download-meta"])
    meta += nodes.Text(f"Format: {d.format}. Licence: {d.licence}.")
    box += meta
    return box


class DownloadsDirective(EditionDirective):
    """The Downloads page: every file in downloads.DOWNLOADS, grouped, with what it is, its format and licence."""

    def run(self):
        self.depend_on_data()
        sources = [s.id for s in self.edition.registry.presented]
        out = []
        for group, items in grouped(DOWNLOADS):
            out.append(nodes.rubric(text=group))
            out.extend(_download(d, files) for d, files in expand(items, sources))
        return out


class NotebookLinkDirective(EditionDirective):
    """A link to this chapter as a Jupyter notebook (.ipynb), written beside the page at build-finished."""

    option_spec = {"data": directives.unchanged}  # the data files the notebook reads: it re-runs when they change

    def run(self):
        self.depend_on_data()
        domain_of(self.env).note_reader(self.env.docname, notebook=True)
        name = self.env.docname.rsplit("/", 1)[-1] + ".ipynb"
        para = nodes.paragraph(classes=["edition-notebook-link"])
        para += nodes.Text("Run this chapter yourself: ")
        para += site_file(f"download it as a Jupyter notebook ({name})", f"{self.env.docname}.ipynb")
        para += nodes.Text(" and open it in Jupyter anywhere: its first cell installs the edition's package, with "
                           "the data, when it is missing or older than the site's (or use make lab in a clone of the "
                           "edition's repository).")
        return [para]


def drop_stub_download(app, pagename, templatename, context, doctree) -> None:
    """A source chapter's Markdown file is a directive stub ("{edition-source} ID"), not its text: its ".md"
    download is removed (the text and its notes are on the Downloads page; ".pdf" prints the chapter)."""
    if doctree is None or next(iter(doctree.findall(en.passage)), None) is None:
        return
    for group in context.get("header_buttons", []):
        if group.get("label") == "download-buttons":
            group["buttons"] = [b for b in group["buttons"] if b.get("label") != "download-source-button"]
