/* Opening a return for a customer who phoned or emailed: order and identity, then the returnable
   items, then the policy's decision exactly as the service gives it (the same path as the bot). */
(function () {
  "use strict";
  var el = RD.el;
  var find = document.querySelector('[data-form="find-order"]');
  var create = document.querySelector('[data-form="new-return"]');
  var result = document.querySelector("[data-result]");
  var order = null;
  var idempotencyKey = RD.uuid();

  // The policy's questions (e.g. "still sealed?"), asked as the bot asks them; unasked ones are left out.
  RD.api("GET", "/policy").then(function (answer) {
    var box = create.querySelector("[data-questions]");
    ((answer.ok && answer.body.conditions) || []).forEach(function (condition) {
      var name = "answer-" + condition.id;
      var set = el("fieldset", {}, el("legend", {}, condition.question));
      [["", "Not asked"], ["yes", "Yes"], ["no", "No"]].forEach(function (choice) {
        set.appendChild(el("label", {}, el("input", { type: "radio", name: name, value: choice[0], checked: choice[0] === "" }), choice[1]));
      });
      box.appendChild(set);
    });
  });

  function answers(data) {
    var given = {};
    Object.keys(data).forEach(function (key) {
      if (key.indexOf("answer-") === 0 && data[key]) given[key.slice(7)] = data[key] === "yes";
    });
    return given;
  }

  function identity(data) {
    return data.contact_kind === "phone" ? { customer_phone: data.contact } : { customer_email: data.contact };
  }

  find.addEventListener("submit", function (event) {
    event.preventDefault();
    var answer = find.querySelector(".answer");
    var data = RD.formData(find);
    RD.setAnswer(answer, "Looking up the order…", "");
    create.hidden = true;
    result.hidden = true;
    RD.api("GET", "/staff/orders/" + encodeURIComponent(data.order_number) + "/returnable-items").then(function (found) {
      if (!found.ok) { RD.setAnswer(answer, RD.problemText(found), "bad"); return; }
      // The customer's language: the policy's explanations, the emails and the label speak it.
      order = { number: data.order_number, identity: identity(data), channel: data.channel, locale: data.locale,
        body: found.body };
      var box = create.querySelector("[data-items]");
      RD.replace(box, null);
      (found.body.items || []).forEach(function (item) {
        var id = "line-" + item.line_no;
        var why = item.eligible ? "returnable until " + (item.window_end || "—") :
          (item.explanations || []).map(function (e) { return e.text; }).join(" ") || "not returnable";
        box.appendChild(el("div", { className: "item-row" },
          el("label", { for: id }, el("input", { type: "checkbox", id: id, name: "line", value: String(item.line_no),
            disabled: !item.eligible || !item.returnable_quantity }),
            item.name + " (" + item.sku + "), " + RD.money(item.unit_price_minor, found.body.currency)),
          el("label", { for: id + "-qty", className: "visually-hidden" }, "Quantity of " + item.name),
          el("input", { type: "number", id: id + "-qty", name: "qty-" + item.line_no, min: "1",
            max: String(item.returnable_quantity || 1), value: "1", disabled: !item.eligible || !item.returnable_quantity }),
          el("span", { className: "small muted" }, why)));
      });
      RD.setAnswer(answer, "Order " + data.order_number + " found. Choose what comes back.", "ok");
      create.hidden = false;
      idempotencyKey = RD.uuid();
    });
  });

  function showDecision(rma) {
    var decision = rma.decision || {};
    var box = result.querySelector("[data-decision]");
    var list = el("ul");
    (decision.explanations || []).forEach(function (e) { list.appendChild(el("li", {}, e.text || String(e))); });
    RD.replace(box, el("div", {},
      el("p", { "data-testid": "new-return-rma" }, el("strong", {}, "RMA " + rma.rma_number), " — " + RD.words(rma.status)),
      el("p", {}, "Outcome: " + RD.words(decision.outcome) + ((decision.rule_ids || []).length ? " (rules: " + decision.rule_ids.join(", ") + ")" : "")),
      list,
      rma.refund_estimate_minor ? el("p", {}, "Refund estimate: " + RD.money(rma.refund_estimate_minor, rma.currency)) : null));
    result.hidden = false;
    result.focus();
  }

  // A changed form is another return; an unchanged second click replays the first answer.
  create.addEventListener("change", function () { idempotencyKey = RD.uuid(); });

  create.addEventListener("submit", function (event) {
    event.preventDefault();
    var answer = create.querySelector(".answer");
    var data = RD.formData(create);
    var lines = Array.prototype.map.call(create.querySelectorAll("input[name=line]:checked"), function (box) {
      var qty = parseInt(create.querySelector("[name=qty-" + box.value + "]").value, 10) || 1;
      return { line_no: parseInt(box.value, 10), quantity: qty, reason: data.reason };
    });
    if (!lines.length) { RD.setAnswer(answer, "Tick at least one item that comes back.", "bad"); return; }
    var body = Object.assign({ order_number: order.number, channel: order.channel, locale: order.locale, lines: lines,
      reason: data.reason, resolution: data.resolution, answers: answers(data) }, order.identity);
    if (data.note) body.note = data.note;
    create.querySelector("button").disabled = true;
    RD.setAnswer(answer, "Asking the policy…", "");
    RD.api("POST", "/staff/returns", body, { "Idempotency-Key": idempotencyKey }).then(function (answered) {
      create.querySelector("button").disabled = false;
      // A refusal is final for this body: the corrected form is a new request with a new key.
      if (!answered.ok && answered.status !== 0) idempotencyKey = RD.uuid();
      if (!answered.ok) { RD.setAnswer(answer, RD.problemText(answered), "bad"); return; }
      RD.setAnswer(answer, "Done: the return and the policy's decision are below.", "ok");
      showDecision(answered.body);
    });
  });
})();
