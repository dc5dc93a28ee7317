"""Each page's <head>: a meta description everywhere, reference-manager metadata on source chapters."""

from __future__ import annotations

import html
import re

from docutils import nodes

from . import state


def _first_paragraph(doctree, section_title: str | None) -> str:
    """The first paragraph of the section titled `section_title` (or of the page), as plain text."""
    for section in doctree.findall(nodes.section):
        title = next(iter(section.findall(nodes.title)), None)
        if section_title is None or (title is not None and title.astext().strip() == section_title):
            para = next(iter(section.findall(nodes.paragraph)), None)
            if para is not None:
                return para.astext()
    return ""


def _chapters(app):
    """Presented sources by chapter, and the publication they belong to (computed once per build)."""
    extra = state.of(app).extra
    if "chapters" not in extra:
        from ..citations import Publication

        ed = state.edition(app).load()
        extra["publication"] = Publication.of(ed.root, app.config.html_baseurl)
        extra["chapters"] = {s.chapter: s for s in ed.registry.presented}
    return extra["chapters"], extra["publication"]


def _head_metadata(app, pagename, templatename, context, doctree):
    """Reference-manager metadata on every source chapter (Highwire, Dublin Core, schema.org JSON-LD) and a meta
    description on every page (a chapter's from its editorial introduction)."""
    # docutils' HTML5 writer adds a viewport tag of its own to `metatags`; Sphinx's layout already has one
    context["metatags"] = re.sub(r'<meta name="viewport"[^>]*>\s*', "", context.get("metatags", ""))
    if doctree is None:
        return
    from ..page_metadata import description, head_tags

    chapters, publication = _chapters(app)
    src = chapters.get(pagename)
    if src is None:
        text = _first_paragraph(doctree, None)
        extra = f'<meta name="description" content="{html.escape(description(text))}">\n' if text else ""
    else:
        url = app.config.html_baseurl + app.builder.get_target_uri(pagename)
        title = html.unescape(re.sub(r"<[^>]+>", "", context.get("title", "")))
        extra = head_tags(publication, src, title, url, _first_paragraph(doctree, "Editorial introduction"))
    context["metatags"] = context.get("metatags", "") + extra


def setup_head(app) -> None:
    app.connect("html-page-context", _head_metadata)
