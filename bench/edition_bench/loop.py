"""The editorial loop: rebuild after editing one word of one note, and of one chapter's Markdown, compared with the
no-change rebuild; which documents Sphinx re-read and which HTML files were rewritten."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from .builds import build_edition
from .env import say

NOTE_FILE = "data/notes/smilga-bio.yml"
CHAPTER_FILE = "chapters/intro.md"
WORD = "EDITED"
# Sphinx's status_iterator writes "reading sources... [ 50%] docname" (one per document, separated by \r or \n
# depending on verbosity), or "reading sources... doc1 doc2" when it does not know the count.
READ_COUNTED = re.compile(r"reading sources\.\.\. \[\s*\d+%\]\s+([^\s\x1b]+)")
READ_PLAIN = re.compile(r"reading sources\.\.\. ([^\r\n\[]*)$", re.M)
UPDATING = re.compile(r"updating environment: .*?(\d+) added, (\d+) changed, (\d+) removed")
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _edit_word(text: str, start_of) -> tuple[str, str]:
    """Replace the first word of 4+ lower-case letters by WORD, on the first line where `start_of(line)` gives the
    column to search from (None: skip the line)."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        start = start_of(line)
        if start is None:
            continue
        found = re.compile(r"(?<![\w'-])[a-z]{4,}(?![\w'-])").search(line, start)
        if found:
            lines[i] = line[:found.start()] + WORD + line[found.end():]
            return "\n".join(lines), f"line {i + 1}: '{found[0]}' -> '{WORD}'"
    raise SystemExit("editorial loop: found no word to edit")


def edit_note(root: Path) -> str:
    """One word in the body of the first note (a YAML scalar, so the file stays valid)."""
    path = root / NOTE_FILE
    text, what = _edit_word(path.read_text(encoding="utf-8"),
                            lambda ln: ln.index("body:") + 5 if ln.lstrip().startswith("body:") else None)
    path.write_text(text, encoding="utf-8")
    return f"`{NOTE_FILE}` {what}"


def edit_chapter(root: Path) -> str:
    """One word of the first paragraph of prose (not a heading, list, directive or front matter)."""
    path = root / CHAPTER_FILE
    prose = re.compile(r"^[A-Z][a-z]")
    text, what = _edit_word(path.read_text(encoding="utf-8"), lambda ln: 0 if prose.match(ln) else None)
    path.write_text(text, encoding="utf-8")
    return f"`{CHAPTER_FILE}` {what}"


def reread(log: str) -> dict:
    """The documents Sphinx read again, from its log."""
    plain = ANSI.sub("", log)
    docs = READ_COUNTED.findall(plain)
    if not docs:
        docs = [d for line in READ_PLAIN.findall(plain) for d in line.split()]
    counts = UPDATING.search(plain)
    return {"docs": list(dict.fromkeys(docs)),
            "updating": "added {}, changed {}, removed {}".format(*counts.groups()) if counts else "?"}


def html_state(site: Path) -> dict[str, tuple[int, str]]:
    """mtime and content digest of every .html under the published site."""
    site = site.resolve()
    return {p.relative_to(site).as_posix(): (p.stat().st_mtime_ns, hashlib.sha1(p.read_bytes()).hexdigest())
            for p in site.rglob("*.html")}


def _changed(before: dict, after: dict) -> dict:
    touched = [k for k in after if k not in before or before[k][0] != after[k][0]]
    content = [k for k in after if k not in before or before[k][1] != after[k][1]]
    return {"html_total": len(after), "html_touched": len(touched), "html_content": len(content),
            "touched_sample": sorted(content)[:12]}


def _step(root: Path, label: str, logs: Path, edit) -> dict:
    site = root / "_build" / "html"
    before = html_state(site)
    what = edit(root) if edit else "no change"
    res = build_edition(root, label, logs)
    res.update(edit=what, **reread((logs / f"{label}.log").read_text()), **_changed(before, html_state(site)))
    say(f"{label}: {what}; re-read {len(res['docs'])} document(s); {res['html_touched']} of {res['html_total']} "
        f"HTML files rewritten, {res['html_content']} with new content")
    return res


#: Edited-note rebuilds taken (a different word each time, each after a no-change rebuild): one rebuild on a shared
#: machine varies by a second either way, so the target is judged on their median, as the no-change rebuild is.
NOTE_EDITS = 5


def editorial_loop(root: Path, logs: Path) -> list[dict]:
    """On the copy of the clean build: a no-change rebuild and an edited note, NOTE_EDITS times over, then one
    edited chapter."""
    steps = []
    for n in range(1, NOTE_EDITS + 1):
        suffix = "" if n == 1 else f"-{n}"
        steps += [_step(root, f"loop-no-change{suffix}", logs, None),
                  _step(root, f"loop-note{suffix}", logs, edit_note)]
    return steps + [_step(root, "loop-chapter", logs, edit_chapter)]
