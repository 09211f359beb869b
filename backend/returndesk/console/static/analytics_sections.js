/* The analytics page's charts and tables, each drawn from one API answer (see analytics.js). */
(function () {
  "use strict";
  var el = RD.el, charts = RD.charts, percent = charts.percent, name = RD.names.name;
  var NONE = "No returns in this range.";
  var TOP_SKUS = 20, TOP_REASONS = 5;

  function nothing(container) { RD.replace(container, el("p", { className: "muted", text: NONE })); }

  /* One KPI tile: its label, the figure and a line saying what the figure counts. */
  function tile(key, label, value, detail) {
    return el("li", { className: "kpi", "data-testid": "kpi-" + key },
      el("span", { className: "kpi-label", text: label }),
      el("strong", { className: "kpi-value", "data-testid": "kpi-" + key + "-value", text: value }),
      el("span", { className: "kpi-detail small muted", text: detail }));
  }

  function trend(container, rows) {
    if (!rows.length) return nothing(container);
    RD.replace(container, charts.lineChart(
      rows.map(function (r) { return r.key; }),
      [{ name: "", values: rows.map(function (r) { return r.unit_rate; }) }],
      { label: "Unit return rate by month", valueName: "Unit return rate", format: percent, testid: "trend-chart",
        partial: rows.map(function (r) { return !!r.partial; }) }));
  }

  function reasons(container, answer) {
    if (!answer.total.length) return nothing(container);
    RD.replace(container, charts.barChart(answer.total.map(function (r) {
      return { label: name("reason", r.reason), value: r.units, text: r.units + " (" + percent(r.share) + ")" };
    }), { label: "Returned units by reason", labelName: "Reason", valueName: "Units (share)", testid: "reasons-chart" }));
  }

  /* Each month's share of returned units per reason, for the reasons with most units overall. */
  function reasonTrend(container, answer) {
    var months = answer.by_month || [];
    if (!months.length || !answer.total.length) return nothing(container);
    var top = answer.total.slice().sort(function (a, b) { return b.units - a.units; }).slice(0, TOP_REASONS);
    var series = top.map(function (r) {
      return {
        name: name("reason", r.reason),
        values: months.map(function (m) {
          var all = Object.keys(m.counts).reduce(function (sum, k) { return sum + m.counts[k]; }, 0);
          return all ? Math.round(10000 * (m.counts[r.reason] || 0) / all) / 10000 : null;
        }),
      };
    });
    RD.replace(container, charts.lineChart(months.map(function (m) { return m.month; }), series,
      { label: "Share of returned units by reason and month", format: percent, testid: "reason-trend-chart",
        partial: months.map(function (m) { return !!m.partial; }) }));
  }

  function cell(text, testid) { return el("td", { text: String(text), "data-testid": testid || null }); }

  function rateTable(container, rows, kind) {
    if (!rows.length) return nothing(container);
    var sku = kind === "sku";
    var headers = sku ? ["SKU", "Product", "Category"] : ["Category"];
    headers = headers.concat(["Units sold", "Units returned", "Unit rate", "Order rate", "Revenue rate", "Monthly unit rate"]);
    var head = el("tr");
    headers.forEach(function (h) { head.appendChild(el("th", { scope: "col", text: h })); });
    var body = el("tbody");
    rows.slice(0, sku ? TOP_SKUS : rows.length).forEach(function (r) {
      var tr = el("tr", { "data-testid": kind + "-row" });
      tr.appendChild(el("th", { scope: "row", text: sku ? r.key : name("category", r.key) }));
      if (sku) { tr.appendChild(cell(r.label || "")); tr.appendChild(cell(name("category", r.category))); }
      tr.appendChild(cell(r.units_sold));
      tr.appendChild(cell(r.units_returned));
      tr.appendChild(cell(percent(r.unit_rate), kind + "-unit-rate"));
      tr.appendChild(cell(percent(r.order_rate)));
      tr.appendChild(cell(percent(r.revenue_rate)));
      var points = r.trend || [];
      tr.appendChild(el("td", {}, points.length ? charts.sparkline(
        points.map(function (p) { return p.month; }), points.map(function (p) { return p.unit_rate; }),
        "Monthly unit return rate of " + (sku ? r.key : name("category", r.key)),
        points.map(function (p) { return !!p.partial; })) : "—"));
      body.appendChild(tr);
    });
    RD.replace(container, el("table", {}, el("thead", {}, head), body));
  }

  function hours(value) {
    if (value === null || value === undefined) return "—";
    return value >= 48 ? (value / 24).toFixed(1) + " days" : value.toFixed(1) + " h";
  }

  function cycleTimes(container, stages) {
    var measured = stages.filter(function (s) { return s.count > 0; });
    if (!measured.length) return nothing(container);
    var head = el("tr");
    ["Stage", "Returns", "Median (p50)", "p90", "p95"].forEach(function (h) { head.appendChild(el("th", { scope: "col", text: h })); });
    var body = el("tbody");
    var bars = [];
    stages.forEach(function (s) {
      var stage = name("stage", s.stage);
      body.appendChild(el("tr", { "data-testid": "cycle-row" }, el("th", { scope: "row", text: stage }), cell(s.count),
        cell(hours(s.p50_hours)), cell(hours(s.p90_hours)), cell(hours(s.p95_hours))));
      if (s.count > 0) {
        ["p50", "p90", "p95"].forEach(function (p) {
          bars.push({ label: stage + " " + p, value: s[p + "_hours"], text: hours(s[p + "_hours"]) });
        });
      }
    });
    var table = el("table", {}, el("caption", { className: "visually-hidden", text: "Hours per stage" }), el("thead", {}, head), body);
    RD.replace(container, table);
    container.appendChild(charts.barChart(bars, { label: "Cycle time percentiles per stage", labelName: "Stage and percentile", valueName: "Time", testid: "cycle-chart" }));
  }

  function costs(container, summary) {
    var c = summary.costs, currency = summary.currency;
    var parts = [
      ["Return shipping", c.shipping], ["Handling", c.handling],
      ["Loss: resalable", c.loss_by_grade.resalable], ["Loss: refurbishable", c.loss_by_grade.refurbishable],
      ["Loss: unsellable", c.loss_by_grade.unsellable], ["Compensation", c.compensation], ["Coupons", c.coupons],
    ];
    var chart = charts.barChart(parts.map(function (p) {
      return { label: p[0], value: parseFloat(p[1]) || 0, text: p[1] + " " + currency };
    }), { label: "Return cost by kind, total " + c.total + " " + currency, labelName: "Cost", valueName: "Amount", testid: "costs-chart" });
    RD.replace(container, chart);
    container.appendChild(el("p", {}, el("strong", { text: "Total: " }), c.total + " " + currency + ". ",
      el("strong", { text: "Avoided by keep-item offers: " }), c.avoided_by_keep_item + " " + currency + "."));
  }

  RD.analytics = {
    trend: trend, reasons: reasons, reasonTrend: reasonTrend, rateTable: rateTable,
    cycleTimes: cycleTimes, costs: costs, nothing: nothing, tile: tile,
  };
})();
