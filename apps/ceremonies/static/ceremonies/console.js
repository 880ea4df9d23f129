/* Live cue console: polls the JSON state every 1.5 s and posts "next" without reloading.
   No inline script (CSP: script-src 'self'); text is set with textContent only. */
(function () {
  "use strict";
  var root = document.getElementById("console");
  if (!root) { return; }
  var POLL_MS = 1500;
  var labels = root.dataset;
  var busy = false;
  // Responses can arrive out of order (a poll sent before "next" answering after it): each
  // request gets a number and only an answer newer than the last one applied is shown.
  var sent = 0;
  var applied = 0;

  function byId(id) { return document.getElementById(id); }

  function meta(cue, withActual) {
    if (!cue) { return ""; }
    var parts = [labels.labelPlanned + " " + cue.planned_local];
    if (withActual && cue.actual_local) { parts.push(labels.labelActual + " " + cue.actual_local); }
    if (cue.who && cue.who.length) { parts.push(labels.labelWho + ": " + cue.who.join(labels.listSeparator || ", ")); }
    if (cue.position) { parts.push(labels.labelWhere + ": " + cue.position); }
    return parts.join(" · ");
  }

  function setAv(id, text) {
    var el = byId(id);
    el.textContent = text || "";
    el.hidden = !text;
  }

  // "Interpretation: <text>", the text isolated for direction (textContent only).
  function setLabelled(id, text) {
    var el = byId(id);
    el.textContent = "";
    el.hidden = !text;
    if (!text) { return; }
    var bdi = document.createElement("bdi");
    bdi.textContent = text;
    el.appendChild(document.createTextNode(labels.labelInterpretation + ": "));
    el.appendChild(bdi);
  }

  function render(state) {
    var current = state.current, next = state.next;
    byId("console-current-title").textContent = current ? current.order + ". " + current.title
      : (state.ended ? labels.labelEnded : labels.labelNone);
    byId("console-current-meta").textContent = meta(current, true);
    setAv("console-current-av", current && current.av);
    byId("console-next-title").textContent = next ? next.order + ". " + next.title
      : (state.ended ? "—" : labels.labelLast);
    byId("console-next-meta").textContent = meta(next, false);
    setAv("console-next-av", next && next.av);
    setAv("console-current-description", current && current.description);
    setAv("console-next-description", next && next.description);
    setLabelled("console-current-interpretation", current && current.interpretation);
    setLabelled("console-next-interpretation", next && next.interpretation);

    var delta = byId("console-delta");
    delta.textContent = state.delta_label || "—";
    delta.className = "console-delta" + (state.delta_minutes === null ? ""
      : state.delta_minutes === 0 ? " on-time" : state.delta_minutes > 0 ? " behind" : " ahead");

    var note = byId("console-note");
    note.textContent = state.note || "";
    note.hidden = !state.note;

    var list = byId("console-list");
    while (list.firstChild) { list.removeChild(list.firstChild); }
    state.cues.forEach(function (cue) {
      var li = document.createElement("li");
      li.className = cue.state;
      li.dataset.cue = cue.id;
      var text = cue.planned_local + " · " + cue.title;
      if (cue.actual_local) { text += " — " + labels.labelActual + " " + cue.actual_local + " (" + cue.delta_label + ")"; }
      li.textContent = text;
      list.appendChild(li);
    });

    var expected = byId("console-expected");
    if (expected) { expected.value = state.expected_current_id === null ? "" : state.expected_current_id; }
    var button = byId("console-next-button");
    if (button) { button.disabled = state.ended || busy; }
    var version = byId("console-version");
    if (version) { version.value = state.version; }
    var undo = byId("console-undo-button");
    if (undo) { undo.disabled = !state.version || busy; }
    byId("console-live").textContent = labels.labelUpdated + " " + state.updated_local;
  }

  function applyIfNewest(seq, state) {
    if (seq > applied) {
      applied = seq;
      render(state);
    }
  }

  function poll() {
    if (busy) { window.setTimeout(poll, POLL_MS); return; }  // never overtake a "next" in flight
    var seq = ++sent;
    fetch(root.dataset.stateUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
      .then(function (state) { if (!busy) { applyIfNewest(seq, state); } })
      .catch(function () { byId("console-live").textContent = labels.labelOffline; })
      .finally(function () { window.setTimeout(poll, POLL_MS); });
  }

  function postWithoutReload(form, buttonId) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (busy) { return; }
      busy = true;
      var seq = ++sent;
      byId(buttonId).disabled = true;
      fetch(form.action, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Accept": "application/json", "X-CSRFToken": form.elements.csrfmiddlewaretoken.value },
        body: new FormData(form)
      })
        .then(function (response) { return response.json(); })
        .then(function (state) {
          busy = false;
          applyIfNewest(seq, state);
          if (state.error) { byId("console-live").textContent = state.error; }
        })
        .catch(function () { busy = false; byId("console-live").textContent = labels.labelOffline; byId(buttonId).disabled = false; });
    });
  }

  var form = byId("console-advance");
  if (form) { postWithoutReload(form, "console-next-button"); }
  var undoForm = byId("console-undo");
  if (undoForm) { postWithoutReload(undoForm, "console-undo-button"); }
  window.setTimeout(poll, POLL_MS);
}());
