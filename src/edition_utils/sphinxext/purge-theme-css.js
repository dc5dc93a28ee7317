// The theme's stylesheets with only the rules the built site can use (PurgeCSS, from npm): read every page and
// every script of the site (a class a script adds is named in it), keep the rest by the safelist below.
// Usage: node purge-theme-css.js OUT.css SITE_DIR IN.css [IN.css ...]   (the inputs concatenated in order)
"use strict";
const fs = require("fs");
const path = require("path");
const { PurgeCSS } = require("purgecss");

const [out, site, ...inputs] = process.argv.slice(2);
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
  const inStatic = (f) => f.includes(`${path.sep}_static${path.sep}`);
  const pages = files(site, ".html").filter((f) => !inStatic(f));
  // the theme's, Sphinx's and the edition's scripts; not the vendor bundles (plotly.js names every word there is)
  const scripts = files(path.join(site, "_static"), ".js").filter((f) => !f.includes(`${path.sep}vendor${path.sep}`));
  // the other stylesheets some page links (the edition's, Leaflet's, code colours...), not this one
  const others = new Set();
  for (const page of pages) {
    for (const [link] of read(page).matchAll(/<link\b[^>]*>/g)) {
      const href = /\bhref="([^"?#]+)/.exec(link);
      const f = href && /\brel="stylesheet"/.test(link) && path.resolve(path.dirname(page), href[1]);
      if (f && f !== path.resolve(out) && fs.existsSync(f)) others.add(f);
    }
  }
  const [result] = await new PurgeCSS().purge({
    content: [...pages, ...scripts],
    css: [{ raw }],
    // Bootstrap's components build these names from parts (tooltips, popovers, dropdowns, modals, collapses)
    safelist: { standard: [/^bs-/, /^tooltip/, /^popover/, /^show$/, /^showing$/, /^hiding$/, /^fade$/,
                           /^collaps/, /^modal/, /^dropdown-menu-(start|end|dark)$/],
                greedy: [/data-bs-popper/, /data-popper-placement/],
                variables: usedElsewhere(raw, [...pages, ...scripts, ...others].map(read)) },
    dynamicAttributes: ["data-theme", "data-mode", "data-bs-theme", "aria-expanded", "aria-current", "open"],
    fontFace: false, keyframes: false, variables: true,
  });
  fs.writeFileSync(out, result.css);
})().catch((err) => { console.error(err); process.exit(1); });
