// What Reader's service worker keeps, and its record of it: one cache, one
// index (kind, size, when kept and last used, and for pages what the worker
// reads from their HTML), the bound and eviction.  reader/serviceworker.py
// serves this file and static/js/sw.js together as /sw.js, this one first,
// after the line that sets self.READER.

// (Strict mode: the served file begins with "use strict", before self.READER.)

var BUILD = self.READER;
var STORE = "reader-offline";
var ORIGIN = self.location.origin;
var INDEX = ORIGIN + "/.reader-offline-index";
var LOCALES = ["vi", "en"];

function noop() {}

// -- the record of what is kept ------------------------------------------------
// entries: url -> {k: "page"|"file"|"static", s: bytes, t: kept at, u: used at,
//                  page fields: etag, look (the <html> classes: the reader's
//                  settings), v (the article's content version), title, lang, r}
// saved:   url -> {title, lang, locale, at, size, audio, files}
// queue:   settings forms posted while offline, sent when the connection is back
var index = null;
var loading = null;
var writing = Promise.resolve();
var lock = Promise.resolve();
var saving = new Set(); // what a save in progress is fetching: not evicted meanwhile

function blank() {
  return { entries: {}, saved: {}, queue: [], look: null, locale: null };
}

function load() {
  if (index) return Promise.resolve(index);
  if (!loading) {
    loading = caches.open(STORE)
      .then(function (cache) { return cache.match(INDEX); })
      .then(function (response) { return response ? response.json() : null; })
      .catch(function () { return null; })
      .then(function (data) {
        index = blank();
        if (data && typeof data === "object") {
          ["entries", "saved", "queue", "look", "locale"].forEach(function (name) {
            if (data[name] !== undefined) index[name] = data[name];
          });
        }
        return index;
      });
  }
  return loading;
}

function persist() {
  writing = writing.then(function () {
    return caches.open(STORE).then(function (cache) {
      return cache.put(INDEX, new Response(JSON.stringify(index), {
        headers: { "Content-Type": "application/json" } }));
    });
  }).catch(noop);
  return writing;
}

var persistTimer = null;
function persistSoon() {
  if (persistTimer === null) {
    persistTimer = setTimeout(function () { persistTimer = null; persist(); }, 1000);
  }
}

// One change of many entries at a time (saving, removing, sending queued forms).
function exclusive(work) {
  var run = lock.then(work, work);
  lock = run.catch(noop);
  return run;
}

function touch(url) {
  var entry = index && index.entries[url];
  if (entry) { entry.u = Date.now(); persistSoon(); }
}

function used() {
  var total = 0;
  Object.keys(index.entries).forEach(function (url) { total += index.entries[url].s || 0; });
  return total;
}

function ownPages() {
  var out = [];
  LOCALES.forEach(function (code) { out.push(ORIGIN + "/" + code + "/offline", ORIGIN + "/" + code + "/saved"); });
  return out;
}

// Never evicted: saved articles and their files, this release's static files,
// and the worker's own pages (the offline page and the saved list).
function pinned() {
  var keep = new Set(BUILD.static.map(function (path) { return ORIGIN + path; }).concat(ownPages()));
  saving.forEach(function (url) { keep.add(url); });
  Object.keys(index.saved).forEach(function (url) {
    keep.add(url);
    (index.saved[url].files || []).forEach(function (file) { keep.add(file); });
  });
  return keep;
}

function pinnedSize() {
  var keep = pinned();
  var total = 0;
  keep.forEach(function (url) { if (index.entries[url]) total += index.entries[url].s || 0; });
  return total;
}

