"""Front-end assets the book serves itself: plotly.js from the installed plotly package (PyPI), Leaflet and jQuery
from node_modules (npm). Nothing is committed and nothing is fetched from a CDN."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from .errors import EditionDataError

NPM_ASSETS = {
    # target folder under _static/vendor -> (npm package, files or folders inside it)
    "leaflet": ("leaflet", ["dist/leaflet.js", "dist/leaflet.css", "dist/images"]),
    "jquery": ("jquery", ["dist/jquery.min.js"]),
    "plotly-basic": ("plotly.js-basic-dist-min", ["plotly-basic.min.js"]),
    "floating-ui": ("@floating-ui", ["core/dist/floating-ui.core.umd.min.js", "dom/dist/floating-ui.dom.umd.min.js"]),
}
PLOTLY_JS = "vendor/plotly/plotly.min.js"
#: plotly.js's official partial bundle (same version, from npm): a quarter of the size, so a page whose charts use
#: only these trace types draws in well under a second; any other trace type gets the full bundle.
PLOTLY_BASIC_JS = "vendor/plotly-basic/plotly-basic.min.js"
PLOTLY_BASIC_TYPES = frozenset({"scatter", "bar", "pie"})
LEAFLET_JS = ["vendor/jquery/jquery.min.js", "vendor/leaflet/leaflet.js"]
LEAFLET_CSS = ["vendor/leaflet/leaflet.css"]
#: Floating UI keeps a note's popover inside the window (flip, shift, size); dom needs core loaded first.
FLOATING_UI_JS = ["vendor/floating-ui/floating-ui.core.umd.min.js", "vendor/floating-ui/floating-ui.dom.umd.min.js"]


def plotly_js_source() -> Path:
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def bundle_version(path: Path) -> str:
    """The plotly.js version named in a bundle's licence header, e.g. '4.1.1'."""
    head = path.read_text(encoding="utf-8", errors="replace")[:400]
    match = re.search(r"plotly\.js(?: \([^)]*\))? v(\d+\.\d+\.\d+)", head)
    return match.group(1) if match else ""


def _same(src: Path, dst: Path) -> bool:
    return dst.exists() and src.stat().st_size == dst.stat().st_size and src.stat().st_mtime <= dst.stat().st_mtime


def _copy(src: Path, dst: Path) -> None:
    if src.is_dir():
        for f in src.rglob("*"):
            if f.is_file():
                _copy(f, dst / f.relative_to(src))
    elif not _same(src, dst):  # unchanged assets are not copied again (keeps no-change rebuilds fast)
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dst)


def stage_vendor(root: Path, target: Path) -> Path:
    """Copy the assets into target/vendor/...; fail clearly if npm packages are not installed."""
    vendor = target / "vendor"
    for name, (package, items) in NPM_ASSETS.items():
        base = root / "node_modules" / package
        if not base.is_dir():
            raise EditionDataError("package.json", package, None,
                                   "npm package not installed; run `npm ci` (make book does this)")
        for item in items:
            _copy(base / item, vendor / name / Path(item).name)
    _copy(plotly_js_source(), target / PLOTLY_JS)
    full, basic = bundle_version(target / PLOTLY_JS), bundle_version(target / PLOTLY_BASIC_JS)
    if full != basic:
        raise EditionDataError("package.json", "plotly.js-basic-dist-min", "version",
                               f"is {basic}, but the plotly package's plotly.js is {full}: pin the same version")
    return vendor
