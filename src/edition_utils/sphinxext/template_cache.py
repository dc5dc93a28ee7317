"""The HTML templates compiled once, not in every build that writes a page.

Sphinx compiles the theme's Jinja templates (pydata-sphinx-theme renders each sidebar and navbar template once more
to drop the empty ones) in every process, so the first page a rebuild writes paid for compiling them all: most of a
one-note rebuild's writing. Jinja's own bytecode cache keeps the compiled code in a folder beside Sphinx's
environment; Jinja checks each template's source against what it compiled and its own version against the cache's,
so an edited or upgraded template is compiled again.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import FileSystemBytecodeCache

FOLDER = "edition-jinja"  # in the doctree folder, beside Sphinx's environment.pickle


def _bytecode_cache(app) -> None:
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is not None and environment.bytecode_cache is None:  # an HTML builder's template bridge
        folder = Path(app.doctreedir) / FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        environment.bytecode_cache = FileSystemBytecodeCache(str(folder))


def setup_template_cache(app) -> None:
    app.connect("builder-inited", _bytecode_cache)
