// Reliability badges: a tap (or Enter/Space) toggles the explanation, Escape closes it. Hover and focus are CSS.
document.addEventListener("click", (event) => {
  const badge = event.target.closest(".edition-flag");
  document.querySelectorAll('.edition-flag[aria-expanded="true"]').forEach((b) => {
    if (b !== badge) b.setAttribute("aria-expanded", "false");
  });
  if (badge) badge.setAttribute("aria-expanded", badge.getAttribute("aria-expanded") === "true" ? "false" : "true");
});
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape") {
    document.querySelectorAll('.edition-flag[aria-expanded="true"]').forEach((b) => b.setAttribute("aria-expanded", "false"));
  }
});

// The Cite dialog: formats come pre-rendered (citeproc-js, at build time, with the site's canonical address) from
// edition/cite/SOURCE.json, a file of this site, so citing works with no network. Copy uses the Clipboard API, with a selection fallback.
(() => {
  const LABELS = { chicago: "Chicago (notes and bibliography)", mla: "MLA", apa: "APA", bibtex: "BibTeX", ris: "RIS", "csl-json": "CSL-JSON" };
  const cache = {};
  const root = () => new URL(document.documentElement.dataset.content_root || "./", location.href).href;
  async function formats(source) {
    if (!cache[source]) {
      const response = await fetch(new URL(`edition/cite/${source}.json`, root()));
      if (!response.ok) throw new Error(`citations for ${source}: HTTP ${response.status}`);
      cache[source] = await response.json();
    }
    return cache[source];
  }
  function dialog() {
    let d = document.getElementById("edition-cite-dialog");
    if (d) return d;
    d = document.createElement("dialog");
    d.id = "edition-cite-dialog";
    d.setAttribute("aria-labelledby", "edition-cite-title");
    d.innerHTML = `<h2 id="edition-cite-title">Cite</h2>
      <div class="edition-cite-styles" role="radiogroup" aria-label="Citation format"></div>
      <pre class="edition-cite-text" tabindex="0" aria-live="polite"></pre>
      <p class="edition-cite-actions"><button type="button" class="edition-cite-copy">Copy to clipboard</button>
      <span class="edition-cite-status" role="status"></span>
      <button type="button" class="edition-cite-close">Close</button></p>`;
    document.body.appendChild(d);
    d.querySelector(".edition-cite-close").addEventListener("click", () => d.close());
    d.querySelector(".edition-cite-copy").addEventListener("click", async () => {
      const text = d.querySelector(".edition-cite-text").textContent;
      const status = d.querySelector(".edition-cite-status");
      try {
        await navigator.clipboard.writeText(text);
      } catch (e) {
        const range = document.createRange();
        range.selectNodeContents(d.querySelector(".edition-cite-text"));
        const sel = getSelection(); sel.removeAllRanges(); sel.addRange(range);
        document.execCommand("copy");
      }
      status.textContent = "Copied.";
    });
    return d;
  }
  function show(d, entry, style) {
    d.querySelectorAll(".edition-cite-styles button").forEach((b) => b.setAttribute("aria-checked", String(b.dataset.style === style)));
    d.querySelector(".edition-cite-text").textContent = entry[style];
    d.querySelector(".edition-cite-status").textContent = "";
  }
  // A passage's button is bare: it cites its passage, whose ID is SOURCE.NUMBER.
  const target = (b) => {
    const pid = b.dataset.citeKey ? "" : b.closest(".edition-passage")?.id;
    return pid ? [pid.replace(/\.\d+$/, ""), pid] : [b.dataset.citeSource, b.dataset.citeKey];
  };
  document.addEventListener("click", async (event) => {
    const button = event.target.closest(".edition-cite");
    if (!button) return;
    const [source, key] = target(button);
    const d = dialog();
    const text = d.querySelector(".edition-cite-text");
    d.querySelector("#edition-cite-title").textContent = button.getAttribute("aria-label") || "Cite";
    text.textContent = "Loading…";
    if (!d.open) d.showModal();
    try {
      const entry = (await formats(source))[key];
      if (!entry) throw new Error(`no citation for ${key}`);
      const styles = d.querySelector(".edition-cite-styles");
      styles.innerHTML = "";
      Object.keys(LABELS).forEach((style) => {
        const b = document.createElement("button");
        b.type = "button"; b.dataset.style = style; b.setAttribute("role", "radio"); b.textContent = LABELS[style];
        b.addEventListener("click", () => show(d, entry, style));
        styles.appendChild(b);
      });
      show(d, entry, "chicago");
      styles.querySelector("button").focus();
    } catch (e) {
      text.textContent = `The citation could not be loaded (${e.message}). Every passage's citation is also in edition/citations.json.`;
    }
  });
})();

