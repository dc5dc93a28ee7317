"""Folium maps of Nakhchivan's borders, 1920-1924 and today: plain functions from validated geodata to a
folium.Map (tested without a browser). The base is a vector layer from Natural Earth, so a map means something with
no network; online tiles are an option, attributed, and off by default."""

from __future__ import annotations

import html
from typing import Callable

import folium
import pandas as pd
from branca.element import Html, MacroElement, Template
from folium.template import Template as FoliumTemplate  # has folium's `tojavascript` filter
from shapely.geometry import mapping, shape

from .geo import PERIODS, REGION

Link = Callable[[str], str]
CERTAINTY_DASH = {"high": None, "medium": "8 6", "low": "2 6"}
CERTAINTY_TEXT = {"high": "high: taken from Natural Earth data for today's line",
                  "medium": "medium: approximate reconstruction",
                  "low": "low: rough reconstruction from a verbal description",
                  "not-drawn": "not drawn: its points could not be located"}
#: The same scale in a reader's words (popups and the "in words" section); the derivation is folded away.
CERTAINTY_PLAIN = {"high": "Sure: this is today's boundary as mapped by Natural Earth.",
                   "medium": "Fairly sure of the overall shape; the details are approximate.",
                   "low": "Rough: a reconstruction from a verbal description, to show roughly where, not exactly.",
                   "not-drawn": "Not drawn: the places that define it could not be found on any map we could use."}
DERIVATION_SUMMARY = "How this line was drawn"
PERIOD_COLOUR = {"1920": "#b2182b", "1920-12": "#e08214", "1921": "#2166ac", "1924": "#1b7837", "present": "#762a83"}
BASE_STYLE = {
    "country": {"color": "#9e9e9e", "weight": 1, "fillColor": "#f3efe6", "fillOpacity": 1.0},
    "border": {"color": "#6e6e6e", "weight": 1.2, "dashArray": "4 3"},
    "lake": {"color": "#6baed6", "weight": 1, "fillColor": "#c6dbef", "fillOpacity": 1.0},
    "river": {"color": "#4292c6", "weight": 2},
}
#: At zoom 8 the region (6.6 by 4 degrees) is wider and taller than any map frame of the book (520 px high).
MIN_ZOOM = 8
ATTRIBUTION_NE = "Base: Natural Earth (public domain). Places: GeoNames (CC BY 4.0)."


def _links(passages: list[str], link: Link) -> str:
    return ", ".join(f'<a href="{html.escape(link(p))}">{html.escape(p)}</a>' for p in passages) or "—"


def _sentence(text: str) -> str:
    text = html.escape(text.strip())
    return text if text.endswith((".", "?", "!")) else text + "."


def _in_text(passages: list[str], link: Link) -> str:
    return (f"<em>In the text</em>: {_links(passages, link)}" if passages
            else "<em>In the text</em>: not named in a passage (a reference layer)")


def derivation(props: dict) -> str:
    """The technical account (geometry source, evidence), folded behind a disclosure the reader may open."""
    return (f'<details class="edition-map-derivation"><summary>{DERIVATION_SUMMARY}</summary>'
            f"<p>{html.escape(props['geometry_source'])}.</p><p>{html.escape(props['note'])}</p></details>")


def feature_popup(props: dict, link: Link) -> str:
    """Plain language first (what, when, how sure, where the text says so); the derivation folded below."""
    return (
        f'<div class="edition-map-popup"><p><strong>{html.escape(props["name"])}</strong></p>'
        f"<p>{html.escape(props['date'])}: {_sentence(props['event'])}</p>"
        f"<p><em>How sure</em>: {html.escape(CERTAINTY_PLAIN[props['certainty']])}</p>"
        f"<p>{_in_text(props['passages'], link)}</p>"
        f"{derivation(props)}</div>"
    )


