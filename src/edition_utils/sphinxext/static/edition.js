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

// The Cite dialog: formats come pre-rendered (citeproc-py, at build time) from edition/cite/SOURCE.json, a file of
// this site, so citing works with no network. Copy uses the Clipboard API, with a selection fallback.
(() => {
  const TOKEN = "https://zzurlzz.invalid/";
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
    d.querySelector(".edition-cite-text").textContent = entry[style].split(TOKEN).join(root());
    d.querySelector(".edition-cite-status").textContent = "";
  }
  document.addEventListener("click", async (event) => {
    const button = event.target.closest(".edition-cite");
    if (!button) return;
    const d = dialog();
    const text = d.querySelector(".edition-cite-text");
    d.querySelector("#edition-cite-title").textContent = button.getAttribute("aria-label");
    text.textContent = "Loading…";
    if (!d.open) d.showModal();
    try {
      const entry = (await formats(button.dataset.citeSource))[button.dataset.citeKey];
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
