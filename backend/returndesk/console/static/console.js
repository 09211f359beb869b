/* Shared helpers for the console pages: the API call with the CSRF token, DOM building, formats.
   Every text from the service goes into the page as text (textContent), never as HTML. */
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="csrf-token"]');
  var csrf = meta ? meta.getAttribute("content") : "";

  /* Calls /api/v1<path>; resolves to {status, ok, body}. A lost session goes back to the login page. */
  function api(method, path, body, extraHeaders) {
    var headers = { Accept: "application/json" };
    if (method !== "GET") headers["X-CSRF-Token"] = csrf;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    Object.keys(extraHeaders || {}).forEach(function (k) { headers[k] = extraHeaders[k]; });
    return fetch("/api/v1" + path, {
      method: method,
      headers: headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(function (response) {
      if (response.status === 401) signedOutCheck();
      return response.text().then(function (text) {
        var parsed = null;
        try { parsed = text ? JSON.parse(text) : null; } catch (e) { parsed = { detail: text }; }
        return { status: response.status, ok: response.ok, body: parsed };
      });
    }, function () {
      return { status: 0, ok: false, body: { detail: "The console could not reach the service; check the connection and try again." } };
    });
  }

  /* A 401 means the sign-in ended (expired, signed out elsewhere): back to the login form, then here.
     Asked again on /staff/me first, so an endpoint that wants other credentials does not log anyone out. */
  function signedOutCheck() {
    fetch("/api/v1/staff/me", { credentials: "same-origin" }).then(function (me) {
      if (me.status === 401) {
        window.location.assign("/console/login?next=" + encodeURIComponent(location.pathname + location.search));
      }
    });
  }

  /* The sentence a person can act on, from a problem+json answer. */
  function problemText(answer) {
    var body = answer.body || {};
    var text = body.detail || body.title || "The service answered " + answer.status + ".";
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  function el(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      if (key === "text") node.textContent = value;
      else if (key === "className") node.className = value;
      else if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    });
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function replace(container, node) {
    while (container.firstChild) container.removeChild(container.firstChild);
    if (node) container.appendChild(node);
  }

  function money(minor, currency) {
    if (minor === null || minor === undefined) return "";
    var sign = minor < 0 ? "-" : "";
    var abs = Math.abs(minor);
    var cents = String(abs % 100).padStart(2, "0");
    return sign + Math.floor(abs / 100) + "." + cents + (currency ? " " + currency : "");
  }

  /* "12.5" or "12,50" -> 1250 minor units, without floating point; null if it is not an amount. */
  function toMinor(text) {
    var match = /^\s*(\d{1,10})(?:[.,](\d{1,2}))?\s*$/.exec(text || "");
    if (!match) return null;
    return parseInt(match[1], 10) * 100 + parseInt((match[2] || "0").padEnd(2, "0"), 10);
  }

  function words(code) { return code ? String(code).replace(/_/g, " ") : ""; }

  function when(iso) {
    if (!iso) return "";
    var date = new Date(typeof iso === "number" ? iso * 1000 : iso);
    return isNaN(date) ? String(iso) : date.toLocaleString();
  }

  /* "12 min left" / "5 min overdue", from a due time; ticks on the client between refreshes. */
  function countdown(dueIso) {
    if (!dueIso) return { text: "no SLA", overdue: false };
    var minutes = Math.round((new Date(dueIso).getTime() - Date.now()) / 60000);
    if (minutes >= 0) return { text: minutes >= 120 ? Math.round(minutes / 60) + " h left" : minutes + " min left", overdue: false };
    return { text: -minutes + " min overdue", overdue: true };
  }

  function setAnswer(node, text, tone) {
    node.textContent = text;
    node.className = "answer" + (tone ? " " + tone : "");
  }

  function formData(form) {
    var data = {};
    new FormData(form).forEach(function (value, key) { data[key] = typeof value === "string" ? value.trim() : value; });
    return data;
  }

  /* Runs `load` now and every `ms`, never two at once (a slow answer is not stacked up). */
  function every(ms, load) {
    var busy = false;
    function tick() {
      if (busy || document.hidden) return;
      busy = true;
      Promise.resolve(load()).catch(function () {}).then(function () { busy = false; });
    }
    tick();
    document.addEventListener("visibilitychange", tick);
    return setInterval(tick, ms);
  }

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return "k" + Date.now().toString(36) + Math.random().toString(36).slice(2);
  }

  window.RD = {
    api: api, problemText: problemText, el: el, replace: replace, money: money, toMinor: toMinor,
    words: words, when: when, countdown: countdown, setAnswer: setAnswer, formData: formData,
    every: every, uuid: uuid, csrf: csrf,
  };
})();
