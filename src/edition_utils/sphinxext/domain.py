"""The edition's Sphinx domain: its objects are passages, critical notes, sources, the reliability flags of the
legend and the claims of the claims register. Directives record where each is shown while reading; links to them are pending cross-references that
Sphinx resolves once every page has been read (so they work under ``-j`` and in any builder, e.g. ``dirhtml``).

The checks that need every page (every passage shown somewhere, none shown twice) run in ``check_consistency``,
after the parallel readers' data are merged: a reader sees only its own pages.
"""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path
from typing import Iterable

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from . import nodes as en, state

logger = logging.getLogger(__name__)

NAME = "edition"

#: The domain's data: object type -> name -> [(docname, anchor), ...] (a list, so a repeat is kept and reported),
#: the pages that read edition data or offer a notebook download, and each page's figures (their uids).
INITIAL = {"passage": {}, "note": {}, "source": {}, "flag": {}, "claim": {}, "docs": set(), "notebooks": set(),
           "figures": {}}
OBJECT_TYPES = ("passage", "note", "source", "flag", "claim")


class EditionDomain(Domain):
    name = NAME
    label = "Edition"
    object_types = {"passage": ObjType("passage", "passage"), "note": ObjType("note", "note"),
                    "source": ObjType("source", "source"), "flag": ObjType("flag", "flag"),
                    "claim": ObjType("claim", "claim")}
    roles = {typ: XRefRole() for typ in OBJECT_TYPES}
    initial_data = INITIAL  # Sphinx copies it (deep) for each environment
    data_version = 3  # 2: claims of the claims register; 3: figures
    dangling_warnings = {typ: f"unknown {typ} %(target)r" for typ in OBJECT_TYPES}

    # --- recording, while a page is read
    def note_object(self, typ: str, name: str, anchor: str) -> None:
        self.data[typ].setdefault(name, []).append((self.env.docname, anchor))

    def note_reader(self, docname: str, notebook: bool = False) -> None:
        self.data["notebooks" if notebook else "docs"].add(docname)

    @property
    def docs(self) -> set[str]:
        return self.data["docs"]

    @property
    def notebooks(self) -> set[str]:
        return self.data["notebooks"]

    def where(self, typ: str, name: str) -> tuple[str, str] | None:
        """Where an object is shown (the first place, in page order, if it is shown twice)."""
        places = self.data[typ].get(name)
        return min(places) if places else None

    def process_doc(self, env, docname: str, document) -> None:
        uids = [n["uid"] for n in document.findall(lambda n: isinstance(n, (en.plotly_chart, en.leaflet_map)))]
        if uids:
            self.data["figures"][docname] = uids

    # --- the environment's life cycle (incremental and parallel builds)
    def clear_doc(self, docname: str) -> None:
        self.data["figures"].pop(docname, None)
        for typ in OBJECT_TYPES:
            objects = self.data[typ]
            for name in list(objects):
                objects[name] = [place for place in objects[name] if place[0] != docname]
                if not objects[name]:
                    del objects[name]
        self.data["docs"].discard(docname)
        self.data["notebooks"].discard(docname)

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict) -> None:
        """A parallel reader's pages: their places are added, never written over, so that a passage two readers
        both show is reported by check_consistency."""
        wanted = set(docnames)
        for typ in OBJECT_TYPES:
            for name, places in otherdata[typ].items():
                mine = [place for place in places if place[0] in wanted]
                if mine:
                    self.data[typ].setdefault(name, []).extend(mine)
        self.data["figures"].update({d: uids for d, uids in otherdata["figures"].items() if d in wanted})
        self.data["docs"].update(wanted & otherdata["docs"])
        self.data["notebooks"].update(wanted & otherdata["notebooks"])

    def check_consistency(self) -> None:
        if not state.of(self.env.app).read and not state.edition(self.env.app).loaded:
            return  # a no-change rebuild of already validated inputs: nothing new to check
        for typ in ("passage", "note"):
            for name, places in sorted(self.data[typ].items()):
                if len(places) > 1:
                    pages = ", ".join(f"{doc} (#{anchor})" for doc, anchor in sorted(places))
                    logger.warning(f"{typ} {name} is shown {len(places)} times: in {pages}",
                                   location=sorted(places)[1][0], type=NAME, subtype="duplicate")
        shown = self.data["passage"]
        missing = [p.id for p in state.edition(self.env.app).passages if p.id not in shown]
        if missing:
            logger.warning(f"{len(missing)} passages are shown on no page, e.g. {', '.join(missing[:5])}",
                           type=NAME, subtype="coverage")

    # --- resolving references, once every page has been read
    def get_objects(self):
        for typ in OBJECT_TYPES:
            for name in self.data[typ]:
                docname, anchor = self.where(typ, name)
                yield name, name, typ, docname, anchor, 1

    def resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode):
        place = self.where(typ, target)
        if place is None:
            return None
        return refnode(builder, fromdocname, *place, contnode, node)

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        found = []
        for typ in OBJECT_TYPES:
            place = self.where(typ, target)
            if place is not None:
                found.append((f"{NAME}:{typ}", refnode(builder, fromdocname, *place, contnode, node)))
        return found


