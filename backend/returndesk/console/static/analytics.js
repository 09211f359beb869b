/* The analytics page: the filters live in the URL's query string (so a view can be bookmarked or
   sent to a colleague); every change reloads the numbers from the analytics API. */
(function () {
  "use strict";
  var el = RD.el, percent = RD.charts.percent, show = RD.analytics, tile = show.tile;
  var FIELDS = ["from", "to", "category"];
  var form = document.querySelector('[data-form="filters"]');
  var statusLine = document.querySelector('[data-testid="analytics-status"]');
  var emptyNote = document.querySelector('[data-testid="analytics-empty"]');
  var latest = 0; // answers for an older filter arrive late sometimes: only the latest is drawn
  var named = RD.names.load(); // once: every drawing below names codes with them

  function part(name) { return document.querySelector('[data-' + name + ']'); }
  function chart(name) { return document.querySelector('[data-chart="' + name + '"]'); }

  /* The filter as the URL has it, without empty fields. */
  function filterFromUrl() {
    var params = new URLSearchParams(location.search), filter = {};
    FIELDS.forEach(function (name) { var v = (params.get(name) || "").trim(); if (v) filter[name] = v; });
    return filter;
  }

  function filterFromForm() {
    var filter = {};
    FIELDS.forEach(function (name) { var v = form.elements[name].value.trim(); if (v) filter[name] = v; });
    return filter;
  }

  function query(filter, extra, only) {
    var params = new URLSearchParams();
    FIELDS.forEach(function (name) {
      if (filter[name] && (!only || only.indexOf(name) >= 0)) params.set(name, filter[name]);
    });
    Object.keys(extra || {}).forEach(function (k) { params.set(k, extra[k]); });
    var text = params.toString();
    return text ? "?" + text : "";
  }

  function kpis(summary) {
    var r = summary.return_rate, sla = summary.refund_sla, c = summary.costs, cur = summary.currency;
    var list = part("kpis");
    RD.replace(list, null);
    [
      tile("unit-rate", "Return rate (units)", percent(r.units), r.units_returned + " of " + r.units_sold + " units"),
      tile("order-rate", "Return rate (orders)", percent(r.orders), r.orders_with_returns + " of " + r.orders_placed + " orders"),
      tile("revenue-rate", "Return rate (revenue)", percent(r.revenue), r.revenue_returned + " of " + r.revenue_sold + " " + cur),
      tile("refund-sla", "Refunds on time", sla.refunds ? percent(sla.compliance) : "—",
        sla.refunds ? sla.on_time + " of " + sla.refunds + " refunds, " + sla.late + " late, " + sla.open_overdue + " open and overdue"
          : "No refunds in this range"),
      tile("cost", "Return cost", c.total + " " + cur, "shipping, handling, loss, compensation and coupons"),
      tile("avoided", "Avoided by keep-item offers", c.avoided_by_keep_item + " " + cur, "return costs not incurred"),
    ].forEach(function (node) { list.appendChild(node); });
  }

  function exportsFor(filter) {
    var links = [
      ["Return rate by month", "/analytics/return-rates", { by: "month" }],
      ["Return rate by category", "/analytics/return-rates", { by: "category" }],
      ["Return rate by SKU", "/analytics/return-rates", { by: "sku" }],
      ["Reasons", "/analytics/reasons", {}],
      ["Reasons by category", "/analytics/reasons", { by: "category" }],
      ["Findings", "/analytics/insights", {}, ["from", "to"]],
    ];
    var list = part("exports");
    RD.replace(list, null);
    links.forEach(function (link) {
      var extra = Object.assign({}, link[2], { format: "csv" });
      list.appendChild(el("li", {}, el("a", {
        href: "/api/v1" + link[1] + query(filter, extra, link[3]), download: "", "data-testid": "csv-link", text: link[0] + " (CSV)",
      })));
    });
  }

  /* Draws one section from its answer, or says in the section why it could not. */
  function draw(container, answer, render) {
    if (!answer.ok) {
      RD.replace(container, el("p", { className: "error", text: RD.problemText(answer) }));
      return;
    }
    render(container, answer.body);
  }

  function table(kind) { return document.querySelector('[data-table="' + kind + '"]'); }

  function load() {
    var filter = filterFromUrl(), mine = ++latest;
    FIELDS.forEach(function (name) { form.elements[name].value = filter[name] || ""; });
    exportsFor(filter);
    statusLine.textContent = "Loading…";
    return Promise.all([
      RD.api("GET", "/analytics/summary" + query(filter)),
      RD.api("GET", "/analytics/return-rates" + query(filter, { by: "month" })),
      RD.api("GET", "/analytics/return-rates" + query(filter, { by: "category" })),
      RD.api("GET", "/analytics/return-rates" + query(filter, { by: "sku" })),
      RD.api("GET", "/analytics/reasons" + query(filter)),
      RD.api("GET", "/analytics/insights" + query(filter, {}, ["from", "to"])),
      RD.api("GET", "/analytics/conversations" + query(filter, {}, ["from", "to"])),
      named,
    ]).then(function (answers) {
      if (mine !== latest) return;
      // The chats do not depend on the orders: drawn (or their error said) whatever the summary answered.
      var talks = answers[6];
      part("conversations-scope").textContent = talks.ok ? "Chats whose first message came " + talks.body.range.from + " to " +
        talks.body.range.to + (filter.category ? ", in every category: chats are not per category." : " (the category filter does not apply).") : "";
      draw(part("conversations"), talks, RD.renderConversations);
      var summaryAnswer = answers[0];
      statusLine.className = "status-line" + (summaryAnswer.ok ? "" : " error");
      if (!summaryAnswer.ok) {
        // No figures at all rather than the previous filter's under the new one.
        statusLine.textContent = RD.problemText(summaryAnswer);
        RD.replace(part("kpis"), null);
        emptyNote.hidden = true;
        return;
      }
      var summary = summaryAnswer.body;
      // The API fills in the default range; show it in the form (the URL stays as the person left it).
      form.elements.from.value = summary.range.from;
      form.elements.to.value = summary.range.to;
      var none = !summary.return_rate.units_returned;
      emptyNote.hidden = !none;
      kpis(summary);
      if (none) {
        [chart("trend"), chart("reasons"), chart("reason-trend"), chart("costs"), table("category"), table("sku"),
          part("cycle-times")].forEach(show.nothing);
      } else {
        draw(chart("trend"), answers[1], function (c, body) { show.trend(c, body.rows); });
        draw(chart("reasons"), answers[4], show.reasons);
        draw(chart("reason-trend"), answers[4], show.reasonTrend);
        draw(table("category"), answers[2], function (c, body) { show.rateTable(c, body.rows, "category"); });
        draw(table("sku"), answers[3], function (c, body) { show.rateTable(c, body.rows, "sku"); });
        show.cycleTimes(part("cycle-times"), summary.cycle_times);
        show.costs(chart("costs"), summary);
      }
      part("findings-scope").textContent = filter.category
        ? "Findings look at every category in " + summary.range.from + " to " + summary.range.to + "." : "";
      draw(part("findings"), answers[5], function (c, body) { RD.renderFindings(c, body.findings); });
      statusLine.textContent = "Orders placed " + summary.range.from + " to " + summary.range.to +
        (filter.category ? ", category " + RD.names.name("category", filter.category) : ", all categories") + ".";
    });
  }

  function apply(event) {
    if (event) event.preventDefault();
    var target = location.pathname + query(filterFromForm());
    if (target !== location.pathname + location.search) history.pushState(null, "", target);
    load();
  }

  form.addEventListener("submit", apply);
  form.elements.category.addEventListener("change", apply);
  window.addEventListener("popstate", load);
  load();
})();
