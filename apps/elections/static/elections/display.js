/* The hall's screen: polls the round's state (same-origin JSON) every 3 s and redraws the
   count, then the full tally once the vote is closed, without reloading the page. The server
   sends no result while the vote is open. No inline script (CSP); text set with textContent. */
(function () {
  "use strict";
  var root = document.getElementById("hall");
  if (!root) { return; }
  var POLL_MS = 3000;
  var sent = 0;
  var applied = 0;

  function byId(id) { return document.getElementById(id); }

  function element(tag, text, attrs) {
    var el = document.createElement(tag);
    if (text) { el.textContent = text; }
    Object.keys(attrs || {}).forEach(function (name) { el.setAttribute(name, attrs[name]); });
    return el;
  }

  function clear(el) { while (el.firstChild) { el.removeChild(el.firstChild); } }

  function render(state) {
    root.dataset.status = state.status;
    root.dataset.rows = String(state.rows.length);
    byId("hall-cast").textContent = state.cast;
    byId("hall-roll").textContent = state.roll_size;
    byId("hall-count").hidden = state.status !== "open";

    var rows = byId("hall-rows");
    clear(rows);
    state.rows.forEach(function (row) {
      var tr = element("tr", "", row.elected ? {"class": "elected"} : {});
      var th = element("th", "", {scope: "row"});
      th.appendChild(element("bdi", row.name, {dir: "auto"}));
      tr.appendChild(th);
      tr.appendChild(element("td", String(row.votes)));
      rows.appendChild(tr);
    });
    byId("hall-result").hidden = state.rows.length === 0;

    var titles = byId("hall-titles");
    var texts = byId("hall-texts");
    clear(titles);
    clear(texts);
    state.languages.forEach(function (language) {
      var attrs = {lang: language.code, dir: language.dir};
      var title = element("p", language.title, attrs);
      title.className = "hall-title";
      titles.appendChild(title);
      var block = element("div", "", attrs);
      block.className = "hall-language";
      [["hall-outcome", language.outcome], ["hall-figures", language.figures],
       ["hall-label", language.label]].forEach(function (pair) {
        if (!pair[1]) { return; }
        var p = element("p", pair[1]);
        p.className = pair[0];
        block.appendChild(p);
      });
      texts.appendChild(block);
    });
  }

  function poll() {
    var seq = ++sent;
    fetch(root.dataset.stateUrl, {credentials: "same-origin", headers: {Accept: "application/json"}})
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (state) {
        if (seq > applied) { applied = seq; render(state); }
        if (state.status !== "certified") { window.setTimeout(poll, POLL_MS); }
      })
      .catch(function () { window.setTimeout(poll, POLL_MS * 2); });
  }

  if (root.dataset.status !== "certified") { window.setTimeout(poll, POLL_MS); }
}());
