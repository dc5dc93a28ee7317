"""Notebook-side display helpers. A chapter cell calls these; the output carries a MIME type that the book's
renderer understands (offline, assets served locally) *and* a standard fallback that JupyterLab shows."""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio

from .paths import find_root
from .schema import LEAFLET_MIME, PLOTLY_MIME  # noqa: F401  (PLOTLY_MIME re-exported: the type plotly writes)


def setup_notebook() -> None:
    """Plotly figures are emitted as their JSON MIME bundle only: no require.js, no CDN. JupyterLab renders it
    with plotly's bundled extension; the book with the edition's own renderer."""
    pio.renderers.default = "plotly_mimetype"


def describe(fig: go.Figure, title: str, description: str) -> go.Figure:
    """Give a chart the title and text description a screen reader (and the book's caption) will use."""
    fig.update_layout(title={"text": title}, meta={"edition": {"title": title, "description": description}})
    return fig


class LeafletMap:
    """A folium map as an offline fragment for the book, and as a self-contained iframe for JupyterLab."""

    def __init__(self, fmap, title: str, description: str):
        self.fmap, self.title, self.description = fmap, title, description

    def fragment(self) -> dict:
        root = self.fmap.get_root()
        root.render()
        header = root.header.render()
        # Keep the map's own <style> rules; drop folium's CDN <script>/<link> tags (the book serves Leaflet itself).
        styles = "".join(re.findall(r"<style>.*?</style>", header, flags=re.S))
        body = root.html.render()
        # folium's templates indent every line for nothing; a template literal in it (a popup) is one line
        script = "\n".join(line.strip() for line in root.script.render().splitlines() if line.strip())
        return {"html": styles + body, "script": script, "title": self.title, "description": self.description}

    def iframe(self, frag: dict) -> str:
        """The map for JupyterLab: an iframe like folium's, but its document inlines Leaflet from node_modules (the
        files assets.NPM_ASSETS serves to the book; the wheel the book publishes carries the same files in
        edition_data/node_modules), so it draws with no network."""
        try:
            dist = find_root() / "node_modules" / "leaflet" / "dist"
        except FileNotFoundError:  # not inside the edition's repository
            dist = None
        if dist is None or not (dist / "leaflet.js").is_file():
            # No node_modules (no `npm ci`): folium's own iframe, whose Leaflet comes from CDNs (needs the network).
            return self.fmap._repr_html_()
        # The CSS's images (layer-control icon, marker) as data: URIs, so nothing is ever fetched. The maps draw
        # only CircleMarkers and GeoJSON; a default L.Marker would not find its icon this way.
        css = re.sub(r"url\((images/[\w.-]+\.png)\)", lambda m: "url(data:image/png;base64,"
                     + base64.b64encode((dist / m[1]).read_bytes()).decode() + ")",
                     (dist / "leaflet.css").read_text(encoding="utf-8"))
        # The legend's look (colour swatches, panel) comes from the book's stylesheet.
        book_css = (Path(__file__).parent / "sphinxext" / "static" / "edition.css").read_text(encoding="utf-8")
        css += "".join(re.findall(r"^\.edition-map-legend[^{]*\{[^}]*\}", book_css, flags=re.M))
        scripts = [(dist / "leaflet.js").read_text(encoding="utf-8"), frag["script"]]  # no jQuery (maps.Popup)
        # No source-map comments (a request if devtools are open); "</script" must not end an inline script.
        inline = "".join("<script>" + re.sub(r"//# sourceMappingURL=\S+", "", s).replace("</script", "<\\/script")
                         + "</script>" for s in scripts)
        doc = (f'<!DOCTYPE html><html><head><meta charset="utf-8"><style>{css}</style></head>'
               f"<body>{frag['html']}{inline}</body></html>")
        value, unit = self.fmap.height
        height = f"{value:g}px" if unit == "px" else "520px"
        return (f'<iframe title="{html.escape(self.title)}" srcdoc="{html.escape(doc)}" '
                f'style="width:100%;height:{height};border:none"></iframe>')

    def _repr_mimebundle_(self, include=None, exclude=None):
        frag = self.fragment()
        return {
            LEAFLET_MIME: frag,  # the book's renderer (sphinxext.mime.LeafletRenderer)
            "text/html": self.iframe(frag),  # JupyterLab, which has no renderer for LEAFLET_MIME
            "text/plain": f"Map: {self.title}",
        }