def place_popup(row, link: Link) -> str:
    alt = html.escape(row.names_alt.replace("|", ", ")) if row.names_alt else "—"
    where = {"exact": "the place itself", "approximate": "an approximate position",
             "region-centroid": "the centre of the region"}.get(row.precision, row.precision)
    return (f'<div class="edition-map-popup"><p><strong>{html.escape(row.name_en)}</strong> '
            f"(in the text: {html.escape(row.name_in_text)})</p>"
            f"<p><em>Other names</em>: {alt}</p><p><em>In the text</em>: {_links(row.passages, link)}</p>"
            f'<details class="edition-map-derivation"><summary>Where this point comes from</summary>'
            f"<p>Marks {where}: {html.escape(row.coord_source)}.</p></details></div>")


class ReaderBehaviour(MacroElement):
    """What keeps the map readable on any screen: a popup always opens inside the map and above the controls (the
    legend folds and the layer list collapses while it is open, and the controls go behind the map), and on a phone
    the layer list starts collapsed, so it does not cover a third of the map."""

    _template = Template("""
    {% macro script(this, kwargs) %}
    (function () {
        var map = {{ this._parent.get_name() }}, layers = {{ this.control.get_name() }};
        map.setMinZoom({{ this.min_zoom }});  // folium passes min_zoom to tile layers only, and there are none
        var phone = window.matchMedia("(max-width: 40rem)").matches;
        if (phone) {  // Leaflet reads "collapsed" when the control is added: add it again, collapsed
            layers.remove(); layers.options.collapsed = true; layers.addTo(map);
        }
        var box = map.getContainer();
        box.editionMap = map;  // folium's map variable is local to the page's script; tests and tools find it here
        map.on("popupopen", function (e) {
            box.classList.add("edition-popup-open");
            var legend = box.querySelector(".edition-map-legend details");
            if (legend) legend.open = false;
            if (layers.options.collapsed) layers.collapse();
            // the popup's own height limit follows the map's size (a phone's map is shorter than a screen's)
            e.popup.options.maxHeight = Math.max(160, box.clientHeight - 90);
            e.popup.options.maxWidth = Math.min(320, box.clientWidth - 50);
            e.popup.update();
            // opening "How this line was drawn" makes the popup taller: fit it again (scroll inside, pan to show)
            e.popup.getElement().querySelectorAll("details").forEach(function (d) {
                if (d.editionFitted) return;
                d.editionFitted = true;
                d.addEventListener("toggle", function () { if (e.popup.isOpen()) e.popup.update(); });
            });
        });
        map.on("popupclose", function () { box.classList.remove("edition-popup-open"); });
    })();
    {% endmacro %}
    """)

    def __init__(self, control: folium.LayerControl):
        super().__init__()
        self._name = "ReaderBehaviour"
        self.control = control
        self.min_zoom = MIN_ZOOM


#: Label styles inline (not in the book's CSS), so the labels look the same in JupyterLab's iframe.
LABEL_STYLE = {
    "country": "font: 600 13px/1.1 system-ui, sans-serif; letter-spacing: .12em; text-transform: uppercase; "
               "color: #5b5347; text-shadow: 0 0 3px #fff, 0 0 3px #fff",
    "river": "font: italic 12px/1.1 system-ui, sans-serif; color: #1f5f99; text-shadow: 0 0 3px #fff, 0 0 3px #fff",
    "town": "font: 12px/1.1 system-ui, sans-serif; color: #222; text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 2px #fff",
}


