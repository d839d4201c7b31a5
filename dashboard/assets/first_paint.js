// The first paint (dashboard/first_paint.py): the index of a chart page carries its figures as JSON, then
// the page as HTML, with plotly.js and this script right after its first chart. The page's other scripts
// (React, Dash's renderer, the component libraries, our assets) and Dash's start of its renderer are there
// under a type no browser runs or fetches, and what Dash asks for first under a link relation no browser
// knows. This script draws the first chart at once, before the rest of the page is parsed, and each other
// chart once the page is parsed; then it asks for those preloads, loads those scripts in their order and
// starts Dash's renderer, as Dash's own index would have: on a two-core machine their download and
// compilation would otherwise slow the first chart down.
// Dash's page is built underneath, hidden (style.css); when it has drawn its own charts, the first paint
// is removed and Dash's page, identical and live, is what remains.
(function () {
  "use strict";
  var ROOT = "first-paint", FIGURES = "first-paint-figures";
  var LATER = "text/x-after-first-paint", LATER_PRELOAD = "x-preload-after-first-paint";
  var SLOT = "data-first-paint-figure";
  var FALLBACK_MS = 20000;  // Dash's page is shown after this long even if it has not drawn its charts
  var paint = document.getElementById(ROOT);
  var data = document.getElementById(FIGURES);
  var figures = null, drawnSlots = [], drawnWidths = [], failed = false;
  var observer = null, timer = null;

  function swap() {
    if (observer) { observer.disconnect(); }
    if (timer) { window.clearTimeout(timer); }
    drawnSlots.forEach(function (slot) {
      try {
        window.Plotly.purge(slot);  // its resize listeners go with it
      } catch (problem) {}  // a chart plotly could not draw: it goes with the first paint all the same
    });
    if (paint) { paint.remove(); }
    if (data) { data.remove(); }
  }

  // A live chart counts once plotly has drawn into it: its traces, or its empty axes when it has no data.
  function drawn(graph) {
    return !!graph.querySelector(".main-svg") && (!!graph.querySelector(".main-svg .trace") ||
      !(graph.data && graph.data.length));
  }

  // Dash's page is ready when its page content is there and every chart in it is drawn (a page with no
  // chart, such as one the router put there instead, is ready as soon as it is there).
  function livePageReady() {
    var content = document.querySelector("#react-entry-point #_pages_content");
    if (!content || !content.firstElementChild) {
      return false;
    }
    return Array.prototype.every.call(content.querySelectorAll(".dash-graph"), function (graph) {
      var plot = graph.querySelector(".js-plotly-plot");
      return !!plot && drawn(plot);
    });
  }

  // Draws the charts parsed so far that are not drawn yet.
  function draw() {
    figures = figures || JSON.parse(data.textContent);
    Array.prototype.forEach.call(paint.querySelectorAll("[" + SLOT + "]"), function (slot) {
      if (drawnSlots.indexOf(slot) >= 0) {
        return;
      }
      drawnSlots.push(slot);
      drawnWidths.push(slot.clientWidth);
      var item = figures[Number(slot.getAttribute(SLOT))] || {};
      var figure = item.figure || {};
      window.Plotly.newPlot(slot, figure.data || [], figure.layout || {}, item.config || {});
    });
  }

  // A chart drawn before the rest of the page was parsed may have lost width since: the page grew taller
  // than the window and a scrollbar took its place. Such a chart is laid out again at its box's width.
  function fitDrawnCharts() {
    drawnSlots.forEach(function (slot, index) {
      if (slot.clientWidth !== drawnWidths[index]) {
        window.Plotly.Plots.resize(slot);
      }
    });
  }

  function watchLivePage() {
    observer = new MutationObserver(function () {
      if (livePageReady()) {
        window.requestAnimationFrame(swap);
        observer.disconnect();
      }
    });
    observer.observe(document.getElementById("react-entry-point"), {childList: true, subtree: true});
    timer = window.setTimeout(swap, FALLBACK_MS);
  }

  // What Dash asks for first, then the page's other scripts one after another in their order
  // (async = false), then Dash's renderer.
  function loadTheRest() {
    Array.prototype.forEach.call(document.querySelectorAll('link[rel="' + LATER_PRELOAD + '"]'), function (link) {
      link.rel = "preload";
    });
    var waiting = document.querySelectorAll('script[type="' + LATER + '"]');
    var sources = [], startsRenderer = false;
    Array.prototype.forEach.call(waiting, function (script) {
      if (script.src) {
        sources.push(script.src);
      } else if (script.id === "_dash-renderer") {
        startsRenderer = true;  // the server checked it holds Dash's one line: new DashRenderer()
      }
    });
    sources.forEach(function (source, index) {
      var script = document.createElement("script");
      script.src = source;
      script.async = false;
      if (startsRenderer && index === sources.length - 1) {
        // as Dash's own inline start would: after the last script, whether it loaded or not
        var start = function () { window.renderer = new window.DashRenderer(); };
        script.addEventListener("load", start);
        script.addEventListener("error", start);
      }
      document.body.appendChild(script);
    });
  }

  function stepAside() {
    failed = true;
    swap();  // no picture is better than a broken one: Dash's page shows as soon as it is rendered
  }

  // The page is parsed: the other charts, then the live page.
  function parsed() {
    try {
      if (paint && data && !failed) {
        fitDrawnCharts();
        draw();
        watchLivePage();
      }
    } catch (problem) {
      stepAside();
    } finally {
      loadTheRest();
    }
  }

  try {
    if (paint && data) {
      draw();  // the first chart: this script follows it in the document
    }
  } catch (problem) {
    stepAside();
  } finally {
    // whatever happened above, Dash's page must come
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", parsed);
    } else {
      parsed();
    }
  }
})();
