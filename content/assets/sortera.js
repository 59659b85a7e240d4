// Sortable comparison tables: a table with class "pl-sorterbar" gets a button in each column header
// that sorts its rows by that column (again: the other way). Without JavaScript it is a plain table.
// A separate file, no inline script or event handler attributes: the site's Content-Security-Policy allows none.
(function () {
  "use strict";

  function key(cell) {
    var text = (cell ? cell.textContent : "").trim();
    // Swedish numbers: "1 119", "3,5 %", "−2,0"
    var plain = text.replace(/[\s\u00a0\u202f]/g, "").replace(/%$/, "").replace("\u2212", "-").replace(",", ".");
    if (plain !== "" && /^-?\d+(\.\d+)?$/.test(plain)) return { num: parseFloat(plain), text: text };
    return { num: null, text: text.toLowerCase() };
  }

  function compare(a, b) {
    if (a.num !== null && b.num !== null) return a.num - b.num;
    if (a.num !== null) return -1; // numbers before empty cells and text
    if (b.num !== null) return 1;
    if (a.text === "" || b.text === "") return (a.text === "") - (b.text === "");
    return a.text.localeCompare(b.text, "sv");
  }

  function sortBy(table, col, button) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    if (rows.length < 2) return;
    var th = button.parentNode;
    var descending = th.getAttribute("aria-sort") === "ascending";
    var keyed = rows.map(function (row, i) { return { row: row, k: key(row.cells[col]), i: i }; });
    keyed.sort(function (x, y) {
      var c = compare(x.k, y.k);
      if (descending && x.k.text !== "" && y.k.text !== "") c = -c;
      return c || x.i - y.i;
    });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) { cell.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", descending ? "descending" : "ascending");
    keyed.forEach(function (x) { body.appendChild(x.row); });
  }

  function enhance(table) {
    if (!table.tHead || !table.tBodies.length || table.tBodies[0].rows.length < 2) return;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "pl-sortera";
      while (th.firstChild) button.appendChild(th.firstChild);
      var hint = document.createElement("span");
      hint.className = "pl-dold";
      hint.textContent = " (sortera)";
      button.appendChild(hint);
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, col, button); });
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("table.pl-sorterbar"), enhance);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
