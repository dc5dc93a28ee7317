"""What the build writes besides the pages: the exports (CSL-JSON, BibTeX, RIS, annotations, JSON-LD), TEI, the
package wheel and the downloadable notebooks. Skipped when none of their inputs changed since the last build."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sphinx.errors import ExtensionError

from ..errors import EditionDataError
from ..paths import WHEEL, site_url
from . import state


def _data_digest(root: Path) -> str:
    """Everything under data/ and seeds/ (the exports and the checks depend on all of it)."""
    digest = hashlib.sha256()
    for folder in ("data", "seeds"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file():
                digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _inputs_key(app) -> str:
    """Everything the edition's checks and exports depend on."""
    root = state.edition(app).root
    key = f"{_data_digest(root)}:{state.code_version()}:{app.config.html_baseurl}:{app.builder.name}:" \
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
    extra["inputs_key"], extra["exports"] = _inputs_key(app), None
    if _fresh(app):
        return
    from ..exports import Exports

    try:
        extra["exports"] = Exports(state.edition(app).load(), app.config.html_baseurl)
    except EditionDataError as exc:
        raise ExtensionError(f"bad edition data: {exc}") from None


def _finished(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    if not _fresh(app):
        from .. import tei
        from ..exports import Exports

        ed = state.edition(app).load()
        exports = state.of(app).extra["exports"] or Exports(ed, app.config.html_baseurl)
        try:
            exports.write(Path(app.outdir))
        except EditionDataError as exc:
            raise ExtensionError(f"bad edition data: {exc}") from None
        tei.write_all(ed, Path(app.outdir), tei.imprint_from(ed.root))
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


def _write_notebooks(app):
    """Each notebook chapter is also offered as .ipynb (converted by jupytext from the MyST source), opening with
    a cell that installs the edition's wheel when the package is missing (standalone.install_cell)."""
    import jupytext

    from ..standalone import downloadable_notebook

    site = site_url(app.config.html_baseurl)
    for docname in sorted(app.env.get_domain("edition").notebooks):
        text = jupytext.writes(downloadable_notebook(Path(app.env.doc2path(docname)), site), fmt="ipynb")
        # Beside the page; and over the copy the theme's own .ipynb download offers once launch buttons are on
        # (myst-nb's executed notebook, without the install cell), so that readers get one notebook either way.
        page, theme_copy = Path(app.outdir) / f"{docname}.ipynb", Path(app.outdir) / "_sources" / f"{docname}.ipynb"
        for target in (page, theme_copy) if theme_copy.exists() else (page,):
            if not (target.exists() and target.read_text(encoding="utf-8") == text):  # written only when changed
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")


def setup_outputs(app) -> None:
    app.connect("builder-inited", _start, priority=600)  # after the state (100) and the static paths (500)
    app.connect("build-finished", _finished)
