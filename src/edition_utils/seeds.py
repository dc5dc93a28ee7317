"""Read-only access to the seed texts, exactly as shipped.

A seed line is what lies between newline characters; a final newline does not open a further line
(so line numbers agree with ``sed -n Np`` and with editors).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class Seed:
    name: str
    sha256: str
    lines: tuple[str, ...]

    def line(self, number: int) -> str:
        """1-based line access, as in the registry."""
        if not 1 <= number <= len(self.lines):
            raise IndexError(f"{self.name} has {len(self.lines)} lines, not {number}")
        return self.lines[number - 1]

    def nonblank(self, first: int = 1, last: int | None = None) -> list[int]:
        last = len(self.lines) if last is None else last
        return [n for n in range(first, last + 1) if self.lines[n - 1].strip()]


def _split(text: str) -> tuple[str, ...]:
    parts = text.split("\n")
    if parts and parts[-1] == "":
        parts.pop()
    return tuple(parts)


@lru_cache(maxsize=None)
def _read(path: str, mtime_ns: int) -> Seed:
    raw = Path(path).read_bytes()
    return Seed(Path(path).name, hashlib.sha256(raw).hexdigest(), _split(raw.decode("utf-8")))


def read_seed(seeds_dir: Path, name: str) -> Seed:
    path = seeds_dir / name
    return _read(str(path), path.stat().st_mtime_ns)


def seed_names(seeds_dir: Path) -> list[str]:
    return sorted(p.name for p in seeds_dir.glob("*.txt"))


def checksum_mismatches(seeds_dir: Path) -> list[str]:
    """Names listed in SHA256SUMS whose bytes differ (or are missing); empty when all match."""
    bad = []
    for row in (seeds_dir / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        if not row.strip():
            continue
        digest, name = row.split(maxsplit=1)
        path = seeds_dir / name.lstrip("*")
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            bad.append(name)
    return bad
