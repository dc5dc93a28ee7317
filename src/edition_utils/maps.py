"""Folium maps of Nakhchivan's borders, 1920-1924 and today: plain functions from validated geodata to a
folium.Map (tested without a browser). The base is a vector layer from Natural Earth, so a map means something with
no network; online tiles are an option, attributed, and off by default."""

from __future__ import annotations

import html
from typing import Callable

import folium
import pandas as pd
from branca.element import MacroElement, Template
from shapely.geometry import mapping, shape

from .geo import PERIODS

Link = Callable[[str], str]
CERTAINTY_DASH = {"high": None, "medium": "8 6", "low": "2 6"}
CERTAINTY_TEXT = {"high": "high: taken from Natural Earth data for today's line",
                  "medium": "medium: approximate reconstruction",
                  "low": "low: rough reconstruction from a verbal description",
                  "not-drawn": "not drawn: its points could not be located"}
PERIOD_COLOUR = {"1920": "#b2182b", "1920-12": "#e08214", "1921": "#2166ac", "1924": "#1b7837", "present": "#762a83"}
BASE_STYLE = {
    "country": {"color": "#9e9e9e", "weight": 1, "fillColor": "#f3efe6", "fillOpacity": 1.0},
    "border": {"color": "#6e6e6e", "weight": 1.2, "dashArray": "4 3"},
    "lake": {"color": "#6baed6", "weight": 1, "fillColor": "#c6dbef", "fillOpacity": 1.0},
    "river": {"color": "#4292c6", "weight": 2},
}
ATTRIBUTION_NE = "Base: Natural Earth (public domain). Places: GeoNames (CC BY 4.0)."


def _links(passages: list[str], link: Link) -> str:
    return ", ".join(f'<a href="{html.escape(link(p))}">{html.escape(p)}</a>' for p in passages) or "—"


def feature_popup(props: dict, link: Link) -> str:
    return (
        f"<strong>{html.escape(props['name'])}</strong><br>"
        f"{html.escape(props['date'])}: {html.escape(props['event'])}<br>"
        f"<em>Certainty</em>: {html.escape(CERTAINTY_TEXT[props['certainty']])}<br>"
        f"<em>Geometry</em>: {html.escape(props['geometry_source'])}<br>"
        f"<em>Passages</em>: {_links(props['passages'], link)}<br>"
        f"<small>{html.escape(props['note'])}</small>"
    )


def place_popup(row, link: Link) -> str:
    alt = html.escape(row.names_alt.replace("|", ", ")) if row.names_alt else "—"
    return (f"<strong>{html.escape(row.name_en)}</strong> (in the text: {html.escape(row.name_in_text)})<br>"
            f"<em>Other names</em>: {alt}<br><em>Position</em>: {row.precision}; {html.escape(row.coord_source)}<br>"
            f"<em>Passages</em>: {_links(row.passages, link)}")


class Legend(MacroElement):
    """A Leaflet control listing the periods' colours and the certainty line styles, folded (a <details>) so that
    it can be put away where it covers the map; closed from the start on narrow screens."""

    _template = Template("""
    {% macro script(this, kwargs) %}
    var {{ this.get_name() }} = L.control({position: "bottomleft"});
    {{ this.get_name() }}.onAdd = function () {
        var div = L.DomUtil.create("div", "edition-map-legend");
        div.innerHTML = {{ this.html|tojson }};
        if (window.matchMedia("(max-width: 40rem)").matches) div.querySelector("details").open = false;
        // Clicks and scrolls in the legend are the reader's, not the map's.
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.disableScrollPropagation(div);
        return div;
    };
    {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
    {% endmacro %}
    """)

    def __init__(self, html_text: str):
        super().__init__()
        self._name = "Legend"
        self.html = html_text


def legend_html(periods: list[str]) -> str:
    rows = [f'<div><span class="swatch" style="background:{PERIOD_COLOUR[p]}"></span>{html.escape(PERIODS[p])}</div>'
            for p in periods]
    lines = [f'<div><svg width="34" height="8" aria-hidden="true"><line x1="0" y1="4" x2="34" y2="4" '
             f'stroke="#333" stroke-width="3" {f"stroke-dasharray={dash!r}" if dash else ""}/></svg> '
             f'{html.escape(CERTAINTY_TEXT[c])}</div>' for c, dash in CERTAINTY_DASH.items()]
    places = ('<div><svg width="34" height="12" aria-hidden="true"><circle cx="17" cy="6" r="5" fill="#333"/></svg> '
              'place located exactly; hollow: approximate or centre of a region</div>')
    return ('<details open><summary><strong>Legend</strong></summary>' + "".join(rows)
            + "<strong>Certainty of a line</strong>" + "".join(lines)
            + places + f"<small>{html.escape(ATTRIBUTION_NE)}</small></details>")


