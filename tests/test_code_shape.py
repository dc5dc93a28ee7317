"""The code stays in small functions (issue 17): none longer than 60 lines, measured from `def` to its last line
(decorators, docstring and comments included)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 60
CHECKED = ("src", "scripts", "bench")  # every Python file of the package, the maintenance scripts and the benchmark


def checked_files() -> list[Path]:
    return [f for folder in CHECKED for f in sorted((ROOT / folder).rglob("*.py"))]


def long_functions(source: str, limit: int = MAX_LINES) -> list[tuple[str, int, int]]:
    """(name, first line, length) of every function or method in `source` longer than `limit` lines."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            first = min([node.lineno] + [d.lineno for d in node.decorator_list])
            length = node.end_lineno - first + 1
            if length > limit:
                out.append((node.name, first, length))
    return out


def test_the_measure_counts_nested_and_decorated_functions():
    body = "\n".join(f"        x{i} = {i}" for i in range(60))
    source = f"@decorator\ndef outer():\n    def inner():\n{body}\n    return inner\n"
    assert [(name, length) for name, _, length in long_functions(source)] == [("outer", 64), ("inner", 61)]
    assert long_functions("def short():\n    return 1\n") == []


def test_no_function_is_longer_than_60_lines():
    files = checked_files()
    names = {f.relative_to(ROOT).as_posix() for f in files}
    assert {"scripts/derive_geodata.py", "src/edition_utils/sources.py", "src/edition_utils/sphinxext/directives.py",
            "src/edition_utils/exports.py", "bench/run.py"} <= names
    too_long = [f"{f.relative_to(ROOT)}:{line} {name} ({length} lines)"
                for f in files for name, line, length in long_functions(f.read_text(encoding="utf-8"))]
    assert not too_long, f"functions over {MAX_LINES} lines: " + "; ".join(too_long)
