/* The action forms on the return page. Each calls the endpoint the API has for it (refund, ledger,
   exchange, case decision, close; the desk's cancel and label) and shows the service's own answer:
   done, sent for approval (202), or the refusal sentence. The record's `actions` says which to
   offer; the service checks the authority again either way. */
(function () {
  "use strict";
  var el = RD.el;
  var page = RD.currentReturn;
  var root = document.querySelector("[data-rma]");
  var forms = {};
  root.querySelectorAll("form[data-action]").forEach(function (form) { forms[form.getAttribute("data-action")] = form; });
  // One key per intended movement: a retry after a lost answer reuses it, so money never moves twice.
  var keys = {};
  function keyFor(name) { return keys[name] || (keys[name] = RD.uuid()); }

  function data() { return page.data; }
  function path() { return "/returns/" + encodeURIComponent(data().rma_number); }
  function answerOf(form) { return form.querySelector(".answer"); }
  function busy(form, on) { form.querySelectorAll("button").forEach(function (b) { b.disabled = on; }); }

  function approvalText(body, what) {
    var role = RD.words((body && (body.required_role || body.role_required)) || "supervisor");
    var why = (body && body.reason_refused) || "";
    return "Sent for approval to a " + role + ": " + what + "." + (why ? " Why: " + why.replace(/\.$/, "") + "." : "");
  }

  /* Run one step; `done` turns a 2xx body into the sentence shown. Reloads the record after. */
  function step(form, name, call, done) {
    var answer = answerOf(form);
    busy(form, true);
    RD.setAnswer(answer, "Working…", "");
    return call().then(function (result) {
      busy(form, false);
      if (result.status !== 0) delete keys[name];
      if (result.status === 202) RD.setAnswer(answer, approvalText(result.body, done.what || RD.words(name)), "pending");
      else if (result.ok) RD.setAnswer(answer, done(result.body), "ok");
      else RD.setAnswer(answer, RD.problemText(result), "bad");
      return page.reload();
    });
  }

  function fillLines(form, r) {
    var select = form.querySelector("[data-lines]");
    if (!select) return;
    var chosen = select.value;
    RD.replace(select, null);
    r.lines.forEach(function (line) {
      select.appendChild(el("option", { value: String(line.line_no) },
        "Line " + line.line_no + ": " + line.name + " — paid " + RD.money(line.paid_minor, r.currency)));
    });
    if (chosen) select.value = chosen;
    form.querySelectorAll("[data-currency]").forEach(function (n) { n.textContent = r.currency; });
  }

  function fillVariants(form, r) {
    var select = form.querySelector("[name=variant]");
    var chosen = select.value;
    RD.replace(select, null);
    r.lines.forEach(function (line) {
      line.exchange_options.forEach(function (v) {
        var what = [v.size && "size " + v.size, v.colour].filter(Boolean).join(", ") || v.sku;
        var price = v.unit_price_minor === line.unit_price_minor ? "same price" : RD.money(v.unit_price_minor, r.currency);
        select.appendChild(el("option", { value: line.line_no + ":" + v.sku },
          line.name + " → " + what + " (" + v.sku + ", " + price + ")"));
      });
    });
    if (chosen) select.value = chosen;
    var none = select.options.length === 0;
    form.querySelector("[data-no-variants]").hidden = !none;
    form.querySelector("button[type=submit]").disabled = none;
  }

  page.onLoad(function (r) {
    var a = r.actions;
    var shown = {
      decide: a.approve || a.reject, refund: a.refund_partial || a.refund_full, keep_item: a.keep_item,
      store_credit: a.store_credit, exchange: a.exchange, resend_label: a.resend_label, cancel: a.cancel, close: a.close,
    };
    var any = false;
    Object.keys(forms).forEach(function (name) {
      forms[name].hidden = !shown[name];
      any = any || Boolean(shown[name]);
    });
    root.querySelector("[data-no-actions]").hidden = any;
    if (forms.refund) {
      fillLines(forms.refund, r);
      var full = forms.refund.querySelector("[data-full-choice]");
      full.hidden = !a.refund_full;
      if (!a.refund_full) forms.refund.querySelector('[value="partial"]').checked = true;
    }
    if (forms.store_credit) fillLines(forms.store_credit, r);
    if (forms.exchange && a.exchange) fillVariants(forms.exchange, r);
    if (forms.decide) {
      forms.decide.querySelector("[data-case-note]").textContent = a.decide_case ?
        "On case " + a.decide_case + "; the customer is told there." : "The customer is told by email and SMS.";
    }
  });

  if (forms.refund) {
    forms.refund.addEventListener("submit", function (event) {
      event.preventDefault();
      var form = forms.refund, values = RD.formData(form), r = data();
      if (values.mode === "full") {
        var whole = function (body) { return "Refunded " + RD.money(body.total_minor, body.currency) + " to the customer's payment method."; };
        whole.what = "the whole return";
        step(form, "refund_full", function () { return RD.api("POST", path() + "/refund", {}); }, whole);
        return;
      }
      var minor = RD.toMinor(values.amount);
      if (!minor) { RD.setAnswer(answerOf(form), "Enter the amount as a number like 12.50.", "bad"); form.querySelector("[name=amount]").focus(); return; }
      book(form, "refund", values, minor, r);
    });
  }
  if (forms.store_credit) {
    forms.store_credit.addEventListener("submit", function (event) {
      event.preventDefault();
      var values = RD.formData(forms.store_credit);
      var minor = RD.toMinor(values.amount);
      if (!minor) { RD.setAnswer(answerOf(forms.store_credit), "Enter the amount as a number like 12.50.", "bad"); return; }
      book(forms.store_credit, "store_credit", values, minor, data());
    });
  }

  function book(form, kind, values, minor, r) {
    var body = { kind: kind, order_number: r.order.number, line_no: parseInt(values.line_no, 10), amount_minor: minor,
      currency: r.currency, rma_number: r.rma_number };
    if (values.note) body.note = values.note;
    var what = RD.words(kind) + " of " + RD.money(minor, r.currency) + " on line " + body.line_no;
    var done = function () { return "Booked: " + what + "."; };
    done.what = what;
    var name = [kind, minor, body.line_no].join(":");  // another amount or line is another movement
    step(form, name, function () { return RD.api("POST", "/ledger/entries", body, { "Idempotency-Key": keyFor(name) }); }, done);
  }

  if (forms.keep_item) {
    forms.keep_item.addEventListener("submit", function (event) {
      event.preventDefault();
      var done = function (body) { return "Refunded " + RD.money(body.total_minor, body.currency) + "; the customer keeps the item."; };
      done.what = "a refund while the customer keeps the item";
      step(forms.keep_item, "keep_item", function () { return RD.api("POST", path() + "/refund", { keep_item: true }); }, done);
    });
  }
  if (forms.exchange) {
    forms.exchange.addEventListener("submit", function (event) {
      event.preventDefault();
      var chosen = forms.exchange.querySelector("[name=variant]").value.split(":");
      var body = { line_no: parseInt(chosen[0], 10), sku: chosen.slice(1).join(":") };
      step(forms.exchange, "exchange", function () { return RD.api("POST", path() + "/exchange", body); }, function (x) {
        var owed = x.payment_request ? " The customer owes " + RD.money(x.payment_request.amount_minor, x.currency) + "." : "";
        var back = x.refund ? " " + RD.money(x.refund.amount_minor, x.currency) + " goes back to the customer." : "";
        return "Exchange placed: " + x.replacement_sku + " is sent as order " + x.replacement_order + "." + owed + back;
      });
    });
  }
  if (forms.decide) {
    forms.decide.addEventListener("submit", function (event) {
      event.preventDefault();
      var values = RD.formData(forms.decide), reference = data().actions.decide_case;
      var base = "/cases/" + encodeURIComponent(reference);
      // On a case the decision is its handler's: an open case is taken first, as on the case page.
      var call = function () {
        if (!reference) return RD.api("POST", "/desk" + path() + "/decision", { decision: values.decision, note: values.note });
        return RD.api("POST", base + "/take").then(function (taken) {
          if (!taken.ok && taken.status !== 409) return taken;
          return RD.api("POST", base + "/return-decision", { decision: values.decision, note: values.note });
        });
      };
      step(forms.decide, "decide", call, function (body) {
        return (body && body.notice) || "The return is " + (values.decision === "approve" ? "approved" : "rejected") + "; the customer has been told.";
      });
    });
  }
  if (forms.cancel) {
    forms.cancel.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!window.confirm("Cancel return " + data().rma_number + " for the customer?")) return;
      step(forms.cancel, "cancel", function () { return RD.api("POST", "/desk" + path() + "/cancel"); }, function () {
        return "Cancelled. Tell the customer they need not send anything.";
      });
    });
  }
  if (forms.resend_label) {
    forms.resend_label.addEventListener("submit", function (event) {
      event.preventDefault();
      step(forms.resend_label, "label", function () {
        return RD.api("POST", "/desk" + path() + "/label", undefined, { "Idempotency-Key": keyFor("label") });
      }, function (body) {
        return body.channels.length ? "Sent again by " + body.channels.join(", ") + "." :
          "Not sent: the customer has no chat open and receives no email or SMS from us.";
      });
    });
  }
  if (forms.close) {
    forms.close.addEventListener("submit", function (event) {
      event.preventDefault();
      step(forms.close, "close", function () { return RD.api("POST", path() + "/close"); }, function () { return "The return is closed."; });
    });
  }
})();
