/* The customer page: history at a glance, from GET /desk/customers/{email or id}. */
(function () {
  "use strict";
  var el = RD.el;
  var root = document.querySelector("[data-customer]");
  var key = root.getAttribute("data-customer");
  var status = root.querySelector('[data-testid="customer-status"]');

  function percent(rate) { return rate === null || rate === undefined ? "no orders yet" : (rate * 100).toFixed(1) + " %"; }
  function fill(name, items, row) {
    var section = root.querySelector('[data-section="' + name + '"]');
    var body = section.querySelector("tbody");
    RD.replace(body, null);
    items.forEach(function (item) { body.appendChild(row(item)); });
    section.hidden = false;
    if (!items.length) body.appendChild(el("tr", null, el("td", { colspan: "5", className: "muted" }, "None.")));
  }

  RD.api("GET", "/desk/customers/" + encodeURIComponent(key)).then(function (result) {
    if (!result.ok) { status.textContent = RD.problemText(result); return; }
    var c = result.body;
    status.textContent = "";
    root.querySelector('[data-testid="customer-name"]').textContent = c.name;
    var facts = root.querySelector("[data-facts]");
    [
      ["Email", c.email], ["Phone", c.phone || "—"], ["Tier", RD.words(c.tier)],
      ["Language", c.language || "not known yet"],
      ["Return rate", percent(c.return_rate)], ["Shop average", percent(c.shop_return_rate)],
      ["Customer since", RD.when(c.since)],
    ].forEach(function (pair) {
      facts.appendChild(el("dt", null, pair[0]));
      facts.appendChild(el("dd", { "data-fact": pair[0] }, pair[1]));
    });
    root.querySelector('[data-section="facts"]').hidden = false;
    fill("returns", c.returns, function (r) {
      return el("tr", null,
        el("td", null, el("a", { href: "/console/returns/" + encodeURIComponent(r.rma_number) }, r.rma_number)),
        el("td", null, el("span", { className: "badge" }, RD.words(r.status))),
        el("td", null, r.order_number), el("td", null, r.items.join(", ")), el("td", null, RD.when(r.created_at)));
    });
    fill("orders", c.orders, function (o) {
      return el("tr", null, el("td", null, o.order_number), el("td", null, RD.when(o.placed_at)),
        el("td", null, RD.money(o.total_minor, o.currency)), el("td", null, String(o.returns)));
    });
    fill("cases", c.cases, function (k) {
      return el("tr", null,
        el("td", null, el("a", { href: "/console/cases/" + encodeURIComponent(k.reference) }, k.reference)),
        el("td", null, RD.words(k.status)), el("td", null, k.summary || RD.words(k.trigger)), el("td", null, RD.when(k.created_at)));
    });
    fill("offers", c.offers, function (o) {
      return el("tr", null, el("td", null, RD.words(o.kind)), el("td", null, RD.words(o.status)),
        el("td", null, RD.money(o.amount_minor, o.currency)), el("td", null, RD.when(o.created_at)));
    });
  });
})();
