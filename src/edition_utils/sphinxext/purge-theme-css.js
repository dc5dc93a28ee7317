// The theme's stylesheets with only the rules the built site can use (PurgeCSS, from npm): read every page and
// every script of the site (a class a script adds is named in it), keep the rest by the safelist below.
// Usage: node purge-theme-css.js OUT.css SITE_DIR LAST_KEY SALT IN.css [IN.css ...]   (inputs concatenated in order)
// Prints the purge's key: what its result depends on (below), with SALT (a digest of what the caller does to the
// result afterwards: minifying, cutting the icon font). When it equals LAST_KEY (that of OUT.css as it is),
// OUT.css is left alone and "unchanged" is printed first: a wording edit changes pages but not which of the
// stylesheet's names they use, and PurgeCSS (about a second) is not run again.
"use strict";
const fs = require("fs");
const path = require("path");
const crypto = require("crypto");

const [out, site, lastKey, salt, ...inputs] = process.argv.slice(2);
const files = (dir, ext) => fs.readdirSync(dir, { withFileTypes: true, recursive: true })
  .filter((e) => e.isFile() && e.name.endsWith(ext)).map((e) => path.join(e.parentPath || e.path, e.name));
const read = (f) => fs.readFileSync(f, "utf8");

// The custom properties used outside the stylesheet being purged, with every property their values read (PurgeCSS
// sees only var()s in the rules it keeps): the other stylesheets a page may load (the edition's, code colours,
// sphinx-design's...), the pages' inline styles and the scripts that read one (getPropertyValue("--pst-...")).
function usedElsewhere(css, texts) {
  const reads = new Map();  // --name -> the --names its value reads
  for (const [, name, value] of css.matchAll(/(--[\w-]+)\s*:([^;}]*)/g)) {
    reads.set(name, [...(reads.get(name) || []), ...[...value.matchAll(/var\(\s*(--[\w-]+)/g)].map((m) => m[1])]);
  }
  const todo = texts.flatMap((t) => [...t.matchAll(/--[\w-]+/g)].map((m) => m[0])).filter((n) => reads.has(n));
  const used = new Set();
  while (todo.length) {
    const name = todo.pop();
    if (!used.has(name)) { used.add(name); todo.push(...(reads.get(name) || [])); }
  }
  return [...used];
}

(async () => {
  const raw = inputs.map(read).join("\n");
  const pages = files(site, ".html").filter((f) => !f.includes(`${path.sep}_static${path.sep}`));
  // The scripts some page loads (a class a script adds is named in it) and the stylesheets some page links besides
  // this one (the edition's, Leaflet's, code colours: for the custom properties they read). Not the vendor bundles
  // (plotly.js names every word there is), nor Bootstrap's bundle, which names the classes of all its components:
  // those the theme uses are in the pages, and the ones Bootstrap adds at run time are in the safelist below.
  const scripts = new Set(), others = new Set();
  for (const page of pages) {
    for (const [tag, name] of read(page).matchAll(/<(script|link)\b[^>]*>/g)) {
      const ref = /\b(?:src|href)="([^"?#]+)/.exec(tag);
      const f = ref && !ref[1].includes("://") && path.resolve(path.dirname(page), ref[1]);
      if (!f || !fs.existsSync(f) || f === path.resolve(out)) continue;
      if (name === "link" && /\brel="stylesheet"/.test(tag)) others.add(f);
      if (name === "script" && !f.includes(`${path.sep}vendor${path.sep}`) && path.basename(f) !== "bootstrap.js") {
        scripts.add(f);
      }
    }
  }
  // The result depends only on the input, this script, the words of pages and scripts that are also words of the
  // input (PurgeCSS's default extractor: a selector is kept when its words are all among the content's) and the
  // custom property names of pages, scripts and other stylesheets that the input declares (usedElsewhere).
  const words = (t) => t.match(/[A-Za-z0-9_-]+/g) || [];
  const vocab = new Set(words(raw));
  const used = new Set(), vars = new Set();
  for (const f of [...pages, ...scripts]) for (const w of words(read(f))) if (vocab.has(w)) used.add(w);
  for (const f of [...pages, ...scripts, ...others]) for (const [v] of read(f).matchAll(/--[\w-]+/g)) if (vocab.has(v)) vars.add(v);
  const key = crypto.createHash("sha256").update(read(__filename)).update("\0").update(salt).update("\0")
    .update(raw).update("\0")
    .update([...used].sort().join(" ")).update("\0").update([...vars].sort().join(" ")).digest("hex").slice(0, 16);
  if (key === lastKey && fs.existsSync(out)) { process.stdout.write(`unchanged ${key}\n`); return; }
  const { PurgeCSS } = require("purgecss");  // only now: loading it took 0.08 s of a run that finds nothing changed
  const [result] = await new PurgeCSS().purge({
    content: [...pages, ...scripts],
    css: [{ raw }],
    // Bootstrap's components the pages use (data-bs-toggle: tooltips and dropdowns; collapses) build these names
    // from parts. No page has a Bootstrap modal or popover (the theme's phone menu and search are <dialog>s of
    // its own; a note's popover is the edition's).
    safelist: { standard: [/^bs-tooltip-/, /^tooltip/, /^show$/, /^showing$/, /^hiding$/, /^fade$/,
                           /^collaps/, /^dropdown-menu-(start|end|dark)$/],
                greedy: [/data-bs-popper/],
                variables: usedElsewhere(raw, [...pages, ...scripts, ...others].map(read)) },
    // data-popper-placement: set by Popper on a tooltip (so .bs-tooltip-auto[...] rules stay, .bs-popover-auto's go)
    dynamicAttributes: ["data-theme", "data-mode", "data-bs-theme", "aria-expanded", "aria-current", "open",
                        "data-popper-placement"],
    fontFace: false, keyframes: true, variables: true,
  });
  fs.writeFileSync(out, result.css);
  process.stdout.write(`purged ${key}\n`);
})().catch((err) => { console.error(err); process.exit(1); });
