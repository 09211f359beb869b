/* The names of the codes in the analytics answers (reasons, steps, rules, teams, categories...),
   read once from GET /analytics/names in the page's language (returndesk/analytics/names.py). */
(function () {
  "use strict";
  var table = {};

  function load() {
    var lang = document.documentElement.lang || "en";
    return RD.api("GET", "/analytics/names?lang=" + encodeURIComponent(lang)).then(function (answer) {
      if (answer.ok) table = answer.body;
    });
  }

  /* A code the service has no name for (a shop's own, newer than this page) reads as words, never as its code. */
  function name(kind, code) {
    if (code === null || code === undefined || code === "") return "";
    var known = (table[kind] || {})[code];
    if (known) return known;
    var words = String(code).replace(/[_-]+/g, " ").trim();
    return words.charAt(0).toUpperCase() + words.slice(1);
  }

  RD.names = { load: load, name: name };
})();
