"""What the build writes besides the pages: the exports (CSL-JSON, BibTeX, RIS, annotations, JSON-LD), TEI, the
package wheel and the downloadable notebooks. Skipped when none of their inputs changed since the last build."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import traceback
from pathlib import Path

from sphinx.util.parallel import parallel_available

from ..errors import EditionDataError
from ..paths import WHEEL, files_digest, site_url
from . import state
from .dependencies import refresh_summaries


#: The last wheel packed, root-relative (beside the rendered citations): a build whose code did not change repacks
#: it with the new data instead of running setuptools again (standalone.WheelPacking).
WHEEL_CACHE = "_build/.edition-cache/wheel"


def _data_digest(root: Path) -> str:
    """Everything under data/ and seeds/ (the exports and the checks depend on all of it)."""
    return files_digest([p for folder in ("data", "seeds") for p in (root / folder).rglob("*")], root)


def _inputs_key(app, data_digest: str) -> str:
    """Everything the edition's checks and exports depend on."""
    root = state.edition(app).root
    key = f"{data_digest}:{state.code_version()}:{app.config.html_baseurl}:{app.builder.name}:" \
          f"{app.config.edition_excluded_doc}:{(root / 'CITATION.cff').read_text(encoding='utf-8')}"
    return hashlib.sha256(key.encode()).hexdigest()


def _stamp(app) -> Path:
    return Path(app.outdir) / "edition" / ".inputs"


def _fresh(app) -> bool:
    stamp = _stamp(app)
    return stamp.exists() and stamp.read_text() == state.of(app).extra["inputs_key"]


def _start(app):
    """New or changed inputs: validate them now, before any page is read or written, and make the outputs (below)
    while Sphinx reads and writes the pages."""
    from ..standalone import WheelPacking

    extra = state.of(app).extra
    root = state.edition(app).root
    data_digest = _data_digest(root)
    extra["inputs_key"] = _inputs_key(app, data_digest)
    fresh = _fresh(app)
    # The wheel carries files, not the loaded edition: packed from now on, while the data are validated and the pages
    # read and written. It is put in the site only if all of that succeeds (_Outputs.finish).
    wheel = None if fresh else WheelPacking(root, root / WHEEL_CACHE)
    try:
        # the summaries some pages depend on instead of the data itself (sphinxext/dependencies.py)
        refresh_summaries(root, f"{data_digest}:{state.code_version()}", state.edition(app).load)
        if fresh:
            return
        with state.data_errors():
            state.edition(app).load()
    except BaseException:
        if wheel is not None:
            wheel.discard()
        raise
    extra["outputs"] = _Outputs(app, wheel)  # the data they are made from has just passed every check


class _Outputs:
    """The exports and the TEI of a build whose data changed, made by a child process forked once the data are
    loaded and validated (Sphinx's own parallel builds fork the same way): it works on the second core while this
    process reads and writes the pages, with the loaded edition and no start-up of its own. Without fork (not
    POSIX) they are made in this process when the build ends.

    The child writes into the output folder (files no page, script or stylesheet is, so nothing else reads or
    writes them meanwhile). finish() waits for it and for the wheel's packing, raises what either raised, and puts
    the wheel in the site only if everything succeeded."""

    def __init__(self, app, wheel):
        from .. import tei

        ed = state.edition(app).load()
        self.wheel = wheel
        self.args = (ed, app.config.html_baseurl, Path(app.outdir), tei.imprint_from(ed.root),
                     str(state.code_version()), app.config.edition_excluded_doc)
        self.process = self.conn = None
        if parallel_available:
            ctx = multiprocessing.get_context("fork")
            self.conn, child_end = ctx.Pipe(duplex=False)
            self.process = ctx.Process(target=_child, args=(self.args, child_end), daemon=True)
            self.process.start()
            child_end.close()

    def finish(self, publish: bool) -> None:
        """Wait for the outputs (or make them here). With `publish`, raise what making them raised, else put the wheel
        in the site. Without (the build failed already, and its own error is the one to report), only drop it."""
        wheel, self.wheel = self.wheel, None
        try:
            error = self._made() if publish or self.process is not None else None  # made here only to publish
            if publish:
                if error is not None:
                    raise error
                wheel, packed = None, wheel
                packed.wait((Path(self.args[2]) / WHEEL).parent)
        finally:
            if wheel is not None:
                wheel.discard()

    def _made(self) -> BaseException | None:
        """What making the outputs raised, if anything."""
        if self.process is None:
            try:
                _make(*self.args)
            except BaseException as exc:
                return exc
            return None
        try:
            outcome = self.conn.recv()
        except EOFError:
            outcome = ("error", RuntimeError("the process making the exports and TEI ended with no result"))
        self.process.join()
        if outcome[0] == "data":
            return EditionDataError(*outcome[1])
        return outcome[1] if outcome[0] == "error" else None


def _make(ed, baseurl: str, outdir: Path, imprint, salt: str, excluded_doc: str) -> None:
    """Write the exports and the TEI into outdir."""
    from .. import tei
    from ..exports import Exports

    Exports(ed, baseurl, excluded_doc).write(outdir)
    # each source's TEI kept between builds beside the rendered citations, keyed by what it is made of
    tei.write_all(ed, outdir, imprint, cache=ed.root / "_build" / ".edition-cache" / "tei.json", salt=salt)


def _child(args, conn) -> None:
    """In the forked process: _make(*args), its outcome sent back (an EditionDataError as its parts, since
    it does not pickle; anything else as a RuntimeError with its traceback)."""
    try:
        _make(*args)
        conn.send(("ok", None))
    except EditionDataError as exc:
        conn.send(("data", (exc.file, exc.entry, exc.field, exc.message)))
    except BaseException as exc:
        conn.send(("error", RuntimeError("".join(traceback.format_exception(exc)))))
    finally:
        conn.close()


def _finished(app, exception):
    made = state.of(app).extra.pop("outputs", None)
    if exception is not None or app.builder.format != "html":
        if made is not None:
            made.finish(publish=False)  # nothing is published from this build; only let it end
        return
    if made is not None:  # the inputs were new at the start of the build (_start); made meanwhile
        with state.data_errors():
            made.finish(publish=True)
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
    build_wheel(ed.root, (Path(app.outdir) / WHEEL).parent, ed.root / WHEEL_CACHE)


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
    app.connect("build-finished", _finished)
