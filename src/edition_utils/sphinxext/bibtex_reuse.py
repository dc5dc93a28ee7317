"""The formatted citations of the last build, reused when nothing they depend on changed.

sphinxcontrib-bibtex formats every work of the bibliography with pybtex (twice: the entry and its tooltip) at
``env-updated`` on every build, pages read or not; in a no-change rebuild that was most of Sphinx's own time. What it
computes is kept in the environment Sphinx pickles after reading. So when this build reads and removes no page, the
environment on disk is the one the last formatting was pickled with, the bibliography files are unchanged, and that
build ended without a warning (one it logged, a duplicate citation say, would otherwise not be logged again), the
formatting is skipped and the pickled citations stand.

When a page was read (an edited note, say), the formatting runs, but each entry is formatted by pybtex only once:
the style the bibliography uses (``edition_plain``, pybtex's plain) keeps what it formatted, by the entry's whole
content and its label, in memory (the tooltip is the same entry formatted again) and between builds (a file beside
the environment, dropped with any change of code or pybtex).
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

import pybtex
from pybtex.plugin import register_plugin
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels.number import LabelStyle as NumberLabels
from pybtex.style.names.plain import NameStyle as PlainNames
from pybtex.style.sorting.author_year_title import SortingStyle as AuthorYearTitle

from . import state

STAMP = "edition-bibtex.stamp"  # in the doctree folder, beside Sphinx's environment.pickle
FORMATTED = "edition-bibtex-formatted.pickle"  # the entries formatted by the last build, in the same folder
STYLE = "edition_plain"  # bibtex_default_style in _config.yml


def _entry_key(label: str, entry) -> tuple:
    """Everything pybtex's plain style reads of an entry (its key, type, fields and every part of every name), and
    the label it is given."""
    persons = tuple((role, tuple((tuple(p.first_names), tuple(p.middle_names), tuple(p.prelast_names),
                                  tuple(p.last_names), tuple(p.lineage_names)) for p in people))
                    for role, people in entry.persons.items())
    return label, entry.key, entry.type, tuple(entry.fields.items()), persons


class FormattedOnce(PlainStyle):
    """pybtex's plain style, each entry formatted once (see above). Its name, label and sorting styles are given
    as classes: by name, pybtex looks each up among the entry points of every installed distribution."""

    default_name_style, default_label_style, default_sorting_style = PlainNames, NumberLabels, AuthorYearTitle
    formatted: dict = {}  # _entry_key -> FormattedEntry, for this process
    used: set = set()  # the keys this process's builds asked for (only those are kept for the next build)

    def format_entry(self, label, entry, bib_data=None):
        if bib_data is not None:  # cross-references resolved from other entries: not keyed here
            return super().format_entry(label, entry, bib_data)
        key = _entry_key(label, entry)
        FormattedOnce.used.add(key)
        if key not in FormattedOnce.formatted:
            # an incomplete entry raises FieldIsMissing here (a warning of sphinxcontrib-bibtex's), and is not kept
            FormattedOnce.formatted[key] = super().format_entry(label, entry)
        return FormattedOnce.formatted[key]


def _version() -> str:
    return f"{state.code_version()}:{pybtex.__version__}"


def _load_formatted(app) -> None:
    """The entries the last build formatted, if made by this code and this pybtex."""
    try:
        with open(Path(app.doctreedir) / FORMATTED, "rb") as f:
            version, formatted = pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, AttributeError, ImportError):
        return  # none yet, or unreadable: formatted afresh
    if version == _version():
        FormattedOnce.formatted.update((k, v) for k, v in formatted.items() if k not in FormattedOnce.formatted)


def _save_formatted(app) -> None:
    path = Path(app.doctreedir) / FORMATTED
    kept = {k: v for k, v in FormattedOnce.formatted.items() if k in FormattedOnce.used}
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "wb") as f:
        pickle.dump((_version(), kept), f, pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)


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
        if FormattedOnce.used:  # this build formatted (or reused) entries: keep them for the next
            _save_formatted(app)
    else:
        _stamp(app).unlink(missing_ok=True)


def _register_plaintext(app, builder) -> None:
    """sphinxcontrib-bibtex asks pybtex for its plaintext backend at every citation it resolves, and pybtex finds a
    name by scanning every installed distribution's entry points (9 ms a time; 15 times in a one-note rebuild) unless
    the name was registered at run time. Registering costs one scan, so it is done when pages are about to be
    written: a no-change rebuild writes none and never pays it."""
    from pybtex.backends.plaintext import Backend  # what pybtex's own entry point names (tested)

    register_plugin("pybtex.backends", "plaintext", Backend, force=True)


def setup_bibtex_reuse(app) -> None:
    register_plugin("pybtex.style.formatting", STYLE, FormattedOnce)
    app.connect("write-started", _register_plaintext)
    app.connect("builder-inited", _replace_listener)
    app.connect("builder-inited", _load_formatted)
    app.connect("env-get-outdated", _removed)
    app.connect("build-finished", _finished)
