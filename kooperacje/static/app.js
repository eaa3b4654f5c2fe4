// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // After a failed submit, move focus to the error summary so screen readers announce it.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
  sessionWarning();
});

// WCAG 2.2.1: warn before the inactivity timeout and let the user extend the session
// without leaving the page, so nothing typed is lost.
function sessionWarning() {
  var body = document.body;
  var idle = parseInt(body.getAttribute("data-session-idle-seconds"), 10);
  var dialog = document.getElementById("session-warning");
  if (!idle || !dialog) { return; }
  var warnBefore = Math.min(120, Math.floor(idle / 2));
  var button = document.getElementById("session-extend");
  var timer;
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      dialog.hidden = false;
      button.focus();
    }, (idle - warnBefore) * 1000);
  }
  button.addEventListener("click", function () {
    fetch(body.getAttribute("data-session-extend-url"), {
      method: "POST",
      credentials: "same-origin",
      headers: {"X-CSRFToken": body.getAttribute("data-csrf-token")}
    }).then(function (response) {
      if (response.ok && !response.redirected) {
        dialog.hidden = true;
        schedule();
      } else {
        // Too late: the server ended the session. Say so, and leave the typed text on the page.
        document.getElementById("session-warning-text").textContent = dialog.getAttribute("data-expired");
        button.hidden = true;
      }
    });
  });
  schedule();
}
