// neurolift: draw every <div class="plot" data-figure="{...}"> with Plotly (served locally).
(function () {
  function draw(root) {
    if (typeof Plotly === "undefined") return;
    root.querySelectorAll("div.plot[data-figure]").forEach(function (el) {
      if (el.dataset.drawn) return;
      var fig = JSON.parse(el.dataset.figure);
      Plotly.newPlot(el, fig.data, fig.layout, {responsive: true, displaylogo: false});
      el.dataset.drawn = "1";
    });
  }
  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSwap", function (e) { draw(e.target); });
})();