// Theme controls, made to meet WCAG 2.5.3 "Label in Name" (axe: label-content-name-mismatch). pydata-sphinx-theme's
// search buttons are named "Search" but also show a "Ctrl+K" hint; its colour-mode button is named "Color mode" but
// holds icons titled "Light", "Dark" and "System Settings". The hint becomes a declared shortcut and the icons
// decoration; the buttons keep their names. Run again once the theme's own (deferred) scripts have run.
(() => {
  const fix = () => {
    document.querySelectorAll(".search-button__button").forEach((button) => {
      button.setAttribute("aria-keyshortcuts", "Control+K Meta+K");
      button.querySelectorAll(".search-button__kbd-shortcut").forEach((hint) => hint.setAttribute("aria-hidden", "true"));
      // A button that shows its label ("Search" and the hint "Ctrl+K") is named by what it shows: axe 4.14 counts
      // the hint as visible label text even when aria-hidden, so aria-label="Search" failed WCAG 2.5.3 there.
      if (button.querySelector(".search-button__default-text")) {
        button.removeAttribute("aria-label");
        button.querySelectorAll(".search-button__kbd-shortcut").forEach((hint) => hint.removeAttribute("aria-hidden"));
      }
    });
    document.querySelectorAll(".theme-switch-button .theme-switch").forEach((icon) => {
      icon.removeAttribute("title");
      icon.removeAttribute("aria-labelledby");
      icon.removeAttribute("role");
      icon.setAttribute("aria-hidden", "true");
    });
  };
  fix();
  document.addEventListener("DOMContentLoaded", fix);
})();

