"""myst-nb MIME renderer plug-ins (entry point group ``myst_nb.mime_renderers``): plotly figures and Leaflet
maps become edition nodes, so no output is dropped as an "unknown mime type" and no CDN script is emitted."""

from __future__ import annotations

import hashlib
import json
import re

from ..schema import LEAFLET_MIME as LEAFLET, PLOTLY_MIME as PLOTLY
from . import nodes as en


def _uid(prefix: str, data) -> str:
    text = data.content if isinstance(data.content, str) else json.dumps(data.content, sort_keys=True)
    digest = hashlib.sha1(f"{data.cell_index}:{data.output_index}:{text}".encode()).hexdigest()[:10]
    return f"{prefix}-{digest}"


def _content(data) -> dict:
    return data.content if isinstance(data.content, dict) else json.loads(data.string)


class PlotlyRenderer:
    mime_priority_overrides = [("html", PLOTLY, 5), ("dirhtml", PLOTLY, 5), ("singlehtml", PLOTLY, 5)]

    @staticmethod
    def handle_mime(renderer, data, inline):
        if data.mime_type != PLOTLY or inline:
            return None
        fig = _content(data)
        meta = ((fig.get("layout") or {}).get("meta") or {}).get("edition", {})
        types = sorted({t.get("type", "scatter") for t in fig.get("data", [])})
        return [en.plotly_chart(uid=_uid("chart", data), figure=fig, title=meta.get("title", ""),
                                description=meta.get("description", ""), trace_types=types)]


class LeafletRenderer:
    mime_priority_overrides = [("html", LEAFLET, 4), ("dirhtml", LEAFLET, 4), ("singlehtml", LEAFLET, 4)]

    @staticmethod
    def handle_mime(renderer, data, inline):
        if data.mime_type != LEAFLET or inline:
            return None
        frag = _content(data)
        # folium's <style> rules belong in <head> (HTML allows no <style> in <body>): the page adds them there.
        styles = "".join(re.findall(r"<style>.*?</style>", frag["html"], flags=re.S))
        body = re.sub(r"<style>.*?</style>", "", frag["html"], flags=re.S)
        return [en.leaflet_map(uid=_uid("map", data), html=body, styles=styles, script=frag["script"],
                               title=frag.get("title", ""), description=frag.get("description", ""))]
