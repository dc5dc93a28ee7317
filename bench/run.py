#!/usr/bin/env python3
"""Performance benchmark of the edition: build times, the editorial loop, page weight, Lighthouse, time to first
chart and map, scaling.

    python bench/run.py [--out BENCHMARKS.md] [--scales 10] [--keep]

Measures, in one run on this machine, and writes a Markdown report (BENCHMARKS.md by default):

1. a clean build with notebook execution of a fresh copy of the repository (no _build);
2. no-change rebuilds of the same copy;
3. the baseline: an empty Jupyter Book (minimal _config.yml/_toc.yml, one Markdown page, same strict flags),
   built clean and then again with no change, its page loaded in Chromium and audited by Lighthouse;
4. the editorial loop: rebuilds after one word of one note (five times, the median judged) and of one chapter's
   Markdown is edited;
5. every page of the built site in headless Chromium served by http.server on 127.0.0.1: HTML bytes, bytes
   transferred, requests, render-blocking resources, requests to other hosts, plotly.js loads, first chart or map;
6. Lighthouse (npm) with Debian's Chromium, mobile and desktop presets, on a text, the chart and the map page;
7. a scaling run: copies of the book with 5 and 10 times as many presented sources (synthetic ones), built clean.

The repository is never built in place: another developer may be building it. The working tree is copied once
(a snapshot, without .venv, _build, .git, node_modules and test-artifacts; node_modules is symlinked back) into a
temporary folder and every measured build runs on a copy of that snapshot, with the copy's own src/ first on
PYTHONPATH so the copy's code (not the editable install pointing at the live tree) renders the copy's data.
The parts live in bench/edition_bench/. See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from edition_bench import lighthouse  # noqa: E402
from edition_bench.builds import (build_edition, build_plain, empty_book, empty_site, fresh_copy,  # noqa: E402
                                  profile_rebuild, snapshot)
from edition_bench.env import KEY_PAGES, REPO, T0, Contention, ensure_venv, machine, say  # noqa: E402
from edition_bench.loop import editorial_loop  # noqa: E402
from edition_bench.pages import html_sizes, measure_pages  # noqa: E402
from edition_bench.report import report  # noqa: E402
from edition_bench.scaling import real_shape, scaled_point  # noqa: E402


def arguments() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=REPO / "BENCHMARKS.md", help="report to write (BENCHMARKS.md)")
    ap.add_argument("--scales", default="5,10",
                    help="comma-separated multiples of the presented sources to build (5,10; 5 is a midpoint that "
                         "shows whether the marginal cost per source rises; 1 builds no scaled copy)")
    ap.add_argument("--rebuilds", type=int, default=3, help="no-change rebuilds to take the median of (3)")
    ap.add_argument("--draw-runs", type=int, default=5, help="cold loads per chart/map page (5)")
    ap.add_argument("--no-loop", action="store_true", help="skip the editorial loop (edited note and chapter)")
    ap.add_argument("--lighthouse-runs", type=int, default=1,
                    help="Lighthouse runs per page and preset, the median score reported (1)")
    ap.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse")
    ap.add_argument("--no-profile", action="store_true", help="skip the profiled no-change rebuild")
    ap.add_argument("--keep", action="store_true", help="keep the temporary copies and logs")
    ap.add_argument("--report-only", type=Path, metavar="MEASUREMENTS",
                    help="write the report from the measurements.pickle that a --keep run left, measuring nothing")
    return ap.parse_args()


def describe_tree() -> str:
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                          text=True).stdout.strip()
    status = subprocess.run(["git", "status", "--porcelain"], cwd=REPO, capture_output=True, text=True).stdout
    dirty = [ln for ln in status.splitlines()
             if not ln[3:].startswith(("bench/", "BENCHMARKS.md"))]  # the benchmark's own files
    return (f"the working tree of `{REPO}` at commit `{head or '?'}`"
            + (f" with {len(dirty)} uncommitted change(s) (files modified or added)" if dirty else ""))


def measure_builds(ctx: dict, snap: Path, tmp: Path, logs: Path, rebuilds: int) -> Path:
    """Sections 1-3: clean build and no-change rebuilds of a copy, and the empty book's."""
    copy = fresh_copy(snap, tmp / "book-1x")
    ctx["clean"] = build_edition(copy, "clean-1x", logs)
    book = empty_book(tmp)
    ctx["empty_clean"] = build_plain(book, "empty-clean", logs)
    # The no-change rebuilds of the two books alternate: a rise or fall of the machine's load (others' builds come
    # and go within a minute) then weighs on both, not on one book's runs only, as it did when each ran as a block.
    ctx["rebuilds"], ctx["empty_rebuilds"] = [], []
    for i in range(rebuilds):
        ctx["rebuilds"].append(build_edition(copy, f"rebuild-{i + 1}", logs))
        ctx["empty_rebuilds"].append(build_plain(book, f"empty-rebuild-{i + 1}", logs))
    ctx["empty_book"] = book
    return copy


