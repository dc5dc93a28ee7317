"""Machine-readable exports written into the built site on every build (edition/*.json)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from .edition import Edition


def sources_json(ed: Edition) -> list[dict]:
    out = []
    for src in ed.registry.sources:
        item = src.model_dump(mode="json", exclude_none=True)
        item["seed_lines"] = [list(r) for r in src.seed_lines]
        item["url"] = f"{src.chapter}.html" if src.chapter else None
        if src.url:
            item["source_url"] = src.url
        item["passages"] = len(ed.passages_of(src.id))
        out.append(item)
    return out


def passages_json(ed: Edition) -> list[dict]:
    return [
        {
            "id": p.id,
            "source_id": p.source_id,
            "seed_file": p.seed_file,
            "seed_lines": [p.line, p.line],
            "url": ed.url_of(p.id),
            "text": p.text,
            "text_sha256": p.text_sha256,
        }
        for p in ed.passages
    ]


def write_json(path: Path, data) -> None:
    """Write atomically: a reader (or a failed build) never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    os.replace(tmp, path)


def write_all(ed: Edition, outdir: Path) -> list[Path]:
    target = outdir / "edition"
    written = []
    for name, data in (("sources.json", sources_json(ed)), ("passages.json", passages_json(ed))):
        write_json(target / name, data)
        written.append(target / name)
    return written
