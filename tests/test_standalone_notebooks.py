"""The notebooks run wherever a reader takes them (issue 18).

A reader downloads a chapter's .ipynb from the built book, puts it in an empty folder and runs it in a fresh
environment that has Jupyter (ipykernel, nbclient) and nothing of the edition. Its first cell installs the edition's
wheel from the book's site (served here on 127.0.0.1); the charts and maps then draw from the data the wheel carries,
and every figure and map of the book's page comes out. The same .ipynb runs inside the repository too.

Why a fresh venv with the wheel's dependencies from the package registry (through the pip cache, pinned by
constraints.txt) and not --system-site-packages from the project's venv: a venv made by the project's venv's python
gets the *base* interpreter's site-packages, not the project's, and exposing the project's site-packages would also
expose its editable edition_utils (the repository's code and data), which is exactly what this test must not see.
What the reader's environment needs is then proven: the wheel's declared dependencies, nothing more."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import jupytext
import nbformat
import pytest
import yaml

from edition_utils import paths
from edition_utils.display import LEAFLET_MIME, PLOTLY_MIME
from edition_utils.paths import WHEEL, WHEEL_BUILD, find_root, site_url
from edition_utils.standalone import downloadable_notebook

NOTEBOOKS = ["chapters/smilga/career", "chapters/nakhchivan/maps"]
#: Runs a notebook with nbclient inside the reader's venv (its own python, hence its own kernel) and saves it.
RUN = """
import sys, nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
try:
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": sys.argv[2]}}).execute()
finally:
    nbformat.write(nb, sys.argv[3])
"""


@pytest.fixture
def site_server(server):
    """The built site on 127.0.0.1 (conftest's server), as the edition's published address: ends in "/"."""
    return server + "/"


def _pip_cache() -> str:
    out = subprocess.run([sys.executable, "-m", "pip", "cache", "dir"], capture_output=True, text=True)
    return out.stdout.strip()


def _clean_env(**extra) -> dict:
    """The environment of a reader's process: nothing that points into the repository or its venv."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"EDITION_ROOT", "EDITION_SITE_URL", "PYTHONPATH", "VIRTUAL_ENV", "JUPYTER_PATH"}}
    cache = _pip_cache()
    if cache:
        env["PIP_CACHE_DIR"] = cache  # reuse the downloads (the machine has only the package registries)
    env["PIP_NO_COMPILE"] = "1"  # no .pyc for thousands of plotly files at install: Python compiles what it imports
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def reader(tmp_path_factory, root):
    """A fresh venv with Jupyter's kernel and nbclient only: no edition_utils, none of its dependencies."""
    home = tmp_path_factory.mktemp("reader")
    venv = home / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "-c", str(root / "constraints.txt"),
                    "ipykernel", "nbclient"], check=True, env=_clean_env())
    probe = subprocess.run([str(python), "-c", "import edition_utils"], capture_output=True, env=_clean_env())
    assert probe.returncode != 0, "the reader's venv must start without the edition's package"
    return python


def _run(python: Path, notebook: Path, env: dict) -> tuple[nbformat.NotebookNode, str]:
    out = notebook.with_name(notebook.stem + ".out.ipynb")
    proc = subprocess.run([str(python), "-c", RUN, str(notebook), str(notebook.parent), str(out)],
                          capture_output=True, text=True, env=env, cwd=notebook.parent, timeout=900)
    return nbformat.read(out, as_version=4), proc.stderr if proc.returncode else ""


def _text(cell) -> str:
    return "".join(o.get("text", "") + o.get("evalue", "") for o in cell.get("outputs", []))


def _bundles(nb) -> list[dict]:
    return [o.get("data", {}) for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]


def _expected(site: Path, docname: str) -> tuple[int, int]:
    """How many charts and maps the book's page shows."""
    page = (site / f"{docname}.html").read_text(encoding="utf-8")
    return page.count("data-edition-chart="), page.count("data-edition-map=")


