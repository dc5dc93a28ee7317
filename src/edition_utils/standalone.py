"""Notebooks that run outside the repository: the wheel the book publishes (the package with the validated data its
notebooks read) and the first cell of each downloaded .ipynb (which installs that wheel when the package is missing).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .paths import WHEEL, WHEEL_BUILD, files_digest

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


def _is_data(rel: str) -> bool:
    """Whether a file of the package (path relative to it) is the edition's data, not code or Leaflet."""
    return rel.startswith("edition_data/") and not rel.startswith("edition_data/node_modules/")


class WheelPacking:
    """The wheel being packed: src/edition_utils with root's seeds/, data/ and Leaflet, copied into a scratch
    folder at once (so the clone's own, editable package never carries the data, and later edits do not enter this
    wheel), then packed there in a process of its own; wait(out_dir) puts it there and returns its path.

    setuptools builds it (its PEP 517 hook, as pip would call it; the setuptools make book installs, nothing
    downloaded) whenever the code, Leaflet, pyproject.toml or setuptools changed since the wheel kept in `cache`;
    otherwise only the data changed (an edited note), and the kept wheel is repacked with the new data and its
    RECORD made again (_repack: the same files and bytes as setuptools would give, tested), which takes a tenth of
    the time. Started early by a build (sphinxext/outputs.py), it packs while the build does everything else; no
    thread is involved, so the build may fork meanwhile."""

    def __init__(self, root: Path, cache: Path | None = None):
        from importlib.metadata import version

        self.cache = cache
        self.tmp = tempfile.TemporaryDirectory(prefix="edition-wheel-")
        stage = self.stage = Path(self.tmp.name)
        try:
            shutil.copy2(root / "pyproject.toml", stage / "pyproject.toml")
            package = stage / "src" / "edition_utils"
            _copy(root / "src" / "edition_utils", package)
            shutil.rmtree(package / "edition_data", ignore_errors=True)
            for name in DATA:
                _copy(root / name, package / "edition_data" / name)
            for npm, items in VENDOR.items():
                for item in items:
                    _copy(root / "node_modules" / npm / item, package / "edition_data" / "node_modules" / npm / item)
            files = sorted(f for f in package.rglob("*") if f.is_file())
            # Which build this is (a digest of all it carries), in the wheel and beside it on the site: the first
            # cell of a downloaded notebook compares the two, so a reader with an older install is given the new one.
            self.build = files_digest(files, package, (stage / "pyproject.toml").read_bytes())[:16]
            (package / "edition_data" / "BUILD").write_text(self.build + "\n", encoding="ascii")
            self.shell = files_digest([f for f in files if not _is_data(f.relative_to(package).as_posix())], package,
                                      (stage / "pyproject.toml").read_bytes() + version("setuptools").encode())
            self.built = stage / "dist" / Path(WHEEL).name
            kept = cache / self.built.name if cache else None
            if kept and kept.is_file() and (cache / "shell.key").is_file() and \
                    (cache / "shell.key").read_text() == self.shell:
                self.how = "repacked"
                self.built.parent.mkdir()
                command = ["-c", "import sys; sys.path.insert(0, 'src'); from edition_utils.standalone import "
                           "_repack; _repack(*sys.argv[1:])", str(kept), str(package), str(self.built)]
            else:
                self.how = "built by setuptools"
                command = ["-c", "import sys; from setuptools import build_meta; build_meta.build_wheel(sys.argv[1])",
                           str(stage / "dist")]
            self.proc = subprocess.Popen([sys.executable, *command], cwd=stage, stdout=subprocess.PIPE,
                                         stderr=subprocess.STDOUT, text=True)
        except BaseException:
            self.tmp.cleanup()
            raise

    def wait(self, out_dir: Path) -> Path:
        try:
            output, _ = self.proc.communicate()
            if self.proc.returncode:
                raise RuntimeError(f"could not pack the edition's wheel ({self.how}):\n{output}")
            out_dir.mkdir(parents=True, exist_ok=True)
            target = out_dir / self.built.name
            shutil.copy2(self.built, target)
            (out_dir / Path(WHEEL_BUILD).name).write_text(self.build + "\n", encoding="ascii")
            if self.cache:  # the base of the next repacking (the shell's key last: a torn copy never matches)
                self.cache.mkdir(parents=True, exist_ok=True)
                (self.cache / "shell.key").unlink(missing_ok=True)
                shutil.copy2(self.built, self.cache / self.built.name)
                (self.cache / "shell.key").write_text(self.shell)
            return target
        finally:
            self.tmp.cleanup()

    def discard(self) -> None:
        """Let the packing end and drop what it made (a build that publishes nothing)."""
        self.proc.communicate()
        self.tmp.cleanup()


