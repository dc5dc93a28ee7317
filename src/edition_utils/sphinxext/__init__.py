"""The edition's one Sphinx extension: source cards, passages, note anchoring, registers, scales, exports.

Modelled on sphinx-design: ``setup(app)`` hands the application to each component's ``setup_*``, one module each.
All data handling lives in the pure modules below the extension; bad data stops the build before any page is
written.
"""

from __future__ import annotations

from docutils import nodes as docutils_nodes
from sphinx.application import Sphinx

from .. import __version__
from . import bibstyle
from . import apparatus as a
from . import critical_notes as cn
from . import downloads_page as dl
from . import source_text as st
from .bibtex_reuse import setup_bibtex_reuse
from .config import setup_config
from .rereads import setup_rereads
from .domain import setup_domain
from .head import setup_head
from .nodes import HTML_NODES, skip
from .outputs import setup_outputs
from .page_assets import setup_page_assets
from .site_pages import setup_site_pages
from .state import code_version, setup_state
from .statements_page import StatementsDirective
from .template_cache import setup_template_cache


def setup_markup(app: Sphinx) -> None:
    """The edition's nodes, directives and role."""
    for node, (visit, depart) in HTML_NODES.items():
        app.add_node(node, html=(visit, depart or skip), latex=(skip, skip), text=(skip, skip))
    app.add_node(docutils_nodes.citation, override=True, html=(bibstyle.visit_citation, bibstyle.depart_citation))
    app.add_directive("edition-source", st.SourceDirective)
    app.add_directive("edition-notes", cn.NotesDirective)
    app.add_directive("edition-excluded", a.ExcludedDirective)
    app.add_directive("edition-sources-table", a.SourcesTableDirective)
    app.add_directive("edition-scales", a.ScaleDirective)
    app.add_directive("edition-notebook-link", dl.NotebookLinkDirective)
    app.add_directive("edition-quote", st.QuoteDirective)
    app.add_directive("edition-claims", a.ClaimsDirective)
    app.add_directive("edition-register", a.RegisterDirective)
    app.add_directive("edition-statements", StatementsDirective)
    app.add_directive("edition-downloads", dl.DownloadsDirective)
    app.add_role("passage", st.PassageRole())
    app.connect("doctree-read", cn.hoist_notes, priority=400)  # before the page contents are collected (500)
    app.connect("html-page-context", dl.drop_stub_download, priority=600)  # after sphinx-book-theme's buttons (501)


def setup(app: Sphinx):
    for setup_component in (setup_state, setup_config, setup_domain, setup_markup, setup_rereads, setup_page_assets,
                            setup_head, setup_outputs, setup_site_pages, setup_bibtex_reuse, setup_template_cache):
        setup_component(app)
    return {"version": __version__, "env_version": code_version(),
            "parallel_read_safe": True, "parallel_write_safe": True}
