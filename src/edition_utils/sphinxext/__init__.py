"""The edition's one Sphinx extension: source cards, passages, note anchoring, appendix, scales, exports.

Modelled on sphinx-copybutton / sphinx-design: ``setup(app)`` registers nodes, directives, a role and static
files. All data handling lives in the pure modules below it; bad data stops the build before any page is written.
"""

from __future__ import annotations

import hashlib
import html
import re
from pathlib import Path

from docutils import nodes as docutils_nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

from .. import __version__
from ..errors import EditionDataError
from ..assets import (FLOATING_UI_JS, LEAFLET_CSS, LEAFLET_JS, PLOTLY_BASIC_JS, PLOTLY_BASIC_TYPES, PLOTLY_JS,
                      stage_vendor)
from ..paths import WHEEL, site_url
from ..seeds import read_seed
from . import bibstyle
from . import directives as d
from .statements_page import StatementsDirective
from .dependencies import listing_digest
from .nodes import HTML_NODES, leaflet_map, note_ref, plotly_chart, skip

logger = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"
TEMPLATES = Path(__file__).parent / "templates"


class _LazyEdition:
    """The edition, loaded (and validated) on first use. A no-change rebuild of data that the last successful build
    already validated then never pays for loading it."""

    def __init__(self, root: Path):
        self.root, self._edition = root, None

    def load(self):
        if self._edition is None:
            from ..edition import load_edition

            try:
                self._edition = load_edition(self.root)
            except EditionDataError as exc:
                raise ExtensionError(f"bad edition data: {exc}") from None
        return self._edition

    def __getattr__(self, name):
        return getattr(self.load(), name)


def _inputs_key(app) -> str:
    """Everything the edition's checks and exports depend on."""
    root = app.edition.root
    key = f"{_data_digest(root)}:{_code_version()}:{app.config.html_baseurl}:" \
          f"{(root / 'CITATION.cff').read_text(encoding='utf-8')}"
    return hashlib.sha256(key.encode()).hexdigest()


def _stamp(app) -> Path:
    return Path(app.outdir) / "edition" / ".inputs"


def _load(app: Sphinx) -> None:
    root = Path(app.config.edition_root or app.srcdir)
    app.edition = _LazyEdition(root)
    app.edition_seed = lambda name: read_seed(root / "seeds", name)
    app.edition_key = _inputs_key(app)
    stamp = _stamp(app)
    app.edition_exports = None
    if not (stamp.exists() and stamp.read_text() == app.edition_key):
        app.edition.load()  # new or changed inputs: validate now, before any page is read or written
        _check_duplicates(app)
        from ..exports import Exports

        try:  # citeproc-js renders the citations in the background while Sphinx reads the pages
            app.edition_exports = Exports(app.edition.load(), app.config.html_baseurl)
        except EditionDataError as exc:
            raise ExtensionError(f"bad edition data: {exc}") from None
    app.config.html_static_path.append(str(STATIC))
    # Vendor assets (plotly.js from PyPI's plotly, Leaflet and jQuery from npm) are staged beside the build and
    # copied into _static/vendor by Sphinx; pages load them only when they draw a chart or a map.
    staged = Path(app.outdir).parent / ".edition-static"
    try:
        stage_vendor(root, staged)
    except EditionDataError as exc:
        raise ExtensionError(f"missing front-end assets: {exc}") from None
    app.config.html_static_path.append(str(staged))
    env = app.env
    for attr, empty in (("edition_shown", dict), ("edition_note_labels", dict), ("edition_docs", set),
                        ("edition_notebooks", set)):
        if not hasattr(env, attr):
            setattr(env, attr, empty())


