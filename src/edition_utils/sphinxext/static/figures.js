/* Charts for a reader (edition figures): the book's light/dark mode, a phone layout, and the full row label on
   hover. Works on every chart the edition draws (div.edition-plotly), after plotly.js has drawn it. */
(function () {
  "use strict";
  var PHONE = "(max-width: 40rem)";
  // The dark template: the theme's own dark background and text, and plotly_dark's grid colours.
  function darkLayout() {
    var css = getComputedStyle(document.documentElement);
    var bg = css.getPropertyValue("--pst-color-background").trim() || "#121212";
    var fg = css.getPropertyValue("--pst-color-text-base").trim() || "#ced6dd";
    return {paper_bgcolor: bg, plot_bgcolor: bg, "font.color": fg, "xaxis.gridcolor": "#3a4550",
            "yaxis.gridcolor": "#3a4550", "xaxis.linecolor": "#7a8a99", "yaxis.linecolor": "#7a8a99",
            "xaxis.zerolinecolor": "#7a8a99", "legend.font.color": fg, "title.font.color": fg};
  }
  function isDark() { return document.documentElement.getAttribute("data-theme") === "dark"; }

  function remember(gd) {
    // The chart's own light values, to go back to when the reader leaves dark mode or a phone-sized window.
    if (gd._editionLight) return;
    var L = gd.layout, keys = Object.keys(darkLayout()), light = {};
    keys.forEach(function (k) {
      var v = k.split(".").reduce(function (o, p) { return o == null ? undefined : o[p]; }, L);
      light[k] = v === undefined ? null : v;
    });
    gd._editionLight = light;
    gd._editionShapes = (L.shapes || []).map(function (s) { return s.line && s.line.color; });
    gd._editionWide = {height: L.height, "margin.l": (L.margin || {}).l, "yaxis.ticklabelposition": null,
                       "yaxis.showgrid": (L.yaxis || {}).showgrid === undefined ? null : L.yaxis.showgrid};
    gd._editionBars = gd.data.map(function (t) { return t.type === "bar" ? [t.width, t.offset] : null; });
  }

  function applyTheme(gd) {
    var dark = isDark(), upd = dark ? darkLayout() : gd._editionLight;
    (gd._editionShapes || []).forEach(function (c, i) {  // black reference lines turn light in the dark
      if (c) upd["shapes[" + i + "].line.color"] = dark && /^#0{3,6}$|^black$/i.test(c) ? "#e6e6e6" : c;
    });
    return Plotly.relayout(gd, upd);
  }

  function applyPhone(gd) {
    // On a phone the row labels go above their rows (inside the plot) instead of taking 80% of the width.
    var phone = window.matchMedia(PHONE).matches, rows = (gd._fullLayout.yaxis._categories || []).length;
    if (phone === gd._editionPhone) return Promise.resolve();
    gd._editionPhone = phone;
    var bars = [], idx = [];
    gd._editionBars.forEach(function (b, i) { if (b) { idx.push(i); bars.push(b); } });
    var relayout = phone ? {height: Math.max(420, 58 * rows + 260), "margin.l": 6,
                            "yaxis.ticklabelposition": "inside top", "yaxis.showgrid": false} : gd._editionWide;
    var p = Plotly.relayout(gd, relayout);
    if (idx.length) {
      p = p.then(function () {
        return Plotly.restyle(gd, phone ? {width: 0.34, offset: 0.16}
                                        : {width: bars.map(function (b) { return b[0]; }),
                                           offset: bars.map(function (b) { return b[1]; })}, idx);
      });
    }
    return p;
  }

  function titles(gd) {
    // Every row label carries its full text as an SVG <title> (a label may be shortened on screen).
    var cats = gd._fullLayout.yaxis._categories || [];
    gd.querySelectorAll(".yaxislayer-above .ytick text").forEach(function (t) {
      var d = t.__data__, full = d && cats[d.x];
      if (full == null || t.querySelector("title")) return;
      var el = document.createElementNS("http://www.w3.org/2000/svg", "title");
      el.textContent = String(full).replace(/^\d+\. /, "");
      t.appendChild(el);
      t.setAttribute("data-full-label", el.textContent);
    });
  }

  function setUp(gd) {
    remember(gd);
    var chain = Promise.resolve();
    var run = function (f) { chain = chain.then(function () { return f(gd); }).then(function () { titles(gd); }); };
    if (isDark()) run(applyTheme);
    run(applyPhone);
    gd.on("plotly_afterplot", function () { titles(gd); });
    new MutationObserver(function () { run(applyTheme); })
      .observe(document.documentElement, {attributes: true, attributeFilter: ["data-theme"]});
    window.matchMedia(PHONE).addEventListener("change", function () { run(applyPhone); });
  }

  function start() {
    if (!window.Plotly) return;
    document.querySelectorAll(".edition-plotly").forEach(function (gd) {
      if (gd._fullLayout) { setUp(gd); return; }
      var wait = setInterval(function () { if (gd._fullLayout) { clearInterval(wait); setUp(gd); } }, 50);
      setTimeout(function () { clearInterval(wait); }, 20000);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
