// The theme's bootstrap.js rebuilt with only the Bootstrap components the site uses.
// pydata-sphinx-theme ships its script's source (assets/scripts/bootstrap.js: `import * as bootstrap from
// "bootstrap"`, tooltips set up, the back-to-top button, `window.bootstrap = bootstrap`) and a bundle of all of
// Bootstrap (79 KB). Here esbuild (npm) bundles that same source against a "bootstrap" of only the named components
// (Bootstrap's own modules, with Popper, from npm): the theme's code runs unchanged, on half the bytes.
// Usage: node bundle-bootstrap.js ENTRY OUT Component[,Component...]   (NODE_PATH: the book's node_modules)
const esbuild = require("esbuild");
const fs = require("fs");
const path = require("path");

const [entry, out, names] = process.argv.slice(2);
const modules = process.env.NODE_PATH;
const version = (pkg) => JSON.parse(fs.readFileSync(path.join(modules, pkg, "package.json"), "utf8")).version;
const components = names.split(",");
// Bootstrap's modules are named as their classes, in kebab case: Dropdown -> js/src/dropdown.js
const slim = components.map((c) => `export { default as ${c} } from "bootstrap/js/src/${c.toLowerCase()}.js";`)
  .join("\n");

esbuild.build({
  entryPoints: [entry],
  outfile: out,
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2019",
  nodePaths: [modules],
  legalComments: "inline",
  banner: { js: `/*! Bootstrap v${version("bootstrap")} (https://getbootstrap.com/), MIT licence; Popper ` +
    `v${version("@popperjs/core")} (https://popper.js.org/), MIT licence. Only ${components.join(", ")}, for ` +
    `pydata-sphinx-theme's bootstrap.js (BSD-3-Clause). */` },
  // The theme's `import "@popperjs/core"` (for its side effects, which Popper has none of) is dropped on purpose.
  logOverride: { "ignored-bare-import": "silent" },
  logLevel: "error",
  plugins: [{
    name: "only-used-components",
    setup(build) {
      build.onResolve({ filter: /^bootstrap$/ }, () => ({ path: "bootstrap", namespace: "only-used" }));
      build.onLoad({ filter: /.*/, namespace: "only-used" }, () => ({ contents: slim, resolveDir: modules }));
    },
  }],
}).catch(() => process.exit(1));
