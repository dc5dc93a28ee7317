"""Notebooks that run outside the repository: the wheel the book publishes (the package with the validated data its
notebooks read) and the first cell of each downloaded .ipynb (which installs that wheel when the package is missing).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .paths import WHEEL

#: What the wheel carries besides the code: the edition's inputs, as a clone of the repository holds them, and the
#: front-end files a map in JupyterLab inlines (display.LeafletMap.iframe), with their licences.
DATA = ["seeds", "data", "CITATION.cff"]
VENDOR = {"leaflet": ["dist/leaflet.js", "dist/leaflet.css", "dist/images", "LICENSE"]}


def _copy(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    if src.is_dir():
        shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    else:
        shutil.copy2(src, dst)


def build_wheel(root: Path, out_dir: Path) -> Path:
    """Pack src/edition_utils with root's seeds/, data/ and Leaflet into out_dir/<wheel>; return its path.

    The package is copied into a scratch folder first, so the clone's own (editable) package never carries the data.
    It is built with the setuptools installed by make book (the `book` extra): nothing is downloaded."""
    with tempfile.TemporaryDirectory(prefix="edition-wheel-") as tmp:
        stage = Path(tmp)
        shutil.copy2(root / "pyproject.toml", stage / "pyproject.toml")
        package = stage / "src" / "edition_utils"
        _copy(root / "src" / "edition_utils", package)
        shutil.rmtree(package / "edition_data", ignore_errors=True)
        for name in DATA:
            _copy(root / name, package / "edition_data" / name)
        for npm, items in VENDOR.items():
            for item in items:
                _copy(root / "node_modules" / npm / item, package / "edition_data" / "node_modules" / npm / item)
        out_dir.mkdir(parents=True, exist_ok=True)
        # setuptools' PEP 517 hook, as pip would call it, without pip's start-up and index checks.
        proc = subprocess.run([sys.executable, "-c", "import sys; from setuptools import build_meta; "
                               "build_meta.build_wheel(sys.argv[1])", str(stage / "dist")],
                              cwd=stage, capture_output=True, text=True)
        if proc.returncode:
            raise RuntimeError(f"could not pack the edition's wheel:\n{proc.stdout}{proc.stderr}")
        built = stage / "dist" / Path(WHEEL).name
        target = out_dir / built.name
        shutil.copy2(built, target)
    return target


INSTALL_CELL = '''\
# Set-up for a copy of this notebook downloaded from the edition's site. The charts and maps need the edition's
# Python package, which carries the validated data they are drawn from. If it is missing, this cell installs it
# from the edition's site (needs the network, once). In a clone of the repository (`make lab`) it does nothing.
import importlib
import importlib.util
import os

SITE = os.environ.get("EDITION_SITE_URL") or {site!r}  # the edition's web address
WHEEL = {wheel!r}
if importlib.util.find_spec("edition_utils") is not None:
    print("The edition's package (edition_utils) is installed: nothing to install.")
elif not SITE:
    raise RuntimeError(
        "This notebook needs the edition's package, edition_utils. Download " + WHEEL.rsplit("/", 1)[-1]
        + " from the edition's site (" + WHEEL + ") and run: %pip install <that file>; or set EDITION_SITE_URL "
        "to the edition's web address and run this cell again.")
else:
    print("Installing the edition's package and its dependencies from " + SITE + WHEEL + " ...")
    %pip install --quiet {{SITE + WHEEL}}
    importlib.invalidate_caches()  # so that this running kernel sees the packages just installed
    print("Installed. The next cells load the edition's data from the package.")
'''


def install_cell(site: str) -> str:
    """The source of the first cell of a downloaded notebook, for a site published at `site` ("" if unknown)."""
    return INSTALL_CELL.format(site=site, wheel=WHEEL)


def downloadable_notebook(source: Path, site: str):
    """The MyST notebook chapter `source` as an nbformat notebook (jupytext) that opens with install_cell(site)."""
    import jupytext
    from nbformat.v4 import new_code_cell

    nb = jupytext.read(source)
    cell = new_code_cell(install_cell(site))
    cell.metadata["tags"] = ["edition-install"]
    nb.cells.insert(0, cell)
    for n, each in enumerate(nb.cells):  # stable ids (jupytext draws random ones): an unchanged chapter, same file
        each.id = f"cell-{n}"
    return nb


def launch_options(config: dict) -> dict:
    """sphinx-book-theme options for the launch buttons, from _config.yml (its `repository` and `launch_buttons`):
    none at all while repository.url is empty (the theme would fail, and a button must lead somewhere).

    Jupyter Book drops both sections when sphinx.config sets html_theme_options (as ours does), so the extension
    passes them on itself."""
    repo = config.get("repository") or {}
    url = (repo.get("url") or "").strip()
    if not url:
        return {"launch_buttons": {}}
    options = {"repository_url": url, "launch_buttons": dict(config.get("launch_buttons") or {})}
    for key, theme_key in (("branch", "repository_branch"), ("path_to_book", "path_to_docs")):
        if repo.get(key):
            options[theme_key] = repo[key]
    return options