// Critical notes read in place. A marker (or the highlighted words) opens the whole note, copied from the list at
// the end of the chapter (category, credibility, body, what we checked, sources), in one popover that Floating UI
// (npm @floating-ui/dom, served from _static/vendor) keeps inside the window: flip to the side with room, shift
// along it, and cap the height to the room left (the note then scrolls). Esc, the Close button or a tap outside
// closes it and gives focus back to the marker. Without script the marker is a link to the note in the list.
// Floating UI is not part of the page: it is fetched when a reader first points at, focuses or opens a note (its
// address, relative to this script, is this script's data-floating-ui), so a reader who opens none never loads it.
(() => {
  const script = document.currentScript;
  const FLOATING_UI = script && script.dataset.floatingUi ? new URL(script.dataset.floatingUi, script.src).href : null;
  let pop = null, opener = null, stop = null, loading = null;
  function floating() {
    if (window.FloatingUIDOM || !FLOATING_UI) return Promise.resolve();
    if (!loading) {
      loading = new Promise((resolve) => {
        const s = document.createElement("script");
        s.src = FLOATING_UI;
        s.onload = s.onerror = () => resolve();  // if it fails, place() falls back to a sheet along the bottom
        document.head.appendChild(s);
      });
    }
    return loading;
  }
  const NOTED = ".edition-note-ref, mark.edition-noted";
  ["pointerover", "focusin", "touchstart"].forEach((type) => document.addEventListener(type, (event) => {
    if (event.target.closest && event.target.closest(NOTED)) floating();
  }, { passive: true }));
  function popover() {
    if (pop) return pop;
    pop = document.createElement("div");
    pop.id = "edition-note-popover";
    pop.className = "edition-note-popover";
    pop.setAttribute("role", "dialog");
    pop.setAttribute("aria-labelledby", "edition-note-popover-title");
    pop.tabIndex = -1;
    pop.hidden = true;
    pop.innerHTML = `<div class="edition-note-popover-bar"><p class="edition-note-popover-title" id="edition-note-popover-title"></p>
      <button type="button" class="edition-note-popover-close">Close</button></div>
      <div class="edition-note-popover-body"></div>`;
    document.body.appendChild(pop);
    pop.querySelector(".edition-note-popover-close").addEventListener("click", () => close(true));
    return pop;
  }
  function place() {
    const F = window.FloatingUIDOM;
    if (!opener || !pop || pop.hidden) return;
    if (!F) {  // Floating UI missing: a sheet along the bottom of the window, still inside it
      Object.assign(pop.style, { left: "8px", right: "8px", bottom: "8px", top: "auto", maxHeight: "60vh" });
      return;
    }
    F.computePosition(opener, pop, {
      strategy: "fixed",
      placement: "bottom-start",
      middleware: [F.offset(6), F.flip({ padding: 8 }), F.shift({ padding: 8 }),
        F.size({ padding: 8, apply({ availableWidth, availableHeight, elements }) {
          elements.floating.style.maxWidth = `${Math.max(0, availableWidth)}px`;
          elements.floating.style.maxHeight = `${Math.max(0, availableHeight)}px`;
        } })],
    }).then(({ x, y }) => Object.assign(pop.style, { left: `${x}px`, top: `${y}px` }));
  }
  function open(ref) {
    const note = document.getElementById(ref.getAttribute("href").slice(1));
    if (!note) return false;
    if (opener) close(false);
    const p = popover(), body = p.querySelector(".edition-note-popover-body");
    body.replaceChildren(...[...note.children].map((c) => c.cloneNode(true)));
    body.querySelectorAll("[id]").forEach((e) => e.removeAttribute("id"));
    const back = body.querySelector(".edition-note-back");  // "↑ passage": the reader is at the passage already
    const passage = back ? back.textContent.replace("↑", "").trim() : "";
    if (back) { back.nextSibling?.remove(); back.remove(); }
    const number = (note.parentElement.start || 1) + [...note.parentElement.children].indexOf(note);
    p.querySelector(".edition-note-popover-title").textContent = `Note ${number}` + (passage ? ` on passage ${passage}` : "");
    const more = document.createElement("p");
    more.className = "edition-note-popover-more";
    more.innerHTML = `<a href="#${note.id}">This note in the list of notes</a>`;
    body.appendChild(more);
    p.dataset.category = [...note.classList].find((c) => c.startsWith("edition-cat-")) || "";
    opener = ref;
    ref.setAttribute("aria-expanded", "true");
    ref.setAttribute("aria-controls", p.id);
    floating().then(() => {
      if (opener !== ref || !p.hidden) return;  // another note was opened meanwhile, or this one is shown already
      p.hidden = false;
      p.scrollTop = 0;
      place();
      stop = window.FloatingUIDOM ? window.FloatingUIDOM.autoUpdate(ref, p, place) : null;
      p.focus({ preventScroll: true });
    });
    return true;
  }
  function close(refocus) {
    if (!pop || (pop.hidden && !opener)) return;  // hidden with an opener: still waiting for Floating UI
    pop.hidden = true;
    if (stop) { stop(); stop = null; }
    const was = opener;
    opener = null;
    if (was) {
      was.setAttribute("aria-expanded", "false");
      if (refocus) was.focus({ preventScroll: true });
    }
  }
  document.addEventListener("click", (event) => {
    const ref = event.target.closest(".edition-note-ref");
    if (ref && !event.target.closest(".edition-note-popover")) {
      event.preventDefault();
      if (ref === opener) close(true); else open(ref);
      return;
    }
    // The highlighted words open their note too (the first one, where notes overlap).
    const mark = event.target.closest("mark.edition-noted");
    if (mark && !document.documentElement.classList.contains("edition-no-highlights")) {
      const id = (mark.dataset.notes || "").split(" ")[0];
      const marker = id && mark.closest(".edition-text")?.querySelector(`.edition-note-ref[href="#note-${CSS.escape(id)}"]`);
      if (marker && !getSelection().toString()) { open(marker); return; }
    }
    if (pop && !pop.hidden && !event.target.closest(".edition-note-popover") && !event.target.closest("dialog")) close(false);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && pop && !pop.hidden && !document.querySelector("dialog[open]")) close(true);
  });
  // A link inside the note that leads elsewhere on this page (the list, a passage) closes the popover first.
  document.addEventListener("click", (event) => {
    const a = event.target.closest(".edition-note-popover a[href^='#']");
    if (a) close(false);
  }, true);
})();

