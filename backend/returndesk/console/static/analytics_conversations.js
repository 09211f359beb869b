/* The analytics page's conversations: how the assistant's chats went (GET /analytics/conversations).
   A chat belongs to the day of its first customer message; the category filter does not apply. */
(function () {
  "use strict";
  var el = RD.el, charts = RD.charts, percent = charts.percent, tile = RD.analytics.tile;
  var SCORES = ["1", "2", "3", "4", "5"];

  /* Turns and ratings as the API sends them, without trailing zeros (2.5, 3, 4.25); null is "—". */
  function number(value) { return value === null || value === undefined ? "—" : String(value); }

  function tiles(m) {
    var turns = m.turns_to_rma, rating = m.satisfaction;
    var list = el("ul", { className: "kpis", "data-testid": "conversation-kpis" });
    [
      tile("conversations", "Conversations", String(m.conversations), "first customer message in the range"),
      tile("containment", "Contained", percent(m.containment), "an RMA with no person involved"),
      tile("handoff", "Handed to a person", percent(m.handoff_rate), "a case opened or an agent took over"),
      tile("fallback", "Fallback turns", percent(m.fallback_rate), "customer turns the assistant did not understand"),
      tile("turns-to-rma", "Turns to an RMA (p50 / p90)", turns.count ? number(turns.p50) + " / " + number(turns.p90) : "—",
        turns.count ? "customer turns, over " + turns.count + " RMAs" : "No RMA issued in the chat"),
      tile("rating", "Average rating", rating.responses ? number(rating.average) + " / 5" : "—",
        rating.responses ? rating.responses + (rating.responses === 1 ? " response" : " responses") : "No ratings given"),
    ].forEach(function (node) { list.appendChild(node); });
    return list;
  }

  function ratings(satisfaction) {
    if (!satisfaction.responses) return el("p", { className: "muted", text: "No ratings in this range." });
    return charts.barChart(SCORES.map(function (score) {
      var n = satisfaction.distribution[score] || 0;
      return { label: score + (score === "1" ? " star" : " stars"), value: n, text: String(n) };
    }), { label: "Chat ratings, " + satisfaction.responses + " responses", labelName: "Rating", valueName: "Responses", testid: "rating-chart" });
  }

  function abandonment(steps) {
    if (!steps.length) return el("p", { className: "muted", text: "No return was left unfinished in the chat." });
    var body = el("tbody");
    steps.forEach(function (s) {
      body.appendChild(el("tr", { "data-testid": "abandonment-row" },
        el("th", { scope: "row", text: RD.names.name("step", s.step) }), el("td", { text: String(s.conversations) })));
    });
    var head = el("tr", {}, el("th", { scope: "col", text: "Last question asked" }), el("th", { scope: "col", text: "Conversations" }));
    return el("table", {}, el("thead", {}, head), body);
  }

  /* The same figures as a spreadsheet: the API's CSV for the range the answer was computed for. */
  function csvLink(range) {
    var params = new URLSearchParams({ from: range.from, to: range.to, format: "csv" });
    return el("ul", { className: "exports" }, el("li", {}, el("a", {
      href: "/api/v1/analytics/conversations?" + params.toString(), download: "", "data-testid": "conversations-csv-link",
      text: "Conversation metrics (CSV)",
    })));
  }

  /* Replaces the container's content with the tiles, the rating chart, where returns stopped and the CSV link. */
  function renderConversations(container, metrics) {
    if (!metrics.conversations) {
      RD.replace(container, el("p", { className: "muted", "data-testid": "conversations-empty", text: "No conversations in this range." }));
      return;
    }
    RD.replace(container, tiles(metrics));
    container.appendChild(el("div", { className: "analytics-grid" },
      el("div", {}, el("h3", { text: "Ratings (1–5)" }), ratings(metrics.satisfaction)),
      el("div", { "data-testid": "abandonment" },
        el("h3", { text: "Returns started but not finished" }), abandonment(metrics.abandonment))));
    container.appendChild(csvLink(metrics.range));
  }

  RD.renderConversations = renderConversations;
})();
