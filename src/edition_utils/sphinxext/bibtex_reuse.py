"""The formatted citations of the last build, reused when nothing they depend on changed.

sphinxcontrib-bibtex formats every work of the bibliography with pybtex (twice: the entry and its tooltip) at
``env-updated`` on every build, pages read or not; in a no-change rebuild that was most of Sphinx's own time. What it
computes is kept in the environment Sphinx pickles after reading. So when this build reads and removes no page, the
environment on disk is the one the last formatting was pickled with, the bibliography files are unchanged, and that
build ended without a warning (one it logged, a duplicate citation say, would otherwise not be logged again), the
formatting is skipped and the pickled citations stand.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from . import state

STAMP = "edition-bibtex.stamp"  # in the doctree folder, beside Sphinx's environment.pickle


def _key(app) -> str:
    """The environment pickle (size and mtime: rewritten by every build that read a page) and the .bib files."""
    from sphinx.application import ENV_PICKLE_FILENAME

    pickle = Path(app.doctreedir) / ENV_PICKLE_FILENAME
    digest = hashlib.sha256(f"{pickle.stat().st_size}:{pickle.stat().st_mtime_ns}".encode()
                            if pickle.is_file() else b"no environment")
    for name in app.config.bibtex_bibfiles or ():
        path = Path(app.confdir, name)
        digest.update(path.read_bytes() if path.is_file() else b"missing")
    return digest.hexdigest()


def _stamp(app) -> Path:
    return Path(app.doctreedir) / STAMP


def _removed(app, env, added, changed, removed):
    state.of(app).extra["bibtex_removed"] = bool(removed)
    return []


def _reusable(app) -> bool:
    bs = state.of(app)
    stamp = _stamp(app)
    return (not bs.read and not bs.extra.get("bibtex_removed", True) and stamp.is_file()
            and stamp.read_text() == _key(app))


def _wrap(formatting):
    def env_updated(app, env):
        if _reusable(app):
            return []
        _stamp(app).unlink(missing_ok=True)  # written again only once this build ends without a warning
        return formatting(app, env)

    return env_updated


def _replace_listener(app):
    """Put the wrapper in place of sphinxcontrib-bibtex's env-updated listener (loaded or not, in any order)."""
    try:
        from sphinxcontrib.bibtex import env_updated as formatting
    except ImportError:
        return
    for listener in list(app.events.listeners.get("env-updated", [])):
        if listener.handler is formatting:
            app.disconnect(listener.id)
            app.connect("env-updated", _wrap(formatting), priority=listener.priority)


def _finished(app, exception):
    if state.clean(app, exception) and "cite" in app.env.domains:
        _stamp(app).write_text(_key(app))
    else:
        _stamp(app).unlink(missing_ok=True)


def setup_bibtex_reuse(app) -> None:
    app.connect("builder-inited", _replace_listener)
    app.connect("env-get-outdated", _removed)
    app.connect("build-finished", _finished)
