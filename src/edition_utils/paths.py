"""Where the edition's files live. Everything takes an explicit root so tests can point at a copy.

A notebook finds the edition's data wherever a reader runs it (find_root): in a clone of the repository, in the
wheel the book publishes (edition/dist/, which carries seeds/ and data/), or, failing both, on the edition's site."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import urllib.request
import zipfile
from pathlib import Path
from typing import Iterable

from . import __version__

#: seeds/ and data/ (and Leaflet, for the maps) as the wheel published with the book carries them. Absent from a
#: clone of the repository: make book copies them in only when it packs the wheel.
PACKAGE_DATA = Path(__file__).parent / "edition_data"
#: The wheel's place on the edition's site, relative to the site's address.
#: The page that shows every excluded or duplicate unit, each at #source-<id> (the Sphinx setting
#: edition_excluded_doc; sphinxext/apparatus.py's ExcludedDirective); sources.json links each there.
EXCLUDED_DOC = "chapters/appendix/excluded"
WHEEL = f"edition/dist/edition_utils-{__version__}-py3-none-any.whl"
#: Beside it: which build of the package and data the wheel is (standalone.build_wheel), one line.
WHEEL_BUILD = "edition/dist/BUILD"


def site_url(baseurl: str = "") -> str:
    """The edition's canonical web address, ending in "/", or "" when none is set.

    $EDITION_SITE_URL overrides `baseurl`, which is html.baseurl of _config.yml (Sphinx's html_baseurl)."""
    url = os.environ.get("EDITION_SITE_URL", "").strip() or (baseurl or "").strip()
    return url.rstrip("/") + "/" if url else ""


def is_clone(folder: Path) -> bool:
    """Whether `folder` is a clone of the repository (the book's sources, pages beside the notebooks), not the data
    installed with the package or fetched from the site."""
    return (folder / "_config.yml").is_file() and (folder / "seeds").is_dir()


def _is_data(folder: Path) -> bool:
    return (folder / "seeds").is_dir() and (folder / "data").is_dir()


def find_root(start: Path | None = None, *, published: bool = True) -> Path:
    """The folder holding the edition's seeds/ and data/, looked for in this order:

    1. $EDITION_ROOT, else the nearest parent of `start` (default: the working directory) holding both _config.yml
       and seeds/: a clone of the repository;
    2. (published=True) the data installed with this package (the wheel the book publishes);
    3. (published=True) the same data on the edition's site (site_url()), downloaded once into a cache folder.

    The data is validated again when loaded (edition.load_edition), wherever it came from."""
    env = os.environ.get("EDITION_ROOT")
    if env:
        return Path(env).resolve()
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if is_clone(candidate):
            return candidate
    if not published:
        raise FileNotFoundError(f"no edition root (a folder with _config.yml and seeds/) above {here}")
    if _is_data(PACKAGE_DATA):
        return PACKAGE_DATA
    site = site_url()
    if site:
        return fetch_published(site)
    raise FileNotFoundError(
        f"The edition's data was not found. Looked for (1) a clone of the repository (a folder with _config.yml and "
        f"seeds/) above {here}; (2) data installed with the edition_utils package (not in {PACKAGE_DATA.parent}: "
        f"install the wheel from the edition's site, {WHEEL}); (3) the edition's site (EDITION_SITE_URL is not "
        f"set). Do one of these, or set EDITION_ROOT to a clone of the repository.")


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "edition-utils"


def fetch_published(site: str) -> Path:
    """The data inside the wheel published at `site`, unpacked into a cache folder named by the wheel's digest
    (a new publication gets a new folder; an unchanged one is not unpacked twice)."""
    url = site + WHEEL
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            body = response.read()
    except OSError as exc:
        raise FileNotFoundError(f"The edition's data is neither in a clone of the repository nor installed with "
                                f"edition_utils, and {url} could not be read ({exc}).") from None
    target = _cache_dir() / hashlib.sha256(body).hexdigest()[:16]
    if not _is_data(target):
        prefix = "edition_utils/edition_data/"
        with zipfile.ZipFile(io.BytesIO(body)) as wheel:
            members = [m for m in wheel.namelist() if m.startswith(prefix) and not m.endswith("/")]
            if not members:
                raise FileNotFoundError(f"{url} carries no edition data (no {prefix} in the wheel)")
            partial = target.with_name(target.name + ".partial")
            shutil.rmtree(partial, ignore_errors=True)
            for name in members:
                if ".." in name.split("/"):
                    continue  # never write outside the cache folder
                out = partial / name[len(prefix):]
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(wheel.read(name))
            partial.rename(target)  # whole or not at all: an interrupted unpacking is never mistaken for data
    return target


def files_digest(files: Iterable[Path], base: Path, seed: bytes = b"") -> str:
    """A digest of files' names (relative to `base`) and contents, in name order: what the build compares to know
    whether any of them changed (data, code, styles and scripts, built pages)."""
    digest = hashlib.sha256(seed)
    for path in sorted(p for p in files if p.is_file()):
        digest.update(path.relative_to(base).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def rel(path: Path, root: Path) -> str:
    """A path as the user sees it in messages: relative to the root when possible."""
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)
