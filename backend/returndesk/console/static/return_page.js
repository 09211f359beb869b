/* The return page: the record from GET /desk/returns/{rma}, drawn section by section. The action
   forms (return_actions.js) are shown from its `actions`, and reload it after each step. */
(function () {
  "use strict";
  var el = RD.el;
  var root = document.querySelector("[data-rma]");
  var rma = root.getAttribute("data-rma");
  var status = root.querySelector('[data-testid="return-load-status"]');
  var listeners = [];

  function section(name) { return root.querySelector('[data-section="' + name + '"]'); }
  function rows(selector, items, row, empty) {
    var body = root.querySelector(selector + " tbody");
    RD.replace(body, null);
    items.forEach(function (item) { body.appendChild(row(item)); });
    if (!items.length) body.appendChild(el("tr", null, el("td", { colspan: "6", className: "muted" }, empty)));
  }
  function facts(container, pairs) {
    RD.replace(container, null);
    pairs.forEach(function (pair) {
      container.appendChild(el("div", null, el("dt", null, pair[0]), el("dd", { "data-fact": pair[0] }, pair[1])));
    });
  }

  function draw(r) {
    root.querySelector('[data-testid="return-number"]').textContent = r.rma_number;
    root.querySelector('[data-testid="return-status"]').textContent = RD.words(r.status);
    var customer = el("a", { href: "/console/customers/" + encodeURIComponent(r.customer.email), "data-testid": "return-customer" },
      r.customer.name + " <" + r.customer.email + ">");
    facts(root.querySelector("[data-facts]"), [
      ["Customer", customer], ["Order", r.order.number], ["Language", r.language],
      ["Opened", RD.when(r.created_at)], ["Channel", RD.words(r.channel)],
      ["Refund estimate", RD.money(r.refund_estimate_minor, r.currency)],
      ["Wants", RD.words(r.preferred_resolution) || "a refund"],
    ]);
    var authority = r.authority.refund_room === null ? "You have no refund limit." :
      "You may still refund " + r.authority.refund_room + " on this order; more goes to an approver.";
    root.querySelector('[data-testid="return-authority"]').textContent = authority;

    rows('[data-testid="return-lines"]', r.lines, function (line) {
      return el("tr", null, el("td", null, String(line.line_no)), el("td", null, line.name + " (" + line.sku + ")"),
        el("td", null, String(line.quantity)), el("td", null, RD.words(line.reason)),
        el("td", null, RD.money(line.paid_minor, r.currency)), el("td", null, RD.money(line.refunded_minor, r.currency)));
    }, "No lines.");
    var explanations = ((r.decision || {}).explanations || []).map(function (e) { return e.text || e; }).join(" ");
    root.querySelector("[data-decision]").textContent = explanations ? "Policy: " + explanations : "";
    if (r.qc_mismatch) root.querySelector("[data-decision]").appendChild(el("strong", { className: "error" }, " QC: " + r.qc_mismatch));

    var qc = root.querySelector("[data-qc]");
    RD.replace(qc, null);
    if (r.receipt) qc.appendChild(el("p", null, "Received by " + r.receipt.received_by + " on " + RD.when(r.receipt.at) + (r.receipt.partial ? " (partly)" : "") + "."));
    r.inspections.forEach(function (q) {
      var checks = Object.keys(q.checklist || {}).map(function (k) { return RD.words(k) + ": " + (q.checklist[k] ? "yes" : "no"); });
      qc.appendChild(el("p", { "data-testid": "qc-line-" + q.line_no },
        el("strong", null, "Line " + q.line_no + ": " + RD.words(q.grade) + " → " + RD.words(q.disposition)),
        " " + [checks.join(", "), q.notes, q.mismatch].filter(Boolean).join(" · ") + " (" + q.inspected_by + ")"));
    });
    if (!qc.firstChild) qc.appendChild(el("p", { className: "muted" }, "Not at the warehouse yet."));
    var thumbs = root.querySelector("[data-evidence]");
    RD.replace(thumbs, null);
    r.evidence.forEach(function (e) {
      thumbs.appendChild(el("a", { href: e.file_url, target: "_blank", rel: "noopener" },
        el("img", { src: e.thumbnail_url, alt: "Evidence " + e.id, loading: "lazy" })));
    });
    if (!r.evidence.length) thumbs.appendChild(el("p", { className: "muted" }, "No photos or videos."));

    rows('[data-testid="return-ledger"]', r.ledger, function (e) {
      return el("tr", null, el("td", null, RD.when(e.at)), el("td", null, RD.words(e.kind)),
        el("td", null, RD.money(e.amount_minor, e.currency)), el("td", null, e.actor + " (" + RD.words(e.role) + ")"));
    }, "No money moved yet.");
    rows('[data-testid="return-payments"]', r.payments, function (p) {
      return el("tr", null, el("td", null, "#" + p.id), el("td", null, RD.words(p.purpose)),
        el("td", null, RD.money(p.amount_minor, p.currency)), el("td", null, RD.words(p.status) + (p.last_error ? ": " + p.last_error : "")));
    }, "No payments.");
    root.querySelector("[data-approvals]").textContent = r.approvals.length ?
      "Waiting for approval: " + r.approvals.map(function (a) { return RD.words(a.kind) + " " + RD.money(a.amount_minor, a.currency); }).join(", ") + "." : "";

    var x = r.exchange;
    root.querySelector("[data-exchange]").textContent = x ?
      "Exchanged " + x.quantity + " × " + x.original_sku + " for " + x.replacement_sku + " (order " + x.replacement_order + ")" +
      (x.difference_minor ? ", difference " + RD.money(x.difference_minor, x.currency) : "") + "." : "No exchange.";
    var label = root.querySelector("[data-label]");
    RD.replace(label, r.label_url ? el("a", { href: r.label_url, target: "_blank", rel: "noopener" }, "Open the return label (PDF)") :
      el("span", { className: "muted" }, "No label to send back now."));
    var cases = root.querySelector("[data-cases]");
    RD.replace(cases, null);
    r.cases.forEach(function (c) {
      cases.appendChild(el("li", null, el("a", { href: "/console/cases/" + encodeURIComponent(c.reference) }, c.reference), " " + RD.words(c.status)));
    });

    var timeline = root.querySelector("[data-timeline]");
    RD.replace(timeline, null);
    r.timeline.forEach(function (t) {
      timeline.appendChild(el("li", null, el("time", { datetime: t.at }, RD.when(t.at)), t.description, el("span", { className: "muted small" }, " — " + t.actor)));
    });
    ["head", "actions", "lines", "qc", "money", "exchange", "timeline"].forEach(function (name) { section(name).hidden = false; });
  }

  function load() {
    return RD.api("GET", "/desk/returns/" + encodeURIComponent(rma)).then(function (result) {
      if (!result.ok) { status.textContent = RD.problemText(result); return; }
      status.textContent = "";
      current.data = result.body;
      draw(result.body);
      listeners.forEach(function (listener) { listener(result.body); });
    });
  }

  var current = { rma: rma, data: null, reload: load, onLoad: function (listener) { listeners.push(listener); } };
  RD.currentReturn = current;
  load();
})();
