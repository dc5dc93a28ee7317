"""BENCHMARKS.md from the measurements: each section returns its Markdown and the targets it judged."""

from __future__ import annotations

import os
import statistics

from .env import (CLEAN_TARGET_S, EDIT_FACTOR, FIRST_DRAW_MAX_MS, KEY_PAGES, LIGHTHOUSE_FIGURES, LIGHTHOUSE_TEXT,
                  PAGE_HTML_MAX, REBUILD_FACTOR, REPO, TEXT_PAGE_MAX, TEXT_PAGE_REQUESTS)
from .pages import CHART_SEL, MAP_SEL, VIEWPORT

Targets = list[tuple[str, bool]]


def table(header: list[str], rows: list[list], align: str | None = None) -> str:
    align = align or "l" + "r" * (len(header) - 1)
    sep = ["---:" if a == "r" else ":---:" if a == "c" else "---" for a in align]
    return "\n".join(["| " + " | ".join(header) + " |", "| " + " | ".join(sep) + " |",
                      *("| " + " | ".join(str(c) for c in row) + " |" for row in rows)]) + "\n"


def yes(ok: bool) -> str:
    return "**yes**" if ok else "**NO**"


def kb(n: float) -> str:
    return f"{n / 1024:,.1f}"


def ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.1f}x" if a is not None and b else "-"


def no_change(ctx: dict) -> float:
    return statistics.median(r["jb_seconds"] for r in ctx["rebuilds"])


def baseline(ctx: dict) -> float:
    return statistics.median(r["jb_seconds"] for r in ctx["empty_rebuilds"])


# --------------------------------------------------------------------------------------------- head

def head(ctx: dict) -> str:
    out = ["# Benchmarks\n",
           f"Measured on {ctx['date']} by `bench/run.py` in one run of {ctx['runtime']:.0f} s (how to run it and what "
           f"it measures: [bench/README.md](bench/README.md)). All numbers are from this run on this machine; "
           f"regenerate the file with `python bench/run.py`. Ratios (`x`) are against the empty-book baseline of "
           f"section 3, taken in the same run, unless said otherwise.\n",
           "## Machine\n", table(["", ""], [[k, v] for k, v in ctx["machine"].items()], "ll"),
           f"\nThe measured tree: {ctx['tree']}. Every build ran on a fresh copy of one snapshot of it in a "
           f"temporary folder, never on `{REPO}` itself.\n"]
    return "\n".join(out)


def conditions(ctx: dict) -> str:
    steps = ctx["steps"]
    busy = max(st["others_cpus"] for st in steps)
    text = ("What else the machine did during each timed step: CPU time of the whole machine (`/proc/stat`) minus "
            "the step's own CPU time (`getrusage` of the build and its children), as an average number of CPUs kept "
            "busy by other processes; the load average sampled each second (it counts our own processes too); and "
            "Jupyter Book or Sphinx builds of others visible in `/proc`. ")
    text += (f"**The machine was shared**: other processes kept up to {busy:.1f} of its {os.cpu_count()} CPUs busy "
             f"during our steps, so wall-clock times here are upper bounds of what an idle machine gives; the CPU "
             f"seconds are much less affected." if busy > 0.25 else
             "The machine was essentially idle apart from our steps.")
    rows = [[st["label"], f"{st['jb_seconds']:.1f}", f"{st['cpu_seconds']:.1f}", f"{st['others_cpus']:.2f}",
             f"{st['load']:.1f}-{st['load_max']:.1f}", st["competing"]] for st in steps]
    return "## Conditions\n\n" + text + "\n\n" + table(
        ["Step", "Wall s", "Our CPU s", "Other processes (CPUs busy)", "Load average", "Other builds seen"], rows)


# --------------------------------------------------------------------------------------------- builds

