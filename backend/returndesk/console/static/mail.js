/* Outbox mail: the list of emails the local mail sink saved, and one of them shown as text. */
(function () {
  "use strict";
  var el = RD.el;
  var list = document.querySelector("[data-mail-list]");
  var shown = document.querySelector("[data-mail-shown]");
  var status = document.querySelector('[data-testid="mail-status"]');

  function size(bytes) {
    return bytes < 1024 ? bytes + " B" : Math.round(bytes / 1024) + " KB";
  }

  function show(id) {
    return RD.api("GET", "/sent-mail/" + encodeURIComponent(id)).then(function (answer) {
      if (!answer.ok) { status.textContent = RD.problemText(answer); return; }
      var mail = answer.body;
      shown.querySelector("[data-mail-subject]").textContent = mail.subject || "(no subject)";
      var headers = shown.querySelector("[data-mail-headers]");
      RD.replace(headers, null);
      [["From", mail.sender], ["To", mail.to], ["Reply-To", mail.reply_to], ["Received", RD.when(mail.received_at)]]
        .forEach(function (pair) {
          if (!pair[1]) return;
          headers.appendChild(el("dt", { text: pair[0] }));
          headers.appendChild(el("dd", { text: pair[1] }));
        });
      shown.querySelector("[data-mail-body]").textContent = mail.text || "(no plain-text part)";
      var notes = [];
      if (mail.has_html) notes.push("It also has an HTML version, not shown here.");
      if (mail.attachments.length) notes.push("Attachments: " + mail.attachments.join(", ") + ".");
      shown.querySelector("[data-mail-notes]").textContent = notes.join(" ");
      shown.hidden = false;
      shown.focus();
    });
  }

  function row(mail) {
    return el("tr", { "data-mail-id": mail.id },
      el("td", { text: RD.when(mail.received_at) }),
      el("td", { text: mail.to }),
      el("td", null, el("button", { type: "button", className: "link-button", text: mail.subject || "(no subject)",
        onclick: function () { show(mail.id); } })),
      el("td", { text: size(mail.size_bytes) }));
  }

  function load() {
    return RD.api("GET", "/sent-mail?limit=200").then(function (answer) {
      if (!answer.ok) { status.textContent = RD.problemText(answer); return; }
      var messages = answer.body.messages;
      if (!messages.length) {
        RD.replace(list, el("p", { className: "muted", text: "No emails yet. They appear here when ReturnDesk sends one." }));
      } else {
        RD.replace(list, el("table", null,
          el("thead", null, el("tr", null, el("th", { text: "Received" }), el("th", { text: "To" }),
            el("th", { text: "Subject" }), el("th", { text: "Size" }))),
          el("tbody", null, messages.map(row).reduce(function (body, tr) { body.appendChild(tr); return body; },
            document.createDocumentFragment()))));
      }
      status.textContent = answer.body.total + " saved, updated " + new Date().toLocaleTimeString() + ".";
    });
  }

  RD.every(5000, load);
})();
