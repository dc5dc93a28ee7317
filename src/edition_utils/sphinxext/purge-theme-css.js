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

(async () => {
  const pages = files(site, ".html").filter((f) => !f.includes(`${path.sep}_static${path.sep}`));
  // the theme's, Sphinx's and the edition's scripts; not the vendor bundles (plotly.js names every word there is)
  const scripts = files(path.join(site, "_static"), ".js").filter((f) => !f.includes(`${path.sep}vendor${path.sep}`));
  const [result] = await new PurgeCSS().purge({
    content: [...pages, ...scripts],
    css: [{ raw: inputs.map((f) => fs.readFileSync(f, "utf8")).join("\n") }],
    // Bootstrap's components build these names from parts (tooltips, popovers, dropdowns, modals, collapses)
    safelist: { standard: [/^bs-/, /^tooltip/, /^popover/, /^show$/, /^showing$/, /^hiding$/, /^fade$/,
                           /^collaps/, /^modal/, /^dropdown-menu-(start|end|dark)$/],
                greedy: [/data-bs-popper/, /data-popper-placement/] },
    dynamicAttributes: ["data-theme", "data-mode", "data-bs-theme", "aria-expanded", "aria-current", "open"],
    fontFace: false, keyframes: false, variables: false,
  });
  fs.writeFileSync(out, result.css);
})().catch((err) => { console.error(err); process.exit(1); });
