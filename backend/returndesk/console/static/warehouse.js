/* The warehouse station: a scanner (a keyboard that types the RMA and Enter) or typed number ->
   what to expect -> receive with per-line counts -> QC form per line that arrived.
   Every rule is the API's: the page shows its sentences as they come. */
(function () {
  "use strict";
  var el = RD.el;
  var scanForm = document.querySelector('[data-form="scan"]');
  var scanInput = document.getElementById("scan");
  var scanAnswer = document.querySelector('[data-testid="scan-answer"]');
  var expect = document.querySelector("[data-expect]");
  var receiveForm = document.querySelector('[data-form="receive"]');
  var receiveAnswer = document.querySelector('[data-testid="receive-answer"]');
  var qcForm = document.querySelector('[data-form="qc"]');
  var qcAnswer = document.querySelector('[data-testid="qc-answer"]');
  var choices = document.getElementById("choices");
  var GRADES = choices.getAttribute("data-grades").split(",");
  var DISPOSITIONS = choices.getAttribute("data-dispositions").split(",");
  var current = null; // the station view of the return on screen
  var photos = {}; // line_no -> evidence ids uploaded for it

  function path(number) { return "/warehouse/rmas/" + encodeURIComponent(number); }

  function show(view) {
    current = view;
    photos = {};
    expect.hidden = false;
    expect.querySelector("[data-title]").textContent =
      view.rma_number + " · order " + view.order_number + (view.customer_name ? " · " + view.customer_name : "") +
      " · " + RD.words(view.status);
    expect.querySelector("[data-next]").textContent = view.next_step;
    var flag = expect.querySelector("[data-flag]");
    flag.hidden = !view.qc_mismatch;
    flag.textContent = view.qc_mismatch ? "Flagged for an agent: " + view.qc_mismatch : "";
    var thumbs = expect.querySelector("[data-photos]");
    RD.replace(thumbs, null);
    view.customer_photos.forEach(function (p) {
      thumbs.appendChild(el("img", { src: p.thumbnail_url, alt: "Customer's photo " + p.evidence_id }));
    });
    var receivable = view.status === "approved" || view.status === "in_transit";
    receiveForm.hidden = !receivable;
    expect.querySelector("[data-received-table]").hidden = receivable;
    var body = expect.querySelector(receivable ? "[data-receive-lines]" : "[data-received-lines]");
    RD.replace(body, null);
    view.lines.forEach(function (line) {
      var item = line.name + " (" + line.sku + ", " + RD.words(line.category) + ")";
      var reason = RD.words(line.reason) + (line.note ? " — " + line.note : "");
      if (receivable) {
        body.appendChild(el("tr", { "data-testid": "expect-line" },
          el("td", {}, String(line.line_no)), el("td", {}, item), el("td", {}, reason),
          el("td", {}, String(line.quantity_expected)),
          el("td", {}, el("input", {
            type: "number", min: "0", max: String(line.quantity_expected), value: String(line.quantity_expected),
            name: "line-" + line.line_no, "aria-label": "Units of line " + line.line_no + " that arrived",
            "data-testid": "arrived-" + line.line_no,
          }))));
      } else {
        var got = line.quantity_received === null ? "—" : line.quantity_received + " of " + line.quantity_expected;
        var grade = line.inspection ? RD.words(line.inspection.grade) + " → " + RD.words(line.inspection.disposition) : "—";
        body.appendChild(el("tr", { "data-testid": "received-line" },
          el("td", {}, String(line.line_no)), el("td", {}, item), el("td", {}, reason), el("td", {}, got),
          el("td", {}, grade)));
      }
    });
    renderQc(view);
  }

  function radio(name, value, label) {
    return el("label", {}, el("input", { type: "radio", name: name, value: value, "data-testid": name + "-" + value }), label);
  }

  function select(name, options, label) {
    var id = name.replace(/[^a-z0-9-]/gi, "-");
    var box = el("select", { id: id, name: name, "data-testid": name });
    options.forEach(function (o) { box.appendChild(el("option", { value: o }, RD.words(o))); });
    return el("div", {}, el("label", { for: id }, label), box);
  }

  function renderQc(view) {
    var box = qcForm.querySelector("[data-qc-lines]");
    RD.replace(box, null);
    qcAnswer.textContent = "";
    qcForm.hidden = view.status !== "received";
    if (qcForm.hidden) return;
    view.lines.filter(function (line) { return line.quantity_received > 0; }).forEach(function (line) {
      var n = line.line_no;
      var set = el("fieldset", { "data-qc-line": String(n), "data-testid": "qc-line-" + n },
        el("legend", {}, "Line " + n + ": " + line.name + " — " + line.quantity_received + " arrived, claimed " +
          RD.words(line.reason)));
      line.checklist.forEach(function (item) {
        var name = "check-" + n + "-" + item.id;
        set.appendChild(el("div", { className: "item-row", "data-check": item.id },
          el("span", { style: null }, item.question), radio(name, "yes", "Yes"), radio(name, "no", "No")));
      });
      set.appendChild(select("grade-" + n, GRADES, "Grade"));
      set.appendChild(select("disposition-" + n, DISPOSITIONS, "Disposition"));
      set.appendChild(el("label", { for: "notes-" + n }, "Notes"));
      set.appendChild(el("textarea", { id: "notes-" + n, name: "notes-" + n, rows: "2", maxlength: "2000" }));
      var status = el("span", { className: "muted", "data-testid": "photo-status-" + n });
      var file = el("input", { type: "file", accept: "image/*", "aria-label": "Inspection photo of line " + n,
        "data-testid": "photo-" + n, onchange: function () { upload(n, file, status); } });
      set.appendChild(el("div", {}, file, status));
      box.appendChild(set);
    });
  }

  function upload(n, input, status) {
    if (!input.files.length) return;
    var body = new FormData();
    body.append("file", input.files[0]);
    status.textContent = "Uploading…";
    fetch("/api/v1" + path(current.rma_number) + "/photos", {
      method: "POST", body: body, credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRF-Token": RD.csrf },
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (b) { return { ok: r.ok, status: r.status, body: b }; });
    }).then(function (answer) {
      if (!answer.ok) { status.textContent = RD.problemText(answer); return; }
      (photos[n] = photos[n] || []).push(answer.body.evidence_id);
      status.textContent = photos[n].length + " photo(s) attached";
    });
  }

  function load(number) {
    return RD.api("GET", path(number)).then(function (answer) {
      if (!answer.ok) {
        RD.setAnswer(scanAnswer, RD.problemText(answer), "bad");
        expect.hidden = true; qcForm.hidden = true; current = null;
        return;
      }
      RD.setAnswer(scanAnswer, "", "");
      show(answer.body);
    });
  }

  scanForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var typed = scanInput.value.trim();
    if (!typed) return;
    receiveAnswer.textContent = "";
    load(typed).then(function () { scanInput.select(); });
  });

  receiveForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var lines = current.lines.map(function (line) {
      var input = receiveForm.querySelector('[name="line-' + line.line_no + '"]');
      return { line_no: line.line_no, quantity: parseInt(input.value, 10) };
    });
    var full = lines.every(function (l, i) { return l.quantity === current.lines[i].quantity_expected; });
    var payload = { rma_number: current.rma_number };
    if (!full) payload.lines = lines;
    RD.api("POST", "/warehouse/receipts", payload).then(function (answer) {
      if (!answer.ok) { RD.setAnswer(receiveAnswer, RD.problemText(answer), "bad"); return; }
      show(answer.body);
      RD.setAnswer(receiveAnswer, "Received" + (answer.body.partial ? " (partial)" : "") + ". Grade the lines below.", "ok");
    });
  });

  qcForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var lines = [];
    qcForm.querySelectorAll("[data-qc-line]").forEach(function (set) {
      var n = parseInt(set.getAttribute("data-qc-line"), 10);
      var checklist = {};
      set.querySelectorAll("[data-check]").forEach(function (row) {
        var picked = row.querySelector("input:checked");
        if (picked) checklist[row.getAttribute("data-check")] = picked.value === "yes";
      });
      var notes = set.querySelector('[name="notes-' + n + '"]').value.trim();
      lines.push({
        line_no: n, checklist: checklist, notes: notes || null, evidence_ids: photos[n] || [],
        grade: set.querySelector('[name="grade-' + n + '"]').value,
        disposition: set.querySelector('[name="disposition-' + n + '"]').value,
      });
    });
    RD.api("POST", path(current.rma_number) + "/inspection", { lines: lines }).then(function (answer) {
      if (!answer.ok) { RD.setAnswer(qcAnswer, RD.problemText(answer), "bad"); return; }
      show(answer.body.rma);
      var moved = answer.body.movements.map(function (m) {
        return m.quantity + " × " + m.sku + " → " + RD.words(m.disposition);
      }).join("; ");
      var text = "Inspected. " + moved + "." + (answer.body.flagged
        ? " The finding does not match the customer's claim: case " + answer.body.escalation_reference + " was opened for an agent."
        : "");
      RD.setAnswer(receiveAnswer, text, answer.body.flagged ? "pending" : "ok");
      scanInput.value = "";
      scanInput.focus();
    });
  });
})();
