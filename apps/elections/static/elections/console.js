/* The vote console: the count of ballots cast, polled every 3 s while the vote is open. The
   buttons are plain form posts; this only keeps the figure live. No inline script (CSP). */
(function () {
  "use strict";
  var root = document.getElementById("vote-console");
  var cast = document.getElementById("console-cast");
  if (!root || !cast || root.dataset.status !== "open") { return; }
  var POLL_MS = 3000;

  function poll() {
    fetch(root.dataset.stateUrl, {credentials: "same-origin", headers: {Accept: "application/json"}})
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (state) {
        cast.textContent = state.cast;
        if (state.status === "open") { window.setTimeout(poll, POLL_MS); }
      })
      .catch(function () { window.setTimeout(poll, POLL_MS * 2); });
  }

  window.setTimeout(poll, POLL_MS);
}());
