"""What the build writes besides the pages: the exports (CSL-JSON, BibTeX, RIS, annotations, JSON-LD), TEI, the
package wheel and the downloadable notebooks. Skipped when none of their inputs changed since the last build."""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import threading
from pathlib import Path


from ..paths import WHEEL, files_digest, site_url
from . import state
from .dependencies import refresh_summaries


def _data_digest(root: Path) -> str:
    """Everything under data/ and seeds/ (the exports and the checks depend on all of it)."""
    return files_digest([p for folder in ("data", "seeds") for p in (root / folder).rglob("*")], root)


def _inputs_key(app, data_digest: str) -> str:
    """Everything the edition's checks and exports depend on."""
    root = state.edition(app).root
    key = f"{data_digest}:{state.code_version()}:{app.config.html_baseurl}:{app.builder.name}:" \
          f"{(root / 'CITATION.cff').read_text(encoding='utf-8')}"
    return hashlib.sha256(key.encode()).hexdigest()


def _stamp(app) -> Path:
    return Path(app.outdir) / "edition" / ".inputs"


def _fresh(app) -> bool:
    stamp = _stamp(app)
    return stamp.exists() and stamp.read_text() == state.of(app).extra["inputs_key"]


def _start(app):
    """New or changed inputs: validate them now, before any page is read or written, and let citeproc-js render
    the citations in the background while Sphinx reads the pages."""
    extra = state.of(app).extra
    data_digest = _data_digest(state.edition(app).root)
    extra["inputs_key"], extra["exports"] = _inputs_key(app, data_digest), None
    # the summaries some pages depend on instead of the data itself (sphinxext/dependencies.py)
    refresh_summaries(state.edition(app).root, f"{data_digest}:{state.code_version()}", state.edition(app).load)
    if _fresh(app):
        return
    from ..exports import Exports

    with state.data_errors():
        extra["exports"] = Exports(state.edition(app).load(), app.config.html_baseurl)
    extra["wheel"] = _WheelBuild(state.edition(app).root)  # the data it carries has just passed every check


class _WheelBuild:
    """The wheel packed in the background while Sphinx reads and writes the pages (setuptools runs in a child
    process, so this thread mostly waits), into a scratch folder; install() waits for it and puts it in the site."""

    def __init__(self, root: Path):
        self.scratch = Path(tempfile.mkdtemp(prefix="edition-wheel-out-"))
        self.built: Path | None = None
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, args=(root,), daemon=True)
        self.thread.start()

    def _run(self, root: Path):
        from ..standalone import build_wheel

        try:
            self.built = build_wheel(root, self.scratch)
        except BaseException as exc:  # handed to the build in install()
            self.error = exc

    def install(self, target: Path | None) -> None:
        """Wait for the wheel; copy it into `target` (a folder), or only discard it when target is None."""
        self.thread.join()
        try:
            if target is not None:
                if self.error is not None:
                    raise self.error
                target.mkdir(parents=True, exist_ok=True)
                shutil.copy2(self.built, target / self.built.name)
                shutil.copy2(self.built.with_name("BUILD"), target / "BUILD")  # which build it is (standalone)
        finally:
            shutil.rmtree(self.scratch, ignore_errors=True)


class _ExportsWrite:
    """The exports and the TEI written in a thread, started at build-finished before the theme's stylesheet is
    purged (page_assets): PurgeCSS runs in a node process, and this build's Python writes the exports while it
    waits for it, not after. result() waits and raises what the writing raised."""

    def __init__(self, app):
        from .. import tei
        from ..exports import Exports

        ed = state.edition(app).load()
        exports = state.of(app).extra["exports"] or Exports(ed, app.config.html_baseurl)
        outdir, imprint, salt = Path(app.outdir), tei.imprint_from(ed.root), str(state.code_version())

        def write():
            exports.write(outdir)
            # each source's TEI kept between builds beside the rendered citations, keyed by what it is made of
            tei.write_all(ed, outdir, imprint, cache=ed.root / "_build" / ".edition-cache" / "tei.json", salt=salt)

        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, args=(write,), daemon=True)
        self.thread.start()

    def _run(self, write):
        try:
            write()
        except BaseException as exc:  # handed to the build in result()
            self.error = exc

    def result(self) -> None:
        self.thread.join()
        if self.error is not None:
            raise self.error


def _begin_exports(app, exception):
    if exception is None and app.builder.format == "html" and not _fresh(app):
        with state.data_errors():
            state.of(app).extra["exports_write"] = _ExportsWrite(app)


