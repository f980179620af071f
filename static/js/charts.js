// Fit every chart to its box once the page is laid out, and again when the box changes
// (phone rotation, print): plotly sizes a chart once, when its script runs.
(function () {
  function fit() {
    document.querySelectorAll(".js-plotly-plot").forEach(function (plot) {
      if (window.Plotly) { window.Plotly.Plots.resize(plot); }
    });
  }
  window.addEventListener("load", fit);
  window.addEventListener("resize", fit);
  window.addEventListener("beforeprint", fit);
})();
