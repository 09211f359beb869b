/* The webhooks page: endpoints, a form to add one (its secret shown once), and an endpoint's
   deliveries with every attempt and a Re-send button. Everything goes through /api/v1/webhooks. */
(function () {
  "use strict";
  var el = RD.el;
  var endpointRows = document.querySelector("[data-endpoints]");
  var status = document.querySelector('[data-testid="webhooks-status"]');
  var form = document.querySelector('[data-form="new-endpoint"]');
  var formAnswer = document.querySelector('[data-testid="new-endpoint-answer"]');
  var secretBox = document.querySelector("[data-secret]");
  var deliveries = document.querySelector("[data-deliveries]");
  var deliveryRows = document.querySelector("[data-delivery-rows]");
  var resendAnswer = document.querySelector('[data-testid="resend-answer"]');
  var shown = null; // the endpoint whose deliveries are on the page

  function loadEndpoints() {
    return RD.api("GET", "/webhooks/endpoints").then(function (answer) {
      if (!answer.ok) { status.textContent = RD.problemText(answer); return; }
      var rows = answer.body.endpoints;
      var body = el("tbody");
      rows.forEach(function (endpoint) {
        body.appendChild(el("tr", { "data-endpoint-id": endpoint.id },
          el("td", {}, el("div", { text: endpoint.url }), el("div", { className: "muted small", text: endpoint.description })),
          el("td", { className: "small", text: endpoint.events.join(", ") }),
          el("td", {}, el("span", { className: "badge", text: endpoint.active ? "active" : "paused" })),
          el("td", {}, el("button", { type: "button", "data-testid": "show-deliveries",
            onclick: function () { shown = endpoint; loadDeliveries(); } }, "Deliveries"))));
      });
      endpointRows.parentNode.replaceChild(body, endpointRows);
      endpointRows = body;
      endpointRows.setAttribute("data-endpoints", "");
      status.textContent = rows.length ? "" : "No endpoints yet: add one below.";
    });
  }

  function attemptsText(delivery) {
    return delivery.log.map(function (attempt) {
      var what = attempt.error ? attempt.error : "HTTP " + attempt.status_code;
      return RD.when(attempt.started_at) + " · " + what + " · " + attempt.duration_ms + " ms";
    });
  }

  function loadDeliveries() {
    if (!shown) return Promise.resolve();
    deliveries.hidden = false;
    document.querySelector("[data-deliveries-url]").textContent = shown.url;
    return RD.api("GET", "/webhooks/endpoints/" + shown.id + "/deliveries").then(function (answer) {
      if (!answer.ok) { RD.setAnswer(resendAnswer, RD.problemText(answer), "bad"); return; }
      var body = el("tbody");
      answer.body.deliveries.forEach(function (delivery) {
        var log = el("ul", { className: "small" });
        attemptsText(delivery).forEach(function (line) { log.appendChild(el("li", { text: line })); });
        var resend = delivery.status === "pending" ? null : el("button", {
          type: "button", "data-testid": "resend",
          onclick: function () { resendOne(delivery, resend); },
        }, "Re-send");
        body.appendChild(el("tr", { "data-delivery-id": delivery.id, "data-testid": "delivery-row" },
          el("td", {}, el("div", { text: delivery.event }), el("code", { className: "small", text: delivery.event_id })),
          el("td", { text: RD.when(delivery.created_at) }),
          el("td", {}, el("span", { className: "badge", "data-testid": "delivery-status", text: delivery.status }),
            delivery.last_error ? el("div", { className: "small error", text: delivery.last_error }) : null),
          el("td", {}, log),
          el("td", {}, resend)));
      });
      deliveryRows.parentNode.replaceChild(body, deliveryRows);
      deliveryRows = body;
      deliveryRows.setAttribute("data-delivery-rows", "");
    });
  }

  function resendOne(delivery, button) {
    button.disabled = true;
    RD.api("POST", "/webhooks/deliveries/" + delivery.id + "/resend").then(function (answer) {
      if (answer.ok) RD.setAnswer(resendAnswer, delivery.event + " will be sent again (same webhook-id).", "ok");
      else RD.setAnswer(resendAnswer, RD.problemText(answer), "bad");
      return loadDeliveries();
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var events = Array.prototype.map.call(form.querySelectorAll('input[name="events"]:checked'), function (box) {
      return box.value;
    });
    var data = RD.formData(form);
    RD.api("POST", "/webhooks/endpoints", { url: data.url, description: data.description || "", events: events })
      .then(function (answer) {
        if (!answer.ok) { RD.setAnswer(formAnswer, RD.problemText(answer), "bad"); return; }
        RD.setAnswer(formAnswer, "Endpoint added.", "ok");
        secretBox.querySelector("[data-secret-value]").textContent = answer.body.secret;
        secretBox.hidden = false;
        form.querySelector('input[name="url"]').value = "";
        return loadEndpoints();
      });
  });

  RD.every(5000, function () { return Promise.all([loadEndpoints(), loadDeliveries()]); });
})();
