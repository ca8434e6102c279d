// Safeguarding Data Hub: the one script. Pages work without it; it only saves a reload.
// A submission still being validated or loaded is followed: once the workers have
// finished, the page reloads itself to show the report.
(function () {
  "use strict";
  // A form's error summary takes the focus, so a screen reader reads it first.
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) return;
  if (document.activeElement !== summary) summary.focus();
  // Its links take the focus to the field itself, not only scroll to it.
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    var field = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!field) return;
    event.preventDefault();
    field.scrollIntoView({ block: "center" });
    field.focus();
  });
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
(function () {
  "use strict";
  // A table wider than the screen scrolls in its box: the box then takes the keyboard's
  // focus (arrow keys scroll it) and is named after its table's caption.
  function mark() {
    var boxes = document.querySelectorAll(".table-wrap");
    for (var i = 0; i < boxes.length; i += 1) {
      var box = boxes[i];
      if (box.scrollWidth > box.clientWidth + 1) {
        var caption = box.querySelector("caption");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", (caption ? caption.textContent : "Table").replace(/\s+/g, " ").trim() + " (scrolls sideways)");
      } else if (box.getAttribute("tabindex") === "0") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    }
  }
  mark();
  window.addEventListener("resize", mark);
})();
