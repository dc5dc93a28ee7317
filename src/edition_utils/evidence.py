"""What kind of evidence a link is: every host named in a URL of the edition's data and pages is classified in
data/evidence_hosts.csv (schema beside it) as primary, scholarly, reference work, journalism, Wikipedia, a copy of
Wikipedia, a shadow library (unauthorised copies of books, never to be published) or other."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator, Literal

from pydantic import Field

from .errors import EditionDataError
from .schema import Strict, Text
from .tables import read_rows

HOSTS_FILE = "data/evidence_hosts.csv"
Kind = Literal["primary", "scholarly", "reference-work", "journalism", "wikipedia", "wikipedia-mirror",
               "shadow-library", "other"]
KINDS: tuple[str, ...] = Kind.__args__
#: Scheme, then the host (what a classification is about); the rest of the URL up to a delimiter.
URL = re.compile(r"https?://([A-Za-z0-9.\-]+)(?::\d+)?[^\s\"'<>)\]}|`]*")
#: The Wayback Machine wraps another URL: the evidence is the archived page, so its own host is what counts.
WAYBACK = re.compile(r"^https?://web\.archive\.org\.?/web/[0-9a-z_*]+/(https?://.+)$", re.I)
TEXT_SUFFIXES = {".md", ".csv", ".yml", ".yaml", ".bib", ".json", ".geojson", ".txt", ".py", ".ipynb", ".html",
                 ".js", ".xml", ".cff", ".toml", ".jsonld", ".ris"}


class HostRow(Strict):
    host: str = Field(pattern=r"^[a-z0-9]([a-z0-9\-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9\-]*[a-z0-9])?)+$")
    kind: Kind
    description: Text


def load_hosts(root: Path) -> dict[str, HostRow]:
    rows = read_rows(root / HOSTS_FILE, HostRow, HOSTS_FILE, key="host")
    out: dict[str, HostRow] = {}
    for i, row in enumerate(rows, start=2):
        if row.host in out:
            raise EditionDataError(HOSTS_FILE, f"row {i} ({row.host})", "host", "host listed twice")
        out[row.host] = row
    return out


def unwrap(url: str) -> str:
    m = WAYBACK.match(url)
    return unwrap(m.group(1)) if m else url


def host_of(url: str) -> str:
    m = URL.match(url)
    return m.group(1).lower().rstrip(".") if m else ""


def urls_in(text: str) -> list[str]:
    return [m.group(0) for m in URL.finditer(text)]


def kind_of(host: str, table: dict[str, HostRow]) -> str | None:
    """The host's kind: its own row, else the nearest listed parent domain (a.b.example.org -> example.org)."""
    parts = host.lower().rstrip(".").split(".")
    for i in range(len(parts) - 1):
        row = table.get(".".join(parts[i:]))
        if row:
            return row.kind
    return None


def url_kind(url: str, table: dict[str, HostRow]) -> str | None:
    return kind_of(host_of(unwrap(url)), table)


def text_files(root: Path, folders: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    """(path relative to root, text) of every text file under the folders (the edition's own data and pages)."""
    for folder in folders:
        base = root / folder
        for path in sorted(base.rglob("*")) if base.is_dir() else []:
            if path.is_file() and path.suffix.lower() in TEXT_SUFFIXES and "__pycache__" not in path.parts:
                yield path.relative_to(root).as_posix(), path.read_text(encoding="utf-8", errors="replace")
