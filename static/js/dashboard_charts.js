// Draws each dashboard chart from its own data table (data-chart), which stays as the fallback
// under "Bảng số liệu". Numbers are read from data-value (a dot, no grouping) and shown the
// Vietnamese way; target series (data-kind="target") are dashed, in their level's colour.
(function () {
  "use strict";
  var COLOURS = ["#0b5cad", "#1f7a3a", "#b35c00", "#6b3fa0", "#00838f", "#8d6e63"];
  var number = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 });

  function read(table) {
    var labels = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim();
    }).slice(1);
    var datasets = [];
    var lines = 0;
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var target = row.dataset.kind === "target";
      if (!target) { lines += 1; }
      // A target follows the figures it is for: it takes their colour.
      var colour = COLOURS[Math.max(lines - 1, 0) % COLOURS.length];
      datasets.push({
        isTarget: target,
        label: row.querySelector("th").textContent.trim(),
        data: Array.prototype.map.call(row.querySelectorAll("td"), function (td) {
          return td.dataset.value === "" ? null : Number(td.dataset.value);
        }),
        borderColor: colour,
        backgroundColor: colour,
        borderDash: target ? [6, 4] : [],
        // One period has no line to draw: its target shows as a wide dash at its level.
        pointRadius: target ? (labels.length === 1 ? 28 : 0) : 3,
        pointStyle: target ? "line" : "circle",
        borderWidth: 2,
        spanGaps: true,
        tension: 0
      });
    });
    return { labels: labels, datasets: datasets };
  }

  function hasFigures(data) {
    return data.datasets.some(function (set) {
      return !set.isTarget && set.data.some(function (v) { return v !== null; });
    });
  }

  function draw(table) {
    var data = read(table);
    // Nothing reported yet: a chart of the target alone says nothing; the table says "—".
    if (!hasFigures(data)) { return; }
    var figure = table.closest("figure");
    var holder = figure.querySelector(".chart-canvas");
    var canvas = document.createElement("canvas");
    var compact = table.dataset.compact === "1";
    var percent = table.dataset.percent === "1";
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", figure.querySelector("summary").textContent);
    holder.appendChild(canvas);
    holder.hidden = false;
    new window.Chart(canvas, {
      type: "line",
      data: data,
      options: {
        locale: "vi-VN",
        animation: false,
        maintainAspectRatio: false,
        plugins: { legend: { display: !compact, position: "bottom" } },
        scales: {
          // One period: its point and its target's dash in the middle, not on the axis.
          x: { display: true, offset: data.labels.length === 1, ticks: { maxRotation: 0, autoSkip: true, font: { size: compact ? 10 : 12 } } },
          y: {
            grace: "10%",
            reverse: table.dataset.reverse === "1",
            ticks: {
              font: { size: compact ? 10 : 12 },
              callback: function (value) { return number.format(value) + (percent ? "%" : ""); }
            }
          }
        }
      }
    });
    figure.querySelector("details").open = false;
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.Chart) { return; }
    document.querySelectorAll("table[data-chart]").forEach(draw);
  });
})();