def refnode(builder, fromdocname: str, docname: str, anchor: str, contnode, xref) -> nodes.reference:
    """A link to `docname#anchor` as the builder addresses pages (``.html``, ``dirhtml``'s folders, ...), carrying
    the classes the pending reference was given (so the page's styles and scripts still find it)."""
    uri = builder.get_relative_uri(fromdocname, docname) + (f"#{anchor}" if anchor else "")
    ref = nodes.reference("", "", internal=True, refuri=uri,
                          classes=list(xref.get("edition_classes", [])))
    ref += contnode
    return ref


def xref(typ: str, target: str, text: str, classes: list[str] | None = None) -> addnodes.pending_xref:
    """A link to an edition object, resolved at resolve time: ``xref("passage", "smilga-bio.12", "smilga-bio.12")``."""
    # the classes wait in an attribute of their own: an unresolved reference is replaced by its bare text
    return addnodes.pending_xref("", nodes.Text(text), refdomain=NAME, reftype=typ, reftarget=target,
                                 refexplicit=True, refwarn=True, edition_classes=classes or [])


def doc_xref(docname: str, text: str) -> addnodes.pending_xref:
    """A link to a whole page (Sphinx's std:doc reference; the target is absolute, from the source folder)."""
    return addnodes.pending_xref("", nodes.Text(text), refdomain="std", reftype="doc", reftarget=f"/{docname}",
                                 refexplicit=True, refwarn=True)


def site_file(text: str, path: str, classes: list[str] | None = None) -> nodes.reference:
    """A link to a file the build writes beside the pages (``edition/tei/x.xml``, a chapter's ``.ipynb``), by its
    site-root path; made relative to the page by SiteFileLinks once the builder is known."""
    return nodes.reference("", text, refuri=path, edition_site_path=path, classes=classes or [])


class SiteFileLinks(SphinxPostTransform):
    """Site-root paths made relative to the page as this builder addresses it (``chapters/x.html`` or, under
    ``dirhtml``, ``chapters/x/``)."""

    default_priority = 20

    def run(self, **kwargs) -> None:
        page = self.app.builder.get_target_uri(self.env.docname).split("#")[0]  # singlehtml: index.html#document-x
        here = posixpath.dirname(page) if not page.endswith("/") else page.rstrip("/")
        for ref in self.document.findall(nodes.reference):
            if "edition_site_path" in ref:
                ref["refuri"] = posixpath.relpath(ref["edition_site_path"], here or ".")


class FigureLinks(SphinxPostTransform):
    """A notebook's figures and tables link passages as an html build addresses them (the kernel knows no
    builder: Edition.link_from with its default). Under a builder that addresses pages otherwise (``dirhtml``)
    those exact links are rewritten to this builder's, in the figures' data and in the notebook's HTML output."""

    default_priority = 21
    builders = ("html", "dirhtml")  # singlehtml has one page: its addresses are fragments, not pages

    def run(self, **kwargs) -> None:
        from ..edition import html_page
        from .nodes import leaflet_map, plotly_chart

        docname = self.env.docname
        if self.app.builder.get_target_uri(docname) == html_page(docname):
            return
        raws = [n for n in self.document.findall(nodes.raw) if "html" in n.get("format", "").split()]
        figures = [*self.document.findall(plotly_chart), *self.document.findall(leaflet_map)]
        if not raws and not figures:
            return
        ed = state.edition(self.app).load()
        old, new = ed.link_from(docname, html_page), ed.link_from(docname)
        moves = {old(p.id): new(p.id) for p in ed.passages}
        pattern = re.compile("|".join(re.escape(k) for k in sorted(moves, key=len, reverse=True)))
        move = lambda text: pattern.sub(lambda m: moves[m.group()], text)  # noqa: E731
        for raw in raws:
            if len(raw):
                raw.replace(raw[0], nodes.Text(move(raw.astext())))
        for fig in figures:
            for key in ("html", "script"):
                if key in fig:
                    fig[key] = move(fig[key])
            if "figure" in fig:
                fig["figure"] = json.loads(move(json.dumps(fig["figure"])))


def of(env) -> EditionDomain:
    return env.get_domain(NAME)


def prune_figures(app, exception) -> None:
    """A figure's script is a file named by its digest (sphinxext.nodes): a changed or removed figure leaves its old
    file behind, which is deleted here so the published site carries only what its pages use."""
    folder = Path(app.outdir) / en.FIGURES_DIR
    if exception is not None or not folder.is_dir():
        return
    live = {uid for uids in app.env.get_domain(NAME).data["figures"].values() for uid in uids}
    for stale in folder.glob("*.js"):
        if stale.stem not in live:
            stale.unlink()


def setup_domain(app) -> None:
    app.add_domain(EditionDomain)
    app.connect("build-finished", prune_figures)
    app.add_post_transform(SiteFileLinks)
    app.add_post_transform(FigureLinks)
