/* Live chat on the case page: new transcript lines about twice a second, and the send box.
   A sent message is shown when it comes back in the transcript, so what the agent sees is
   what reached the conversation, not what they hoped to send. */
(function () {
  "use strict";
  var el = RD.el;
  var POLL_MS = 500;
  var log = document.querySelector('[data-testid="transcript"]');
  var note = document.querySelector('[data-testid="chat-note"]');
  var form = document.querySelector('[data-testid="send-form"]');
  var box = document.querySelector('[data-testid="message-input"]');
  var after = null;
  var seen = {};
  var SPEAKERS = { customer: "Customer", bot: "Bot", agent: "Agent" };

  function linesOf(body) {
    if (Array.isArray(body)) return body;
    return (body && (body.messages || body.lines || body.transcript)) || [];
  }

  function stamp(line) { return line.timestamp !== undefined ? line.timestamp : line.at; }

  function add(line) {
    var key = stamp(line) + "|" + line.speaker + "|" + line.text;
    if (seen[key]) return false;
    seen[key] = true;
    var speaker = line.speaker || "bot";
    var who = speaker === "agent" && line.agent_name ? line.agent_name : SPEAKERS[speaker] || speaker;
    var at = stamp(line);
    log.appendChild(el("li", { className: speaker, "data-testid": "transcript-" + speaker },
      el("span", { className: "who" }, who + (at ? " · " + new Date(typeof at === "number" ? at * 1000 : at).toLocaleTimeString() : "")),
      el("span", { className: "text" }, line.text || "")));
    return true;
  }

  function show(lines) {
    var nearBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 60;
    var added = false;
    lines.forEach(function (line) {
      if (add(line)) added = true;
      var at = stamp(line);
      if (typeof at === "number" && (after === null || at > after)) after = at;
    });
    if (added && nearBottom) log.scrollTop = log.scrollHeight;
  }

  function poll() {
    var query = after === null ? "" : "?after=" + encodeURIComponent(after);
    return RD.api("GET", RD.currentCase.base + "/messages" + query).then(function (answer) {
      if (!answer.ok) { note.textContent = RD.problemText(answer); return; }
      note.textContent = (answer.body && answer.body.transcript_unavailable) || "";
      show(linesOf(answer.body));
    });
  }

  // The case view carries the transcript so far; the poll only asks for what came after it.
  RD.currentCase.onLoad(function (c) {
    if (c.transcript_unavailable) note.textContent = c.transcript_unavailable;
    if (after === null && Array.isArray(c.transcript)) show(c.transcript);
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
      note.textContent = body.delivered === false ? body.detail || body.message || "The message was kept but could not be delivered yet." : "";
      poll();
    });
  });

  // Enter sends, Shift+Enter starts a new line, as in the customer's widget.
  box.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
  });

  RD.every(POLL_MS, poll);
})();
