"""Geodata and maps, tested without a browser: schemas, geometry validity, places where they should be, and
clear errors on malformed files."""

import json
import re
import shutil

import pytest
from shapely.geometry import Point, shape

from edition_utils import maps
from edition_utils.edition import load_edition
from edition_utils.errors import EditionDataError
from edition_utils.geo import REGION, load_layers, load_places


@pytest.fixture(scope="module")
def ed(root):
    return load_edition(root)


def test_every_geometry_is_valid_and_carries_its_provenance(ed):
    for f in ed.base + ed.layers:
        if f["geometry"] is not None:
            assert shape(f["geometry"]).is_valid
    ids = {f["properties"]["id"]: f for f in ed.layers}
    assert {"nar-present", "nar-assr-1924", "zangezur-1920", "sharur-daralayaz-1920", "karabakh-1920",
            "line-1920-08-10", "line-alexandropol-1920", "line-moscow-1921", "line-kars-1921",
            "border-turkey-nakhchivan"} <= set(ids)
    assert ids["line-1920-08-10"]["geometry"] is None and ids["line-1920-08-10"]["properties"]["certainty"] == "not-drawn"
    assert ids["nar-present"]["properties"]["certainty"] == "high"
    for f in ed.layers:
        p = f["properties"]
        assert p["geometry_source"] and p["note"] and p["date"]


def test_present_day_republic_is_where_nakhchivan_is(ed):
    nar = shape(next(f for f in ed.layers if f["properties"]["id"] == "nar-present")["geometry"])
    city = ed.places.set_index("place_id").loc["nakhchivan-city"]
    assert nar.contains(Point(city["lon"], city["lat"]))
    # 1:10m generalisation: about 4,800 km2 against the official 5,500 km2; a gross error would show here
    assert 0.45 < nar.area < 0.65  # square degrees at 39 N


def test_article_places_lie_in_the_region_and_none_is_guessed(ed):
    places = ed.places
    assert (places[places["precision"] == "unlocated"][["lat", "lon"]].isna().all()).all()
    article = places[places["passages"].map(lambda ps: any(p.startswith("nakhchivan-assr.") for p in ps))
                     & places["kind"].isin(["city", "village", "mountain"]) & (places["precision"] == "exact")]
    minx, miny, maxx, maxy = REGION
    outside = article[~(article["lon"].between(minx, maxx) & article["lat"].between(miny, maxy))]
    assert set(outside["place_id"]) <= {"baku", "erzurum", "trabzon", "sevres", "torkamanchay", "moscow", "tbilisi"}
    assert len(article) >= 10


def test_map_has_base_periods_places_legend_and_no_tiles_by_default(ed):
    link = ed.link_from("chapters/nakhchivan/maps")
    fmap = maps.nakhchivan_map(ed.base, ed.layers, ed.places, link)
    html = fmap.get_root().render()
    assert "tile.openstreetmap" not in html and "L.tileLayer" not in html
    for label in ("1920: the disputed districts", "1921: the Treaties of Moscow and Kars", "Today: the Nakhchivan"):
        assert label in html
    assert "edition-map-legend" in html and "Natural Earth (public domain)" in html
    legend = maps.legend_html(list(maps.PERIODS))
    assert legend.startswith("<details open><summary>") and legend.count('class="swatch"') == len(maps.PERIODS)
    # popups cite passages with links; each popup's HTML is a JSON string in the script (maps.Popup, no jQuery)
    popups = [json.loads(m) for m in re.findall(r"box\.innerHTML = (\"(?:[^\"\\]|\\.)*\");", html)]
    assert len(popups) >= 20 and any('href="nakhchivan-assr.html#nakhchivan-assr.59"' in p for p in popups)
    assert "$(" not in html  # (folium's own page template still links jQuery from a CDN; the book uses only the map's script)
    online = maps.nakhchivan_map(ed.base, ed.layers, ed.places, link, tiles=True).get_root().render()
    assert "L.tileLayer" in online and "OpenStreetMap contributors" in online


def test_text_alternative_lists_every_feature_and_unlocated_place(ed):
    text = maps.text_alternative(ed.layers, ed.places, ed.link_from("chapters/nakhchivan/maps"))
    for f in ed.layers:
        assert f["properties"]["name"].split(" (")[0].replace("'", "&#x27;") in text
    assert "Shahtakhty" in text


def _copy(tmp_path, root):
    shutil.copytree(root / "data" / "geo", tmp_path / "geo")
    return tmp_path / "geo"


def test_malformed_geojson_names_file_feature_and_field(tmp_path, root, ed):
    geo = _copy(tmp_path, root)
    doc = json.loads((geo / "nakhchivan.geojson").read_text())
    doc["features"][2]["properties"]["certainty"] = "certain"
    (geo / "nakhchivan.geojson").write_text(json.dumps(doc))
    with pytest.raises(EditionDataError) as info:
        load_layers(geo, {p.id for p in ed.passages})
    err = info.value
    assert err.file == "data/geo/nakhchivan.geojson" and "feature #3" in err.entry and err.field == "certainty"


