/* Live chat on the case page: new transcript lines about twice a second, and the send box.
   A sent message is shown when it comes back in the transcript, so what the agent sees is
   what reached the conversation, not what they hoped to send. */
(function () {
  "use strict";
  if (document.body.getAttribute("data-desk") !== "true") return; // the chat is the customer-care desk's
  var el = RD.el;
  var POLL_MS = 500;
  var log = document.querySelector('[data-testid="transcript"]');
  var note = document.querySelector('[data-testid="chat-note"]');
  var form = document.querySelector('[data-testid="send-form"]');
  var box = document.querySelector('[data-testid="message-input"]');
  var after = null;
  var seen = {};
  var SPEAKERS = { customer: "Customer", bot: "Bot", agent: "Agent" };

  function seconds(at) { return typeof at === "number" ? at : Date.parse(at) / 1000; }

  function add(key, speaker, who, at, text, extraClass) {
    if (seen[key]) return false;
    seen[key] = true;
    log.appendChild(el("li", { className: speaker + (extraClass ? " " + extraClass : ""), "data-testid": "transcript-" + speaker },
      el("span", { className: "who" }, who + (at ? " · " + new Date(seconds(at) * 1000).toLocaleTimeString() : "")),
      el("span", { className: "text" }, text || "")));
    return true;
  }

  function addLine(line) {
    var speaker = line.speaker || "bot";
    var who = speaker === "agent" && line.agent_name ? line.agent_name : SPEAKERS[speaker] || speaker;
    return add("l|" + line.timestamp + "|" + speaker + "|" + line.text, speaker, who, line.timestamp, line.text);
  }

  // Case messages: an email ticket's whole conversation; in a live chat only the ones that did not
  // reach the customer (the delivered ones are already in the transcript, as Rasa sent them).
  function addMessage(message, mode) {
    if (mode !== "email" && message.delivered) return false;
    var speaker = message.direction === "from_customer" ? "customer" : "agent";
    var who = (speaker === "customer" ? "Customer" : String(message.author).replace(/^staff:/, "")) +
      (message.channel === "email" ? " (email)" : "") + (message.delivered ? "" : " — not delivered");
    return add("m|" + message.id, speaker, who, message.created_at, message.text, message.delivered ? "" : "undelivered");
  }

  function show(lines, messages, mode) {
    var nearBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 60;
    var added = false;
    (lines || []).forEach(function (line) {
      if (addLine(line)) added = true;
      if (typeof line.timestamp === "number" && (after === null || line.timestamp > after)) after = line.timestamp;
    });
    (messages || []).forEach(function (message) { if (addMessage(message, mode)) added = true; });
    if (added && nearBottom) log.scrollTop = log.scrollHeight;
  }

  function mode() { return (RD.currentCase.data || {}).mode; }

  function poll() {
    var query = after === null ? "" : "?after=" + encodeURIComponent(after);
    return RD.api("GET", RD.currentCase.base + "/messages" + query).then(function (answer) {
      if (!answer.ok) { note.textContent = RD.problemText(answer); return; }
      note.textContent = answer.body.transcript_unavailable || "";
      show(answer.body.lines, answer.body.messages, mode());
    });
  }

  // The case view carries the transcript so far; the poll only asks for what came after it.
  RD.currentCase.onLoad(function (c) {
    if (c.transcript_unavailable) note.textContent = c.transcript_unavailable;
    if (after === null) show(c.transcript, c.messages, c.mode);
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = box.value.trim();
    if (!text) return;
    var button = form.querySelector("button");
    button.disabled = true;
    RD.api("POST", RD.currentCase.base + "/messages", { text: text }).then(function (answer) {
      button.disabled = false;
      if (!answer.ok) { note.textContent = RD.problemText(answer); return; }
      box.value = "";
      var body = answer.body || {};
      note.textContent = body.delivered === false ? body.notice || "The message is kept on the case but was not delivered." : "";
      poll();
    });
  });

  // Enter sends, Shift+Enter starts a new line, as in the customer's widget.
  box.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
  });

  RD.every(POLL_MS, poll);
})();