def measure_browser(ctx: dict, site: Path, tmp: Path, logs: Path, args) -> None:
    """Sections 5 and 6 on the site of section 1's copy (no longer written to) and the empty book's site."""
    baseline = empty_site(ctx["empty_book"])
    with Contention(tmp) as watch:
        ctx["pages"], ctx["empty_page"], ctx["chromium"] = measure_pages(site, args.draw_runs, baseline)
    ctx["steps_extra"].append({"label": "pages in Chromium", "jb_seconds": watch.wall, **watch.summary()})
    why = "--no-lighthouse" if args.no_lighthouse else lighthouse.available()
    if why:
        ctx["lighthouse_skipped"] = why
        say(f"Lighthouse skipped: {why}")
        return
    ctx["lighthouse_version"] = lighthouse.version()
    keys = [KEY_PAGES["text"][0], *KEY_PAGES["chart"], *KEY_PAGES["map"]]
    with Contention(tmp) as watch:
        runs = ctx["lighthouse_runs"] = max(1, args.lighthouse_runs)
        ctx["lighthouse"] = lighthouse.run_site(site, [k for k in keys if (site / k).exists()], logs, "edition",
                                                runs)
        ctx["lighthouse_empty"] = lighthouse.run_site(baseline, ["index.html"], logs, "empty", runs)
    ctx["steps_extra"].append({"label": "Lighthouse", "jb_seconds": watch.wall, **watch.summary()})


def measure_scaling(ctx: dict, snap: Path, tmp: Path, logs: Path, args) -> list[dict]:
    """Section 7: scaled copies, compared with section 1's clean build."""
    shape = real_shape(snap)
    points = [{"factor": 1, "sources": shape["sources"], "passages": shape["passages"], "notes": shape["notes"],
               **ctx["html_1x"], **ctx["clean"]}]
    factors = sorted({int(x) for x in args.scales.split(",") if x.strip()})
    points += [scaled_point(snap, tmp, f, shape, logs, args.keep) for f in factors if f > 1]
    ctx["scaling"] = {"shape": shape, "points": points}
    return points[1:]


def run(args, tmp: Path, logs: Path) -> str:
    ctx: dict = {"date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"), "steps_extra": [],
                 "machine": machine(lighthouse.version()), "draw_runs": args.draw_runs}
    ctx["tree"] = describe_tree()
    snap = snapshot(tmp)
    say(f"snapshot of {REPO} ({ctx['tree']})")
    copy = measure_builds(ctx, snap, tmp, logs, args.rebuilds)
    ctx["html_1x"] = html_sizes(copy / "_build" / "html")  # before the editorial loop edits the copy
    measure_browser(ctx, copy / "_build" / "html", tmp, logs, args)
    # The editorial loop edits the copy, so it runs after its pages were measured.
    ctx["loop"] = [] if args.no_loop else editorial_loop(copy, logs)
    scale_builds = measure_scaling(ctx, snap, tmp, logs, args)
    if not args.no_profile:  # last: the profiler run is not a measurement
        ctx["profile"] = profile_rebuild(copy, logs)
    ctx["steps"] = [ctx["clean"], *ctx["rebuilds"], ctx["empty_clean"], *ctx["empty_rebuilds"], *ctx["loop"],
                    *scale_builds, *ctx["steps_extra"]]
    ctx["runtime"] = time.perf_counter() - T0
    with (logs / "measurements.pickle").open("wb") as fh:  # to re-render the report with --report-only
        pickle.dump(ctx, fh)
    return report(ctx)


def main() -> int:
    ensure_venv(Path(__file__))
    args = arguments()
    if args.report_only:
        with args.report_only.open("rb") as fh:
            args.out.write_text(report(pickle.load(fh)), encoding="utf-8")
        say(f"wrote {args.out}")
        return 0
    tmp = Path(tempfile.mkdtemp(prefix="edition-bench-"))
    logs = tmp / "logs"
    logs.mkdir()
    say(f"working in {tmp}")
    try:
        text = run(args, tmp, logs)
        args.out.write_text(text, encoding="utf-8")
        say(f"wrote {args.out}")
        print(text[text.index("## Summary"):])
    finally:
        if args.keep:
            say(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
