/* Service worker of the gate page (scope /badges/gate/): the page opens with the network down
   after a first visit. Pages and files are fetched from the network first and kept; when the
   network fails, the kept copy answers. The API is never kept (the page holds the gate list
   itself). The page sends the list of files it loaded, so they are kept from the first visit. */
"use strict";

var CACHE = "ga-gate-v1";
var SCOPE = new URL(self.registration.scope).pathname;

function keepable(url) {
  return url.origin === self.location.origin && url.pathname.indexOf("/api/") !== 0;
}

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n !== CACHE; })
      .map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("message", function (event) {
  var urls = (event.data && event.data.keep) || [];
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(urls.map(function (raw) {
      var url = new URL(raw, self.location.origin);
      if (!keepable(url)) { return null; }
      return fetch(url.href, { credentials: "same-origin" }).then(function (resp) {
        if (resp.ok && !resp.redirected) { return cache.put(url.href, resp); }
        return null;
      }).catch(function () { return null; });
    }));
  }).then(function () {
    if (event.source) { event.source.postMessage({ kept: urls.length }); }
  }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || !keepable(url)) { return; }
  if (request.mode === "navigate" && url.pathname.indexOf(SCOPE) !== 0) { return; }
  event.respondWith(fetch(request).then(function (resp) {
    if (resp.ok && !resp.redirected && resp.type === "basic") {
      var copy = resp.clone();
      caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
    }
    return resp;
  }).catch(function () {
    return caches.match(request, { ignoreSearch: request.mode === "navigate" }).then(function (kept) {
      return kept || Response.error();
    });
  }));
});
