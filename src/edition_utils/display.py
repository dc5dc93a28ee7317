"""Notebook-side display helpers. A chapter cell calls these; the output carries a MIME type that the book's
renderer understands (offline, assets served locally) *and* a standard fallback that JupyterLab shows."""

from __future__ import annotations

import html
import re

import plotly.graph_objects as go
import plotly.io as pio

LEAFLET_MIME = "application/vnd.edition.leaflet+json"
PLOTLY_MIME = "application/vnd.plotly.v1+json"


def setup_notebook() -> None:
    """Plotly figures are emitted as their JSON MIME bundle only: no require.js, no CDN. JupyterLab renders it
    with plotly's bundled extension; the book with the edition's own renderer."""
    pio.renderers.default = "plotly_mimetype"


def describe(fig: go.Figure, title: str, description: str) -> go.Figure:
    """Give a chart the title and text description a screen reader (and the book's caption) will use."""
    fig.update_layout(title={"text": title}, meta={"edition": {"title": title, "description": description}})
    return fig


class LeafletMap:
    """A folium map as an offline fragment for the book, with folium's own iframe for JupyterLab."""

    def __init__(self, fmap, title: str, description: str):
        self.fmap, self.title, self.description = fmap, title, description

    def fragment(self) -> dict:
        root = self.fmap.get_root()
        root.render()
        header = root.header.render()
        # Keep the map's own <style> rules; drop folium's CDN <script>/<link> tags (the book serves Leaflet itself).
        styles = "".join(re.findall(r"<style>.*?</style>", header, flags=re.S))
        body = root.html.render()
        script = root.script.render()
        return {"html": styles + body, "script": script, "title": self.title, "description": self.description}

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {
            LEAFLET_MIME: self.fragment(),
            "text/html": self.fmap._repr_html_(),
            "text/plain": f"Map: {self.title}",
        }


def text_alternative(title: str, rows: list[str]) -> str:
    """A plain HTML list used as the text alternative under a map or chart."""
    items = "".join(f"<li>{html.escape(r)}</li>" for r in rows)
    return f"<p><strong>{html.escape(title)}</strong></p><ul>{items}</ul>"
