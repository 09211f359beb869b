/* The analytics page's findings: grouped by the team that owns them, each with what to do and the
   returns behind it. There is no console page for one return (cases are by ESC reference), so the
   RMA numbers are plain text a person can copy into the warehouse scan box or a search. */
(function () {
  "use strict";
  var el = RD.el, name = RD.names.name;
  var TEAMS = ["product", "operations", "marketing", "logistics", "risk"];

  function copyButton(numbers, list) {
    var answer = el("span", { className: "small muted", role: "status" });
    var button = el("button", {
      type: "button", className: "small-button", text: "Copy RMA numbers",
      onclick: function () {
        var text = numbers.join("\n");
        var copied = navigator.clipboard && window.isSecureContext
          ? navigator.clipboard.writeText(text) : Promise.reject(new Error("no clipboard"));
        copied.then(function () { answer.textContent = " Copied " + numbers.length + "."; }, function () {
          // No clipboard (plain http): select the list so Ctrl+C copies it.
          var range = document.createRange();
          range.selectNodeContents(list);
          var selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
          answer.textContent = " Selected; press Ctrl+C to copy.";
        });
      },
    });
    return el("p", {}, button, answer);
  }

  function returnsOf(finding) {
    var numbers = finding.returns || [];
    if (!numbers.length) return el("p", { className: "small muted", text: "No single returns behind this finding." });
    var list = el("ul", { className: "rmas", "data-testid": "finding-returns" });
    numbers.forEach(function (number) { list.appendChild(el("li", {}, el("code", { text: number }))); });
    // Folded: twenty numbers per finding would bury the next finding, on a phone above all.
    return el("details", { className: "finding-returns" },
      el("summary", { text: numbers.length + (numbers.length === 1 ? " return" : " returns") + " behind it (RMA numbers to copy)" }),
      list, copyButton(numbers, list));
  }

  function card(finding) {
    var about = finding.subject, subject = "";
    // A category is named; a SKU, carrier, warehouse or customer is its own identifier.
    if (about) subject = name("subject", about.kind) + " " + (about.kind === "category" ? name("category", about.key) : about.key);
    return el("article", { className: "finding", "data-testid": "finding", "data-rule": finding.rule },
      el("h4", { text: finding.title, "data-testid": "finding-title" }),
      subject ? el("p", { className: "small muted", text: name("rule", finding.rule) + " · " + subject }) : null,
      el("p", { text: finding.detail }),
      el("p", {}, el("strong", { text: "Suggested action: " }), finding.suggested_action),
      returnsOf(finding));
  }

  /* Replaces the container's content with one section per team that has findings. */
  function renderFindings(container, findings) {
    if (!findings.length) {
      RD.replace(container, el("p", { className: "muted", text: "No findings in this range: nothing stands out." }));
      return;
    }
    var owners = TEAMS.slice();
    findings.forEach(function (f) { if (owners.indexOf(f.owner) < 0) owners.push(f.owner); });
    var groups = el("div", { className: "finding-groups" });
    owners.forEach(function (owner) {
      var mine = findings.filter(function (f) { return f.owner === owner; });
      if (!mine.length) return;
      var id = "team-" + owner.replace(/[^a-z0-9_-]/gi, "");
      var section = el("section", { "aria-labelledby": id, "data-testid": "team-" + owner, className: "team" },
        el("h3", { id: id, text: name("team", owner) + " (" + mine.length + ")" }));
      mine.forEach(function (f) { section.appendChild(card(f)); });
      groups.appendChild(section);
    });
    RD.replace(container, groups);
  }

  RD.renderFindings = renderFindings;
})();