// Down to the bound (or the target given), oldest use first, unpinned entries
// only.  Returns how many entries went.
function evict(target) {
  var bound = target === undefined ? BUILD.limit : Math.min(target, BUILD.limit);
  var total = used();
  if (total <= bound) return Promise.resolve(0);
  var keep = pinned();
  var victims = Object.keys(index.entries)
    .filter(function (url) { return !keep.has(url); })
    .sort(function (a, b) { return index.entries[a].u - index.entries[b].u; });
  var gone = [];
  for (var i = 0; i < victims.length && total > bound; i++) {
    total -= index.entries[victims[i]].s || 0;
    delete index.entries[victims[i]];
    gone.push(victims[i]);
  }
  return caches.open(STORE).then(function (cache) {
    return Promise.all(gone.map(function (url) { return cache.delete(url); }));
  }).then(function () { return gone.length; });
}

function forget(urls) {
  urls.forEach(function (url) { delete index.entries[url]; });
  return caches.open(STORE).then(function (cache) {
    return Promise.all(urls.map(function (url) { return cache.delete(url); }));
  });
}

// -- keeping responses ---------------------------------------------------------
function plainHeaders(headers) {
  // Bodies are kept decoded: their length and coding headers no longer apply.
  var out = new Headers(headers);
  out.delete("content-encoding");
  out.delete("content-length");
  return out;
}

function put(url, body, headers, status) {
  var make = function () {
    return new Response(body, { status: status || 200, headers: plainHeaders(headers) });
  };
  return caches.open(STORE).then(function (cache) {
    return cache.put(url, make()).catch(function () {
      // The browser's own quota is smaller than our bound: make room among
      // unpinned entries for this one, then try once more.
      var size = typeof body === "string" ? new Blob([body]).size : body.size;
      return evict(Math.max(0, used() - size)).then(function () { return cache.put(url, make()); });
    });
  });
}

function keep(url, response, kind) {
  return response.blob().then(function (blob) {
    return put(url, blob, response.headers, response.status).then(function () {
      var now = Date.now();
      index.entries[url] = { k: kind, s: blob.size, t: now, u: now };
      return evict();
    }).then(function () { return persist(); });
  });
}

function unescapeHtml(text) {
  return text.replace(/&#34;|&quot;/g, "\"").replace(/&#39;/g, "'").replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

// What the worker needs to know about a page, read from its HTML.
function describe(text) {
  var html = /<html\b([^>]*)>/i.exec(text);
  var look = html && /\bclass="([^"]*)"/.exec(html[1]);
  var title = /<title>([^<]*)<\/title>/.exec(text);
  var article = /<article\b[^>]*>/.exec(text);
  var lang = article && /\blang="([a-z]{2})"/.exec(article[0]);
  var version = article && /\bdata-version="([0-9a-f]+)"/.exec(article[0]);
  return {
    look: look ? look[1] : "",
    title: title ? unescapeHtml(title[1]).replace(/ · Reader$/, "") : "",
    lang: lang ? lang[1] : null,
    v: version ? version[1] : null,
  };
}

// fromNetwork: the server just sent it, so its <html> classes are the
// reader's settings now.
function keepPage(url, text, headers, fromNetwork) {
  var meta = describe(text);
  return put(url, text, headers).then(function () {
    var now = Date.now();
    index.entries[url] = {
      k: "page", s: new Blob([text]).size, t: now, u: now, etag: headers.get("etag"),
      look: meta.look, v: meta.v, title: meta.title, lang: meta.lang, r: BUILD.release,
    };
    if (fromNetwork) index.look = meta.look;
    return evict();
  }).then(function () { return persist(); }).then(function () { return meta; });
}

function storable(response) {
  return response.status === 200 && response.type === "basic" &&
    (response.headers.get("content-type") || "").indexOf("text/html") === 0 &&
    (response.headers.get("cache-control") || "").indexOf("no-store") < 0;
}

function marked(text, headers, why, date) {
  var attributes = " data-offline=\"" + why + "\"" + (date ? " data-offline-date=\"" + date + "\"" : "");
  return new Response(text.replace(/<html\b/i, "<html" + attributes), { status: 200, headers: plainHeaders(headers) });
}

function cached(url) {
  return caches.open(STORE).then(function (cache) { return cache.match(url, { ignoreVary: true }); });
}
