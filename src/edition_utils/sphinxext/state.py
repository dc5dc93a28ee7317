"""The edition's data and this build's bookkeeping, kept beside the Sphinx application rather than as attributes
on it (a weak mapping: it goes when the application goes, as in a test that makes many applications)."""

from __future__ import annotations

import gc
import logging
import weakref
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sphinx.errors import ExtensionError
from sphinx.util import logging as sphinx_logging
from sphinx.util.logging import is_suppressed_warning

from .. import yamlfile
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
            yamlfile.save_cache()  # what the next build need not parse again
            _freeze()  # the edition lives as long as the build
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
YAML_CACHE = "_build/.edition-cache/yaml.pickle"  # root-relative, beside the rendered citations


def _freeze() -> None:
    """Sphinx's environment, the imported modules and the edition live as long as the build: set aside from the
    collector's full passes, which otherwise walked all of them again and again (a third of a second of a one-note
    rebuild, which loads the edition on top of the environment). They stay set aside when the build ends: when
    the process ends then (the jupyter-book command), the interpreter's last collection need not walk them again
    (0.4 s of every build, a fifth of a no-change one); a process that starts another build (the tests) lets them
    go first (_release), so what a build left behind can still be freed. The young generation is collected less
    often during the build too: a build allocates millions of objects that live (restored when it ends, _thaw)."""
    gc.freeze()
    _THRESHOLDS.setdefault("before", gc.get_threshold())
    gc.set_threshold(20000, 50, 50)


_THRESHOLDS: dict = {}


def _release() -> None:
    """What an earlier build of this process set aside goes back to the collector, and its garbage is freed."""
    if gc.get_freeze_count():
        gc.unfreeze()
        gc.collect()


def _thaw(app, exception) -> None:
    yamlfile.use_cache(None)
    if "before" in _THRESHOLDS:
        gc.set_threshold(*_THRESHOLDS.pop("before"))


def start(app) -> BuildState:
    _release()
    _freeze()
    root = Path(app.config.edition_root or app.srcdir)
    yamlfile.use_cache(root / YAML_CACHE)  # the data files' parsed YAML, kept between builds
    _STATES[app] = BuildState(LazyEdition(root, app.builder.get_target_uri))
    counter = _STATES[app].extra["warnings"] = WarningCount(app)
    logging.getLogger(sphinx_logging.NAMESPACE).addHandler(counter)  # Sphinx's logging is set up by now
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


class WarningCount(logging.Handler):
    """The warnings this application logs (what -W --keep-going fails a build on), those `suppress_warnings` hides
    aside, counted on Sphinx's logger: Sphinx's own count is a private attribute. A warning held back while pages are
    read in parallel may be counted twice; only whether there was one matters."""

    def __init__(self, app):
        super().__init__(logging.WARNING)
        self.app, self.count = app, 0

    def emit(self, record) -> None:
        kind, sub = getattr(record, "type", ""), getattr(record, "subtype", "")
        if not is_suppressed_warning(kind, sub, getattr(self.app.config, "suppress_warnings", ())):
            self.count += 1


def clean(app, exception) -> bool:
    """Whether the build ended without an error or a logged warning."""
    counter = _STATES.get(app) and _STATES[app].extra.get("warnings")
    return exception is None and counter is not None and counter.count == 0


def _reading(app, env, docnames):
    of(app).read = list(docnames)


def _written(app, pagename, templatename, context, doctree):
    of(app).written.add(pagename)


def setup_state(app) -> None:
    app.add_config_value("edition_root", "", "env")
    app.connect("builder-inited", start, priority=100)  # before every other component needs it
    app.connect("env-before-read-docs", _reading)
    app.connect("html-page-context", _written)
    app.connect("build-finished", _thaw, priority=1000)  # after every other build-finished handler
