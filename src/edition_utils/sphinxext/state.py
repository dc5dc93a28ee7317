"""The edition's data and this build's bookkeeping, kept beside the Sphinx application rather than as attributes
on it (a weak mapping: it goes when the application goes, as in a test that makes many applications)."""

from __future__ import annotations

import weakref
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sphinx.errors import ExtensionError

from ..errors import EditionDataError
from ..paths import files_digest
from ..seeds import read_seed


@contextmanager
def data_errors(what: str = "bad edition data"):
    """An EditionDataError (which names file, entry and field) raised as the ExtensionError Sphinx stops on."""
    try:
        yield
    except EditionDataError as exc:
        raise ExtensionError(f"{what}: {exc}") from None


class LazyEdition:
    """The edition, loaded (and validated) on first use. A no-change rebuild of data that the last successful build
    already validated then never pays for loading it."""

    def __init__(self, root: Path, page_url=None):
        self.root, self._edition = root, None
        self._page_url = page_url  # the builder's page addresses (get_target_uri), for the exports' URLs

    @property
    def loaded(self) -> bool:
        return self._edition is not None

    def load(self):
        if self._edition is None:
            from ..edition import load_edition

            with data_errors():
                self._edition = load_edition(self.root, **({"page_url": self._page_url} if self._page_url else {}))
        return self._edition

    def __getattr__(self, name):
        return getattr(self.load(), name)


@dataclass
class BuildState:
    edition: LazyEdition
    read: list[str] = field(default_factory=list)  # the documents this build re-reads
    written: set[str] = field(default_factory=set)  # the pages this build writes
    extra: dict = field(default_factory=dict)  # per-component values computed once per build


_STATES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def start(app) -> BuildState:
    root = Path(app.config.edition_root or app.srcdir)
    _STATES[app] = BuildState(LazyEdition(root, app.builder.get_target_uri))
    return _STATES[app]


def of(app) -> BuildState:
    return _STATES[app]


def edition(app) -> LazyEdition:
    return _STATES[app].edition


def seed(app, name: str):
    return read_seed(edition(app).root / "seeds", name)


def code_version(suffixes=(".py",)) -> int:
    """A number that changes whenever the edition's Python code changes, so Sphinx re-reads every page then (a page
    rendered by old directive code would otherwise survive an incremental build). Styles and scripts do not enter
    the environment: a change to one rewrites the pages without re-reading them (page_assets._static_digest)."""
    package = Path(__file__).parents[1]
    return int(files_digest([p for p in package.rglob("*") if p.suffix in suffixes], package)[:8], 16)


def clean(app, exception) -> bool:
    """Whether the build ended without an error or a logged warning (Sphinx counts those: under -W --keep-going the
    count fails the build). Unknown counts as not clean."""
    return exception is None and getattr(app, "_warncount", 1) == 0


def _reading(app, env, docnames):
    of(app).read = list(docnames)


def _written(app, pagename, templatename, context, doctree):
    of(app).written.add(pagename)


def setup_state(app) -> None:
    app.add_config_value("edition_root", "", "env")
    app.connect("builder-inited", start, priority=100)  # before every other component needs it
    app.connect("env-before-read-docs", _reading)
    app.connect("html-page-context", _written)