// Highlights by category: a reader can turn them off (remembered on this device). The legend beside the text says
// what each colour and underline means.
(() => {
  const KEY = "edition-highlights";
  const root = document.documentElement;
  let off = false;
  try { off = localStorage.getItem(KEY) === "off"; } catch (e) { /* storage blocked: highlights stay on */ }
  const apply = () => {
    root.classList.toggle("edition-no-highlights", off);
    document.querySelectorAll(".edition-highlights-toggle").forEach((b) => {
      b.setAttribute("aria-pressed", String(!off));
    });
  };
  apply();
  document.addEventListener("click", (event) => {
    if (!event.target.closest(".edition-highlights-toggle")) return;
    off = !off;
    try { localStorage.setItem(KEY, off ? "off" : "on"); } catch (e) { /* not remembered */ }
    apply();
  });
})();

// Translation: a tap on either column marks the passage, so the original and our translation show together
// (hover and keyboard focus do the same in CSS).
document.addEventListener("click", (event) => {
  const passage = event.target.closest(".edition-parallel");
  document.querySelectorAll(".edition-paired").forEach((p) => { if (p !== passage) p.classList.remove("edition-paired"); });
  if (passage && event.target.closest(".edition-text, .edition-translation")) passage.classList.add("edition-paired");
});

// Each passage's head, completed from the passage ID: names, tooltip, the address edition.css prints, and the Cite
// button (not in the page: without script it could do nothing).
document.querySelectorAll(".edition-passage-head").forEach((head) => {
  const pid = head.parentElement.id, a = head.querySelector(".edition-permalink"), cite = document.createElement("button");
  if (a) { a.title = `Permalink to passage ${pid}`; a.setAttribute("aria-label", `Passage ${pid}, permalink`); a.dataset.printUrl = a.href; }
  cite.type = "button";
  cite.className = "edition-cite";
  cite.textContent = "Cite";
  cite.setAttribute("aria-label", `Cite passage ${pid}`);
  cite.setAttribute("aria-haspopup", "dialog");
  if (a) a.after(cite); else head.prepend(cite);
});

// Sphinx 7.4's search looks up a result's anchor with querySelector(`[role="main"] #${anchor}`), which throws on
// IDs with a dot (every passage ID, e.g. "smilga-fi.5", an index entry's target): escape the anchor first.
if (typeof Search !== "undefined" && Search.htmlToText) {
  const htmlToText = Search.htmlToText;
  Search.htmlToText = (html, anchor) => htmlToText(html, anchor && anchor.startsWith("#") ? `#${CSS.escape(anchor.slice(1))}` : anchor);
}