def _assert_every_figure(nb, site: Path, docname: str):
    charts, maps = _expected(site, docname)
    assert charts + maps > 0
    bundles = _bundles(nb)
    assert sum(PLOTLY_MIME in b for b in bundles) == charts
    assert sum(LEAFLET_MIME in b for b in bundles) == maps
    for b in bundles:
        if LEAFLET_MIME in b:  # the map JupyterLab shows: Leaflet inlined from the wheel, nothing from a CDN
            assert b["text/html"].startswith("<iframe") and "L.map(" in b["text/html"]
            assert "cdn.jsdelivr" not in b["text/html"] and "cdnjs" not in b["text/html"]
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, errors


def _download(site: Path, docname: str, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    assert not any(folder.iterdir()), "the reader's folder must start empty"
    return Path(shutil.copy2(site / f"{docname}.ipynb", folder))


def test_wheel_is_published_with_the_data_and_no_build_tools(site, root):
    wheel = site / WHEEL
    assert wheel.is_file(), f"the book publishes no {WHEEL}"
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        meta = z.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
        build = z.read("edition_utils/edition_data/BUILD").decode()
    # which build it is, in the wheel and beside it on the site (the notebooks' first cell compares the two)
    assert re.fullmatch(r"[0-9a-f]{16}\n", build) and (site / WHEEL_BUILD).read_text(encoding="ascii") == build
    data = "edition_utils/edition_data/"
    for needed in ("seeds/SHA256SUMS", "data/sources.yml", "data/passages.csv", "data/references.bib",
                   "CITATION.cff", "node_modules/leaflet/dist/leaflet.js", "node_modules/leaflet/LICENSE"):
        assert data + needed in names, needed
    seeds = sorted(p.name for p in (root / "seeds").iterdir())
    assert sorted(n[len(data + "seeds/"):] for n in names if n.startswith(data + "seeds/")) == seeds
    requires = re.findall(r"^Requires-Dist: ([A-Za-z0-9_.-]+)(.*)$", meta, flags=re.M)
    core = {name for name, rest in requires if "extra ==" not in rest}
    assert core == {"pandas", "plotly", "folium", "pydantic", "pyyaml", "shapely", "pybtex", "convertdate"}, core


def test_downloaded_notebook_opens_with_the_install_cell(site):
    for docname in NOTEBOOKS:
        nb = nbformat.read(site / f"{docname}.ipynb", as_version=4)
        first = nb.cells[0]
        assert first.cell_type == "code" and "%pip install" in first.source and WHEEL in first.source
        assert "find_root()" in nb.cells[[c.cell_type for c in nb.cells].index("code", 1)].source


def test_first_cell_installs_the_package_or_says_why_it_cannot(reader, site, site_server, root, tmp_path):
    """In a venv without the package: with no site address the cell stops with a message saying what to do; with
    the address it installs the wheel from the site (as %pip would from the published book) and the chapter runs."""
    # The notebook as a book built without an address writes it (the publishing workflow builds with one).
    notebook = tmp_path / "no-address" / "career.ipynb"
    notebook.parent.mkdir()
    notebook.write_text(jupytext.writes(downloadable_notebook(root / f"{NOTEBOOKS[0]}.md", ""), fmt="ipynb"),
                        encoding="utf-8")
    # the published notebook is the same one with the book's canonical address written in
    from edition_utils.publication import site_url as canonical

    published = jupytext.writes(downloadable_notebook(root / f"{NOTEBOOKS[0]}.md", canonical(root)), fmt="ipynb")
    assert published == (site / f"{NOTEBOOKS[0]}.ipynb").read_text(encoding="utf-8")
    nb, stderr = _run(reader, notebook, _clean_env())
    assert stderr, "the notebook ran without the edition's package and without a site address"
    message = _text(nb.cells[0])
    assert "needs the edition's package" in message and "%pip install" in message and WHEEL in message

    notebook = _download(site, NOTEBOOKS[0], tmp_path / "with-address")
    env = _clean_env(EDITION_SITE_URL=site_server, PIP_CONSTRAINT=str(root / "constraints.txt"))
    nb, stderr = _run(reader, notebook, env)
    assert not stderr, stderr[-3000:]
    assert f"Installing the edition's package and its dependencies from {site_server}{WHEEL}" in _text(nb.cells[0])
    _assert_every_figure(nb, site, NOTEBOOKS[0])


@pytest.fixture(scope="module")
def installed(reader, site, root):
    """The reader's venv with the wheel installed from the built site (a no-op after the test above)."""
    subprocess.run([str(reader), "-m", "pip", "install", "--quiet", "-c", str(root / "constraints.txt"),
                    str(site / WHEEL)], check=True, env=_clean_env())
    return reader


@pytest.mark.parametrize("docname", NOTEBOOKS)
def test_downloaded_notebook_runs_in_an_empty_folder(installed, site, root, tmp_path, docname):
    notebook = _download(site, docname, tmp_path / "reader")
    nb, stderr = _run(installed, notebook, _clean_env())  # the site address in the notebook is not served here
    assert not stderr, stderr[-3000:]
    assert "nothing to install" in _text(nb.cells[0])
    _assert_every_figure(nb, site, docname)
    # the figures' passage links lead to the passages on the edition's site, not to pages beside the download
    hrefs = _hrefs(nb)
    assert hrefs and all(h.startswith(f"{_site(root)}chapters/") for h in hrefs), hrefs[:5]


def _site(root: Path) -> str:
    from edition_utils.publication import edition_metadata

    return edition_metadata(root)["url"].rstrip("/") + "/"


def _hrefs(nb) -> list[str]:
    """The passage links inside the figures' outputs (a chart's JSON, a map's iframe srcdoc); not Leaflet's own
    in-page ones ("#", "#close")."""
    text = json.dumps(_bundles(nb))
    return [h for h in re.findall(r'href=(?:\\"|&quot;|")([^"&\\]+)', text) if "#" in h and not h.startswith("#")]


def test_an_older_install_is_updated_from_the_site(installed, site, site_server, root, tmp_path):
    """A reader who installed the package for an earlier build of the edition (its BUILD differs from the site's) is
    given the site's one by the first cell, which said "nothing to install" before; the site's copy of the package
    then runs the chapter."""
    where = subprocess.run([str(installed), "-c", "import edition_utils, pathlib; "
                            "print(pathlib.Path(edition_utils.__file__).parent / 'edition_data' / 'BUILD')"],
                           capture_output=True, text=True, check=True, env=_clean_env()).stdout.strip()
    stamp, latest = Path(where), (site / WHEEL_BUILD).read_text(encoding="ascii").strip()
    assert stamp.read_text(encoding="ascii").strip() == latest
    stamp.write_text("0123456789abcdef\n", encoding="ascii")  # as an install of an earlier build would have it
    notebook = _download(site, NOTEBOOKS[0], tmp_path / "reader")
    env = _clean_env(EDITION_SITE_URL=site_server, PIP_CONSTRAINT=str(root / "constraints.txt"))
    nb, stderr = _run(installed, notebook, env)
    assert not stderr, stderr[-3000:]
    said = _text(nb.cells[0])
    assert f"has a newer build of its package ({latest}; installed: 0123456789abcdef)" in said and "Installed." in said
    assert stamp.read_text(encoding="ascii").strip() == latest
    _assert_every_figure(nb, site, NOTEBOOKS[0])
    nb, stderr = _run(installed, notebook, env)  # and once up to date, nothing to install
    assert not stderr and "installed: nothing to install" in _text(nb.cells[0])


@pytest.mark.parametrize("docname", NOTEBOOKS)
def test_same_notebook_runs_inside_the_repository(site, root, tmp_path, docname):
    """The downloaded .ipynb, put beside its chapter in the clone, runs with the project's venv (as make lab does)."""
    notebook = Path(shutil.copy2(site / f"{docname}.ipynb", root / f"{docname}.standalone-test.ipynb"))
    try:
        nb, stderr = _run(Path(sys.executable), notebook, _clean_env())
    finally:
        notebook.unlink()
        notebook.with_name(notebook.stem + ".out.ipynb").unlink(missing_ok=True)
    assert not stderr, stderr[-3000:]
    assert "nothing to install" in _text(nb.cells[0])
    _assert_every_figure(nb, site, docname)
    hrefs = _hrefs(nb)  # beside its chapter, the links are relative, as in the book
    assert hrefs and not [h for h in hrefs if "://" in h], hrefs[:5]


# find_root's order: a clone, the installed package's data, the site; a clear message when none is there.

def test_find_root_prefers_a_clone(root, monkeypatch):
    monkeypatch.delenv("EDITION_ROOT", raising=False)
    assert find_root(root / "chapters" / "smilga") == root


def test_find_root_then_package_data_then_site(site, root, site_server, tmp_path, monkeypatch):
    monkeypatch.delenv("EDITION_ROOT", raising=False)
    monkeypatch.delenv("EDITION_SITE_URL", raising=False)
    monkeypatch.setattr(paths, "PACKAGE_DATA", tmp_path / "not-installed")
    with pytest.raises(FileNotFoundError) as exc:
        find_root(tmp_path)
    message = str(exc.value)
    assert "clone of the repository" in message and WHEEL in message and "EDITION_SITE_URL" in message

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("EDITION_SITE_URL", site_server)
    fetched = find_root(tmp_path)
    assert fetched.parent == tmp_path / "cache" / "edition-utils"
    assert (fetched / "seeds" / "SHA256SUMS").read_bytes() == (root / "seeds" / "SHA256SUMS").read_bytes()
    assert find_root(tmp_path) == fetched  # unpacked once

    installed = tmp_path / "installed"
    (installed / "seeds").mkdir(parents=True)
    (installed / "data").mkdir()
    monkeypatch.setattr(paths, "PACKAGE_DATA", installed)
    assert find_root(tmp_path) == installed  # the installed data comes before the site
    with pytest.raises(FileNotFoundError):
        find_root(tmp_path, published=False)  # the build and the registry tools need a clone


def test_site_url_reads_the_environment_before_the_config(monkeypatch):
    monkeypatch.delenv("EDITION_SITE_URL", raising=False)
    assert paths.site_url("") == ""
    assert paths.site_url("https://example.org/edition") == "https://example.org/edition/"
    monkeypatch.setenv("EDITION_SITE_URL", "https://elsewhere.example/")
    assert paths.site_url("https://example.org/edition") == "https://elsewhere.example/"


# Launch configuration: the same versions for Binder/JupyterHub, and no launch button until the repository is named.

def _pins(path: Path) -> dict[str, str]:
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
    return dict(ln.split("==", 1) for ln in lines if ln and not ln.startswith("#"))


def test_binder_pins_the_same_versions(root):
    assert _pins(root / "binder" / "requirements.txt") == {
        k: v for k, v in _pins(root / "constraints.txt").items()}
    assert (root / "binder" / "runtime.txt").read_text().strip() == "python-3.11"
    assert os.access(root / "binder" / "postBuild", os.X_OK)


def test_launch_buttons_only_when_the_repository_is_named(root, site):
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    named = bool(config["repository"]["url"])
    for docname in NOTEBOOKS:
        page = (site / f"{docname}.html").read_text(encoding="utf-8")
        assert ("launch-buttons" in page and "mybinder.org" in page) == named
        assert "colab" not in page.lower()


def _theme_buttons(tmp_path, settings: dict) -> list[dict]:
    """The launch buttons sphinx-book-theme adds to the career chapter, given the theme options the extension passes
    on for these _config.yml settings (the theme's own two steps: repository info at builder-inited, buttons per
    page)."""
    from types import SimpleNamespace

    from sphinx_book_theme.header_buttons import update_context_with_repository_info
    from sphinx_book_theme.header_buttons.launch import add_launch_buttons

    from edition_utils.standalone import launch_options

    class Config(dict):
        __getattr__ = dict.__getitem__

    page = "chapters/smilga/career"
    executed = tmp_path / "jupyter_execute" / f"{page}.ipynb"
    executed.parent.mkdir(parents=True)
    executed.write_text("{}")
    app = SimpleNamespace(
        builder=None, outdir=str(tmp_path / "html"),
        config=Config(html_theme_options=launch_options(settings), html_context={}),
        env=SimpleNamespace(doc2path=lambda name: f"{name}.md", metadata={page: {"kernelspec": {"name": "python3"}}}))
    update_context_with_repository_info(app)
    context = {**app.config.html_context, "pagename": page, "sourcename": f"{page}.md.txt", "header_buttons": []}
    add_launch_buttons(app, page, "page.html", context, None)
    return [b for group in context["header_buttons"] for b in group.get("buttons", [])]


def test_launch_buttons_appear_once_the_repository_is_named(root, tmp_path):
    settings = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    assert _theme_buttons(tmp_path / "empty", settings) == []
    settings["repository"]["url"] = "https://github.com/example/edition"
    buttons = _theme_buttons(tmp_path / "named", settings)
    assert [b["text"] for b in buttons] == ["Binder"]  # JupyterHub too once jupyterhub_url names a hub
    assert buttons[0]["url"] == ("https://mybinder.org/v2/gh/example/edition/main?"
                                 "urlpath=lab/tree/chapters/smilga/career.md")


def test_installed_data_passes_the_edition_checks(installed, tmp_path):
    """The data the wheel carries, validated from an empty folder by the installed package's own check."""
    proc = subprocess.run([str(installed), "-m", "edition_utils", "check"], capture_output=True, text=True,
                          cwd=tmp_path, env=_clean_env())
    assert proc.returncode == 0, proc.stderr
    assert re.match(r"ok: \d+ source units, \d+ passages, \d+ notes", proc.stdout), proc.stdout


def test_wheel_carries_every_data_and_seed_file_byte_for_byte(site, root):
    """Every file of data/ and seeds/ is in the wheel with the same bytes, so that the edition a downloaded
    notebook loads from the package is the book's (found nothing wrong; a guard)."""
    with zipfile.ZipFile(site / WHEEL) as z:
        packed = {n.removeprefix("edition_utils/edition_data/"): n for n in z.namelist()
                  if n.startswith("edition_utils/edition_data/")}
        files = sorted(p for folder in ("data", "seeds") for p in (root / folder).rglob("*")
                       if p.is_file() and "__pycache__" not in p.parts)
        assert len(files) > 40
        for path in files:
            name = path.relative_to(root).as_posix()
            assert name in packed, f"{name} is not in the wheel"
            assert z.read(packed[name]) == path.read_bytes(), f"{name} differs in the wheel"


def test_a_wheel_repacked_with_new_data_is_what_setuptools_would_build(root, tmp_path):
    """After an edit to the data alone (an edited note), the build repacks the last wheel with the new data instead
    of running setuptools again (standalone.WheelPacking). The result holds the same files with the same bytes as
    setuptools' own wheel of the edited tree, and its RECORD lists them all with hashes that hold (read back by
    the `wheel` package, which checks every file against RECORD). Any change of code makes setuptools build it."""
    from wheel.wheelfile import WheelFile

    from edition_utils.standalone import WheelPacking

    tree = tmp_path / "tree"
    for name in ("seeds", "data", "src"):
        shutil.copytree(root / name, tree / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("CITATION.cff", "pyproject.toml"):
        shutil.copy2(root / name, tree / name)
    (tree / "node_modules").symlink_to(root / "node_modules", target_is_directory=True)
    cache = tmp_path / "cache"
    first = WheelPacking(tree, cache)
    assert first.how == "built by setuptools"
    first.wait(tmp_path / "first")
    note = tree / "data" / "notes" / "chicherin-1918.yml"
    note.write_text(note.read_text(encoding="utf-8").replace("body: ", "body: EDITED ", 1), encoding="utf-8")
    repacked = WheelPacking(tree, cache)
    assert repacked.how == "repacked"
    ours = repacked.wait(tmp_path / "repacked")
    theirs = WheelPacking(tree).wait(tmp_path / "setuptools")  # no cache: setuptools
    with zipfile.ZipFile(ours) as a, zipfile.ZipFile(theirs) as b:
        names = a.namelist()
        assert sorted(names) == sorted(b.namelist()) and names[-1].endswith(".dist-info/RECORD")
        record = [n for n in names if n.endswith("RECORD")]
        assert [n for n in names if a.read(n) != b.read(n)] == record  # RECORD: the same lines, in archive order
        assert sorted(a.read(record[0]).splitlines()) == sorted(b.read(record[0]).splitlines())
        assert b"EDITED" in a.read("edition_utils/edition_data/data/notes/chicherin-1918.yml")
    with WheelFile(ours) as wf:
        for name in wf.namelist():
            wf.read(name)  # raises when a file's hash or size is not the one RECORD gives
    (tree / "src" / "edition_utils" / "paths.py").write_text(
        (tree / "src" / "edition_utils" / "paths.py").read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    third = WheelPacking(tree, cache)
    third.discard()
    assert third.how == "built by setuptools"
