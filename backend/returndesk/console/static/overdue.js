/* The overdue-refund alert on the queue page: refunds past the policy's refund deadline and
   failed ones (GET /payments/overdue), each with what to do. Hidden while there are none, so the
   banner only ever means "act on this". */
(function () {
  "use strict";
  var el = RD.el;
  var REFRESH_MS = 15000; // a deadline counted in days: no need for the queue's 4 s
  var box = document.querySelector('[data-testid="overdue-refunds"]');
  if (!box) return; // roles that do not settle refunds get no banner

  // A refund of no return is a kept item's partial refund or a goodwill refund: say which kind.
  var NO_RETURN = { ledger_refund: "no return (kept item or goodwill)" };

  function whatToDo(payment) {
    if (payment.status === "failed") {
      return "Failed: " + (payment.last_error || "refused by the provider") +
        ". Retry once the cause is fixed, or refund another way (store credit, bank transfer) and tell the customer.";
    }
    var text = "Due " + RD.when(payment.due_at) + "; still pending at the provider";
    if (payment.attempts) text += " after " + payment.attempts + " tries";
    if (payment.last_error) text += " (" + payment.last_error + ")";
    return text + ". Check the provider or refund another way.";
  }

  function retryButton(payment) {
    var answer = el("span", { className: "answer small", role: "status" });
    var button = el("button", { type: "button", "data-testid": "retry-refund" }, "Retry");
    button.addEventListener("click", function () {
      button.disabled = true;
      RD.setAnswer(answer, "Sending again…", "");
      RD.api("POST", "/payments/" + encodeURIComponent(payment.id) + "/retry").then(function (result) {
        if (!result.ok) {
          button.disabled = false;
          RD.setAnswer(answer, RD.problemText(result), "bad");
          return;
        }
        RD.setAnswer(answer, "Sent again: " + result.body.status + ".", "ok");
        load();
      });
    });
    return el("span", {}, button, answer);
  }

  function row(payment) {
    return el("tr", { "data-testid": "overdue-refund", "data-rma": payment.rma_number || "", "data-payment": String(payment.id) },
      el("td", {}, payment.rma_number || NO_RETURN[payment.purpose] || "no return"),
      el("td", {}, payment.order_number),
      el("td", {}, RD.money(payment.amount_minor, payment.currency)),
      el("td", {}, el("span", { className: "badge overdue" }, payment.status === "failed" ? "failed" : "overdue")),
      el("td", { className: "small" }, whatToDo(payment), payment.status === "failed" ? retryButton(payment) : "")
    );
  }

  function load() {
    var list = box.querySelector("[data-overdue-list]");
    return RD.api("GET", "/payments/overdue").then(function (answer) {
      if (!answer.ok) {
        box.hidden = false;
        RD.replace(list, el("p", { className: "error" }, RD.problemText(answer)));
        return;
      }
      var payments = (answer.body && answer.body.payments) || [];
      box.hidden = payments.length === 0;
      if (!payments.length) return;
      var head = el("tr");
      ["Return", "Order", "Amount", "", "What to do"].forEach(function (title) {
        head.appendChild(el("th", { scope: "col" }, title));
      });
      var body = el("tbody");
      payments.forEach(function (payment) { body.appendChild(row(payment)); });
      box.querySelector("[data-overdue-count]").textContent = payments.length === 1
        ? "1 refund is overdue" : payments.length + " refunds are overdue";
      RD.replace(list, el("table", {}, el("thead", {}, head), body));
    });
  }

  RD.every(REFRESH_MS, load);
})();