def add_labels(fmap: folium.Map, base: list[dict]) -> folium.FeatureGroup:
    """Names of countries, rivers and main towns (layer "label" of the base), as non-interactive text markers."""
    group = folium.FeatureGroup(name="Names of countries, rivers and towns", show=True, control=False)
    for f in base:
        p = f["properties"]
        if p["layer"] != "label":
            continue
        lon, lat = f["geometry"]["coordinates"]
        dot = ('<span aria-hidden="true" style="display:inline-block;width:5px;height:5px;border-radius:50%;'
               'background:#222;margin-right:3px;vertical-align:middle"></span>') if p["kind"] == "town" else ""
        anchor = (0, 6) if p["kind"] == "town" else (60, 8)
        text = (f'<span class="edition-map-label edition-map-label-{p["kind"]}" style="{LABEL_STYLE[p["kind"]]};'
                f'white-space:nowrap;pointer-events:none">{dot}{html.escape(p["name"])}</span>')
        folium.Marker([lat, lon], icon=folium.DivIcon(html=text, icon_size=(120, 16), icon_anchor=anchor,
                                                      class_name="edition-map-label-icon"),
                      interactive=False, keyboard=False).add_to(group)
    return group.add_to(fmap)


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
             f'stroke="currentColor" stroke-width="3" {f"stroke-dasharray={dash!r}" if dash else ""}/></svg> '
             f'{html.escape(CERTAINTY_TEXT[c])}</div>' for c, dash in CERTAINTY_DASH.items()]
    places = ('<div><svg width="34" height="12" aria-hidden="true"><circle cx="17" cy="6" r="5" fill="currentColor"/></svg> '
              'place located exactly; hollow: approximate or centre of a region</div>')
    return ('<details open><summary><strong>Legend</strong></summary>' + "".join(rows)
            + "<strong>Certainty of a line</strong>" + "".join(lines)
            + places + f"<small>{html.escape(ATTRIBUTION_NE)}</small></details>")


class Popup(folium.Popup):
    """folium's popup without jQuery: folium's template parses the content with `$(...)[0]`, which made every map
    page load jQuery (85 KB) for that alone. The content is parsed once by the browser into an element, as `$()` did
    (given a string, Leaflet would parse it again at every update and close a <details> the reader opened); the HTML
    is written with Jinja's tojson (a JSON string, `<`, `>`, `&`, `'` escaped), not inside a JS template literal."""

    _template = FoliumTemplate("""
        var {{ this.get_name() }} = L.popup({{ this.options|tojavascript }});
        {% for name, element in this.html._children.items() %}
            (function (box) {
                box.innerHTML = {{ element.render(**kwargs)|tojson }};
                {{ this.get_name() }}.setContent(box.firstElementChild);
            })(document.createElement("div"));
        {% endfor %}
        {{ this._parent.get_name() }}.bindPopup({{ this.get_name() }}){% if this.show %}.openPopup(){% endif %};
    """)


def popup(content: str) -> folium.Popup:
    """A popup that stays inside the map: it pans the map to fit with a margin (autoPan, keepInView), is no wider
    than a phone's map and scrolls when long (the limits are fitted to the map's size when it opens)."""
    # an Html element, not the string: folium would escape backticks for the template literal this Popup does not use
    return Popup(Html(content, script=True), max_width=320, max_height=300, auto_pan=True, keep_in_view=True,
                 auto_pan_padding=[12, 12])


#: Decimals of a degree kept in the GeoJSON a page embeds: 4 is about 11 m north-south (9 m east-west at 39° N). The
#: sources justify far less: Natural Earth is 1:10,000,000 data (0.1 mm on such a map is 1 km), the base is
#: simplified to about 300 m below, and every historic line is a reconstruction from a verbal description. A 5th
#: decimal (1 m) only made the map page heavier.
DECIMALS = 4


def _rounded(coords):
    """GeoJSON coordinates (nested lists of [lon, lat]) rounded to DECIMALS."""
    if isinstance(coords[0], (int, float)):
        return [round(c, DECIMALS) for c in coords]
    return [_rounded(c) for c in coords]


def _embedded(feature: dict, keep: tuple[str, ...] = ("id",)) -> dict:
    """The feature as the page embeds it: rounded coordinates and only the properties the map's script reads (the
    style's key "id", a tooltip's field). Everything a reader sees in a popup is already in the popup's HTML."""
    geom = mapping(feature["geometry"]) if hasattr(feature["geometry"], "geom_type") else feature["geometry"]
    props = {k: feature["properties"][k] for k in keep if k in feature["properties"]}
    return {"type": "Feature", "properties": props,
            "geometry": {"type": geom["type"], "coordinates": _rounded(geom["coordinates"])}}