def clean_build(ctx: dict) -> tuple[str, Targets]:
    clean = ctx["clean"]
    ok = clean["jb_seconds"] <= CLEAN_TARGET_S
    text = ("## 1. Clean build with execution\n\nA fresh copy (no `_build`), built with "
            "`edition_utils.build.build(root)`: `jupyter-book build --warningiserror --nitpick --keep-going` into "
            "`_build/.staging`, every notebook chapter executed (`execute_notebooks: force`), then the publish step "
            "to `_build/html`.\n\n")
    text += table(["Target", "Measured", "Met"], [[
        f"clean build <= {CLEAN_TARGET_S:.0f} s on a 2-core machine (this one: {os.cpu_count()} cores)",
        f"{clean['jb_seconds']:.1f} s (jupyter-book) = {ratio(clean['jb_seconds'], ctx['empty_clean']['jb_seconds'])}"
        f" the empty book's clean build; {clean['total_seconds']:.1f} s with the publish step; "
        f"{clean['cpu_seconds']:.1f} CPU s (other processes kept {clean['others_cpus']:.2f} CPUs busy meanwhile)",
        yes(ok)]], "llc")
    return text, [(f"1. clean build <= {CLEAN_TARGET_S:.0f} s", ok)]


def _profile(prof: dict) -> str:
    if not prof:
        return ""
    text = (f"\nWhere a no-change rebuild spends its time: one more no-change rebuild under `cProfile` "
            f"({prof['total']:.1f} s under the profiler; cumulative times, so nested rows are included in their "
            f"parents and the profiler inflates every figure).\n\n")
    return text + table(["Step", "Calls", "Seconds", "Share"], [
        [label, calls or "-", f"{ct:.2f}" if ct is not None else "-",
         f"{100 * ct / prof['total']:.0f} %" if ct is not None else "-"] for label, ct, calls in prof["rows"]],
        "lrrr")


def rebuild(ctx: dict) -> tuple[str, Targets]:
    rebuilds, median, base = ctx["rebuilds"], no_change(ctx), baseline(ctx)
    ok = median <= REBUILD_FACTOR * base
    text = (f"\n## 2. No-change rebuild\n\nThe copy of section 1 built again {len(rebuilds)} times without any "
            f"change (median); the baseline is the empty book's no-change rebuild (section 3).\n\n")
    text += table(["Target", "Measured", "Met"], [[
        f"no-change rebuild <= {REBUILD_FACTOR} x baseline = {REBUILD_FACTOR * base:.2f} s",
        f"{median:.2f} s = {median / base:.1f}x baseline (runs: "
        f"{', '.join(format(r['jb_seconds'], '.2f') for r in rebuilds)} s; with publish "
        f"{statistics.median(r['total_seconds'] for r in rebuilds):.2f} s)", yes(ok)]], "llc")
    return text + _profile(ctx.get("profile")), [(f"2. no-change rebuild <= {REBUILD_FACTOR}x baseline", ok)]


def empty(ctx: dict) -> tuple[str, Targets]:
    e_clean, e_rebuilds, page = ctx["empty_clean"], ctx["empty_rebuilds"], ctx.get("empty_page")
    rows = [["empty book, clean", f"{e_clean['jb_seconds']:.2f} s"],
            ["empty book, no-change rebuild (median)",
             f"**{baseline(ctx):.2f} s** (runs: {', '.join(format(r['jb_seconds'], '.2f') for r in e_rebuilds)} s)"]]
    if page:
        rows.append(["its page in Chromium (cold load)", f"**{kb(page['bytes'])} KB** in **{page['requests']}** "
                     f"requests; {len(page['blocking'])} render-blocking resources in `<head>`"])
    for preset, res in (ctx.get("lighthouse_empty") or {}).get("index.html", {}).items():
        rows.append([f"its page in Lighthouse, {preset}", f"performance **{res['score']}**" if "score" in res
                     else f"failed: {res.get('error', '?')[:200]}"])
    text = ("\n## 3. Baseline: an empty Jupyter Book\n\njupyter-book with a minimal `_config.yml` (title, author) and "
            "`_toc.yml` (`format: jb-book`, one root page), one Markdown page, the same strict flags and staging path, "
            f"built clean and then {len(e_rebuilds)} times with no change (median used as the baseline); its one page "
            "loaded and audited exactly as the edition's pages (sections 5 and 6).\n\n")
    return text + table(["Build", "Measured"], rows, "ll"), []


# --------------------------------------------------------------------------------------------- editorial loop

def _docs(step: dict) -> str:
    docs = step["docs"]
    shown = ", ".join(f"`{d}`" for d in docs[:8]) + (f" and {len(docs) - 8} more" if len(docs) > 8 else "")
    return f"{len(docs)}" + (f": {shown}" if docs else "")