def _data_digest(root: Path) -> str:
    """Everything under data/ and seeds/ (the exports and the checks depend on all of it)."""
    digest = hashlib.sha256()
    for folder in ("data", "seeds"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file():
                digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _outdated(app, env, added, changed, removed):
    """A file added to or removed from data/ or seeds/ re-reads every page of edition data (a new notes file, for
    instance, is not yet anybody's dependency); a changed file re-reads only the pages that declared it, which
    Sphinx does itself (sphinxext/dependencies.py)."""
    listing = listing_digest(app.edition.root)
    stale = set()
    if getattr(env, "edition_listing", None) != listing:
        stale = set(env.edition_docs) - set(removed)
    env.edition_listing = listing
    return sorted(stale)


def _check_duplicates(app: Sphinx) -> None:
    """A unit recorded as a duplicate must really repeat its original, line by line, verbatim."""
    ed = app.edition
    for src in ed.registry.sources:
        if src.status != "duplicate":
            continue
        seed = app.edition_seed(src.seed_file)
        original = "\n".join(seed.line(n) for a, b in src.duplicate_of_lines for n in range(a, b + 1))
        for n in src.lines:
            if seed.line(n).strip() and seed.line(n) not in original:
                raise ExtensionError(f"bad edition data: data/sources.yml, entry {src.id}, field 'duplicate_of_lines': "
                                     f"line {n} does not occur verbatim in the lines it is said to repeat")


def _is_thebe(filename, attributes) -> bool:
    return filename == "sphinx-thebe.js" or "THEBE_JS_URL" in str(attributes.get("body", ""))


def _reading(app, env, docnames):
    app.edition_read = list(docnames)


def _drop_thebe(app, env, docnames):
    """Jupyter Book always loads sphinx-thebe, whose loader script is re-added on every read phase and then
    declares THEBE_JS_URL twice (a console error on every page) and points at a CDN. Live code needs a Binder
    server we do not run, so the edition removes thebe's scripts."""
    app.registry.js_files = [(f, a) for f, a in app.registry.js_files if not _is_thebe(f, a)]
    if hasattr(app.builder, "_js_files"):
        app.builder._js_files = [js for js in app.builder._js_files
                                 if not _is_thebe(js.filename, js.attributes)]


def _purge(app, env, docname):
    env.edition_docs.discard(docname)
    env.edition_notebooks.discard(docname)
    env.edition_shown = {k: v for k, v in getattr(env, "edition_shown", {}).items() if v != docname}
    getattr(env, "edition_note_labels", {}).pop(docname, None)


def _merge(app, env, docnames, other):
    env.edition_shown.update(getattr(other, "edition_shown", {}))
    env.edition_note_labels.update(getattr(other, "edition_note_labels", {}))
    env.edition_docs.update(getattr(other, "edition_docs", set()))
    env.edition_notebooks.update(getattr(other, "edition_notebooks", set()))


def _consistency(app, env):
    """Every passage of every presented source must be shown somewhere: nothing vanishes unexplained."""
    if not getattr(app, "edition_read", None) and app.edition._edition is None:
        return  # a no-change rebuild of already validated inputs: nothing new to check
    missing = [p.id for p in app.edition.passages if p.id not in env.edition_shown]
    if missing:
        logger.warning(f"{len(missing)} passages are shown on no page, e.g. {', '.join(missing[:5])}")


def _finished(app, exception):
    if exception is None and app.builder.format == "html":
        # The exports depend only on the inputs of _inputs_key: skip them when none changed.
        stamp = _stamp(app)
        if not (stamp.exists() and stamp.read_text() == app.edition_key):
            from ..exports import Exports

            exports = app.edition_exports or Exports(app.edition.load(), app.config.html_baseurl)
            try:
                exports.write(Path(app.outdir))
            except EditionDataError as exc:
                raise ExtensionError(f"bad edition data: {exc}") from None
            from .. import tei

            ed = app.edition.load()
            tei.write_all(ed, Path(app.outdir), tei.imprint_from(ed.root))
            _write_wheel(app)
            stamp.write_text(app.edition_key)
            stamp.chmod(0o644)
        elif not (Path(app.outdir) / WHEEL).is_file():
            _write_wheel(app)
        _write_notebooks(app)


def _write_wheel(app):
    """The package with the data its notebooks read (validated by this build), for downloaded notebooks."""
    from ..standalone import build_wheel

    app.edition.load()  # the data the wheel carries has passed every check
    build_wheel(app.edition.root, (Path(app.outdir) / WHEEL).parent)


def _write_notebooks(app):
    """Each notebook chapter is also offered as .ipynb (converted by jupytext from the MyST source), opening with
    a cell that installs the edition's wheel when the package is missing (standalone.install_cell)."""
    import jupytext

    from ..standalone import downloadable_notebook

    site = site_url(app.config.html_baseurl)
    for docname in sorted(app.env.edition_notebooks):
        text = jupytext.writes(downloadable_notebook(Path(app.env.doc2path(docname)), site), fmt="ipynb")
        # Beside the page; and over the copy the theme's own .ipynb download offers once launch buttons are on
        # (myst-nb's executed notebook, without the install cell), so that readers get one notebook either way.
        page, theme_copy = Path(app.outdir) / f"{docname}.ipynb", Path(app.outdir) / "_sources" / f"{docname}.ipynb"
        for target in (page, theme_copy) if theme_copy.exists() else (page,):
            if not (target.exists() and target.read_text(encoding="utf-8") == text):  # written only when changed
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")


def _context(app, pagename, templatename, context, doctree):
    context["edition_version"] = __version__
    if doctree is None:
        return
    charts = list(doctree.findall(plotly_chart))
    if charts:  # during html-page-context: this page only, and the smallest bundle that draws every chart
        types = {t for c in charts for t in c.get("trace_types", ["unknown"])}
        app.add_js_file(PLOTLY_BASIC_JS if types <= PLOTLY_BASIC_TYPES else PLOTLY_JS)
    maps = list(doctree.findall(leaflet_map))
    if maps:
        # the maps' own <style> rules, kept out of <body> by the renderer (sphinxext.mime), go into <head>
        context["metatags"] = context.get("metatags", "") + "".join(dict.fromkeys(m.get("styles", "") for m in maps))
        for js in LEAFLET_JS:
            app.add_js_file(js)
        for css in LEAFLET_CSS:
            app.add_css_file(css)
    if next(iter(doctree.findall(note_ref)), None) is not None:  # note popovers are placed by Floating UI
        for js in FLOATING_UI_JS:
            app.add_js_file(js, loading_method="defer")


def _code_version() -> int:
    """A number that changes whenever the edition's code changes, so Sphinx re-reads every page then
    (a stale page rendered by old directive code would otherwise survive an incremental build)."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parents[1].rglob("*")):
        if path.suffix in {".py", ".css", ".js"}:
            digest.update(path.read_bytes())
    return int(digest.hexdigest()[:8], 16)


REDIRECT_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="0; url={url}">
<title>{title}</title>{icon}
</head>
<body>
<main>
<h1>{title}</h1>
<p><a href="{url}">Continue to the edition</a></p>
</main>
</body>
</html>
"""


def _index_redirect(app, exception):
    """The site root. With a root document other than "index", sphinx-external-toc writes index.html as a bare
    <meta refresh> (no lang, no title, no link: a blank page where refreshes are blocked) unless the file exists."""
    if exception is not None or app.builder.name != "html" or app.config.root_doc == "index":
        return
    url = html.escape(app.builder.get_target_uri(app.config.root_doc))
    title = html.escape(app.config.html_title or app.config.project)
    # The site's icon, or the browser asks for /favicon.ico and logs a 404 before the refresh.
    favicon = app.config.html_favicon
    icon = f'\n<link rel="icon" href="_static/{html.escape(Path(favicon).name)}">' if favicon else ""
    (Path(app.outdir) / "index.html").write_text(
        REDIRECT_PAGE.format(lang=app.config.language or "en", url=url, title=title, icon=icon), encoding="utf-8")


def _templates(app, config):
    """Our template overrides (templates/) come before the theme's."""
    config.templates_path.insert(0, str(TEMPLATES))


def _site_url(app, config):
    """The canonical site address (publication.site_url: html.baseurl of _config.yml, or EDITION_SITE_URL, which
    the publishing workflow sets) for permalinks, exports, <link rel="canonical">, the sitemap and Open Graph."""
    from ..publication import site_url

    try:
        config.html_baseurl = site_url(Path(config.edition_root or app.srcdir))
    except EditionDataError as exc:
        raise ExtensionError(f"bad edition data: {exc}") from None
    config.ogp_site_url = config.html_baseurl


def _first_paragraph(doctree, section_title: str | None) -> str:
    """The first paragraph of the section titled `section_title` (or of the page), as plain text."""
    for section in doctree.findall(docutils_nodes.section):
        title = next(iter(section.findall(docutils_nodes.title)), None)
        if section_title is None or (title is not None and title.astext().strip() == section_title):
            para = next(iter(section.findall(docutils_nodes.paragraph)), None)
            if para is not None:
                return para.astext()
    return ""


def _written(app, pagename, templatename, context, doctree):
    app.edition_written = getattr(app, "edition_written", set()) | {pagename}


def _complete_sitemap(app, exception):
    """sphinx-sitemap lists only the pages written by this build (its open issue jdillard/sphinx-sitemap#13), so an
    incremental build would publish a sitemap of the few pages an edit touched: hand it the unchanged ones too."""
    if exception is not None or "sphinx_sitemap" not in app.extensions or app.builder.format != "html":
        return
    from sphinx_sitemap import add_html_link

    for docname in sorted(app.env.found_docs - getattr(app, "edition_written", set())):
        add_html_link(app, docname, None, None, None)


def _head_metadata(app, pagename, templatename, context, doctree):
    """Reference-manager metadata on every source chapter (Highwire, Dublin Core, schema.org JSON-LD) and a meta
    description on every page (a chapter's from its editorial introduction)."""
    # docutils' HTML5 writer adds a viewport tag of its own to `metatags`; Sphinx's layout already has one
    context["metatags"] = re.sub(r'<meta name="viewport"[^>]*>\s*', "", context.get("metatags", ""))
    if doctree is None:
        return
    from ..page_metadata import description, head_tags

    chapters = getattr(app, "edition_chapters", None)
    if chapters is None:
        from ..citations import Publication

        ed = app.edition.load()
        app.edition_pub = Publication.of(ed.root, app.config.html_baseurl)
        chapters = app.edition_chapters = {s.chapter: s for s in ed.registry.presented}
    src = chapters.get(pagename)
    if src is None:
        text = _first_paragraph(doctree, None)
        extra = f'<meta name="description" content="{html.escape(description(text))}">\n' if text else ""
    else:
        url = app.config.html_baseurl + app.builder.get_target_uri(pagename)
        title = html.unescape(re.sub(r"<[^>]+>", "", context.get("title", "")))
        extra = head_tags(app.edition_pub, src, title, url, _first_paragraph(doctree, "Editorial introduction"))
    context["metatags"] = context.get("metatags", "") + extra


def _launch_buttons(app, config):
    """Binder/JupyterHub launch buttons on the notebook chapters only once _config.yml names the repository."""
    import yaml

    from ..standalone import launch_options

    path = Path(app.srcdir) / "_config.yml"
    settings = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}
    config.html_theme_options = {**(config.html_theme_options or {}), **launch_options(settings or {})}


