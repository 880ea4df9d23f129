// The scheduler run page follows its run: it asks the server every two seconds where the run
// stands and shows it; when the run is done it reloads, to show the figures and the unplaced list.
(function () {
  "use strict";
  function follow(section) {
    var url = section.getAttribute("data-progress-url");
    function show(progress) {
      section.querySelectorAll("[data-progress]").forEach(function (element) {
        element.textContent = progress[element.getAttribute("data-progress")];
      });
      if (progress.finished) {
        window.location.reload();
      } else {
        window.setTimeout(poll, 2000);
      }
    }
    function poll() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(show)
        .catch(function () { window.setTimeout(poll, 5000); });
    }
    window.setTimeout(poll, 2000);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-progress-url]").forEach(follow);
  });
})();
