// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // After a failed submit, move focus to the error summary so screen readers announce it.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
  sessionWarning();
  characterCounts();
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

// A live count for every text field with a limit. The browser would cut a too long paste without
// a word; instead the whole text stays in the field, the count says by how much it is over, and
// the server refuses it with a message. Screen readers hear the count only near the limit.
function characterCounts() {
  var texts = document.getElementById("char-count-texts");
  if (!texts) { return; }
  var fields = document.querySelectorAll("input[maxlength], textarea[maxlength]");
  Array.prototype.forEach.call(fields, function (field) {
    var max = parseInt(field.getAttribute("maxlength"), 10);
    // A search query is not text anyone loses: no count under search boxes.
    if (field.type === "hidden" || field.type === "search" || field.type === "password" || !(max > 0)) { return; }
    var invalid = field.getAttribute("aria-invalid");  // the server's verdict, kept while within the limit
    field.removeAttribute("maxlength");
    var count = countLine(field);
    var live = document.createElement("span");
    live.className = "visually-hidden";
    live.setAttribute("aria-live", "polite");
    count.parentNode.insertBefore(live, count.nextSibling);
    var near = Math.max(10, Math.ceil(max / 10));
    var timer;
    function update() {
      var used = field.value.length;
      var over = used - max;
      count.textContent = fill(texts.dataset.count, {count: used, max: max});
      count.classList.toggle("char-count--over", over > 0);
      if (over > 0) { field.setAttribute("aria-invalid", "true"); }
      else if (invalid) { field.setAttribute("aria-invalid", invalid); }
      else { field.removeAttribute("aria-invalid"); }
      clearTimeout(timer);
      timer = setTimeout(function () {  // after a pause in typing, not at every key
        live.textContent = over > 0 ? fill(texts.dataset.over, {over: over})
          : (max - used <= near ? fill(texts.dataset.left, {left: max - used}) : "");
      }, 700);
    }
    field.addEventListener("input", update);
    update();
  });
}

// The line under the field that states the limit (see _forms.field), or a new one.
function countLine(field) {
  var line = document.getElementById(field.id + "-limit");
  if (line) { return line; }
  line = document.createElement("p");
  line.className = "hint char-count";
  line.id = (field.id || field.name) + "-limit";
  field.parentNode.insertBefore(line, field.nextSibling);
  var described = field.getAttribute("aria-describedby");
  field.setAttribute("aria-describedby", (described ? described + " " : "") + line.id);
  return line;
}

function fill(text, values) {
  return text.replace(/\{(\w+)\}/g, function (_match, name) { return values[name]; });
}
