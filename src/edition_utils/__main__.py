"""Command line: ``python -m edition_utils check | build | passages register | schema``."""

from __future__ import annotations

import argparse
import json
import sys

from .errors import EditionDataError
from .paths import find_root


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m edition_utils")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="validate seeds, registry, passages, notes and statements")
    reg = sub.add_parser("passages", help="passage registry")
    reg.add_argument("action", choices=["register"])
    sub.add_parser("schema", help="print the JSON schema of data/sources.yml")
    sub.add_parser("build", help="build the book strictly into _build/html (atomic)")
    cite = sub.add_parser("cite", help="print the citation of a passage (or of a note, by its anchor)")
    cite.add_argument("passage_id")
    cite.add_argument("--style", default="chicago", help="chicago, mla, apa, bibtex, ris or csl-json")
    args = parser.parse_args(argv)
    # Checking and citing work on the data installed with the package too; the rest needs a clone of the repository.
    try:
        root = find_root(published=args.command in {"check", "cite"})
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        if args.command == "check":
            from .edition import load_edition

            ed = load_edition(root)
            print(f"ok: {len(ed.registry.sources)} source units, {len(ed.passages)} passages, {len(ed.notes)} notes, "
                  f"{len(ed.statements)} statements")
        elif args.command == "passages":
            from .passages import register
            from .sources import load_registry

            registry = load_registry(root / "data/sources.yml", root / "seeds", root)
            new = register(registry, root / "seeds", root / "data/passages.csv")
            print(f"registered {len(new)} new passage IDs")
        elif args.command == "cite":
            return _cite(root, args.passage_id, args.style)
        elif args.command == "build":
            from .build import main as build_main

            return build_main(root)
        elif args.command == "schema":
            from .sources import json_schema

            print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    except EditionDataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def _cite(root, key: str, style: str) -> int:
    """The citation of a passage (or a note: its anchor, e.g. note-smilga-bio-1-1), rendered as the build renders
    it (citeproc-js), with the canonical site address (publication.site_url: _config.yml or EDITION_SITE_URL)."""
    from .citations import FORMATS, STYLES, Publication, edition_items, formats_of, render
    from .edition import load_edition

    if style not in FORMATS:
        print(f"error: unknown style {style!r}; choose one of {', '.join(FORMATS)}", file=sys.stderr)
        return 2
    ed = load_edition(root)
    passage = ed.passages_by_id.get(key)
    note = next((n for n in ed.notes if n.anchor == key), None)
    if passage is None and note is None:
        print(f"error: unknown passage ID {key!r} (see data/passages.csv)", file=sys.stderr)
        return 2
    source_id = (passage or ed.passages_by_id[note.passage]).source_id
    entries = dict(edition_items(ed, Publication.of(root))[source_id])
    item = entries[key]
    # citeproc-js (node) runs only when a CSL style is asked for
    rendered = render(root, [item]) if style in STYLES else {s: {item["id"]: ""} for s in STYLES}
    print(formats_of([item], rendered)[item["id"]][style])
    return 0


if __name__ == "__main__":
    sys.exit(main())
