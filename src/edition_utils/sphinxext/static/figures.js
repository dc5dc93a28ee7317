/* Charts for a reader (edition figures): the book's light/dark mode, a phone layout, and the full row label on
   hover. Draws every chart the edition writes (div.edition-plotly; its script queues it in window.editionCharts)
   as soon as plotly.js has run, already in the reader's layout (phone, dark), so each chart is drawn once: a
   redraw of the long career chart at a phone's CPU costs seconds. Later changes of mode or width relayout it. */
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

  // A layout value by its plotly path ("xaxis.gridcolor", "shapes[0].line.color"), read or written in place.
  function path(k) { return k.replace(/\[(\d+)\]/g, ".$1").split("."); }
  function get(o, k) { return path(k).reduce(function (v, p) { return v == null ? undefined : v[p]; }, o); }
  function put(o, k, v) {
    var ps = path(k), last = ps.pop();
    ps.forEach(function (p) { if (o[p] == null || typeof o[p] !== "object") o[p] = {}; o = o[p]; });
    if (v === null) delete o[last]; else o[last] = v;
  }

  function phoneLayout(gd) {
    // On a phone the row labels go above their rows (inside the plot) instead of taking 80% of the width; the
    // height (a row's label and bar, stacked) is written on the chart's element by the book (sphinxext.nodes).
    return {height: Number(gd.getAttribute("data-phone-height")) || 420, "margin.l": 6,
            "yaxis.ticklabelposition": "inside top", "yaxis.showgrid": false};
  }
  var PHONE_BAR = {width: 0.34, offset: 0.16};

  function themeUpdate(gd, dark) {
    var upd = dark ? darkLayout() : Object.assign({}, gd._editionLight);
    (gd._editionShapes || []).forEach(function (c, i) {  // black reference lines turn light in the dark
      if (c) upd["shapes[" + i + "].line.color"] = dark && /^#0{3,6}$|^black$/i.test(c) ? "#e6e6e6" : c;
    });
    return upd;
  }

  // The adapter a chart's script is given: it keeps the chart's own (light, wide) values to go back to, and gives
  // plotly the traces and the layout for this reader's screen and mode, for the first draw.
  function adapter(uid) {
    var gd = document.getElementById(uid), phone = window.matchMedia(PHONE).matches, dark = isDark();
    gd._editionBars = [];
    return {
      trace: function (t) {
        // null, not undefined, for plotly's default: restyle leaves a trace's value as it is for undefined
        gd._editionBars.push(t.type === "bar" ? [t.width == null ? null : t.width, t.offset == null ? null : t.offset]
                                              : null);
        return phone && t.type === "bar" ? Object.assign({}, t, PHONE_BAR) : t;
      },
      layout: function (L) {
        var light = {};
        Object.keys(darkLayout()).forEach(function (k) { var v = get(L, k); light[k] = v === undefined ? null : v; });
        gd._editionLight = light;
        gd._editionShapes = (L.shapes || []).map(function (s) { return s.line && s.line.color; });
        gd._editionWide = {height: L.height, "margin.l": (L.margin || {}).l, "yaxis.ticklabelposition": null,
                           "yaxis.showgrid": (L.yaxis || {}).showgrid === undefined ? null : L.yaxis.showgrid};
        gd._editionPhone = phone;
        var upd = Object.assign(phone ? phoneLayout(gd) : {}, dark ? themeUpdate(gd, true) : {});
        Object.keys(upd).forEach(function (k) { put(L, k, upd[k]); });
        return L;
      },
      drawn: function (el) { setUp(el); return el; }
    };
  }

  function applyTheme(gd) { return Plotly.relayout(gd, themeUpdate(gd, isDark())); }

  function applyPhone(gd) {
    var phone = window.matchMedia(PHONE).matches;
    if (phone === gd._editionPhone) return Promise.resolve();
    gd._editionPhone = phone;
    var bars = [], idx = [];
    gd._editionBars.forEach(function (b, i) { if (b) { idx.push(i); bars.push(b); } });
    var p = Plotly.relayout(gd, phone ? phoneLayout(gd) : gd._editionWide);
    if (idx.length) {
      p = p.then(function () {
        return Plotly.restyle(gd, phone ? PHONE_BAR : {width: bars.map(function (b) { return b[0]; }),
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
    titles(gd);
    var chain = Promise.resolve();
    var run = function (f) { chain = chain.then(function () { return f(gd); }).then(function () { titles(gd); }); };
    gd.on("plotly_afterplot", function () { titles(gd); });
    new MutationObserver(function () { run(applyTheme); })
      .observe(document.documentElement, {attributes: true, attributeFilter: ["data-theme"]});
    window.matchMedia(PHONE).addEventListener("change", function () { run(applyPhone); });
  }

  // The charts' queue, in page order, once plotly.js has run (deferred, it comes before this file): the first chart
  // is drawn once the page is painted, each next one in a task of its own (the page stays responsive between them).
  var queue = Array.isArray(window.editionCharts) ? window.editionCharts : [], pending = [], busy = false;
  function drawNext() {
    var item = pending.shift();
    if (!item) { busy = false; return; }
    busy = true;
    var drawn;
    try { drawn = item[1](adapter(item[0])); } catch (e) { console.error(e); }
    Promise.resolve(drawn).catch(function (e) { console.error(e); })
      .then(function () { setTimeout(drawNext, 0); });
  }
  function afterPaint(f) {
    // The page is painted first (text before charts): the next frame, or half a second in a tab not shown.
    var done = false, go = function () { if (!done) { done = true; f(); } };
    requestAnimationFrame(function () { setTimeout(go, 0); });
    setTimeout(go, 500);
  }
  function draw(item) { pending.push(item); if (!busy) { busy = true; afterPaint(drawNext); } }
  function whenPlotly(f) {
    if (window.Plotly) { f(); return; }
    var s = document.querySelector('script[src*="plotly"]');
    if (s) s.addEventListener("load", function () { if (window.Plotly) f(); });
  }
  window.editionCharts = {push: function (item) { whenPlotly(function () { draw(item); }); }};
  queue.forEach(window.editionCharts.push);
})();
