"""What each page loads: the edition's own styles and scripts on every page; plotly.js, Leaflet and Floating UI
only when a reader comes to a chart, a map or a note (figures.js, edition.js fetch them); the extensions Jupyter Book
always loads only where a page uses them; never sphinx-thebe; and no script that holds up the first paint."""

from __future__ import annotations

import base64
import re
import zlib
from pathlib import Path


from .. import __version__
from ..assets import (BOOTSTRAP_JS, BUNDLED_CSS, EDITION_THEME_CSS, FLOATING_UI_JS, LEAFLET_CSS, LEAFLET_JS,
                      PLOTLY_BASIC_JS, PLOTLY_JS, has_theme_css, purge_theme_css, sphinx_scripts, stage_bootstrap,
                      stage_minified, stage_vendor, theme_css_digest)
from ..paths import files_digest
from . import state
from .nodes import leaflet_map

STATIC = Path(__file__).parent / "static"
#: Themes whose pages load pydata-sphinx-theme's bootstrap.js (served reduced: assets.stage_bootstrap)
BOOTSTRAP_THEMES = {"sphinx_book_theme", "pydata_sphinx_theme"}


def _class(pattern: str) -> re.Pattern:
    """An element whose class list has a class matching `pattern` (from its start)."""
    return re.compile(r'class="(?:[^"]*\s)?(?:%s)' % pattern)


#: Assets kept only on a page whose body has what they work on (a class in its rendered HTML): those of extensions
#: Jupyter Book always loads (copy buttons on code blocks, toggle buttons, sphinx-design's components and tabs,
#: code colours) and the edition's own for figures and registers. Inline
#: scripts are matched by a word of their body.
OPTIONAL_ASSETS = [
    ({"clipboard.min.js", "copybutton.js", "copybutton.css"}, _class(r"highlight[\s\"]")),
    ({"togglebutton.js", "togglebutton.css", "toggleHint", "toggleOpenOnPrint", "togglebuttonSelector"},
     _class(r"(?:toggle|dropdown)[\s\"]")),
    ({"design-tabs.js", "sphinx-design.min.css"}, _class(r"sd-")),
    ({"pygments.css"}, _class(r"highlight[\s\"]")),
    # the edition's own: charts, maps, registers and data tables (static/figures.*, registers.js)
    ({"figures.css", "figures.js", "registers.js"},
     _class(r"edition-(?:chart|plotly|map|register|claims|data-table|az)\b")),
]


def _static_paths(app):
    """Our static folder's files and Sphinx's scripts minified, and the vendor assets (plotly.js from PyPI's plotly,
    Leaflet from npm), staged beside the build, which Sphinx copies into _static and _static/vendor (after the
    theme's files, so the minified Sphinx scripts replace its copies). Minified before Sphinx copies them, so each
    page's `?v=` checksum is that of the file it is served."""
    staged = Path(app.outdir).parent / ".edition-static"
    with state.data_errors("missing front-end assets"):
        stage_minified(state.edition(app).root, [*STATIC.iterdir(), *sphinx_scripts()], staged)
        stage_vendor(state.edition(app).root, staged)
        if app.config.html_theme in BOOTSTRAP_THEMES:
            stage_bootstrap(state.edition(app).root, staged)
    app.config.html_static_path.append(str(staged))
    # the figures' scripts load these bundles themselves (sphinxext.nodes, figures.js), with a query like Sphinx's
    # own `?v=` (a CRC-32 of the file), so a new version is never served from a reader's cache
    state.of(app).extra["vendor_query"] = {rel: f"{zlib.crc32((staged / rel).read_bytes()):08x}"
                                           for rel in (PLOTLY_JS, PLOTLY_BASIC_JS, LEAFLET_JS, FLOATING_UI_JS,
                                                       BOOTSTRAP_JS) if (staged / rel).exists()}


def _static_digest(app, config):
    """A digest of the edition's own styles and scripts as an html-only configuration value: when one changes, the
    builder's configuration hash changes, so Sphinx writes every page again (each with the file's new `?v=` checksum,
    and with _static copied; a build with nothing to re-read would otherwise stop before copying it) without
    re-reading any page or re-running a notebook."""
    config.edition_static_digest = files_digest(STATIC.rglob("*"), STATIC)


def _context(app, pagename, templatename, context, doctree):
    context["edition_version"] = __version__
    extra = state.of(app).extra
    if "theme_css" not in extra:  # the theme's stylesheets are in _static by now (copied before any page is written)
        static = Path(app.outdir) / "_static"
        extra["theme_css"] = f"{EDITION_THEME_CSS}?v={theme_css_digest(static)}" if has_theme_css(static) else None
    if extra["theme_css"]:
        context["edition_theme_css"] = extra["theme_css"]  # linked by templates/static/webpack-macros.html
    context["edition_bootstrap_query"] = extra.get("vendor_query", {}).get(BOOTSTRAP_JS)  # the same template
    if doctree is None:
        return
    # plotly.js and Leaflet are not linked: figures.js loads them when a chart or map comes near the window
    maps = list(doctree.findall(leaflet_map))
    if maps:
        # the maps' own <style> rules, kept out of <body> by the renderer (sphinxext.mime), go into <head>
        context["metatags"] = context.get("metatags", "") + "".join(dict.fromkeys(m.get("styles", "") for m in maps))
        for css in LEAFLET_CSS:
            app.add_css_file(css)