def _repack(base: str, package: str, target: str) -> None:
    """The wheel `base` (built by setuptools from the same code, Leaflet and metadata) with the data files of the
    staged `package` in place of its own, and the wheel's RECORD (every file with its sha256 and size, as the wheel
    format defines it) made again. The package's other files, the .dist-info and their order are kept; the data
    come before the .dist-info, which ends the archive, as setuptools writes it."""
    import base64
    import hashlib
    import os
    import time
    import zipfile

    package_dir, record = Path(package), []
    with zipfile.ZipFile(base) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        def add(info: zipfile.ZipInfo, data: bytes) -> None:
            new.writestr(info, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            record.append(f"{info.filename},sha256={digest},{len(data)}")

        infos = old.infolist()
        dist_info = next(i.filename.split("/")[0] for i in infos if i.filename.endswith(".dist-info/RECORD"))
        for info in infos:
            rel = info.filename.removeprefix("edition_utils/")
            if not info.filename.startswith(dist_info + "/") and not _is_data(rel):
                add(info, old.read(info))
        for path in sorted(p for p in (package_dir / "edition_data").rglob("*") if p.is_file()):
            rel = path.relative_to(package_dir).as_posix()
            if _is_data(rel):
                info = zipfile.ZipInfo(f"edition_utils/{rel}", time.localtime(os.stat(path).st_mtime)[:6])
                info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
                add(info, path.read_bytes())
        for info in infos:
            if info.filename.startswith(dist_info + "/") and info.filename != f"{dist_info}/RECORD":
                add(info, old.read(info))
        info = old.getinfo(f"{dist_info}/RECORD")
        new.writestr(info, "\n".join([*record, f"{dist_info}/RECORD,,"]) + "\n")


def build_wheel(root: Path, out_dir: Path, cache: Path | None = None) -> Path:
    """Pack the wheel (WheelPacking) into out_dir and return its path."""
    return WheelPacking(root, cache).wait(out_dir)


INSTALL_CELL = '''\
# Set-up for a copy of this notebook downloaded from the edition's site. The charts and maps need the edition's
# Python package, which carries the validated data they are drawn from. If it is missing, or the site has a newer
# build of it, this cell installs the site's (needs the network). In a clone of the repository (`make lab`) it
# does nothing.
import importlib
import importlib.util
import os
import sys
import urllib.request
from pathlib import Path

SITE = os.environ.get("EDITION_SITE_URL") or {site!r}  # the edition's web address
WHEEL = {wheel!r}
BUILD = {build!r}  # beside the wheel on the site: which build of the package and its data the wheel is
spec = importlib.util.find_spec("edition_utils")
data = Path(spec.origin).parent / "edition_data" if spec is not None else None
have = latest = None
if data is not None and data.is_dir():  # installed from a wheel (a clone's package carries no data)
    have = (data / "BUILD").read_text().strip() if (data / "BUILD").is_file() else "unknown"
    if SITE:
        try:
            with urllib.request.urlopen(SITE + BUILD, timeout=15) as response:
                latest = response.read().decode("ascii").strip()
        except (OSError, UnicodeDecodeError) as exc:
            print(f"Could not ask the edition's site for its latest build ({{exc}}); the installed package is used.")
if data is not None and not data.is_dir():
    print("The edition's package (edition_utils) is installed from a clone of the repository: nothing to install.")
elif data is not None and latest in (None, have):
    print("The edition's package (edition_utils) is installed: nothing to install.")
elif not SITE:
    raise RuntimeError(
        "This notebook needs the edition's package, edition_utils. Download " + WHEEL.rsplit("/", 1)[-1]
        + " from the edition's site (" + WHEEL + ") and run: %pip install <that file>; or set EDITION_SITE_URL "
        "to the edition's web address and run this cell again.")
else:
    if data is not None:
        print(f"The edition's site has a newer build of its package ({{latest}}; installed: {{have}}). Updating ...")
        %pip uninstall --quiet --yes edition_utils
        for name in [m for m in sys.modules if m.split(".")[0] == "edition_utils"]:
            del sys.modules[name]  # the next cells import the new one
    print("Installing the edition's package and its dependencies from " + SITE + WHEEL + " ...")
    %pip install --quiet {{SITE + WHEEL}}
    importlib.invalidate_caches()  # so that this running kernel sees the packages just installed
    print("Installed. The next cells load the edition's data from the package.")
'''


def install_cell(site: str) -> str:
    """The source of the first cell of a downloaded notebook, for a site published at `site` ("" if unknown)."""
    return INSTALL_CELL.format(site=site, wheel=WHEEL, build=WHEEL_BUILD)


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
