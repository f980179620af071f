// Draw every chart of the page from its JSON data block (see targets/charts.py), then keep each
// fitted to its box when the window changes (phone rotation, print).
(function () {
  var config = { displaylogo: false, responsive: true };

  function draw() {
    document.querySelectorAll("div.plot[data-figure]").forEach(function (box) {
      var data = document.getElementById(box.dataset.figure);
      if (!data || !window.Plotly) { return; }
      var figure = JSON.parse(data.textContent);
      // plotly's default template, as plotly.py adds it (static/js/chart-template.js).
      figure.layout.template = figure.layout.template || window.chartTemplate;
      window.Plotly.newPlot(box, figure.data, figure.layout, config);
    });
  }

  function fit() {
    document.querySelectorAll("div.plot.js-plotly-plot").forEach(function (box) {
      window.Plotly.Plots.resize(box);
    });
  }

  document.addEventListener("DOMContentLoaded", draw);
  window.addEventListener("resize", fit);
  window.addEventListener("beforeprint", fit);
})();