def _lighter(feature: dict, tolerance: float = 0.003) -> dict:
    """The base drawn at regional scale does not need 1:10m detail: simplify (~300 m) to keep pages light."""
    geom = shape(feature["geometry"]).simplify(tolerance, preserve_topology=True)
    return _embedded({**feature, "geometry": geom}, keep=("id", "name"))


def nakhchivan_map(base: list[dict], layers: list[dict], places: pd.DataFrame, link: Link,
                   periods: list[str] | None = None, tiles: bool = False, height: int = 520) -> folium.Map:
    """One map with a layer per period (toggle them in the layer control), over the Natural Earth vector base."""
    periods = periods or list(PERIODS)
    minx, miny, maxx, maxy = REGION  # the base is clipped to this box: never show the grey beyond it
    fmap = folium.Map(location=[39.45, 45.6], zoom_start=8, tiles=None, height=height, control_scale=True,
                      attribution_control=True, max_bounds=True,
                      min_lat=miny, max_lat=maxy, min_lon=minx, max_lon=maxx, max_bounds_viscosity=1.0)
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
            folium.GeoJson(_embedded(f), name=p["id"], style_function=lambda _f, s=style: s,
                           tooltip=html.escape(p["name"]),
                           popup=popup(feature_popup(p, link))).add_to(group)
    located = places[places["precision"] != "unlocated"]
    in_view = located[(located["lon"].between(minx, maxx)) & (located["lat"].between(miny, maxy))
                      & located["kind"].isin(["city", "village", "site", "mountain"])]
    place_group = folium.FeatureGroup(name="Places named in the article", show=True).add_to(fmap)
    for row in in_view.itertuples():
        exact = row.precision == "exact"
        folium.CircleMarker([row.lat, row.lon], radius=5 if exact else 6, weight=2, color="#222222",
                            fill=exact, fill_color="#222222", fill_opacity=0.9 if exact else 0,
                            tooltip=html.escape(row.name_en),
                            popup=popup(place_popup(row, link))).add_to(place_group)
    add_labels(fmap, base)
    fmap.add_child(Legend(legend_html(periods)))
    control = folium.LayerControl(collapsed=False).add_to(fmap)
    fmap.add_child(ReaderBehaviour(control))
    fmap.fit_bounds([[38.35, 44.0], [40.45, 46.9]])  # Nakhchivan with Yerevan, Lake Sevan and the Aras valley
    return fmap


def text_alternative(layers: list[dict], places: pd.DataFrame, link: Link, periods: list[str] | None = None) -> str:
    """What the map shows, as an HTML list: every feature in plain words (date, what happened, how sure, passages),
    each with its derivation folded behind "How this line was drawn"."""
    periods = periods or list(PERIODS)
    out = []
    for period in periods:
        items = [f["properties"] for f in layers if f["properties"]["period"] == period]
        if not items:
            continue
        lis = "".join(
            f"<li><strong>{html.escape(p['name'])}</strong> ({html.escape(p['date'])}): {_sentence(p['event'])} "
            f"{html.escape(CERTAINTY_PLAIN[p['certainty']])} {_in_text(p['passages'], link)}."
            f"{derivation(p)}</li>"
            for p in items)
        out.append(f"<p><strong>{html.escape(PERIODS[period])}</strong></p><ul>{lis}</ul>")
    unlocated = places[places["precision"] == "unlocated"]
    if len(unlocated):
        names = ", ".join(html.escape(n) for n in unlocated["name_in_text"])
        out.append(f"<p>Places named in the text that no gazetteer package could locate (not drawn, not guessed): {names}.</p>")
    return '<div class="edition-map-alt">' + "".join(out) + "</div>"
