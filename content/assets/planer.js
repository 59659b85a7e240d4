// A table wider than its box scrolls inside it. Such a box is made reachable with the keyboard and
// named by the table's caption (WCAG 2.1.1), as the theme does for wide code blocks; a box that
// fits is left alone, so it adds no stop to the tab order.
// A file, not an inline script: the Content-Security-Policy allows only the site's own script files
// and the theme's few inline scripts by hash.
(function () {
  var count = 0;
  function mark() {
    document.querySelectorAll("main .pl-tabell, main .md-typeset__scrollwrap").forEach(function (box) {
      var style = getComputedStyle(box);
      var scrolls = /(auto|scroll)/.test(style.overflowX) && box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        var caption = box.querySelector("caption");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "group");
        box.setAttribute("data-pl-rullar", "");
        if (caption) {
          caption.id = caption.id || "pl-tabell-" + (++count);
          box.setAttribute("aria-labelledby", caption.id);
        } else {
          box.setAttribute("aria-label", "Tabell");
        }
      } else if (!scrolls && box.hasAttribute("data-pl-rullar")) {
        ["tabindex", "role", "data-pl-rullar", "aria-labelledby", "aria-label"].forEach(function (a) { box.removeAttribute(a); });
      }
    });
  }
  if (window.document$) { window.document$.subscribe(mark); } else { document.addEventListener("DOMContentLoaded", mark); }
  window.addEventListener("load", mark);
  window.addEventListener("resize", mark);
})();

// A printed page says where it came from and when (the paragraph is shown on paper only, planer.css).
// The address is the one the reader has open, which is right also where the site is served from
// another address than the one it was built for.
(function () {
  function stamp() {
    var where = document.querySelector(".pl-utskrift__adress");
    var when = document.querySelector(".pl-utskrift__datum");
    if (where) where.textContent = location.href.split("#")[0];
    if (when) when.textContent = ", utskriven " + new Date().toLocaleDateString("sv-SE", { year: "numeric", month: "long", day: "numeric" });
  }
  if (window.document$) { window.document$.subscribe(stamp); } else { document.addEventListener("DOMContentLoaded", stamp); }
  window.addEventListener("beforeprint", stamp);
})();

// A table shown as cards (planer.css) has display: block, and some browsers (WebKit) then stop
// telling screen readers it is a table. Its roles, said explicitly, keep it one.
(function () {
  function roles() {
    document.querySelectorAll("main .pl-tabell table").forEach(function (table) {
      if (table.hasAttribute("role")) return;
      table.setAttribute("role", "table");
      table.querySelectorAll("thead, tbody, tfoot").forEach(function (g) { g.setAttribute("role", "rowgroup"); });
      table.querySelectorAll("tr").forEach(function (tr) { tr.setAttribute("role", "row"); });
      table.querySelectorAll("td").forEach(function (td) { td.setAttribute("role", "cell"); });
      table.querySelectorAll("th").forEach(function (th) {
        var scope = th.getAttribute("scope");
        th.setAttribute("role", scope === "col" || scope === "colgroup" ? "columnheader" : "rowheader");
      });
    });
  }
  if (window.document$) { window.document$.subscribe(roles); } else { document.addEventListener("DOMContentLoaded", roles); }
})();
