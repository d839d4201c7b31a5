// The first paint (dashboard/first_paint.py): the index of a chart page carries the page as HTML and its
// figures as JSON. This script runs right after plotly.js, before React and Dash's renderer: it draws the
// figures into the first paint, then waits for Dash's page, built underneath and hidden (style.css), to
// draw its own charts, and removes the first paint so Dash's page, identical and live, is what remains.
(function () {
  "use strict";
  var ROOT = "first-paint", FIGURES = "first-paint-figures", SLOT = "data-first-paint-figure";
  var FALLBACK_MS = 20000;  // style.css shows Dash's page after the same time on its own
  var paint = document.getElementById(ROOT);
  var data = document.getElementById(FIGURES);
  if (!paint || !data) {
    return;
  }
  var slots = Array.prototype.slice.call(paint.querySelectorAll("[" + SLOT + "]"));
  var observer = null, timer = null;

  function swap() {
    if (observer) { observer.disconnect(); }
    if (timer) { window.clearTimeout(timer); }
    if (window.Plotly) {
      slots.forEach(function (slot) { window.Plotly.purge(slot); });  // its resize listeners go with it
    }
    paint.remove();
    data.remove();
  }

  // A live chart counts once plotly has drawn into it: its traces, or its empty axes when it has no data.
  function drawn(graph) {
    return !!graph.querySelector(".main-svg") && (!!graph.querySelector(".main-svg .trace") ||
      !(graph.data && graph.data.length));
  }

  function livePageReady() {
    var entry = document.getElementById("react-entry-point");
    if (!entry || !entry.querySelector("#_pages_content > *")) {
      return false;
    }
    var charts = Array.prototype.filter.call(entry.querySelectorAll(".js-plotly-plot"), drawn);
    return charts.length >= slots.length;
  }

  try {
    var figures = JSON.parse(data.textContent);
    slots.forEach(function (slot) {
      var item = figures[Number(slot.getAttribute(SLOT))] || {};
      var figure = item.figure || {};
      window.Plotly.newPlot(slot, figure.data || [], figure.layout || {}, item.config || {});
    });
  } catch (problem) {
    swap();  // no picture is better than a broken one: Dash's page shows as soon as it is rendered
    return;
  }
  observer = new MutationObserver(function () {
    if (livePageReady()) {
      window.requestAnimationFrame(swap);
      observer.disconnect();
    }
  });
  observer.observe(document.getElementById("react-entry-point"), {childList: true, subtree: true});
  timer = window.setTimeout(swap, FALLBACK_MS);
})();
