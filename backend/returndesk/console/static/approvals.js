/* Approval requests as a list with decide buttons; used by the queue and the approvals page.
   Rows are kept by id across refreshes, so a note being typed is not wiped by the next poll. */
(function () {
  "use strict";
  var el = RD.el;

  function listOf(body) {
    if (Array.isArray(body)) return body;
    return (body && (body.approvals || body.items || body.requests)) || [];
  }

  function person(who) {
    if (!who) return "—";
    return typeof who === "string" ? who : who.display_name || who.username || "—";
  }

  function decide(item, verdict, row) {
    var answer = row.querySelector(".answer");
    var note = row.querySelector("input[name=note]").value.trim();
    row.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
    RD.setAnswer(answer, verdict === "approve" ? "Approving…" : "Rejecting…", "");
    return RD.api("POST", "/approvals/" + encodeURIComponent(item.id) + "/" + verdict, { note: note }).then(function (result) {
      if (result.ok) {
        var booked = verdict === "approve" ? "Approved; the " + RD.words(item.kind) + " is booked." : "Rejected.";
        RD.setAnswer(answer, booked, "ok");
        row.setAttribute("data-decided", verdict);
      } else {
        RD.setAnswer(answer, RD.problemText(result), "bad");
        row.querySelectorAll("button").forEach(function (b) { b.disabled = false; });
      }
    });
  }

  function row(item) {
    var caseRef = item.escalation_reference || item.case_reference || (item.case && item.case.reference);
    var kind = RD.words(item.kind);
    var what = kind.charAt(0).toUpperCase() + kind.slice(1) + " of " + RD.money(item.amount_minor, item.currency);
    var line = [item.item_name, item.order_number ? "order " + item.order_number : "", item.line_no ? "line " + item.line_no : ""]
      .filter(Boolean).join(", ");
    var node = el("tr", { "data-testid": "approval-row", "data-approval": String(item.id), "data-status": item.status || "" },
      el("td", {}, el("strong", {}, what), el("br"), el("span", { className: "small muted" }, line),
        caseRef ? el("div", {}, el("a", { href: "/console/cases/" + encodeURIComponent(caseRef) }, "Case " + caseRef)) : null),
      el("td", {}, person(item.requested_by), el("br"), el("span", { className: "small muted" }, RD.when(item.created_at))),
      el("td", { className: "small" }, item.reason_refused || "", item.note ? el("div", {}, "Note: " + item.note) : null)
    );
    var decideCell = el("td");
    if (item.status && item.status !== "pending") {
      var by = item.decided_by ? " by " + person(item.decided_by) : "";
      decideCell.appendChild(el("strong", { "data-testid": "approval-status" }, RD.words(item.status) + by));
      if (item.decision_note) decideCell.appendChild(el("div", { className: "small" }, item.decision_note));
    } else if (item.can_decide) {
      var id = "approval-note-" + item.id;
      decideCell.appendChild(el("label", { for: id, className: "small" }, "Note"));
      decideCell.appendChild(el("input", { id: id, name: "note", maxlength: "1000" }));
      decideCell.appendChild(el("button", { type: "button", className: "primary", "data-testid": "approve",
        onclick: function () { decide(item, "approve", node); } }, "Approve"));
      decideCell.appendChild(document.createTextNode(" "));
      decideCell.appendChild(el("button", { type: "button", "data-testid": "reject",
        onclick: function () { decide(item, "reject", node); } }, "Reject"));
    } else {
      var needs = item.required_role ? "Waiting for a " + RD.words(item.required_role) + " or above." : "Waiting for someone else.";
      decideCell.appendChild(el("span", { className: "small muted" }, needs));
    }
    decideCell.appendChild(el("p", { className: "answer", role: "status", "aria-live": "polite", "data-testid": "approval-answer" }));
    node.appendChild(decideCell);
    return node;
  }

  function table() {
    var head = el("tr");
    ["Request", "Asked by", "Why it needs approval", "Decision"].forEach(function (title) {
      head.appendChild(el("th", { scope: "col" }, title));
    });
    return el("table", {}, el("thead", {}, head), el("tbody"));
  }

  /* Fills `box` with approval requests (pending ones unless `query` says otherwise; only decidable
     ones if asked); keeps rows already shown unless their status changed. */
  function load(box, options) {
    options = options || {};
    return RD.api("GET", "/approvals?" + (options.query || "status=pending")).then(function (answer) {
      if (!answer.ok) { RD.replace(box, el("p", { className: "error" }, RD.problemText(answer))); return; }
      var items = listOf(answer.body).filter(function (item) { return !options.onlyDecidable || item.can_decide; });
      var tbody = box.querySelector("tbody");
      if (!tbody) { RD.replace(box, table()); tbody = box.querySelector("tbody"); }
      var wanted = {};
      items.forEach(function (item) { wanted[String(item.id)] = item; });
      tbody.querySelectorAll("tr[data-approval]").forEach(function (existing) {
        if (wanted[existing.getAttribute("data-approval")]) return;
        // A row just decided here stays one more refresh, so its answer can be read.
        if (existing.hasAttribute("data-decided") && !existing.hasAttribute("data-seen")) {
          existing.setAttribute("data-seen", "");
          return;
        }
        existing.remove();
      });
      items.forEach(function (item) {
        var shown = tbody.querySelector('tr[data-approval="' + String(item.id) + '"]');
        if (!shown) tbody.appendChild(row(item));
        else if (shown.getAttribute("data-status") !== (item.status || "") && !shown.hasAttribute("data-decided")) {
          tbody.replaceChild(row(item), shown);
        }
      });
      var empty = box.querySelector(".empty");
      if (!tbody.children.length && !empty) {
        box.appendChild(el("p", { className: "muted empty" }, options.emptyText || "Nothing is waiting for a decision."));
      }
      if (tbody.children.length && empty) empty.remove();
    });
  }

  RD.approvals = { load: load };
})();