def _name(asset) -> str:
    """An asset's file name without folder, query or content hash ('mystnb.<sha256>.css' -> 'mystnb.css')."""
    name = Path(str(asset.filename or "").split("?")[0]).name
    return re.sub(r"\.[0-9a-f]{32,}\.", ".", name)


def _unused(asset, body: str) -> bool:
    name = _name(asset)
    if name == "sphinx-thebe.js" or name == "sphinx-thebe.css" or "THEBE_JS_URL" in asset.attributes.get("body", ""):
        # live code needs a Binder server the edition does not run; thebe's loader also points at a CDN
        return True
    inline = asset.attributes.get("body", "")
    for names, used in OPTIONAL_ASSETS:
        if (name in names or (not asset.filename and any(w in inline for w in names))) and not used.search(body):
            return True
    return False


def _documentation_options(app, context) -> str:
    """Sphinx's documentation_options.js as an inline script: the theme's inline scripts set properties of
    DOCUMENTATION_OPTIONS as the parser reaches them, so it must exist before them, and a deferred file would not."""
    return app.builder.templates.render("static/documentation_options.js.jinja", context).strip()


def _no_blocking(app, pagename, templatename, context, doctree):
    """Runs after every other extension's html-page-context (priority 900), on the page's own lists
    (`script_files`, `css_files` of the template context; the builder's lists are not touched): drops what the page
    does not use, and defers every script file, so that nothing in <head> waits for a script. Deferred scripts run in
    document order before DOMContentLoaded, so the theme's and the edition's scripts see one another as before.
    search.html is left as the theme writes it: its template loads Sphinx's search synchronously after these
    scripts, and searchtools.js needs doctools.js already run."""
    body, defer = context.get("body", ""), pagename != "search"
    query = state.of(app).extra.get("vendor_query", {})
    scripts = []
    for js in context.get("script_files", []):
        if _unused(js, body):
            continue
        if _name(js) == "edition.js" and query.get(FLOATING_UI_JS):
            # where Floating UI is, for edition.js to fetch when a reader first goes to a note (not with the page)
            js = type(js)(js.filename, priority=js.priority,
                          **{**js.attributes, "data-floating-ui": f"{FLOATING_UI_JS}?v={query[FLOATING_UI_JS]}"})
        if defer and _name(js) == "documentation_options.js":
            js = type(js)(None, priority=js.priority, body=_documentation_options(app, context))
        elif defer and js.filename and not {"defer", "async"} & set(js.attributes):
            js = type(js)(js.filename, priority=js.priority, **{**js.attributes, "defer": "defer"})
        scripts.append(js)
    context["script_files"] = scripts
    icon = _inline_favicon(app)
    if icon and context.get("favicon_url"):
        context["favicon_url"] = icon
    joined = state.of(app).extra.get("theme_css")  # the theme's stylesheets joined into one (not under other themes)
    context["css_files"] = [css for css in context.get("css_files", [])
                            if not _unused(css, body) and not (joined and _name(css) in BUNDLED_CSS)]


def _inline_favicon(app) -> str | None:
    """The site's icon, if a small SVG, as a data: URL for the pages' <link rel="icon">: a request less on every
    page (the file stays in _static for the redirect pages)."""
    extra = state.of(app).extra
    if "favicon" not in extra:
        src = Path(app.confdir) / (app.config.html_favicon or "")
        small = app.config.html_favicon and src.suffix == ".svg" and src.is_file() and src.stat().st_size <= 2048
        extra["favicon"] = "data:image/svg+xml;base64," + base64.b64encode(src.read_bytes()).decode() if small else None
    return extra["favicon"]


def _theme_css(app, exception):
    """One stylesheet for the theme, of only the rules the site's pages and scripts use: 140 KB instead of 429 KB
    in three files (theme.css, its @import of basic.css, and pydata-sphinx-theme.css) plus sphinx-book-theme.css
    and myst-nb's 43 KB; and Font Awesome's font cut to the icons that stylesheet still draws."""
    if exception is None and app.builder.format == "html" and state.of(app).extra.get("theme_css"):
        with state.data_errors("the theme's stylesheet cannot be built"):
            purge_theme_css(state.edition(app).root, Path(app.outdir))  # and cuts the icon font to it


def setup_page_assets(app) -> None:
    app.add_config_value("edition_static_digest", "", "html")
    app.connect("config-inited", _static_digest)
    app.connect("builder-inited", _static_paths)
    app.connect("html-page-context", _context)
    app.connect("html-page-context", _no_blocking, priority=900)
    app.connect("build-finished", _theme_css)
    app.add_css_file("edition.css")
    app.add_js_file("edition.js", loading_method="defer")
    app.add_css_file("figures.css")  # maps, charts and registers for a reader (static/figures.*, registers.js)
    app.add_js_file("figures.js", loading_method="defer")
    app.add_js_file("registers.js", loading_method="defer")
