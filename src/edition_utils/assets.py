"""Front-end assets the book serves itself: plotly.js from the installed plotly package (PyPI), Leaflet and jQuery
from node_modules (npm). Nothing is committed and nothing is fetched from a CDN."""

from __future__ import annotations

import shutil
from pathlib import Path

from .errors import EditionDataError

NPM_ASSETS = {
    # target folder under _static/vendor -> (npm package, files or folders inside it)
    "leaflet": ("leaflet", ["dist/leaflet.js", "dist/leaflet.css", "dist/images"]),
    "jquery": ("jquery", ["dist/jquery.min.js"]),
}
PLOTLY_JS = "vendor/plotly/plotly.min.js"
LEAFLET_JS = ["vendor/jquery/jquery.min.js", "vendor/leaflet/leaflet.js"]
LEAFLET_CSS = ["vendor/leaflet/leaflet.css"]


def plotly_js_source() -> Path:
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def stage_vendor(root: Path, target: Path) -> Path:
    """Copy the assets into target/vendor/...; fail clearly if npm packages are not installed."""
    vendor = target / "vendor"
    shutil.rmtree(vendor, ignore_errors=True)
    for name, (package, items) in NPM_ASSETS.items():
        base = root / "node_modules" / package
        if not base.is_dir():
            raise EditionDataError("package.json", package, None,
                                   "npm package not installed; run `npm ci` (make book does this)")
        for item in items:
            src = base / item
            dst = vendor / name / Path(item).name
            dst.parent.mkdir(parents=True, exist_ok=True)
            (shutil.copytree if src.is_dir() else shutil.copy2)(src, dst)
    dst = target / PLOTLY_JS
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(plotly_js_source(), dst)
    return vendor
