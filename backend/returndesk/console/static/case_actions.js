/* The action forms on the case page. Each shows the service's own answer: booked, sent for
   approval (202), or the refusal sentence. Authority is the service's to check, not this page's. */
(function () {
  "use strict";
  var el = RD.el;
  var money = document.querySelector('[data-form="money"]');
  var decision = document.querySelector('[data-form="return-decision"]');
  var note = document.querySelector('[data-form="note"]');

  function caseData() { return RD.currentCase.data || {}; }
  function details() { return caseData().details || caseData(); }
  function items() { return details().items || []; }
  function currency() { return (details().order || {}).currency || caseData().currency || "EUR"; }
  function orderNumber() { return (details().order || {}).number || caseData().order_number; }
  function rmaNumber() { return (details().rma || {}).number || caseData().rma_number || null; }

  function busy(form, on) { form.querySelectorAll("button").forEach(function (b) { b.disabled = on; }); }

  if (money) {
    var lineSelect = money.querySelector("[name=line_no]");
    var amount = money.querySelector("[name=amount]");
    // One key per intended movement: a retry after a lost answer reuses it, so money never moves twice.
    var idempotencyKey = RD.uuid();

    var fillLines = function () {
      var chosen = lineSelect.value;
      var current = Array.prototype.map.call(lineSelect.options, function (o) { return o.value; }).join(",");
      var wanted = items().map(function (i) { return String(i.line_no); }).join(",");
      if (current === wanted) return;
      RD.replace(lineSelect, null);
      items().forEach(function (item) {
        var total = item.unit_price_minor * (item.quantity || 1);
        lineSelect.appendChild(el("option", { value: String(item.line_no), "data-full": String(total) },
          "Line " + item.line_no + ": " + item.name + " — " + RD.money(total, currency())));
      });
      if (chosen) lineSelect.value = chosen;
      money.querySelectorAll("[data-currency]").forEach(function (n) { n.textContent = currency(); });
    };
    RD.currentCase.onLoad(fillLines);

    money.addEventListener("change", function (event) {
      if (event.target.name === "amount_mode") {
        amount.disabled = event.target.value !== "partial";
        amount.required = !amount.disabled;
        if (!amount.disabled) amount.focus();
      }
      if (event.target.name !== "note") idempotencyKey = RD.uuid();
    });
    amount.addEventListener("input", function () { idempotencyKey = RD.uuid(); });

    money.addEventListener("submit", function (event) {
      event.preventDefault();
      var answer = money.querySelector(".answer");
      var data = RD.formData(money);
      var option = lineSelect.selectedOptions[0];
      if (!option) { RD.setAnswer(answer, "This case has no order lines to book against.", "bad"); return; }
      var minor = data.amount_mode === "partial" ? RD.toMinor(data.amount) : parseInt(option.getAttribute("data-full"), 10);
      if (!minor) { RD.setAnswer(answer, "Enter the amount as a number like 12.50.", "bad"); amount.focus(); return; }
      var body = {
        kind: data.kind, order_number: orderNumber(), line_no: parseInt(data.line_no, 10), amount_minor: minor,
        currency: currency(), escalation_reference: RD.currentCase.reference,
      };
      if (rmaNumber()) body.rma_number = rmaNumber();
      if (data.note) body.note = data.note;
      busy(money, true);
      RD.setAnswer(answer, "Booking…", "");
      RD.api("POST", "/ledger/entries", body, { "Idempotency-Key": idempotencyKey }).then(function (result) {
        busy(money, false);
        if (result.status !== 0) idempotencyKey = RD.uuid();
        var what = RD.words(body.kind) + " of " + RD.money(minor, body.currency);
        if (result.status === 201 || result.status === 200) {
          RD.setAnswer(answer, "Booked: " + what + " on line " + body.line_no + ".", "ok");
        } else if (result.status === 202) {
          var role = RD.words((result.body && (result.body.required_role || result.body.role_required)) || "supervisor");
          var why = (result.body && result.body.reason_refused) || "";
          if (why) why = " Why: " + why.replace(/\.$/, "") + ".";
          RD.setAnswer(answer, "Sent for approval to a " + role + ": " + what + "." + why, "pending");
        } else {
          RD.setAnswer(answer, RD.problemText(result), "bad");
        }
        RD.currentCase.reload();
      });
    });
  }

  if (decision) {
    // Only a return waiting for review can be decided here; otherwise the form says where it stands.
    RD.currentCase.onLoad(function () {
      var rma = details().rma;
      var waiting = rma && rma.status === "pending_review";
      decision.querySelector("[data-decision-fields]").hidden = !waiting;
      decision.querySelector('[data-testid="return-decision-note"]').textContent = !rma ? "No return on this case yet." :
        "Return " + rma.number + " is " + RD.words(rma.status) + (waiting ? " and waits for your decision." : ".");
    });
    decision.addEventListener("submit", function (event) {
      event.preventDefault();
      var answer = decision.querySelector(".answer");
      var data = RD.formData(decision);
      busy(decision, true);
      RD.api("POST", RD.currentCase.base + "/return-decision", { decision: data.decision, note: data.note }).then(function (result) {
        busy(decision, false);
        var done = "The return is " + (data.decision === "approve" ? "approved" : "rejected") + "; the customer has been told.";
        if (result.ok && result.body && result.body.notice) done = result.body.notice;
        var notice = result.ok && result.body && result.body.notice;
        RD.setAnswer(answer, result.ok ? done : RD.problemText(result), notice ? "pending" : result.ok ? "ok" : "bad");
        RD.currentCase.reload();
      });
    });
  }

  note.addEventListener("submit", function (event) {
    event.preventDefault();
    var answer = note.querySelector(".answer");
    var data = RD.formData(note);
    if (!data.text) { RD.setAnswer(answer, "Write the note first.", "bad"); return; }
    // An exchange is recorded on the case (checked against the exchange authority), not yet booked.
    busy(note, true);
    RD.api("POST", RD.currentCase.base + "/notes", { text: data.text, action: data.kind }).then(function (result) {
      busy(note, false);
      if (result.ok) note.querySelector("textarea").value = "";
      RD.setAnswer(answer, result.ok ? "Added to the case." : RD.problemText(result), result.ok ? "ok" : "bad");
      RD.currentCase.reload();
    });
  });
})();
