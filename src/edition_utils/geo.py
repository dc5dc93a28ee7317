"""The geodata (data/geo/): gazetteer rows and GeoJSON layers, validated (schema and geometry) with errors that
name the file, the feature or row, and the field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from shapely.geometry import shape
from shapely.validation import explain_validity

from .errors import EditionDataError
from .schema import Id, PartialDate, Strict, Text, validated
from .tables import read_rows

if TYPE_CHECKING:
    import pandas as pd

Certainty = Literal["high", "medium", "low", "not-drawn"]
PERIODS = {
    "1920": "1920: the disputed districts and the 10 August line",
    "1920-12": "December 1920: the Treaty of Alexandropol",
    "1921": "1921: the Treaties of Moscow and Kars",
    "1924": "1924: the Nakhchivan ASSR",
    "present": "Today: the Nakhchivan Autonomous Republic",
}
#: Nakhchivan and its neighbourhood (lon/lat), the area every Nakhchivan-article place must fall in.
REGION = (42.0, 37.8, 48.6, 41.8)


class PlaceRow(Strict):
    place_id: Id
    name_in_text: Text
    name_en: Text
    names_alt: str
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    precision: Literal["exact", "approximate", "region-centroid", "unlocated"]
    kind: Literal["city", "village", "region", "river", "lake", "mountain", "country", "site"]
    coord_source: Text
    passages: str
    note: str

    @model_validator(mode="before")
    @classmethod
    def _blank_coordinates(cls, data):
        for key in ("lat", "lon"):
            if isinstance(data, dict) and data.get(key) == "":
                data[key] = None
        return data

    @model_validator(mode="after")
    def _located(self):
        if self.precision == "unlocated" and (self.lat is not None or self.lon is not None):
            raise ValueError("an unlocated place has no coordinates (we do not guess)")
        if self.precision != "unlocated" and (self.lat is None or self.lon is None):
            raise ValueError("lat and lon are required unless precision is 'unlocated'")
        return self


class FeatureProps(Strict):
    id: Id
    name: Text
    kind: Literal["area", "line", "point"]
    period: Literal[tuple(PERIODS)]  # type: ignore[valid-type]
    date: PartialDate
    event: Text
    passages: list[str]
    geometry_source: Text
    certainty: Certainty
    note: Text


class BaseProps(BaseModel):
    model_config = ConfigDict(extra="allow")
    layer: Literal["country", "border", "lake", "river", "label"]
    kind: Literal["country", "river", "town"] | None = None  # what a label names
    name: str | None = None
    source: Text

    @model_validator(mode="after")
    def _label(self):
        if (self.layer == "label") != (self.kind is not None) or (self.layer == "label" and not self.name):
            raise ValueError("a label (and only a label) has a kind and a name")
        return self


def exterior_rings_ccw(geometry: dict | None) -> bool:
    """RFC 7946 s3.1.6: exterior rings counter-clockwise, holes clockwise (shoelace sign on the raw coordinates)."""
    if geometry is None or geometry["type"] not in ("Polygon", "MultiPolygon"):
        return True
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]

    def signed_area(ring):
        return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:]))

    return all(signed_area(rings[0]) > 0 and all(signed_area(r) < 0 for r in rings[1:]) for rings in polygons)


def _features(path: Path, shown: str) -> list[dict]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise EditionDataError(shown, None, None, f"not readable GeoJSON: {exc}") from None
    if doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        raise EditionDataError(shown, None, "type", "must be a GeoJSON FeatureCollection")
    return doc["features"]


def _check_geometry(feature: dict, shown: str, label: str, allow_null: bool) -> None:
    geom = feature.get("geometry")
    if geom is None:
        if not allow_null:
            raise EditionDataError(shown, label, "geometry", "missing geometry")
        return
    try:
        g = shape(geom)
    except Exception as exc:  # shapely raises several types for malformed coordinates
        raise EditionDataError(shown, label, "geometry", f"not a valid GeoJSON geometry: {exc}") from None
    if g.is_empty or not g.is_valid:
        raise EditionDataError(shown, label, "geometry", f"invalid geometry: {explain_validity(g)}")
    if not exterior_rings_ccw(geom):
        raise EditionDataError(shown, label, "geometry", "rings wound against RFC 7946 (exterior counter-clockwise, "
                               "holes clockwise): re-derive with scripts/derive_geodata.py")
    minx, miny, maxx, maxy = g.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise EditionDataError(shown, label, "geometry", "coordinates are not [longitude, latitude] in degrees")


def load_layers(geo: Path, passage_ids: set[str]) -> list[dict]:
    shown = "data/geo/nakhchivan.geojson"
    features = _features(geo / "nakhchivan.geojson", shown)
    seen = set()
    for i, f in enumerate(features, start=1):
        props = f.get("properties") or {}
        label = f"feature #{i}" + (f" ({props.get('id')})" if props.get("id") else "")
        p = validated(FeatureProps, props, shown, label)
        if p.id in seen:
            raise EditionDataError(shown, label, "id", "duplicate id")
        seen.add(p.id)
        for pid in p.passages:
            if pid not in passage_ids:
                raise EditionDataError(shown, label, "passages", f"unknown passage ID {pid!r}")
        if (f.get("geometry") is None) != (p.certainty == "not-drawn"):
            raise EditionDataError(shown, label, "certainty",
                                   "a feature has no geometry exactly when its certainty is 'not-drawn'")
        _check_geometry(f, shown, label, allow_null=True)
    return features


def load_base(geo: Path) -> list[dict]:
    shown = "data/geo/base.geojson"
    features = _features(geo / "base.geojson", shown)
    for i, f in enumerate(features, start=1):
        label = f"feature #{i}"
        validated(BaseProps, f.get("properties") or {}, shown, label)
        _check_geometry(f, shown, label, allow_null=False)
    return features


def place_rows(geo: Path, passage_ids: set[str]) -> list[dict]:
    shown = "data/geo/places.csv"
    rows = read_rows(geo / "places.csv", PlaceRow, shown, key="place_id")
    seen = set()
    for i, r in enumerate(rows, start=2):
        label = f"row {i} ({r.place_id})"
        if r.place_id in seen:
            raise EditionDataError(shown, label, "place_id", "duplicate place_id")
        seen.add(r.place_id)
        for pid in [x for x in r.passages.split(";") if x]:
            if pid not in passage_ids:
                raise EditionDataError(shown, label, "passages", f"unknown passage ID {pid!r}")
    return [{**r.model_dump(), "passages": [x for x in r.passages.split(";") if x]} for r in rows]


def load_places(geo: Path, passage_ids: set[str]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(place_rows(geo, passage_ids))
