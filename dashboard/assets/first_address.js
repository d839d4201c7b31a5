// The first layout carries the page at the address the server read from the request's Referer
// (dashboard/first_layout.py), and Dash's Locations then hold that address. Where it is not the address
// in the bar (a Referer trimmed to the origin by a browser setting, an extension or a proxy), the
// Locations are told to read the bar again, so the routing callback renders the page the reader asked for.
(function () {
  "use strict";
  var ATTRIBUTE = "data-first-address";

  function check() {
    // in Dash's page, not in the first paint (dashboard/first_paint.py) before it
    var holder = document.querySelector("#react-entry-point [" + ATTRIBUTE + "]");
    if (!holder) {
      return false;
    }
    var here = window.location.pathname + window.location.search;
    if (holder.getAttribute(ATTRIBUTE) !== here) {
      window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
    }
    return true;
  }

  function watch() {
    if (check()) {
      return;
    }
    var observer = new MutationObserver(function () {
      if (check()) {
        observer.disconnect();
      }
    });
    observer.observe(document.body, {childList: true, subtree: true});
    // the first layout is the only one that carries the attribute: stop looking once the page is up
    window.setTimeout(function () { observer.disconnect(); }, 30000);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", watch);
  } else {
    watch();
  }
})();