def editorial_loop(ctx: dict) -> tuple[str, Targets]:
    loop = ctx.get("loop")
    if not loop:
        return "", []
    refs = [*ctx["rebuilds"], *(s for s in loop if s["label"].startswith("loop-no-change"))]  # every no-change one
    ref, base = statistics.median(r["jb_seconds"] for r in refs), baseline(ctx)
    ref_cpu = statistics.median(r["cpu_seconds"] for r in refs)
    notes = [s for s in loop if s["label"].startswith("loop-note")]
    # the median edited-note rebuild (one of them: an odd count), its runs listed beside it
    note = sorted(notes, key=lambda s: s["jb_seconds"])[(len(notes) - 1) // 2]
    runs = ", ".join(f"{s['jb_seconds']:.2f}" for s in notes)
    # each edit against the no-change rebuild just before it (the loop alternates them): least swayed by the load
    by_label = {s["label"]: s for s in loop}
    paired = statistics.median(s["jb_seconds"] / by_label[s["label"].replace("note", "no-change")]["jb_seconds"]
                               for s in notes)
    ok = note["jb_seconds"] <= EDIT_FACTOR * ref
    text = ("\n## 4. The editorial loop\n\nOn the copy of section 1, after its no-change rebuilds: "
            f"{len(notes)} times over, one more no-change rebuild, then one word of one note edited (a different "
            "word each time) and the book rebuilt; then one word of one chapter's Markdown edited and the book "
            "rebuilt (the note edits stay). The edited note is judged on the median of its rebuilds; the "
            "reference, the no-change rebuild, is the median of section 2's no-change rebuilds and these. Documents "
            "re-read are the `reading sources...` lines of Sphinx's log; HTML files rewritten are those of the "
            "published `_build/html` whose mtime changed (and, of those, how many changed content).\n\n")
    rows = [[f"`{s['label']}`", s["edit"], f"{s['jb_seconds']:.2f}", ratio(s["jb_seconds"], ref),
             ratio(s["jb_seconds"], base), f"{s['cpu_seconds']:.1f}", s["updating"], _docs(s),
             f"{s['html_touched']} / {s['html_content']} of {s['html_total']}"] for s in loop]
    text += table(["Build", "Edit", "Seconds", "x no-change rebuild", "x baseline", "CPU s",
                   "Sphinx: environment", "Documents re-read", "HTML rewritten / new content"], rows, "lllrrrlll")
    text += "\n" + table(["Target", "Measured", "Met"], [[
        f"rebuild after one edited note <= {EDIT_FACTOR:.0f} x the no-change rebuild ({EDIT_FACTOR * ref:.2f} s)",
        f"{note['jb_seconds']:.2f} s (median of {len(notes)}: {runs} s) = {note['jb_seconds'] / ref:.2f}x the "
        f"no-change rebuild "
        f"({ref:.2f} s), {note['jb_seconds'] / base:.1f}x baseline; in CPU seconds {note['cpu_seconds']:.1f} = "
        f"{note['cpu_seconds'] / ref_cpu:.1f}x the no-change rebuild's {ref_cpu:.1f}; {len(note['docs'])} "
        f"documents re-read; paired (each edit over the no-change rebuild just before it, median): {paired:.2f}x",
        yes(ok)]], "llc")
    return text, [(f"4. edited note rebuilt <= {EDIT_FACTOR:.0f}x no-change rebuild", ok)]


# --------------------------------------------------------------------------------------------- pages

def _draw_summary(p: dict) -> str:
    if p["draw_median"] is None:
        return f"{p['page']}: not drawn"
    text = (f"{p['page']}#{p['figure']}: {p['draw_median']:.0f} ms ({p['draw_kind']}; DOMContentLoaded "
            f"{p['dcl_median']:.0f} ms")
    if p.get("plotly_end_median") is not None:
        text += f"; plotly.js fully received at {p['plotly_end_median']:.0f} ms"
    if p.get("figure_bytes") is not None:
        text += f"; {kb(p['figure_bytes'])} KB in {p['figure_requests']:.0f} requests with the figure"
    top = p.get("drawn_at_top")
    text += (f"; opened at the top of the page (window {VIEWPORT}): "
             + (f"a figure drawn at {top:.0f} ms" if top is not None else "no figure near the window, none drawn"))
    return text + ")"


def _kind(rel: str) -> str | None:
    return next((kind for kind, pages in KEY_PAGES.items() if rel in pages), None)


def _text_ok(p: dict) -> bool:
    return p["bytes"] <= TEXT_PAGE_MAX and p["requests"] <= TEXT_PAGE_REQUESTS


def _blocking(p: dict) -> str:
    scripts = [u for k, u in p["blocking"] if k == "script"]
    styles = [u for k, u in p["blocking"] if k == "stylesheet"]
    names = ", ".join(f"`{u.rsplit('/', 1)[-1]}`" for u in scripts)
    return f"{len(scripts)} scripts / {len(styles)} stylesheets" + (f" (scripts: {names})" if names else "")


def page_weight(ctx: dict) -> tuple[str, Targets]:
    """The named text, chart and map pages: weight against the empty book's page, render-blocking resources."""
    pages, base = {p["page"]: p for p in ctx["pages"]}, ctx.get("empty_page")
    rows, targets = [], []
    for kind, rels in KEY_PAGES.items():
        for rel in rels:
            p = pages.get(rel)
            if p is None:
                rows.append([f"`{rel}`", kind, "missing", "", "", "", "", "", ""])
                continue
            ok = _text_ok(p) if kind == "text" else None
            if ok is not None:
                targets.append((f"5. {rel}: <= {TEXT_PAGE_MAX // 1024} KB in <= {TEXT_PAGE_REQUESTS} requests", ok))
            rows.append([f"`{rel}`", kind, kb(p["html_bytes"]), kb(p["bytes"]),
                         ratio(p["bytes"], base and base["bytes"]), p["requests"],
                         ratio(p["requests"], base and base["requests"]), _blocking(p),
                         "-" if ok is None else yes(ok)])
    if base:
        rows.append(["empty book `index.html` (baseline)", "-", kb(base["html_bytes"]), kb(base["bytes"]), "1.0x",
                     base["requests"], "1.0x", _blocking(base), "-"])
    text = (f"\n### The text, chart and map pages\n\nCold loads as above. Render-blocking: `<script src>` without "
            f"`defer`, `async` or `type=module`, and `<link rel=stylesheet>` for all media, in the `<head>` of the "
            f"HTML file. Target for a text page: at most {TEXT_PAGE_MAX // 1024} KB transferred in at most "
            f"{TEXT_PAGE_REQUESTS} requests.\n\n")
    text += table(["Page", "Kind", "HTML KB", "Transferred KB", "x baseline", "Requests", "x baseline",
                   "Render-blocking in `<head>`", "Target met"], rows, "lcrrrrrlc")
    return text + _all_text_pages(ctx["pages"]), targets


def _all_text_pages(pages: list[dict]) -> str:
    text_pages = [p for p in pages if not p["redirect"] and not p["chart"] and not p["map"]]
    if not text_pages:
        return ""
    heavy = max(text_pages, key=lambda p: p["bytes"])
    busy = max(text_pages, key=lambda p: p["requests"])
    met = sum(1 for p in text_pages if _text_ok(p))
    return (f"\nAll {len(text_pages)} text pages (no chart, no map, not a redirect): {met} within "
            f"{TEXT_PAGE_MAX // 1024} KB and {TEXT_PAGE_REQUESTS} requests; heaviest `{heavy['page']}` "
            f"({kb(heavy['bytes'])} KB), most requests `{busy['page']}` ({busy['requests']}); median "
            f"{kb(statistics.median(p['bytes'] for p in text_pages))} KB in "
            f"{statistics.median(p['requests'] for p in text_pages):.0f} requests.\n")


def _page_targets(pages: list[dict]) -> dict:
    chapters = [p for p in pages if not p["redirect"]]
    drawn = [p for p in pages if p["chart"] or p["map"]]
    return {"chapters": chapters, "drawn": drawn,
            "big": max(chapters, key=lambda p: p["html_bytes"]),
            "ok_html": all(p["html_bytes"] <= PAGE_HTML_MAX for p in chapters),
            "external": sum(len(p["external"]) for p in pages),
            "bad_plotly": [p["page"] for p in pages if p["plotly_loads"] > 1 or (p["plotly_loads"] and not p["chart"])],
            "slow": [p for p in drawn if p["draw_median"] is None or p["draw_median"] > FIRST_DRAW_MAX_MS]}


def _page_row(p: dict, t: dict) -> list:
    draw = "-"
    if p["chart"] or p["map"]:
        draw = (f"{p['draw_median']:.0f} ms {p['draw_kind']} [{', '.join(format(x, '.0f') for x in p['draw_ms'])}]"
                if p["draw_median"] is not None else "not drawn")
        draw += f" ({p['draw_timeouts']} timeout)" if p["draw_timeouts"] else ""
    page = p["page"] + (f" (redirect to {p['redirect']})" if p["redirect"] else "")
    ok = (p["redirect"] or p["html_bytes"] <= PAGE_HTML_MAX) and not p["external"] \
        and p["page"] not in t["bad_plotly"] and p not in t["slow"]
    dcl = f"{p['dcl_median']:.0f}" if p.get("dcl_median") is not None else "-"
    return [f"`{page}`", kb(p["html_bytes"]), kb(p["bytes"]), p["requests"],
            f"{p['static_scripts']} / {'-' if p['dom_scripts'] is None else p['dom_scripts']}", len(p["blocking"]),
            len(p["external"]), p["plotly_loads"], "chart" if p["chart"] else "map" if p["map"] else "-", dcl, draw,
            yes(bool(ok))]


def _largest(pages: list[dict], chapters: list[dict]) -> str:
    seen: dict[str, list] = {}
    for p in pages:
        for path, size in p["resources"]:
            entry = seen.setdefault(path, [0, set()])
            entry[0] = max(entry[0], size)
            entry[1].add(p["page"])
    top = sorted(seen.items(), key=lambda kv: -kv[1][0])[:10]
    text = (f"\nThe largest responses (what the transferred bytes are made of; a typical page transfers "
            f"{kb(statistics.median(p['bytes'] for p in chapters))} KB, median over the pages):\n\n")
    return text + table(["Response", "KB", "Loaded by"], [
        [f"`{path}`", kb(size), f"{len(pgs)} of {len(pages)} pages" if len(pgs) > 2 else ", ".join(sorted(pgs))]
        for path, (size, pgs) in top], "lrl")


def pages_intro(ctx: dict) -> str:
    return (f"\n## 5. Pages in the browser\n\nEvery `.html` of the built site except `genindex.html`, `search.html` "
            f"and the theme's `_static/*.html` template fragments ({len(ctx['pages'])} pages), served by "
            f"`python -m http.server` on 127.0.0.1 and loaded in headless {ctx['chromium']} (each load in a fresh "
            f"browser context, so a cold cache). Bytes transferred are the sum of the response body sizes of every "
            f"request the page made until the network was idle. Requests to any other host are counted (Chromium is "
            f"told that no other host resolves, so nothing leaves the machine). Window: {VIEWPORT} (Playwright's default). "
            f"A chart or map is loaded and drawn only when it comes within half a window of being seen (figures.js), "
            f"so a page's weight here is that of a reader who opens it at its top and does not scroll. The first "
            f"chart or map is timed by opening the page at its first figure (`page.html#<figure id>`, as a reader "
            f"following a link to it), in the page with `performance.now()` (from navigation start) when a "
            f"`{CHART_SEL}` or `{MAP_SEL}` element first appears (a MutationObserver installed before any page "
            f"script); {ctx['draw_runs']} such cold loads per page with a chart or map, median shown.\n\n")


def pages(ctx: dict) -> tuple[str, Targets]:
    all_pages, t = ctx["pages"], _page_targets(ctx["pages"])
    charts = ", ".join(p["page"] for p in all_pages if p["chart"]) or "none"
    targets = [(f"5. each chapter's HTML <= {PAGE_HTML_MAX // 1024} KB", t["ok_html"]),
               ("5. no request to a host other than 127.0.0.1", t["external"] == 0),
               ("5. plotly.js at most once per page, only on chart pages", not t["bad_plotly"]),
               (f"5. first chart or map drawn <= {FIRST_DRAW_MAX_MS / 1000:.0f} s (median of {ctx['draw_runs']})",
                not t["slow"])]
    measured = [f"largest: {kb(t['big']['html_bytes'])} KB ({t['big']['page']})",
                f"{t['external']} on {len(all_pages)} pages",
                f"loaded on {sum(1 for p in all_pages if p['plotly_loads'])} page(s), at most "
                f"{max(p['plotly_loads'] for p in all_pages)} time(s); chart pages: {charts}"
                + (f"; offending: {', '.join(t['bad_plotly'])}" if t["bad_plotly"] else ""),
                "; ".join(_draw_summary(p) for p in t["drawn"]) or "no chart or map"]
    text = pages_intro(ctx) + table(["Target", "Measured", "Met"], [
        [label.split(". ", 1)[1], m, yes(ok)] for (label, ok), m in zip(targets, measured)], "llc")
    weight, weight_targets = page_weight(ctx)
    text += weight
    text += ("\n### Every page\n\nKB = 1024 bytes; scripts: `<script>` elements in the HTML file / in the DOM after "
             "load; blocking: render-blocking resources in `<head>`; DOMContentLoaded and first chart/map: ms from "
             "navigation start, medians of the cold loads, with the first draw's runs in brackets.\n\n")
    text += table(["Page", "HTML KB", "Transferred KB", "Requests", "Scripts", "Blocking", "External requests",
                   "plotly.js loads", "Has", "DOMContentLoaded ms", "First chart/map ms", "Targets met"],
                  [_page_row(p, t) for p in all_pages], "lrrrrrrrcrcc")
    text += _largest(all_pages, t["chapters"])
    failed = sorted({u for p in all_pages for u in p["failed"]})
    text += f"\nFailed requests: {', '.join(failed[:20])}\n" if failed else ""
    return text, targets[:3] + weight_targets + targets[3:]


# --------------------------------------------------------------------------------------------- Lighthouse

def _lh_cell(res: dict | None, base: dict | None) -> str:
    if not res:
        return "-"
    if "score" not in res:
        return f"failed ({res.get('error', '?')[:120]})"
    delta = f" ({res['score'] - base['score']:+d} vs baseline)" if base and "score" in base else ""
    metrics = ", ".join(f"{k} {v}" for k, v in res["metrics"].items())
    runs = f" (median of {', '.join(map(str, res['scores']))})" if len(res.get("scores", [])) > 1 else ""
    return f"**{res['score']}**{runs}{delta}; {metrics}"


def _lh_network(results: list[dict]) -> str:
    ran = [r for r in results if "score" in r]
    external = sorted({u for r in ran for u in r["external"]})
    outside = sorted({a for r in results for a in r.get("outside", [])})
    isolated = bool(ran) and all(r.get("isolated") for r in ran)
    text = (f"Network: Lighthouse's own log of the pages' requests lists {len(external)} URL(s) on a host other than "
            f"127.0.0.1" + (f" ({', '.join(external[:5])})" if external else "") + ". ")
    text += ("Each run (local server, Node.js, Lighthouse, Chromium) ran in a network namespace of its own with only "
             "a loopback interface (`unshare --net`), so nothing could leave the machine. " if isolated else
             "**The runs were not isolated in a network namespace** (`unshare --net` is not available here): "
             "Chromium's resolver rule keeps page requests local, but not its own look-ups. ")
    if ran and all(r.get("traced") for r in ran):
        text += (f"Every run was traced with `strace -f -e trace=connect` (Node.js, Lighthouse and Chromium): "
                 f"{len(outside)} address(es) outside the loopback range were tried"
                 + (f" ({', '.join(outside)}: Chromium's own DNS look-ups and IPv6 probe, not Lighthouse's"
                    + (", and they failed for want of a route" if isolated else "") + ")" if outside else "")
                 + "; nothing was downloaded.")
    else:
        text += "strace is not installed, so the runs' connections were not traced."
    return text + "\n"


def _lh_audits(lh: dict, results: list[dict]) -> str:
    blocking = {rel: p.get("mobile", {}).get("blocking", []) for rel, p in lh.items()}
    text = "\nRender-blocking resources by Lighthouse's audit (mobile): " + "; ".join(
        f"`{rel}`: " + ("the audit failed" if urls is None else ", ".join(f"`{u}`" for u in urls) or "none")
        for rel, urls in blocking.items()) + ".\n\n"
    errors: dict[str, str] = {}
    for r in results:
        errors.update(r.get("errors") or {})
    if errors:
        first = next(iter(errors.values()))
        first = first if len(first) <= 200 else first[:200].rsplit(" ", 1)[0] + " ..."
        text += (f"Lighthouse audits that failed (this Lighthouse with this Chromium): "
                 f"{', '.join(f'`{k}`' for k in sorted(errors))} (for example: {first}). They do not enter the "
                 f"performance score, which is computed from the metrics above; section 5 lists the render-blocking "
                 f"resources from the HTML itself.\n\n")
    return text


def lighthouse(ctx: dict) -> tuple[str, Targets]:
    lh = ctx.get("lighthouse")
    if not lh:
        why = ctx.get("lighthouse_skipped") or "not run"
        return f"\n## 6. Lighthouse\n\nNot measured: {why}.\n", []
    base = (ctx.get("lighthouse_empty") or {}).get("index.html", {})
    rows, targets, results = [], [], []
    for rel, presets in lh.items():
        kind = _kind(rel) or "-"
        goal = LIGHTHOUSE_TEXT if kind == "text" else LIGHTHOUSE_FIGURES
        mobile = presets.get("mobile", {})
        ok = mobile.get("score", -1) >= goal
        targets.append((f"6. Lighthouse mobile performance >= {goal} on {rel}", ok))
        results += presets.values()
        rows.append([f"`{rel}`", kind, _lh_cell(mobile, base.get("mobile")),
                     _lh_cell(presets.get("desktop"), base.get("desktop")), f">= {goal}", yes(ok)])
    rows.append(["empty book `index.html` (baseline)", "-", _lh_cell(base.get("mobile"), None),
                 _lh_cell(base.get("desktop"), None), "-", "-"])
    n = ctx.get("lighthouse_runs", 1)
    runs = "once" if n == 1 else f"{n} times (the run with the median score shown)"
    text = (f"\n## 6. Lighthouse\n\nLighthouse {ctx.get('lighthouse_version') or '?'} (npm, from `node_modules`), "
            f"performance category only, run with `CHROME_PATH=/usr/bin/chromium` (Debian's Chromium; no browser is "
            f"downloaded) and the browser tests' Chromium flags plus `--headless` and the resolver rule of section 5, "
            f"{runs} per page and preset, on pages served from 127.0.0.1. The mobile preset is Lighthouse's default "
            f"(simulated slow 4G, and a 4x CPU slowdown applied to the tasks it observed, so a busy machine lowers "
            f"the score); the desktop preset is `--preset=desktop`. "
            f"Metrics: FCP/LCP first and largest contentful paint, TBT total blocking time, CLS cumulative layout "
            f"shift, SI speed index.\n\n")
    text += table(["Page", "Kind", "Mobile performance", "Desktop performance", "Target (mobile)", "Met"], rows,
                  "lcllcc")
    text += _lh_audits(lh, results)
    indexes = [r["benchmark_index"] for r in results if r.get("benchmark_index")]
    if indexes:
        text += (f"Lighthouse's own CPU benchmark (`benchmarkIndex`, higher is faster; below 1000 Lighthouse "
                 f"warns that the CPU is slower than it expects) was {min(indexes):.0f}-{max(indexes):.0f} over the "
                 f"runs: a low value means the machine was slow or busy, and the mobile scores are lower for it.\n\n")
    return text + _lh_network(results + list(base.values())), targets


# --------------------------------------------------------------------------------------------- scaling

def _scaling_intro(shape: dict) -> str:
    return (f"\n## 7. Scaling with the number of sources\n\nEach scaled copy is the same snapshot plus synthetic "
            f"presented sources, each shaped like the mean real one: a range of {shape['passages_per_source']} "
            f"paragraphs of lorem-like text (mean {shape['chars_per_passage']} characters, as the real passages) in "
            f"`seeds/900_synthetic.txt` (`seeds/SHA256SUMS` regenerated), a registry entry copied from "
            f"`{shape['template']['id']}` with a new id, title, chapter, seed file and lines, a chapter in the format "
            f"of `chapters/smilga/trotsky-excerpt.md` (editorial introduction, two `{{passage}}` links, the "
            f"`{{edition-source}}` directive) added to `_toc.yml`, passage IDs from `python -m edition_utils "
            f"passages register`, and critical notes at the real rate ({shape['notes_per_passage']:.2f} per "
            f"passage). Each copy was checked with `python -m edition_utils check`, then built clean exactly as in "
            f"section 1. The 1x row is the clean build of section 1.\n\n")


def _scaling_rows(points: list[dict]) -> str:
    base, rows = points[0], []
    for pt in points:
        marginal = ("-" if pt is base else
                    f"{(pt['jb_seconds'] - base['jb_seconds']) / (pt['sources'] - base['sources']):.3f}")
        rows.append([f"{pt['factor']}x", pt["sources"], pt["passages"], pt["notes"], f"{pt['jb_seconds']:.1f}",
                     f"{pt['jb_seconds'] / pt['sources']:.3f}", marginal,
                     f"{pt['jb_seconds'] / base['jb_seconds']:.2f}",
                     f"{pt['cpu_seconds']:.1f} ({pt['cpu_seconds'] / pt['sources']:.3f})", f"{pt['others_cpus']:.2f}",
                     f"{kb(pt['html_median'])} / {kb(pt['html_max'])}"])
    return table(["Copy", "Presented sources", "Passages", "Notes", "Clean build s", "s per source",
                  "Marginal s per added source (vs 1x)", "Time ratio to 1x", "CPU s (per source)",
                  "Other processes (CPUs busy)", "Chapter HTML KB, median / largest"], rows)


def _steps(points: list[dict], key: str) -> list[tuple[dict, dict, float]]:
    return [(a, b, (b[key] - a[key]) / (b["sources"] - a["sources"])) for a, b in zip(points, points[1:])]


def _scaling_checks(points: list[dict]) -> tuple[list[list], bool]:
    base, top = points[0], points[-1]
    ratio_t, ratio_n = top["jb_seconds"] / base["jb_seconds"], top["sources"] / base["sources"]
    ok = ratio_t <= ratio_n
    rows = [[f"build time grows no faster than linearly with the number of sources (time ratio <= source ratio "
             f"{ratio_n:.0f}, i.e. seconds per source do not rise)",
             f"{ratio_n:.0f}x sources -> {ratio_t:.2f}x time; seconds per source "
             f"{base['jb_seconds'] / base['sources']:.3f} -> {top['jb_seconds'] / top['sources']:.3f}", yes(ok)]]
    steps = _steps(points, "jb_seconds")
    if len(steps) >= 2:
        first, last = steps[0][2], steps[-1][2]
        rows.append(["stricter check, for information: the marginal cost per added source stays constant (last step "
                     "within 25 % of the first)",
                     "; ".join(f"{a['factor']}x->{b['factor']}x: {m:.3f} s/source" for a, b, m in steps)
                     + f" ({last / first:.2f} x)", "yes" if last <= 1.25 * first else "no (super-linear term)"])
    cpu_steps, cpu_ratio = _steps(points, "cpu_seconds"), top["cpu_seconds"] / base["cpu_seconds"]
    rows.append(["the same on CPU seconds, for information (insensitive to other processes on the machine)",
                 f"{ratio_n:.0f}x sources -> {cpu_ratio:.2f}x CPU time; marginal CPU s per added source: "
                 + "; ".join(f"{a['factor']}x->{b['factor']}x: {m:.3f}" for a, b, m in cpu_steps)
                 + (f" ({cpu_steps[-1][2] / cpu_steps[0][2]:.2f} x)" if len(cpu_steps) >= 2 else ""),
                 ("yes" if cpu_ratio <= ratio_n else "no")
                 + ("" if len(cpu_steps) < 2 else "; marginal cost " +
                    ("constant" if cpu_steps[-1][2] <= 1.25 * cpu_steps[0][2] else "rising"))])
    return rows, ok


def scaling(ctx: dict) -> tuple[str, Targets]:
    sc = ctx["scaling"]
    if len(sc["points"]) < 2:
        return "\n## 7. Scaling with the number of sources\n\nNot measured in this run (`--scales` gave none).\n", []
    rows, ok = _scaling_checks(sc["points"])
    text = _scaling_intro(sc["shape"]) + _scaling_rows(sc["points"]) + "\n" + table(["Target", "Measured", "Met"],
                                                                                     rows, "llc")
    text += (f"\nThe fixed cost of a build (start-up, the two notebooks' execution, the theme) is paid once at every "
             f"size, so the ratio of totals flatters the scaling; the marginal cost per added source is the sharper "
             f"test{' (run with --scales 5,10 for it)' if len(sc['points']) < 3 else ''}.\n")
    return text, [("7. build time grows at most linearly with the sources", ok)]


# --------------------------------------------------------------------------------------------- whole report

def report(ctx: dict) -> str:
    parts, targets = [head(ctx), conditions(ctx)], []
    for section in (clean_build, rebuild, empty, editorial_loop, pages, lighthouse, scaling):
        text, judged = section(ctx)
        parts.append(text)
        targets += judged
    missed = [label for label, ok in targets if not ok]
    parts.append("\n## Summary\n\n" + table(["Target", "Met"], [[label, yes(ok)] for label, ok in targets], "lc"))
    parts.append("\n" + ("Targets missed: " + "; ".join(missed) + "." if missed else "All targets met.") + "\n")
    return "\n".join(parts)
