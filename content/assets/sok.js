// The search page (content/sok.md): Pagefind's UI over the indexes of the chosen years.
(function () {
  // Per year, an index of plans, one of reports and one of the year's indicator tables (the
  // indicators' main pages with every year), and one for units, boards and the rest
  // (macros/site/search.py): [[year, [its indexes]], ...], newest first. The latest year is searched
  // unless the reader picks another.
  var years = JSON.parse(document.getElementById("pl-sokar").getAttribute("data-ar"));
  var indexes = {};
  years.forEach(function (y) { indexes[y[0]] = y[1]; });
  var names = years.map(function (y) { return y[0]; });
  var params = new URLSearchParams(window.location.search);
  var query = params.get("q");
  var year = names.indexOf(params.get("ar")) >= 0 || params.get("ar") === "alla" ? params.get("ar") : names[0];
  var select = document.getElementById("pl-ar");
  names.concat(["alla"]).forEach(function (y) {
    var option = document.createElement("option");
    option.value = y;
    option.textContent = y === "alla" ? "alla år" : y;
    option.selected = y === year;
    select.appendChild(option);
  });
  select.addEventListener("change", function () {
    params.set("ar", select.value);
    window.location.search = params.toString();
  });
  var chosen = year === "alla" ? names : (year ? [year] : []);
  var bundles = chosen.reduce(function (all, y) {
    return all.concat(indexes[y].filter(function (name) { return all.indexOf(name) < 0; }));
  }, []).concat(["allmant"]);
  // Absolute paths: Pagefind resolves a relative bundlePath from its own script, not from this page.
  function bundle(name) { return new URL("../pagefind/" + name + "/", window.location.href).pathname; }
  // Long documents are the point of the site: rank them by their matches, not down for their length
  // (every index is told: a merged index ranks by its own options).
  var ranking = { pageLength: 0.1 };
  // Pagefind weighs a word by how rare it is in its own index, so a page of a small index
  // outscores the documents for any word it holds: an indicator's page, a table of every unit's
  // figures, came before every report that analyses the indicator (by 4 to 16 times in a synthetic
  // city). The indicators' indexes count a tenth, and their pages' titles, which only repeat their
  // headings, nothing more: the reports come first (by 2 times or more there).
  var tables = { pageLength: 0.1, metaWeights: { title: 0 } };
  function options(name) {
    if (name === "indikatorer" || /-indikatorer$/.test(name)) {
      return { bundlePath: bundle(name), ranking: tables, indexWeight: 0.1 };
    }
    return { bundlePath: bundle(name), ranking: ranking, indexWeight: 1 };
  }
  var others = bundles.slice(1).map(options);
  var first = options(bundles[0]);
  var ui = new PagefindUI({ element: "#sok", bundlePath: first.bundlePath, indexWeight: first.indexWeight, mergeIndex: others,
                            showSubResults: true, showImages: false, autofocus: false, ranking: ranking });
  var box = document.getElementById("pl-sok-falt");
  if (query) {
    if (box) { box.value = query; }
    ui.triggerSearch(query);
  }
  // The number of hits is a status message that screen readers read out (WCAG 4.1.3).
  new MutationObserver(function () {
    var message = document.querySelector(".pagefind-ui__message");
    if (message && !message.hasAttribute("role")) {
      message.setAttribute("role", "status");
      message.setAttribute("aria-live", "polite");
    }
  }).observe(document.getElementById("sok"), { childList: true, subtree: true });
})();
