/* The search page: one query, a page of returns, orders and customers each, linked to their pages. */
(function () {
  "use strict";
  var el = RD.el;
  var form = document.querySelector('[data-form="search"]');
  var input = form.querySelector("[name=q]");
  var status = document.querySelector('[data-testid="search-status"]');
  var pages = { returns: 1, orders: 1, customers: 1 };

  function link(href, text) { return el("a", { href: href }, text); }
  function customerLink(email, text) { return link("/console/customers/" + encodeURIComponent(email), text || email); }
  function returnLink(rma) { return link("/console/returns/" + encodeURIComponent(rma), rma); }

  var rows = {
    returns: function (r) {
      return el("tr", { "data-rma": r.rma_number },
        el("td", null, returnLink(r.rma_number)),
        el("td", null, el("span", { className: "badge" }, RD.words(r.status))),
        el("td", null, r.order_number),
        el("td", null, customerLink(r.customer_email, r.customer_name + " <" + r.customer_email + ">")),
        el("td", null, RD.when(r.created_at)),
        el("td", null, RD.money(r.refund_estimate_minor, r.currency)));
    },
    orders: function (o) {
      return el("tr", null,
        el("td", null, o.order_number),
        el("td", null, RD.words(o.status)),
        el("td", null, customerLink(o.customer_email, o.customer_name)),
        el("td", null, RD.when(o.placed_at)),
        el("td", null, RD.money(o.total_minor, o.currency)),
        el("td", null, String(o.returns)));
    },
    customers: function (c) {
      return el("tr", null,
        el("td", null, customerLink(c.email, c.name)),
        el("td", null, c.email),
        el("td", null, c.phone || ""),
        el("td", null, RD.words(c.tier)));
    },
  };

  function show(kind, found, append) {
    var section = document.querySelector('[data-results="' + kind + '"]');
    var body = section.querySelector("tbody");
    if (!append) RD.replace(body, null);
    found.items.forEach(function (item) { body.appendChild(rows[kind](item)); });
    section.hidden = body.children.length === 0;
    section.querySelector("[data-more]").hidden = !found.has_more;
  }

  function search(kind) {
    var q = input.value.trim();
    if (q.length < 2) { status.textContent = "Type at least two characters."; return; }
    var page = kind ? pages[kind] : 1;
    status.textContent = "Searching…";
    RD.api("GET", "/desk/search?q=" + encodeURIComponent(q) + "&page=" + page).then(function (result) {
      if (!result.ok) { status.textContent = RD.problemText(result); return; }
      var body = result.body;
      (kind ? [kind] : ["returns", "orders", "customers"]).forEach(function (k) { show(k, body[k], Boolean(kind)); });
      var total = body.returns.items.length + body.orders.items.length + body.customers.items.length;
      status.textContent = kind ? "" : total ? "Results for “" + body.query + "”." : "Nothing found for “" + body.query + "”.";
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    pages = { returns: 1, orders: 1, customers: 1 };
    history.replaceState(null, "", "/console/search?q=" + encodeURIComponent(input.value.trim()));
    search(null);
  });
  document.querySelectorAll("[data-more]").forEach(function (button) {
    button.addEventListener("click", function () {
      var kind = button.closest("[data-results]").getAttribute("data-results");
      pages[kind] += 1;
      search(kind);
    });
  });
  if (input.value.trim()) search(null); else input.focus();
})();
