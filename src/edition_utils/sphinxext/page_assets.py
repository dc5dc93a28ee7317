"""What each page loads: the edition's own styles and scripts on every page; plotly.js, Leaflet and Floating UI
only on the pages that draw a chart, a map or a note popover; never sphinx-thebe."""

from __future__ import annotations

from pathlib import Path

from sphinx.errors import ExtensionError

from .. import __version__
from ..assets import FLOATING_UI_JS, LEAFLET_CSS, LEAFLET_JS, PLOTLY_BASIC_JS, PLOTLY_BASIC_TYPES, PLOTLY_JS, stage_vendor
from ..errors import EditionDataError
from . import state
from .nodes import leaflet_map, note_ref, plotly_chart

STATIC = Path(__file__).parent / "static"


def _static_paths(app):
    """Our static folder, and the vendor assets (plotly.js from PyPI's plotly, Leaflet and jQuery from npm) staged
    beside the build, which Sphinx copies into _static/vendor."""
    app.config.html_static_path.append(str(STATIC))
    staged = Path(app.outdir).parent / ".edition-static"
    try:
        stage_vendor(state.edition(app).root, staged)
    except EditionDataError as exc:
        raise ExtensionError(f"missing front-end assets: {exc}") from None
    app.config.html_static_path.append(str(staged))


def _is_thebe(filename, attributes) -> bool:
    return filename == "sphinx-thebe.js" or "THEBE_JS_URL" in str(attributes.get("body", ""))


def _drop_thebe(app, env, docnames):
    """Jupyter Book always loads sphinx-thebe, whose loader script is re-added on every read phase and then
    declares THEBE_JS_URL twice (a console error on every page) and points at a CDN. Live code needs a Binder
    server we do not run, so the edition removes thebe's scripts."""
    app.registry.js_files = [(f, a) for f, a in app.registry.js_files if not _is_thebe(f, a)]
    if hasattr(app.builder, "_js_files"):
        app.builder._js_files = [js for js in app.builder._js_files
                                 if not _is_thebe(js.filename, js.attributes)]


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


def setup_page_assets(app) -> None:
    app.connect("builder-inited", _static_paths)
    app.connect("env-before-read-docs", _drop_thebe, priority=900)
    app.connect("html-page-context", _context)
    app.add_css_file("edition.css")
    app.add_js_file("edition.js", loading_method="defer")
    app.add_css_file("figures.css")  # maps, charts and registers for a reader (static/figures.*, registers.js)
    app.add_js_file("figures.js", loading_method="defer")
    app.add_js_file("registers.js", loading_method="defer")
