/* Small hand-drawn SVG charts for the analytics page: lines, horizontal bars and sparklines.
   Each chart is an image with a <title> and an aria-label that say its numbers, and comes with
   the same numbers as a table (a screen reader or a person copying figures needs the text). */
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var el = RD.el;
  // Distinguishable for the common colour-vision deficiencies (Okabe–Ito), darkest first.
  var COLOURS = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000"];

  function svg(tag, attrs, text) {
    var node = document.createElementNS(NS, tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* The <svg> root: an image whose accessible name is `label` (also its tooltip, as <title>). */
  function canvas(width, height, label, testid) {
    var root = svg("svg", {
      viewBox: "0 0 " + width + " " + height, role: "img", "aria-label": label, "class": "chart",
      "data-testid": testid || "chart", preserveAspectRatio: "xMidYMid meet",
    });
    root.appendChild(svg("title", {}, label));
    return root;
  }

  /* 0.1234 -> "12.3 %", rounded half up on the basis points the API sends (no float surprises). */
  function percent(rate) {
    if (rate === null || rate === undefined) return "—";
    var tenths = Math.floor((Math.round(rate * 10000) + 5) / 10);
    return Math.floor(tenths / 10) + "." + (tenths % 10) + " %";
  }

  /* A round upper bound for the y axis, so the grid lines fall on readable values. */
  function niceMax(value) {
    if (!(value > 0)) return 1;
    var step = Math.pow(10, Math.floor(Math.log10(value)));
    var ceilings = [1, 2, 2.5, 5, 10];
    for (var i = 0; i < ceilings.length; i++) if (ceilings[i] * step >= value) return ceilings[i] * step;
    return 10 * step;
  }

  var PARTIAL = "partial";
  var PARTIAL_NOTE = "A month marked partial is not over yet, or the range holds only part of it: its returns are " +
    "still coming in, so its rate is not a drop. It is drawn dashed and hollow.";

  /* "2026-12" or, for a partial month, "2026-12 (partial)": how a month is named in text. */
  function monthText(month, partial) { return partial ? month + " (" + PARTIAL + ")" : month; }

  /* series: [{name, values: [number|null per x]}]; xs: labels; options.partial: [boolean per x]
     for months whose figures are incomplete (dashed, hollow, labelled). Returns a <figure>. */
  function lineChart(xs, series, options) {
    var format = options.format || String;
    var partial = options.partial || [];
    var named = xs.map(function (m, i) { return monthText(m, partial[i]); });
    // A partial month's label goes on a second line under its month.
    var width = 640, height = 240, left = 72, right = 40, top = 12, bottom = partial.indexOf(true) >= 0 ? 44 : 30;
    var all = [];
    series.forEach(function (s) { s.values.forEach(function (v) { if (v !== null) all.push(v); }); });
    var max = niceMax(Math.max.apply(null, all.concat([0])));
    var x = function (i) { return left + (xs.length < 2 ? (width - left - right) / 2 : i * (width - left - right) / (xs.length - 1)); };
    var y = function (v) { return top + (height - top - bottom) * (1 - v / max); };
    var summary = options.label + ": " + series.map(function (s) {
      return (series.length > 1 ? s.name + " " : "") + named.map(function (m, i) { return m + " " + format(s.values[i]); }).join(", ");
    }).join("; ");
    var root = canvas(width, height, summary, options.testid);
    [0, 0.5, 1].forEach(function (f) {
      root.appendChild(svg("line", { x1: left, x2: width - right, y1: y(max * f), y2: y(max * f), "class": "grid" }));
      root.appendChild(svg("text", { x: left - 6, y: y(max * f) + 4, "text-anchor": "end", "class": "axis" }, format(max * f)));
    });
    xs.forEach(function (label, i) {
      root.appendChild(svg("text", { x: x(i), y: height - bottom + 20, "text-anchor": "middle", "class": "axis" }, label));
    });
    partial.forEach(function (isPartial, i) {
      if (isPartial) root.appendChild(svg("text", { x: x(i), y: height - bottom + 36, "text-anchor": "middle", "class": "axis partial-label", "data-testid": "partial-label" }, "(" + PARTIAL + ")"));
    });
    series.forEach(function (s, n) {
      var colour = COLOURS[n % COLOURS.length];
      var points = [];
      // The solid line joins the whole months only; a step into or out of a partial one is dashed.
      s.values.forEach(function (v, i) { if (v !== null && !partial[i]) points.push(x(i).toFixed(1) + "," + y(v).toFixed(1)); });
      root.appendChild(svg("polyline", { points: points.join(" "), fill: "none", stroke: colour, "stroke-width": 2.5, "class": "series" }));
      s.values.forEach(function (v, i) {
        var before = s.values[i - 1];
        if (i === 0 || v === null || before === null || before === undefined || !(partial[i] || partial[i - 1])) return;
        root.appendChild(svg("line", { x1: x(i - 1), y1: y(before), x2: x(i), y2: y(v), stroke: colour, "stroke-width": 2,
          "stroke-dasharray": "5 4", "class": "partial-segment" }));
      });
      s.values.forEach(function (v, i) {
        if (v === null) return;
        var dot = svg("circle", partial[i]
          ? { cx: x(i), cy: y(v), r: 3.5, fill: "#fff", stroke: colour, "stroke-width": 2, "class": "point partial" }
          : { cx: x(i), cy: y(v), r: 3.5, fill: colour, "class": "point" });
        dot.appendChild(svg("title", {}, (s.name ? s.name + ", " : "") + named[i] + ": " + format(v)));
        root.appendChild(dot);
      });
    });
    var figure = el("figure", { className: "chart-figure" }, root);
    if (series.length > 1) figure.appendChild(legend(series.map(function (s) { return s.name; })));
    if (partial.indexOf(true) >= 0) figure.appendChild(el("p", { className: "small muted", "data-testid": "partial-note", text: PARTIAL_NOTE }));
    figure.appendChild(numbers(["Month"].concat(series.map(function (s) { return s.name || options.valueName; })),
      named.map(function (m, i) { return [m].concat(series.map(function (s) { return format(s.values[i]); })); })));
    return figure;
  }

  function legend(names) {
    var list = el("ul", { className: "legend", "aria-hidden": "true" });
    names.forEach(function (name, n) {
      var swatch = el("span", { className: "swatch swatch-" + (n % COLOURS.length) });
      list.appendChild(el("li", {}, swatch, name));
    });
    return list;
  }

  /* items: [{label, value, text}] drawn as horizontal bars with their number at the end. */
  function barChart(items, options) {
    var width = 640, row = 26, labelWidth = 190, height = items.length * row + 8;
    var max = Math.max.apply(null, items.map(function (item) { return item.value; }).concat([0])) || 1;
    var summary = options.label + ": " + items.map(function (item) { return item.label + " " + item.text; }).join(", ");
    var root = canvas(width, height, summary, options.testid);
    items.forEach(function (item, i) {
      var barWidth = Math.max(1, (width - labelWidth - 110) * item.value / max);
      var yTop = 4 + i * row;
      root.appendChild(svg("text", { x: labelWidth - 8, y: yTop + 16, "text-anchor": "end", "class": "axis" }, item.label));
      var bar = svg("rect", { x: labelWidth, y: yTop + 3, width: barWidth.toFixed(1), height: row - 8, "class": "bar", fill: COLOURS[0] });
      bar.appendChild(svg("title", {}, item.label + ": " + item.text));
      root.appendChild(bar);
      root.appendChild(svg("text", { x: labelWidth + barWidth + 6, y: yTop + 16, "class": "value" }, item.text));
    });
    var figure = el("figure", { className: "chart-figure" }, root);
    figure.appendChild(numbers([options.labelName || "Item", options.valueName || "Value"],
      items.map(function (item) { return [item.label, item.text]; })));
    return figure;
  }

  /* A tiny trend line for a table cell; its label carries every value. Partial months are dashed. */
  function sparkline(months, values, label, partial) {
    partial = partial || [];
    var width = 96, height = 24;
    var max = Math.max.apply(null, values.concat([0])) || 1;
    var step = values.length > 1 ? (width - 4) / (values.length - 1) : 0;
    var text = label + ": " + months.map(function (m, i) { return monthText(m, partial[i]) + " " + percent(values[i]); }).join(", ");
    var root = canvas(width, height, text, "sparkline");
    root.setAttribute("class", "chart sparkline");
    var points = values.map(function (v, i) { return [(2 + i * step).toFixed(1), (height - 2 - (height - 4) * v / max).toFixed(1)]; });
    if (values.length === 1) points.push([String(width - 2), points[0][1]]);
    var whole = points.filter(function (p, i) { return !partial[i]; });
    root.appendChild(svg("polyline", { points: whole.map(function (p) { return p.join(","); }).join(" "), fill: "none", stroke: COLOURS[0], "stroke-width": 1.5 }));
    points.forEach(function (p, i) {
      if (i === 0 || !(partial[i] || partial[i - 1])) return;
      root.appendChild(svg("line", { x1: points[i - 1][0], y1: points[i - 1][1], x2: p[0], y2: p[1], stroke: COLOURS[0],
        "stroke-width": 1.5, "stroke-dasharray": "3 2", "class": "partial-segment" }));
    });
    return root;
  }

  /* The chart's numbers as a table, folded away under the chart. */
  function numbers(headers, rows) {
    var head = el("tr");
    headers.forEach(function (h) { head.appendChild(el("th", { scope: "col", text: h })); });
    var body = el("tbody");
    rows.forEach(function (cells) {
      var tr = el("tr");
      cells.forEach(function (cell, i) { tr.appendChild(el(i === 0 ? "th" : "td", { scope: i === 0 ? "row" : null, text: cell })); });
      body.appendChild(tr);
    });
    return el("details", { className: "numbers" }, el("summary", { text: "The numbers" }),
      el("table", {}, el("thead", {}, head), body));
  }

  RD.charts = { lineChart: lineChart, barChart: barChart, sparkline: sparkline, percent: percent, numbers: numbers, monthText: monthText };
})();
