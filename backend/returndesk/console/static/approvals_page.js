/* The approvals page: every pending request, refreshed every few seconds. */
(function () {
  "use strict";
  var box = document.querySelector('[data-approvals="pending"]');
  var status = document.querySelector('[data-testid="approvals-status"]');
  RD.every(4000, function () {
    return RD.approvals.load(box, {}).then(function () {
      status.textContent = "Updated " + new Date().toLocaleTimeString() + ".";
    });
  });
})();
