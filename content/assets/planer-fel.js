// The preview's error page (scripts/serve, overrides/sidor/fel.html): show the site again by itself.
// While the data has errors the error page stands at every address, marked with a fingerprint of
// its problems. Each rebuild changes what this address returns: the site once the data is fixed,
// or the error page with other problems. Either way the page reloads to show it.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="planer-fel"]');
  if (!meta) return;
  var shown = meta.getAttribute("content");
  function check() {
    fetch(location.href, { cache: "no-store" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var found = /<meta name="planer-fel" content="([^"]*)"/.exec(html);
        if (!found || found[1] !== shown) {
          location.reload();
        } else {
          setTimeout(check, 1000);
        }
      }, function () { setTimeout(check, 2000); });  // the server restarts: try again
  }
  setTimeout(check, 1000);
})();