def _finished(app, exception):
    wheel = state.of(app).extra.get("wheel")
    writing = state.of(app).extra.pop("exports_write", None)
    if exception is not None or app.builder.format != "html":
        if writing is not None:
            writing.thread.join()  # nothing is published from this build; only let it end
        if wheel is not None:
            wheel.install(None)
        return
    if not _fresh(app):
        try:
            with state.data_errors():
                (writing or _ExportsWrite(app)).result()
        except BaseException:
            if wheel is not None:
                wheel.install(None)  # discarded: no site gets a wheel of data whose exports failed
            raise
        if wheel is not None:
            wheel.install((Path(app.outdir) / WHEEL).parent)
        else:
            _write_wheel(app)
        stamp = _stamp(app)
        stamp.write_text(state.of(app).extra["inputs_key"])
        stamp.chmod(0o644)
    elif not (Path(app.outdir) / WHEEL).is_file():
        _write_wheel(app)
    _write_notebooks(app)


def _write_wheel(app):
    """The package with the data its notebooks read (validated by this build), for downloaded notebooks."""
    from ..standalone import build_wheel

    ed = state.edition(app)
    ed.load()  # the data the wheel carries has passed every check
    build_wheel(ed.root, (Path(app.outdir) / WHEEL).parent)


def _notebooks_stamp(app) -> Path:
    """Beside Sphinx's pickled environment (as the other build records), not in the published site."""
    return Path(app.doctreedir) / "edition-notebooks.json"


def _write_notebooks(app):
    """Each notebook chapter is also offered as .ipynb (converted by jupytext from the MyST source), opening with
    a cell that installs the edition's wheel when the package is missing (standalone.install_cell).

    Skipped when the chapters, the site address and the code are those of the last build and every file it wrote
    is still as it left it (size and mtime): the theme may write its own copy over one (see below)."""
    site = site_url(app.config.html_baseurl)
    docnames = sorted(app.env.get_domain("edition").notebooks)
    outdir = Path(app.outdir)
    # Beside the page; and over the copy the theme's own .ipynb download offers once launch buttons are on
    # (myst-nb's executed notebook, without the install cell), so that readers get one notebook either way.
    targets = {}
    for docname in docnames:
        page, theme_copy = outdir / f"{docname}.ipynb", outdir / "_sources" / f"{docname}.ipynb"
        targets[docname] = [page, theme_copy] if theme_copy.exists() else [page]
    key = files_digest([Path(app.env.doc2path(d)) for d in docnames], Path(app.srcdir),
                       f"{site}:{state.code_version()}:{docnames}:{_versions('jupytext', 'nbformat')}".encode())
    stamp = _notebooks_stamp(app)
    if stamp.is_file() and stamp.read_text() == _notebooks_record(key, targets, outdir):
        return
    import jupytext

    from ..standalone import downloadable_notebook

    stamp.unlink(missing_ok=True)
    for docname in docnames:
        text = jupytext.writes(downloadable_notebook(Path(app.env.doc2path(docname)), site), fmt="ipynb")
        for target in targets[docname]:
            if not (target.exists() and target.read_text(encoding="utf-8") == text):  # written only when changed
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
    stamp.write_text(_notebooks_record(key, targets, outdir))


def _notebooks_record(key: str, targets: dict[str, list[Path]], outdir: Path) -> str:
    """The inputs' key and the size and mtime of every notebook written (a missing one never matches)."""
    def stat(path: Path) -> str:
        return f"{path.stat().st_size}:{path.stat().st_mtime_ns}" if path.is_file() else "missing"

    files = {p.relative_to(outdir).as_posix(): stat(p) for paths in targets.values() for p in paths}
    return json.dumps({"key": key, "files": files}, sort_keys=True)


def _versions(*packages: str) -> str:
    """Each package's installed copy (its path and mtime: a reinstall changes it), without importing it
    (importlib.metadata's version() scans every installed distribution, a tenth of a second here)."""
    from importlib.util import find_spec

    return ",".join(f"{p}:{origin}:{Path(origin).stat().st_mtime_ns}" for p in packages
                    for origin in [find_spec(p).origin])


def setup_outputs(app) -> None:
    app.connect("builder-inited", _start, priority=600)  # after the state (100) and the static paths (500)
    app.connect("build-finished", _begin_exports, priority=400)  # before the stylesheet's purge (500)
    app.connect("build-finished", _finished)
