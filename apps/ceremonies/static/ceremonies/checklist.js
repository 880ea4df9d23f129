/* The roles drop-down of a cue in the ceremony admin: its summary follows the ticked boxes
   ("Host, Speaker"), joined with the reader's list separator given by the page. */
(function () {
  "use strict";
  function summarise(details) {
    var ticked = [];
    details.querySelectorAll("input[type=checkbox]").forEach(function (box) {
      if (box.checked && box.parentElement) { ticked.push(box.parentElement.textContent.trim()); }
    });
    details.querySelector("summary").textContent =
      ticked.length ? ticked.join(details.dataset.separator || ", ") : "—";
  }
  document.addEventListener("change", function (event) {
    var details = event.target.closest && event.target.closest("details.ga-checklist");
    if (details) { summarise(details); }
  });
})();