// Search: Sphinx's search finds pages; a reader wants the passage. The edition's own passages.json (every passage,
// its permalink and text) is searched here for the same words, and each matching passage is listed above the page
// results with its words marked in the snippet and a link to the passage itself (its :target highlight).
(() => {
  const results = document.getElementById("search-results");
  const query = new URLSearchParams(location.search).get("q");
  if (!results || !query || !query.trim()) return;
  const fold = (s) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  const words = [...new Set(fold(query).split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 1))];
  if (!words.length) return;
  const root = new URL(document.documentElement.dataset.content_root || "./", location.href);
  const esc = (s) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]));
  function snippet(text) {
    // Folding keeps one character per character for Latin and Cyrillic text, so offsets carry over.
    const folded = fold(text), same = folded.length === text.length;
    const first = Math.min(...words.map((w) => folded.indexOf(w)).filter((i) => i >= 0));
    const start = Math.max(0, first - 80), end = Math.min(text.length, first + 160);
    let piece = text.slice(start, end), fpiece = same ? folded.slice(start, end) : fold(piece);
    const spans = [];
    words.forEach((w) => { let i = fpiece.indexOf(w); while (i >= 0) { spans.push([i, i + w.length]); i = fpiece.indexOf(w, i + 1); } });
    spans.sort((a, b) => a[0] - b[0]);
    let out = "", pos = 0;
    spans.forEach(([a, b]) => { if (a < pos) return; out += esc(piece.slice(pos, a)) + `<mark>${esc(piece.slice(a, b))}</mark>`; pos = b; });
    out += esc(piece.slice(pos));
    return (start > 0 ? "… " : "") + out + (end < text.length ? " …" : "");
  }
  Promise.all(["edition/passages.json", "edition/sources.json"].map((f) => fetch(new URL(f, root)).then((r) => r.json())))
    .then(([passages, sources]) => {
      const titles = Object.fromEntries(sources.map((s) => [s.id, s.title]));
      const hits = passages.filter((p) => { const t = fold(p.text); return words.every((w) => t.includes(w)); });
      const box = document.createElement("section");
      box.id = "edition-passage-results";
      box.setAttribute("aria-labelledby", "edition-passage-results-title");
      const heading = `<h2 id="edition-passage-results-title">Passages containing “${esc(query.trim())}”: ${hits.length}</h2>`;
      const items = hits.slice(0, 100).map((p) => {
        const url = new URL(p.url, root);
        url.search = `?highlight=${encodeURIComponent(query.trim())}`;
        return `<li><a class="edition-passage-result" href="${esc(url.pathname + url.search + url.hash)}">${esc(p.id)}</a>
          <span class="edition-passage-result-source">${esc(titles[p.source_id] || p.source_id)}</span>
          <p class="edition-passage-snippet">${snippet(p.text)}</p></li>`;
      }).join("");
      box.innerHTML = heading + (hits.length ? `<ol class="edition-passage-results">${items}</ol>` : "<p>No passage contains all these words; pages that mention them are listed below.</p>")
        + (hits.length > 100 ? "<p>The first 100 are shown.</p>" : "") + `<h2 class="edition-page-results-title">Pages</h2>`;
      results.parentNode.insertBefore(box, results);
    })
    .catch(() => { /* the page results below still work */ });
})();

// Navigation on every screen: a shim for an upstream bug, to be removed when pydata-sphinx-theme issue 2451
// (https://github.com/pydata/pydata-sphinx-theme/issues/2451) and sphinx-book-theme issue 988 are fixed (check with
// tests/test_reader_journeys.py after deleting this block). Since pydata-sphinx-theme 0.17 the page has two
// ".primary-toggle" (and two ".secondary-toggle") buttons: the theme's hidden navbar one and sphinx-book-theme's
// visible one in the article header. Both themes attach their listeners with querySelector, i.e. to the first,
// hidden button, so the visible ☰ and contents buttons do nothing. A click on a visible toggle is forwarded to the
// button that has the listeners: the themes' own code then opens the sidebar as a modal <dialog> on narrow screens
// (Esc and a tap outside close it; the rest of the page is inert while it is open) and collapses it on wide ones.
document.addEventListener("click", (event) => {
  const toggle = event.target.closest(".primary-toggle, .secondary-toggle");
  if (!toggle) return;
  const kind = toggle.classList.contains("primary-toggle") ? ".primary-toggle" : ".secondary-toggle";
  const wired = document.querySelector(kind);
  if (!wired || wired === toggle) return;
  event.preventDefault();
  event.stopPropagation();
  wired.click();
  if (kind === ".primary-toggle") {
    const sidebar = document.getElementById("pst-primary-sidebar");
    const wide = window.matchMedia("(min-width: 992px)").matches;
    toggle.setAttribute("aria-expanded", String(wide ? !sidebar?.classList.contains("pst-sidebar-hidden") : true));
  }
}, true);
document.querySelectorAll("dialog.bd-sidebar-primary, #pst-primary-sidebar-modal").forEach((d) => {
  d.addEventListener("close", () => document.querySelectorAll(".primary-toggle[aria-expanded]").forEach((t) => {
    if (!window.matchMedia("(min-width: 992px)").matches) t.setAttribute("aria-expanded", "false");
  }));
});
