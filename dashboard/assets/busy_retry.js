// A callback the server refused because it was busy (503 + Retry-After, dashboard/admission.py) is
// sent again after the time the server asked for, a few times, while a notice tells the reader;
// if the server stays busy the notice says so and asks for a reload, instead of a page with a part
// silently missing. Everything else passes through fetch untouched.
(function () {
  "use strict";
  var CALLBACK = "_dash-update-component";
  var TRIES = 5;          // refused this many times in a row: give up and say so
  var MAX_WAIT_S = 10;    // never wait longer than this, whatever Retry-After says
  var waiting = 0;
  var original = window.fetch.bind(window);

  function notice(state) {
    var el = document.getElementById("busy-notice");
    if (!el) { return; }
    if (!state) { el.hidden = true; el.textContent = ""; return; }
    var lang = (document.documentElement.lang || "zh").indexOf("en") === 0 ? "en" : "zh";
    el.textContent = el.getAttribute("data-" + lang + "-" + state) || "";
    el.hidden = false;
  }

  function delayMs(response, attempt) {
    var asked = parseFloat(response.headers.get("Retry-After"));
    var seconds = isFinite(asked) && asked > 0 ? Math.min(asked, MAX_WAIT_S) : 1;
    // a little spread, so refused callbacks do not all come back in the same instant
    return (seconds * (1 + attempt * 0.5) + Math.random()) * 1000;
  }

  function isCallback(input) {
    var url = typeof input === "string" ? input : (input && input.url) || "";
    return url.indexOf(CALLBACK) !== -1;
  }

  window.fetch = function (input, init) {
    if (!isCallback(input)) { return original(input, init); }
    function attempt(n) {
      return original(input, init).then(function (response) {
        if (response.status !== 503) {
          if (n > 0 && --waiting === 0) { notice(null); }
          return response;
        }
        if (n === 0) { waiting++; }
        if (n + 1 >= TRIES) {
          waiting--;
          notice("gave_up");
          return response;
        }
        notice("retrying");
        return new Promise(function (resolve) {
          setTimeout(function () { resolve(attempt(n + 1)); }, delayMs(response, n));
        });
      }, function (error) {
        // a retry that fails outright (the network) ends the wait: Dash reports the error itself
        if (n > 0 && --waiting === 0) { notice(null); }
        throw error;
      });
    }
    return attempt(0);
  };
}());
