/* The queue page: waiting cases and the user's own, by priority then age, refreshed every few
   seconds; the SLA countdown ticks between refreshes. */
(function () {
  "use strict";
  var el = RD.el;
  var REFRESH_MS = 4000;
  var status = document.querySelector('[data-testid="queue-status"]');

  function listOf(body) {
    if (Array.isArray(body)) return body;
    return (body && (body.cases || body.items)) || [];
  }

  function assigneeName(item) {
    var who = item.assignee || item.assigned_to;
    if (!who) return "—";
    return typeof who === "string" ? who : who.display_name || who.username || "—";
  }

  function dueCell(item) {
    var left = RD.countdown(item.due_at);
    return el("td", {}, el("span", {
      className: "badge" + (left.overdue ? " overdue" : ""), "data-due": item.due_at || "", "data-testid": "case-due",
    }, left.text));
  }

  function caseRow(item) {
    var ref = item.reference;
    return el("tr", { "data-testid": "case-row", "data-reference": ref },
      el("td", {}, el("a", { href: "/console/cases/" + encodeURIComponent(ref), "data-testid": "case-link" }, ref)),
      el("td", {}, el("span", { className: "badge " + (item.priority || "") }, item.priority || "normal")),
      el("td", {}, item.position ? String(item.position) : "—"),
      dueCell(item),
      el("td", {}, RD.words(item.status) + (item.mode === "email" ? " (email)" : "")),
      el("td", {}, assigneeName(item)),
      el("td", {}, [item.customer_name, item.order_number].filter(Boolean).join(", ") || "—"),
      el("td", { className: "small" }, item.summary || "")
    );
  }

  function caseTable(items, emptyText) {
    if (!items.length) return el("p", { className: "muted" }, emptyText);
    var head = el("tr");
    ["Case", "Priority", "Position", "SLA", "Status", "Assignee", "Customer", "Summary"].forEach(function (title) {
      head.appendChild(el("th", { scope: "col" }, title));
    });
    var body = el("tbody");
    items.forEach(function (item) { body.appendChild(caseRow(item)); });
    return el("table", {}, el("thead", {}, head), body);
  }

  function loadView(view, emptyText) {
    var box = document.querySelector('[data-cases="' + view + '"]');
    return RD.api("GET", "/cases?view=" + view).then(function (answer) {
      if (!answer.ok) { RD.replace(box, el("p", { className: "error" }, RD.problemText(answer))); return; }
      RD.replace(box, caseTable(listOf(answer.body), emptyText));
    });
  }

  function refresh() {
    return Promise.all([
      loadView("mine", "You have no cases right now."),
      loadView("queue", "Nobody is waiting."),
      RD.approvals.load(document.querySelector('[data-approvals="decide"]'), { onlyDecidable: true }),
    ]).then(function () {
      status.textContent = "Updated " + new Date().toLocaleTimeString() + "; refreshes every few seconds.";
    });
  }

  // Between refreshes the countdowns move on by themselves.
  setInterval(function () {
    document.querySelectorAll("[data-due]").forEach(function (badge) {
      if (!badge.getAttribute("data-due")) return;
      var left = RD.countdown(badge.getAttribute("data-due"));
      badge.textContent = left.text;
      badge.className = "badge" + (left.overdue ? " overdue" : "");
    });
  }, 1000);

  RD.every(REFRESH_MS, refresh);
})();