def setup(app: Sphinx):
    app.add_config_value("edition_root", "", "env")
    app.add_config_value("edition_legend_doc", "chapters/front/scales", "env")
    app.add_config_value("edition_excluded_doc", "chapters/appendix/excluded", "env")
    for node, (visit, depart) in HTML_NODES.items():
        app.add_node(node, html=(visit, depart or skip), latex=(skip, skip), text=(skip, skip))
    app.add_node(docutils_nodes.citation, override=True, html=(bibstyle.visit_citation, bibstyle.depart_citation))
    app.add_directive("edition-source", d.SourceDirective)
    app.add_directive("edition-notes", d.NotesDirective)
    app.add_directive("edition-excluded", d.ExcludedDirective)
    app.add_directive("edition-sources-table", d.SourcesTableDirective)
    app.add_directive("edition-scales", d.ScaleDirective)
    app.add_directive("edition-notebook-link", d.NotebookLinkDirective)
    app.add_directive("edition-quote", d.QuoteDirective)
    app.add_directive("edition-claims", d.ClaimsDirective)
    app.add_directive("edition-register", d.RegisterDirective)
    app.add_directive("edition-statements", StatementsDirective)
    app.add_directive("edition-downloads", d.DownloadsDirective)
    app.add_role("passage", d.PassageRole())
    app.connect("config-inited", _site_url)
    app.connect("config-inited", _templates)
    app.connect("config-inited", _launch_buttons)
    app.connect("builder-inited", _load)
    app.connect("env-before-read-docs", _drop_thebe, priority=900)
    app.connect("env-before-read-docs", _reading)
    app.connect("env-get-outdated", _outdated)
    app.connect("env-purge-doc", _purge)
    app.connect("doctree-read", d.hoist_notes, priority=400)  # before the page contents are collected (500)
    app.connect("env-merge-info", _merge)
    app.connect("env-check-consistency", _consistency)
    app.connect("html-page-context", _context)
    app.connect("html-page-context", d.drop_stub_download, priority=600)  # after sphinx-book-theme's buttons (501)
    app.connect("html-page-context", _head_metadata)
    app.connect("html-page-context", _written)
    app.connect("build-finished", _complete_sitemap, priority=400)  # before sphinx-sitemap writes it (500)
    app.connect("build-finished", _finished)
    app.connect("build-finished", _index_redirect, priority=400)  # before sphinx-external-toc's (500)
    app.add_css_file("edition.css")
    app.add_js_file("edition.js", loading_method="defer")
    app.add_css_file("figures.css")  # maps, charts and registers for a reader (static/figures.*, registers.js)
    app.add_js_file("figures.js", loading_method="defer")
    app.add_js_file("registers.js", loading_method="defer")
    return {"version": __version__, "env_version": _code_version(),
            "parallel_read_safe": True, "parallel_write_safe": True}
