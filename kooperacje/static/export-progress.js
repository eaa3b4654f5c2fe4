// The bulk export's status page: moves the progress bar while the job runs, without reloading.
// Progressive enhancement only: without this file the page has its "refresh" link.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("export-progress");
  var url = box && box.getAttribute("data-status-url");
  if (!url) { return; }  // finished, failed or expired when the page was made: nothing to follow
  var bar = document.getElementById("export-bar");
  var state = document.getElementById("export-state");
  var text = document.getElementById("export-text");
  var download = document.getElementById("export-download");
  var refresh = document.getElementById("export-refresh");
  var delay = 1000;

  function show(status) {
    state.textContent = status.label;
    text.textContent = status.text;
    if (status.total !== null) {
      bar.max = Math.max(status.total, 1);
      bar.value = status.status === "done" ? bar.max : status.done;
    }
    if (status.download) {
      download.querySelector("a").href = status.download;
      download.hidden = false;
    }
  }

  function poll() {
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) {
        if (!response.ok || response.redirected) { throw new Error("status " + response.status); }
        return response.json();
      })
      .then(function (status) {
        show(status);
        if (status.status === "queued" || status.status === "running") {
          delay = Math.min(delay * 1.5, 10000);  // a long export is asked less often
          setTimeout(poll, delay);
        } else if (refresh) {
          refresh.hidden = true;
        }
      })
      .catch(function () { /* signed out or offline: the refresh link stays */ });
  }
  setTimeout(poll, delay);
});
