/* Charts for a reader (edition figures): drawn when they come near the window, in the book's light/dark mode and
   a phone layout, with the full row label on hover. Each chart (div.edition-plotly, written by sphinxext.nodes)
   names its script (data-edition-chart) and the plotly.js bundle that draws it (data-plotly); both are loaded only
   when the chart is within half a window of being seen, so a reader who never scrolls to a chart pays neither the
   1.2 MB bundle nor the seconds a phone's CPU spends drawing it. Each chart is drawn once, already in the reader's
   layout (a redraw of the long career chart at a phone's CPU costs seconds); later changes of mode or width
   relayout it. */
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
        fixLabelMargin(L);
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
      drawn: function (el) { el.classList.add("edition-drawn"); setUp(el); return el; }
    };
  }

  // Row labels that plotly would fit by automargin are measured here instead (canvas measureText, in the font
  // plotly draws them with): automargin lays the chart out twice, which was 40% of drawing the career chart.
  function fixLabelMargin(L) {
    var y = L.yaxis || {}, font = Object.assign({}, (L.font || {}), y.tickfont || {});
    if (!y.automargin || !Array.isArray(y.ticktext)) return;
    var ctx = document.createElement("canvas").getContext("2d"), width = 0;
    ctx.font = (font.size || 12) + "px " + (font.family || '"Open Sans", verdana, arial, sans-serif');
    y.ticktext.forEach(function (t) {
      String(t).split(/<br\s*\/?>/i).forEach(function (line) {
        width = Math.max(width, ctx.measureText(line.replace(/<[^>]*>/g, "")).width);
      });
    });
    L.margin = Object.assign({}, L.margin, {l: Math.max((L.margin || {}).l || 0, Math.ceil(width) + 12)});
    y.automargin = false;
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

  // The charts' queue: each chart's script, once loaded, queues its drawing here; the first is drawn once the page
  // is painted, each next one in a task of its own (the page stays responsive between them).
  var pending = [], busy = false;
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

  var loading = {};
  function load(src) {
    return loading[src] || (loading[src] = new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.async = false;  // fetched at once, but run in the order asked for (Leaflet before a map's script)
      s.src = src;
      s.onload = resolve;
      s.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(s);
    }));
  }
  var plotly = null;  // plotly.js loaded (one bundle per page: the book names the same one on every chart)
  window.editionCharts = {push: function (item) { plotly.then(function () { draw(item); }); }};
  function request(gd) {
    if (gd._editionRequested) return;
    gd._editionRequested = true;
    if (!plotly) plotly = load(gd.getAttribute("data-plotly"));
    // the chart's script may run before plotly.js: it only queues the drawing, which waits for plotly.js
    Promise.all([plotly, load(gd.getAttribute("data-edition-chart"))]).catch(function (e) {
      console.error(e);
      gd.textContent = "The chart could not be loaded. The table below it gives the same data.";
      gd.classList.add("edition-chart-failed");
    });
  }
  function requestMap(fig) {
    // both fetched at once; Leaflet runs first (async = false keeps the order), as folium's script calls it
    Promise.all([load(fig.getAttribute("data-leaflet")), load(fig.getAttribute("data-edition-map"))])
      .then(function () { fig.classList.add("edition-drawn"); })
      .catch(function (e) {
        console.error(e);
        var box = fig.querySelector(".edition-map-frame");
        if (box) box.textContent = "The map could not be loaded. The section after it, ‘What the map shows, in words’, gives the same borders.";
      });
  }

  // "Near": from above the window's top down to half a window below its bottom.
  function near(el) { var r = el.getBoundingClientRect(); return r.top < 1.5 * window.innerHeight && r.bottom > 0; }
  var figures = [];
  document.querySelectorAll("div.edition-plotly[data-edition-chart]").forEach(function (el) { figures.push([el, request]); });
  document.querySelectorAll("figure.edition-map[data-edition-map]").forEach(function (el) { figures.push([el, requestMap]); });
  if (!("IntersectionObserver" in window)) { figures.forEach(function (f) { f[1](f[0]); }); return; }
  var handlers = new Map(figures);
  var seen = new IntersectionObserver(function (entries) {
    entries.forEach(function (e) {
      if (e.isIntersecting) { seen.unobserve(e.target); handlers.get(e.target)(e.target); }
    });
  }, {rootMargin: "0px 0px 50% 0px"});
  figures.forEach(function (f) {
    if (near(f[0])) f[1](f[0]);  // now, not a frame later: a figure in view is the page's slowest part
    else seen.observe(f[0]);
  });
})();
