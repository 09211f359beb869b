/* The case page: facts, summary, take / hand back / close, and the timeline. The live chat is in
   case_chat.js and the action forms in case_actions.js; they share RD.currentCase. */
(function () {
  "use strict";
  var el = RD.el;
  var reference = document.body.getAttribute("data-reference");
  var me = document.body.getAttribute("data-username");
  // The warehouse sees the summary and may add notes; taking, handing back and closing are the desk's.
  var desk = document.body.getAttribute("data-desk") === "true";
  var base = "/cases/" + encodeURIComponent(reference);
  var statusLine = document.querySelector('[data-testid="case-status"]');
  var listeners = [];
  var REFRESH_MS = 5000;

  // The case view has the summary fields at the top level; older answers nested them in `details`.
  function details(c) { return c.details || c; }

  function assignee(c) {
    var who = c.assignee || c.assigned_to;
    if (!who) return null;
    return typeof who === "string" ? { username: who, display_name: who } : who;
  }

  function fact(label, value, testid) {
    if (value === null || value === undefined || value === "") return null;
    return el("div", {}, el("dt", {}, label), el("dd", { "data-testid": testid || null }, String(value)));
  }

  function renderFacts(c) {
    var who = assignee(c);
    var left = RD.countdown(c.due_at);
    var facts = document.querySelector('[data-testid="case-facts"]');
    RD.replace(facts, null);
    [
      fact("Status", RD.words(c.status), "case-state"),
      fact("Priority", c.priority),
      fact("Mode", c.mode === "email" ? "email ticket" : "live chat"),
      fact("Channel", c.channel),
      fact("Language", c.language, "case-language"),
      fact("Queue position", c.position),
      fact("SLA", c.status === "closed" ? null : left.text),
      fact("Assignee", who ? who.display_name || who.username : "nobody yet", "case-assignee"),
    ].forEach(function (node) { if (node) facts.appendChild(node); });
    var mine = who && who.username === me;
    document.querySelector('[data-testid="take"]').hidden = !desk || c.status !== "open";
    document.querySelector('[data-testid="hand-back"]').hidden = !desk || !(c.status === "live" && mine && c.mode !== "email");
    document.querySelector('[data-testid="close-form"]').hidden = !desk || c.status === "closed";
  }

  function row(label, value) {
    if (value === null || value === undefined || value === "" || (value.length === 0)) return [];
    return [el("dt", {}, label), el("dd", {}, value)];
  }

  function itemsList(items, currency) {
    var list = el("ul");
    items.forEach(function (item) {
      var text = "Line " + item.line_no + ": " + (item.quantity || 1) + " × " + item.name + " (" + item.sku + ")";
      if (item.unit_price_minor !== undefined) text += ", " + RD.money(item.unit_price_minor, currency) + " each";
      if (item.reason) text += " — " + RD.words(item.reason);
      list.appendChild(el("li", {}, text));
    });
    return list;
  }

  function decisionBlock(decision) {
    if (!decision || !decision.outcome) return null;
    var box = el("div", { "data-testid": "case-decision" }, el("strong", {}, RD.words(decision.outcome)));
    var rules = decision.rule_ids || decision.fired_rules || [];
    if (rules.length) box.appendChild(el("div", { className: "small muted" }, "Rules: " + rules.join(", ")));
    var list = el("ul");
    (decision.explanations || []).forEach(function (e) { list.appendChild(el("li", {}, e.text || String(e))); });
    if (list.children.length) box.appendChild(list);
    (decision.alternatives || []).forEach(function (text) {
      box.appendChild(el("div", { className: "small" }, "Still possible: " + text));
    });
    if (decision.source === "dry_run") box.appendChild(el("div", { className: "small muted" }, "What the bot told the customer; no return was created."));
    return box;
  }

  function offersList(offers) {
    if (!offers || !offers.length) return null;
    var list = el("ul", { "data-testid": "case-offers" });
    offers.forEach(function (offer) {
      list.appendChild(el("li", {}, "Line " + offer.line_no + ": keep it for a " + RD.words(offer.kind) + " of " +
        RD.money(offer.amount_minor, offer.currency) + " — " + RD.words(offer.status)));
    });
    return list;
  }

  function evidenceBlock(c) {
    var evidence = c.evidence || [];
    if (!evidence.length) {
      var ids = details(c).evidence_ids || [];
      return ids.length ? ids.join(", ") : null;
    }
    var box = el("div", { className: "thumbs" });
    evidence.forEach(function (item) {
      var img = el("img", { src: item.thumbnail_url || item.thumbnail, alt: "Customer photo " + (item.id || ""), loading: "lazy" });
      box.appendChild(item.file_url ? el("a", { href: item.file_url, target: "_blank", rel: "noopener" }, img) : img);
    });
    return box;
  }

  function renderSummary(c) {
    var d = details(c);
    var order = d.order || {};
    var customer = d.customer || {};
    var currency = order.currency || c.currency || "";
    var dl = el("dl", { className: "summary" });
    [].concat(
      row("What they need", c.summary),
      row("Customer", customer.name ? customer.name + (customer.email ? " <" + customer.email + ">" : "") +
        (customer.tier ? ", " + customer.tier : "") : (c.customer_email || "")),
      // Verified in the chat: the agent does not need to ask for the order number and email again.
      row("Verified", order.number ? el("span", { "data-testid": "case-verified" },
        d.verified ? "yes, in the chat: no need to ask again" : "no: confirm the order number and email first") : null),
      row("Order", order.number ? order.number + ", " + RD.money(order.total_minor, currency) +
        (order.payment_method ? ", paid by " + RD.words(order.payment_method) : "") : d.order_not_found ?
        "not found: " + d.order_not_found : c.order_number),
      row("Return", d.rma ? d.rma.number + " (" + RD.words(d.rma.status) +
        (d.rma.language ? ", in " + d.rma.language : "") + ")" : c.rma_number),
      row("Items", (d.items || []).length ? itemsList(d.items, currency) : null),
      row("Reason", d.reason ? RD.words(d.reason) : null),
      row("Wants", d.resolution ? RD.words(d.resolution) : null),
      row("Offers made", offersList(d.offers)),
      row("Evidence", evidenceBlock(c)),
      row("Policy decision", decisionBlock(d.decision)),
      row("Bot recommends", c.recommendation)
    ).forEach(function (node) { dl.appendChild(node); });
    RD.replace(document.querySelector('[data-testid="case-summary"]'), dl);
  }

  function renderTimeline(c) {
    var list = document.querySelector('[data-testid="timeline"]');
    RD.replace(list, null);
    (c.timeline || []).forEach(function (event) {
      var at = event.at || event.created_at;
      list.appendChild(el("li", {}, el("time", { datetime: at }, RD.when(at)), event.description || RD.words(event.kind),
        event.actor ? el("span", { className: "small muted" }, " — " + event.actor) : null));
    });
    if (!list.children.length) list.appendChild(el("li", { className: "muted" }, "Nothing recorded yet."));
  }

  function load() {
    return RD.api("GET", base).then(function (answer) {
      if (!answer.ok) {
        statusLine.textContent = RD.problemText(answer);
        return;
      }
      RD.currentCase.data = answer.body;
      renderFacts(answer.body);
      renderSummary(answer.body);
      renderTimeline(answer.body);
      listeners.forEach(function (listener) { listener(answer.body); });
      var approvals = document.querySelector('[data-approvals="case"]');
      return RD.approvals.load(approvals, {
        query: "status=all&escalation=" + encodeURIComponent(reference), emptyText: "None on this case.",
      });
    });
  }

  function caseAction(path, body, doing) {
    statusLine.textContent = doing;
    return RD.api("POST", base + path, body).then(function (answer) {
      statusLine.textContent = answer.ok ? (answer.body && answer.body.notice) || "Done." : RD.problemText(answer);
      return load().then(function () { return answer; });
    });
  }

  document.querySelector('[data-testid="take"]').addEventListener("click", function (event) {
    event.target.disabled = true;
    caseAction("/take", undefined, "Taking the case…").then(function (answer) {
      event.target.disabled = false;
      if (answer.ok && !answer.body.notice) statusLine.textContent = "You have this case; the customer has been told you joined.";
    });
  });
  document.querySelector('[data-testid="hand-back"]').addEventListener("click", function () {
    caseAction("/hand-back", {}, "Handing back to the bot…");
  });
  document.querySelector('[data-testid="close-form"]').addEventListener("submit", function (event) {
    event.preventDefault();
    caseAction("/close", { note: event.target.note.value.trim() }, "Closing…");
  });

  RD.currentCase = {
    reference: reference, base: base, data: null, reload: load,
    onLoad: function (listener) { listeners.push(listener); if (RD.currentCase.data) listener(RD.currentCase.data); },
  };
  RD.every(REFRESH_MS, load);
})();
