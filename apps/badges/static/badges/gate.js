/* Gate check-in: scan (camera through BarcodeDetector, or a USB scanner / typing into the
   field) or search by name; a large verdict with its reason. Online, the server decides and
   records the scan. Offline (or when the server cannot be reached), the device decides from
   the downloaded gate list: the Ed25519 signature is verified with WebCrypto, the badge looked
   up in the roster and revocation list, and the scan queued in localStorage, sent again (each
   once, by its scan id) when the network returns. Same-origin script, no dependency. */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("gate-config").textContent);
  var QUEUE_KEY = "gaGateQueue";
  var PAYLOAD_BYTES = 10;
  var TOKEN_BYTES = 74;
  var syncing = false;
  var keyCache = {};

  function $(id) { return document.getElementById(id); }

  function csrfToken() {
    var field = document.querySelector("#gate-scan input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function uuid4() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function fromB64url(text) {
    var s = text.replace(/-/g, "+").replace(/_/g, "/");
    while (s.length % 4) { s += "="; }
    var bin = atob(s);
    var out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { out[i] = bin.charCodeAt(i); }
    return out;
  }

  function format(text, n) { return text.replace("%(n)s", String(n)); }

  function zoneId() { return parseInt($("gate-zone").value, 10); }
  function gateName() { return $("gate-name").value.trim() || "gate"; }
  function direction() {
    var checked = document.querySelector("input[name=direction]:checked");
    return checked ? checked.value : "in";
  }

  // --- local storage: gate list, who is inside, queued scans ---------------------------------
  function load(key, fallback) {
    try { var raw = localStorage.getItem(key); return raw ? JSON.parse(raw) : fallback; }
    catch (e) { return fallback; }
  }
  function save(key, value) { localStorage.setItem(key, JSON.stringify(value)); }
  function bundle() { return load("gaGateBundle:" + zoneId(), null); }
  function inside() { return load("gaGateInside:" + zoneId(), []); }
  function setInside(id, dir) {
    var ids = inside().filter(function (x) { return x !== id; });
    if (dir === "in") { ids.push(id); }
    save("gaGateInside:" + zoneId(), ids);
  }
  function queue() { return load(QUEUE_KEY, []); }

  function renderQueue() {
    var n = queue().length;
    $("gate-queue").textContent = n ? format(config.texts.queued, n) : "";
  }

  function rosterEntry(id) {
    var b = bundle();
    if (!b) { return null; }
    for (var i = 0; i < b.roster.length; i++) { if (b.roster[i].id === id) { return b.roster[i]; } }
    return null;
  }

  async function downloadBundle() {
    try {
      var resp = await fetch(config.bundleUrl + "?zone=" + zoneId(), { credentials: "same-origin" });
      if (!resp.ok) { return; }
      var body = await resp.json();
      save("gaGateBundle:" + zoneId(), body);
      save("gaGateInside:" + zoneId(), body.inside);
      $("gate-bundle-state").textContent = format(config.texts.bundleReady, body.roster.length);
    } catch (e) {
      var b = bundle();
      $("gate-bundle-state").textContent = b ? format(config.texts.bundleReady, b.roster.length) : config.texts.noBundle;
    }
  }

  // --- deciding on the device ----------------------------------------------------------------
  async function publicKey(b64) {
    if (!keyCache[b64]) {
      keyCache[b64] = await crypto.subtle.importKey("raw", fromB64url(b64), { name: "Ed25519" }, false, ["verify"]);
    }
    return keyCache[b64];
  }

  function judge(entry, b, dir, claims) {
    var nowSeconds = Date.now() / 1000;
    if (!entry || (claims && claims.version > entry.version)) { return "unknown"; }
    if (entry.revoked || b.revoked.indexOf(entry.id) !== -1) { return "revoked"; }
    if (claims && claims.version < entry.version) { return "old_version"; }
    if (claims && nowSeconds >= claims.expires) { return "expired"; }
    if (Date.now() < Date.parse(b.valid_from)) { return "not_yet_valid"; }
    if (entry.zones.indexOf(b.zone.id) === -1) { return "wrong_zone"; }
    var windows = b.windows ? b.windows[String(entry.category_id)] : undefined;
    if (windows && !windows.some(function (w) {
      return Date.now() >= Date.parse(w.start) && Date.now() <= Date.parse(w.end);
    })) { return "zone_closed"; }
    if (dir === "in" && b.zone.no_passback && inside().indexOf(entry.id) !== -1) { return "already_inside"; }
    return "ok";
  }

  async function decideOffline(scan) {
    var b = bundle();
    if (!b) { return null; }
    if (!scan.token) {
      var found = rosterEntry(scan.badge);
      return { reason: judge(found, b, scan.direction, null), entry: found };
    }
    var raw;
    try { raw = fromB64url(scan.token); } catch (e) { return { reason: "unknown", entry: null }; }
    if (raw.length !== TOKEN_BYTES) { return { reason: "unknown", entry: null }; }
    var payload = raw.slice(0, PAYLOAD_BYTES);
    var signature = raw.slice(PAYLOAD_BYTES);
    var valid = false;
    try { valid = await crypto.subtle.verify({ name: "Ed25519" }, await publicKey(b.public_key), signature, payload); }
    catch (e) { valid = false; }
    if (!valid) { return { reason: "unknown", entry: null }; }
    var view = new DataView(payload.buffer);
    var claims = { id: view.getUint32(0), version: view.getUint16(4), expires: view.getUint32(6) };
    var entry = rosterEntry(claims.id);
    return { reason: judge(entry, b, scan.direction, claims), entry: entry };
  }

  // --- showing the verdict -------------------------------------------------------------------
  function show(admitted, reason, person, offline) {
    var box = $("gate-verdict");
    box.hidden = false;
    box.className = "gate-verdict " + (admitted ? "ok" : "no");
    $("gate-verdict-word").textContent = admitted ? config.texts.admitted : config.texts.refused;
    $("gate-verdict-reason").textContent = config.reasons[reason] || reason;
    $("gate-verdict-name").textContent = person ? person.name : "";
    $("gate-verdict-native").textContent = person && person.native_name ? person.native_name : "";
    $("gate-verdict-affiliation").textContent = person ? person.affiliation : "";
    $("gate-verdict-category").textContent = person ? person.category : "";
    $("gate-verdict-mode").textContent = offline ? config.texts.offline : "";
    var photo = $("gate-verdict-photo");
    // Only our own thumbnails (data URLs of JPEG) from the gate list, never another source.
    if (person && person.photo && person.photo.indexOf("data:image/jpeg;base64,") === 0) {
      photo.src = person.photo; photo.hidden = false;
    } else {
      photo.removeAttribute("src"); photo.hidden = true;
    }
    box.dataset.reason = reason;
    box.dataset.mode = offline ? "offline" : "online";
  }

  async function check(what) {
    var scan = {
      scan_id: uuid4(), zone: zoneId(), gate: gateName(), direction: direction(),
      scanned_at: new Date().toISOString(),
    };
    if (what.token) { scan.token = what.token.trim(); } else { scan.badge = what.badge; }
    if (navigator.onLine !== false) {
      try {
        var resp = await fetch(config.scanUrl, {
          method: "POST", credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
          body: JSON.stringify(scan),
        });
        var body = await resp.json();
        if (resp.ok) {
          var entry = body.badge ? rosterEntry(body.badge) : null;
          show(body.admitted, body.reason, {
            name: body.holder, native_name: entry ? entry.native_name : "",
            photo: entry ? entry.photo : "",
            affiliation: body.affiliation, category: body.category,
          }, false);
          if (body.admitted && body.badge) { setInside(body.badge, scan.direction); }
          return;
        }
        if (resp.status < 500) { show(false, "unknown", null, false); return; }
      } catch (e) { /* the network is down: the device decides */ }
    }
    var decided = await decideOffline(scan);
    if (!decided) { $("gate-alerts").textContent = config.texts.noBundle; return; }
    var admitted = decided.reason === "ok";
    show(admitted, decided.reason, decided.entry, true);
    if (admitted && decided.entry) { setInside(decided.entry.id, scan.direction); }
    var queued = queue();
    queued.push({
      scan_id: scan.scan_id, zone: scan.zone, gate: scan.gate, direction: scan.direction,
      scanned_at: scan.scanned_at, token: scan.token || "", badge: scan.badge || null,
      admitted: admitted, reason: decided.reason,
    });
    save(QUEUE_KEY, queued);
    renderQueue();
  }

  async function sync() {
    var queued = queue();
    if (syncing || !queued.length || navigator.onLine === false) { return; }
    syncing = true;
    try {
      var batch = queued.slice(0, 500);
      var resp = await fetch(config.syncUrl, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
        body: JSON.stringify({ scans: batch }),
      });
      if (resp.ok) {
        var body = await resp.json();
        var done = {};
        body.results.forEach(function (r) { done[r.scan_id] = true; });
        save(QUEUE_KEY, queue().filter(function (s) { return !done[s.scan_id]; }));
        if (body.admitted_while_revoked) {
          $("gate-alerts").textContent = format(config.texts.whileRevoked, body.admitted_while_revoked);
        }
        document.body.dataset.synced = String((parseInt(document.body.dataset.synced || "0", 10)) + batch.length);
      }
    } catch (e) { /* still offline: try again later */ }
    finally { syncing = false; renderQueue(); }
  }

  // --- search by name ------------------------------------------------------------------------
  function search() {
    var q = $("gate-query").value.trim().toLowerCase();
    var list = $("gate-results");
    list.textContent = "";
    var b = bundle();
    if (!b || q.length < 2) { return; }
    b.roster.filter(function (e) {
      return (e.name + " " + e.native_name + " " + e.affiliation).toLowerCase().indexOf(q) !== -1;
    }).slice(0, 10).forEach(function (e) {
      var item = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button button-quiet";
      button.textContent = e.name + " · " + e.affiliation + " · " + e.category;
      button.dataset.badge = String(e.id);
      button.addEventListener("click", function () { check({ badge: e.id }); });
      item.appendChild(button);
      list.appendChild(item);
    });
  }

  // --- camera --------------------------------------------------------------------------------
  async function startCamera() {
    if (!("BarcodeDetector" in window) || !navigator.mediaDevices) {
      $("gate-alerts").textContent = config.texts.cameraOff;
      return;
    }
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    var video = $("gate-video");
    video.srcObject = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
    video.hidden = false;
    await video.play();
    var last = "", lastAt = 0;
    setInterval(async function () {
      try {
        var codes = await detector.detect(video);
        if (codes.length && (codes[0].rawValue !== last || Date.now() - lastAt > 3000)) {
          last = codes[0].rawValue; lastAt = Date.now();
          check({ token: last });
        }
      } catch (e) { /* a frame not ready */ }
    }, 300);
  }

  $("gate-scan").addEventListener("submit", function (event) {
    event.preventDefault();
    var token = $("gate-token").value;
    $("gate-token").value = "";
    if (token.trim()) { check({ token: token }); }
    $("gate-token").focus();
  });
  $("gate-search").addEventListener("submit", function (event) { event.preventDefault(); });
  $("gate-query").addEventListener("input", search);
  $("gate-download").addEventListener("click", downloadBundle);
  $("gate-zone").addEventListener("change", downloadBundle);
  $("gate-camera").addEventListener("click", startCamera);
  window.addEventListener("online", sync);
  setInterval(sync, 5000);
  setInterval(function () { if (navigator.onLine !== false) { downloadBundle(); } }, 60000);
  renderQueue();
  downloadBundle().then(sync);

  // --- opening offline: the service worker keeps this page and its files ---------------------
  function keepForOffline(worker) {
    var files = performance.getEntriesByType("resource").map(function (e) { return e.name; })
      .filter(function (u) { return u.indexOf(location.origin + "/") === 0 && u.indexOf("/api/") === -1; });
    worker.postMessage({ keep: [location.pathname].concat(files) });
  }
  if ("serviceWorker" in navigator && config.serviceWorkerUrl) {
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.kept) { document.body.dataset.offlineReady = "1"; }
    });
    navigator.serviceWorker.register(config.serviceWorkerUrl, { scope: config.scope })
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function (registration) { keepForOffline(registration.active); })
      .catch(function () { /* no offline opening on this browser */ });
  }
})();