def test_invalid_geometry_is_rejected(tmp_path, root, ed):
    geo = _copy(tmp_path, root)
    doc = json.loads((geo / "nakhchivan.geojson").read_text())
    doc["features"][0]["geometry"] = {"type": "Polygon", "coordinates": [[[45, 39], [46, 40], [46, 39], [45, 40], [45, 39]]]}
    (geo / "nakhchivan.geojson").write_text(json.dumps(doc))
    with pytest.raises(EditionDataError, match="invalid geometry") as info:
        load_layers(geo, {p.id for p in ed.passages})
    assert info.value.field == "geometry"


def test_malformed_place_row_is_named(tmp_path, root, ed):
    geo = _copy(tmp_path, root)
    text = (geo / "places.csv").read_text().splitlines()
    text[1] = text[1].replace(",exact,", ",guessed,", 1)
    (geo / "places.csv").write_text("\n".join(text) + "\n")
    with pytest.raises(EditionDataError) as info:
        load_places(geo, {p.id for p in ed.passages})
    assert info.value.entry.startswith("row 2") and info.value.field == "precision"


def test_geojson_rings_are_wound_as_rfc7946_asks(root):
    """RFC 7946 s3.1.6: every exterior ring counter-clockwise, every hole clockwise, in every file of data/geo."""
    from shapely.geometry.polygon import orient

    from edition_utils.geo import exterior_rings_ccw

    polygons = 0
    for path in sorted((root / "data/geo").glob("*.geojson")):
        for f in json.loads(path.read_text())["features"]:
            g = f["geometry"]
            if g and g["type"] in ("Polygon", "MultiPolygon"):
                polygons += len(g["coordinates"]) if g["type"] == "MultiPolygon" else 1
                assert exterior_rings_ccw(g), (path.name, f["properties"]["id"])
                # shapely agrees: orienting the shape counter-clockwise changes nothing
                s = shape(g)
                assert s.equals_exact(orient(s, 1.0) if s.geom_type == "Polygon" else s, 0)
    assert polygons >= 20


def test_clockwise_polygon_is_rejected_with_its_feature_named(tmp_path, root, ed):
    geo = _copy(tmp_path, root)
    doc = json.loads((geo / "nakhchivan.geojson").read_text())
    ring = doc["features"][0]["geometry"]["coordinates"][0]
    doc["features"][0]["geometry"]["coordinates"][0] = ring[::-1]
    (geo / "nakhchivan.geojson").write_text(json.dumps(doc))
    with pytest.raises(EditionDataError, match="RFC 7946") as info:
        load_layers(geo, {p.id for p in ed.passages})
    assert info.value.field == "geometry" and "feature #1" in info.value.entry


def test_base_map_labels_countries_rivers_and_main_towns(ed):
    labels = [f["properties"] for f in ed.base if f["properties"]["layer"] == "label"]
    names = {(p["kind"], p["name"]) for p in labels}
    assert {("country", "Armenia"), ("country", "Azerbaijan"), ("country", "Iran"), ("country", "Turkey"),
            ("river", "Aras"), ("town", "Yerevan"), ("town", "Naxçıvan"), ("town", "Tabriz")} <= names
    assert all(p["source"] for p in labels)
    minx, miny, maxx, maxy = REGION
    for f in ed.base:
        if f["properties"]["layer"] == "label":
            x, y = f["geometry"]["coordinates"]
            assert minx < x < maxx and miny < y < maxy


def test_popups_speak_plainly_first_and_stay_inside_the_map(ed):
    link = ed.link_from("chapters/nakhchivan/maps")
    assr = next(f["properties"] for f in ed.layers if f["properties"]["id"] == "nar-assr-1924")
    popup = maps.feature_popup(assr, link)
    plain, folded = popup.split("<details", 1)
    assert "How sure" in plain and "Fairly sure" in plain and "nakhchivan-assr.78" in plain
    assert "same geometry as nar-present" not in plain and "How this line was drawn" in folded
    assert "same geometry as nar-present" in folded
    html = maps.nakhchivan_map(ed.base, ed.layers, ed.places, link).get_root().render()
    assert '"autoPan": true' in html and '"keepInView": true' in html and '"maxHeight": 300' in html
    assert '"maxBounds"' in html and f"setMinZoom({maps.MIN_ZOOM})" in html and '"maxBoundsViscosity": 1.0' in html
    assert "edition-popup-open" in html and "layers.options.collapsed = true" in html  # phones: list collapsed
    assert html.count("edition-map-label-icon") == sum(f["properties"]["layer"] == "label" for f in ed.base)
    words = maps.text_alternative(ed.layers, ed.places, link)
    assert words.count("How this line was drawn") == len(ed.layers) and "?." not in words
