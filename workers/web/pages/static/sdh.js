// Safeguarding Data Hub: the one script. Pages work without it; it only saves a reload.
// A submission still being validated or loaded is followed: once the workers have
// finished, the page reloads itself to show the report.
(function () {
  "use strict";
  // A form's error summary takes the focus, so a screen reader reads it first.
  var summary = document.querySelector("[data-error-summary]");
  if (summary && document.activeElement !== summary) summary.focus();
})();
(function () {
  "use strict";
  var box = document.querySelector("[data-follow-status]");
  if (!box || !window.fetch) return;
  var url = box.getAttribute("data-follow-status");
  var tries = 0;
  function check() {
    tries += 1;
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) {
        if (s && !s.in_progress) { window.location.reload(); return; }
        if (tries < 150) window.setTimeout(check, tries < 10 ? 1000 : 3000);
      })
      .catch(function () { if (tries < 150) window.setTimeout(check, 5000); });
  }
  window.setTimeout(check, 1000);
})();
