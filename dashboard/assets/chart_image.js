// Chart images that carry their source (dashboard/figures/image_export.py): a copy of the chart on
// screen with its title, unit, source documents and data date added, drawn by plotly.js's own
// toImage (in the basic bundle too) and saved as <indicator>-<region>.png or .svg.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  jjjImage: {
    download: function (nPng, nSvg, spec) {
      var noUpdate = window.dash_clientside.no_update;
      var triggered = window.dash_clientside.callback_context.triggered;
      if (!spec || !triggered.length || !window.Plotly) {
        return noUpdate;
      }
      var format = /-svg\.n_clicks$/.test(triggered[0].prop_id) ? "svg" : "png";
      var graph = document.querySelector("#" + spec.graph + " .js-plotly-plot");
      if (!graph || !graph.data) {
        return noUpdate;
      }
      // a deep copy of the layout and shallow copies of the traces: drawing the image must not touch the chart
      var layout = JSON.parse(JSON.stringify(graph.layout));
      Object.keys(spec.layout).forEach(function (key) {
        layout[key] = key === "annotations" ? (layout.annotations || []).concat(spec.layout.annotations)
                                            : spec.layout[key];
      });
      layout.width = spec.options.width;
      layout.height = spec.options.height;
      layout.autosize = false;
      var data = graph.data.map(function (trace) { return Object.assign({}, trace); });
      var options = {format: format, filename: spec.options.filename, width: spec.options.width,
                     height: spec.options.height};
      return window.Plotly.downloadImage({data: data, layout: layout}, options).then(function () {
        return format + ":" + ((format === "svg" ? nSvg : nPng) || 0);
      });
    }
  }
});