def _lighter(feature: dict, tolerance: float = 0.003) -> dict:
    """The base drawn at regional scale does not need 1:10m detail: simplify (~300 m) to keep pages light."""
    geom = shape(feature["geometry"]).simplify(tolerance, preserve_topology=True)
    return {**feature, "geometry": mapping(geom)}


def nakhchivan_map(base: list[dict], layers: list[dict], places: pd.DataFrame, link: Link,
                   periods: list[str] | None = None, tiles: bool = False, height: int = 520) -> folium.Map:
    """One map with a layer per period (toggle them in the layer control), over the Natural Earth vector base."""
    periods = periods or list(PERIODS)
    fmap = folium.Map(location=[39.45, 45.6], zoom_start=8, tiles=None, height=height, control_scale=True,
                      attribution_control=True)
    if tiles:  # online only, never drawn unless the reader chooses it
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap tiles (online only)", show=False,
                         attr="&copy; OpenStreetMap contributors").add_to(fmap)
    base_group = folium.FeatureGroup(name="Base map: Natural Earth (offline)", control=False).add_to(fmap)
    for layer in ("country", "lake", "river", "border"):
        feats = [_lighter(f) for f in base if f["properties"]["layer"] == layer]
        if feats:
            folium.GeoJson({"type": "FeatureCollection", "features": feats}, name=layer,
                           style_function=lambda _f, s=BASE_STYLE[layer]: s,
                           tooltip=folium.GeoJsonTooltip(["name"], labels=False) if layer in ("country", "lake", "river") else None,
                           ).add_to(base_group)
    for period in sorted(periods, key=lambda p: p != "present"):  # today's line underneath the historic ones
        group = folium.FeatureGroup(name=PERIODS[period], show=period in ("1921", "present")).add_to(fmap)
        colour = PERIOD_COLOUR[period]
        for f in layers:
            p = f["properties"]
            if p["period"] != period or f["geometry"] is None:
                continue
            dash = CERTAINTY_DASH.get(p["certainty"])
            style = {"color": colour, "weight": 3 if p["kind"] == "line" else 2, "dashArray": dash,
                     "fillColor": colour, "fillOpacity": 0.12 if p["kind"] == "area" else 0}
            folium.GeoJson(f, name=p["id"], style_function=lambda _f, s=style: s,
                           tooltip=html.escape(p["name"]),
                           popup=folium.Popup(feature_popup(p, link), max_width=360)).add_to(group)
    located = places[places["precision"] != "unlocated"]
    in_view = located[(located["lon"].between(42.0, 48.6)) & (located["lat"].between(37.8, 41.8))
                      & located["kind"].isin(["city", "village", "site", "mountain"])]
    place_group = folium.FeatureGroup(name="Places named in the article", show=True).add_to(fmap)
    for row in in_view.itertuples():
        exact = row.precision == "exact"
        folium.CircleMarker([row.lat, row.lon], radius=5 if exact else 6, weight=2, color="#222222",
                            fill=exact, fill_color="#222222", fill_opacity=0.9 if exact else 0,
                            tooltip=html.escape(row.name_en),
                            popup=folium.Popup(place_popup(row, link), max_width=320)).add_to(place_group)
    fmap.add_child(Legend(legend_html(periods)))
    folium.LayerControl(collapsed=False).add_to(fmap)
    fmap.fit_bounds([[38.35, 44.0], [40.45, 46.9]])  # Nakhchivan with Yerevan, Lake Sevan and the Aras valley
    return fmap


def text_alternative(layers: list[dict], places: pd.DataFrame, link: Link, periods: list[str] | None = None) -> str:
    """What the map shows, as an HTML list: every feature with its date, certainty and derivation."""
    periods = periods or list(PERIODS)
    out = []
    for period in periods:
        items = [f["properties"] for f in layers if f["properties"]["period"] == period]
        if not items:
            continue
        lis = "".join(
            f"<li><strong>{html.escape(p['name'])}</strong> ({html.escape(p['date'])}; certainty "
            f"{html.escape(p['certainty'])}): {html.escape(p['geometry_source'])}. Passages: {_links(p['passages'], link)}</li>"
            for p in items)
        out.append(f"<p><strong>{html.escape(PERIODS[period])}</strong></p><ul>{lis}</ul>")
    unlocated = places[places["precision"] == "unlocated"]
    if len(unlocated):
        names = ", ".join(html.escape(n) for n in unlocated["name_in_text"])
        out.append(f"<p>Places named in the text that no gazetteer package could locate (not drawn, not guessed): {names}.</p>")
    return '<div class="edition-map-alt">' + "".join(out) + "</div>"
