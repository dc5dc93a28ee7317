"""`make preview`, the editors' live preview (sphinx-autobuild, Makefile): it serves the book on 127.0.0.1 and shows
an edited note within seconds, by a rebuild of what the edit touches, not a clean build. Run on a copy of the
repository's tracked files (its .venv and node_modules linked), so that the edit never touches the clone."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request

PAGE = "chapters/smilga/smilga-bio.html"
NOTE = "data/notes/smilga-bio.yml"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, ok, seconds: float, log) -> float:
    """Seconds until the page at `url` satisfies `ok`; fails with the preview's log after `seconds`."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if ok(response.read().decode("utf-8")):
                    return time.monotonic() - start
        except OSError:
            pass
        time.sleep(1)
    raise AssertionError(f"{url} not as expected after {seconds} s; the preview said:\n{log.read_text()[-3000:]}")


def test_make_preview_serves_the_book_and_shows_an_edited_note(root, tmp_path):
    copy = tmp_path / "clone"
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True, check=True).stdout.decode()
    for rel in filter(None, tracked.split("\0")):
        if (root / rel).is_file():
            (copy / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(root / rel, copy / rel)  # with its mtime, so make finds the linked installs up to date
    for installed in (".venv", "node_modules"):
        (copy / installed).symlink_to(root / installed)
    port, log = _free_port(), tmp_path / "preview.log"
    with log.open("w") as out:
        proc = subprocess.Popen(["make", "preview", f"PORT={port}"], cwd=copy, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}/{PAGE}"
        _wait_for(url, lambda html: 'id="smilga-bio.1"' in html, 600, log)
        note = copy / NOTE
        text = note.read_text(encoding="utf-8")
        body = text.index("\n  body: ")  # a word of the first note's text (not of its quotation, which must match)
        at = text.index(" born ", body)
        assert "PREVIEWEDIT" not in text
        before = len(log.read_text())
        note.write_text(text[:at] + " PREVIEWEDIT " + text[at + len(" born "):], encoding="utf-8")
        seconds = _wait_for(url, lambda html: "PREVIEWEDIT" in html, 180, log)
        assert seconds < 60, f"the edited note showed after {seconds:.0f} s"
        # one page re-read (the chapter that shows the note), not the book
        rebuild = log.read_text()[before:]
        changed = re.findall(r"updating environment: .*?(\d+) added, (\d+) changed", rebuild)
        assert changed and changed[0] == ("0", "1"), rebuild[-2000:]
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)
