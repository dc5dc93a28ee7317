/* Registers and data tables: each cell is labelled with its column heading (data-label), so that on a narrow
   screen a row can be shown as a card with every column (figures.css) instead of a table cut off at the edge. */
(function () {
  "use strict";
  function label() {
    document.querySelectorAll("table.edition-register, table.edition-claims, .edition-data-table table")
      .forEach(function (table) {
        var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
          return th.textContent.trim();
        });
        table.querySelectorAll("tbody tr").forEach(function (tr) {
          Array.prototype.forEach.call(tr.children, function (td, i) {
            if (heads[i] && !td.hasAttribute("data-label")) td.setAttribute("data-label", heads[i]);
          });
        });
      });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", label); else label();
})();
