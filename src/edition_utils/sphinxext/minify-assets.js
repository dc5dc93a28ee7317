// Stylesheets and scripts minified for serving (esbuild, from npm): comments and spaces out, names inside functions
// shortened; a script's top-level names are kept (other scripts and the pages read them), and so are licence
// comments (/*! ... */, @license, @preserve), as the licences require.
// Usage: node minify-assets.js IN OUT [IN OUT ...]   (the loader, css or js, from IN's extension)
"use strict";
const fs = require("fs");
const path = require("path");
const esbuild = require("esbuild");

// A plain comment naming a licence or a copyright (Sphinx's: ":copyright: ... :license: BSD") is kept as if it were
// marked /*! ... */: any in a stylesheet, the file's opening one in a script (a script's "/*" may be inside a string).
const legal = (comment, body) => (/licen[cs]e|copyright/i.test(body) ? `/*!${body}*/` : comment);
const marked = (text, loader) => (loader === "css" ? text.replace(/\/\*(?!!)([\s\S]*?)\*\//g, legal)
  : text.replace(/^\s*\/\*(?!!)([\s\S]*?)\*\//, legal));

const args = process.argv.slice(2);
for (let i = 0; i < args.length; i += 2) {
  const [src, dst] = [args[i], args[i + 1]];
  const loader = path.extname(src).slice(1);
  const text = fs.readFileSync(src, "utf8");
  const { code } = esbuild.transformSync(marked(text, loader), {
    loader, minify: true, legalComments: "inline", charset: "utf8", sourcefile: src,
  });
  fs.writeFileSync(dst, code);
}
