// Renders CSL-JSON items with citeproc-js (npm "citeproc", the processor inside Zotero and Mendeley).
// stdin: {"styles": {name: path to .csl}, "locales": folder of locales-*.xml, "items": [CSL-JSON]}
// stdout: {name: {item id: bibliography entry as plain text}}
// Each item is rendered alone (updateItems([id])), as if it were the only item cited: no "———" substitute for a
// repeated author and no 2026a/2026b year suffixes borrowed from unrelated items.
"use strict";
const fs = require("fs");
const path = require("path");
const CSL = require("citeproc");

const input = JSON.parse(fs.readFileSync(0, "utf8"));
const items = new Map(input.items.map((item) => [String(item.id), item]));
const localeCache = {};
const sys = {
  retrieveItem: (id) => items.get(String(id)),
  retrieveLocale: (lang) => {
    if (!(lang in localeCache)) {
      const file = path.join(input.locales, `locales-${lang}.xml`);
      localeCache[lang] = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
    }
    return localeCache[lang];
  },
};

const out = {};
for (const [name, stylePath] of Object.entries(input.styles)) {
  const engine = new CSL.Engine(sys, fs.readFileSync(stylePath, "utf8"), "en-US");
  engine.setOutputFormat("text");
  out[name] = {};
  for (const id of items.keys()) {
    engine.updateItems([id]);
    const [, entries] = engine.makeBibliography();
    out[name][id] = entries.join("").trim();
  }
}
process.stdout.write(JSON.stringify(out));
