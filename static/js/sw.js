// Reader's service worker: reading and listening offline, as an enhancement
// on top of pages that already work without it.  Served as /sw.js (scope /)
// by reader/views/offline.py, after static/js/sw-store.js, with a line in
// front naming this release's static files and the storage bound
// (self.READER, see reader/serviceworker.py).
//
// What it keeps, in one cache, with a record of each entry (kind, size, when
// it was kept and last used):
// - static files (content-hashed names): cache first;
// - pages the reader opens: network first.  With a copy kept, it asks the
//   server with that copy's ETag (a 304 costs a few hundred bytes) and waits
//   at most TIMEOUT for the answer; past that, or with no connection, it
//   answers with the copy and marks the page (data-offline on <html>) so
//   static/js/offline.js says so, with the copy's date, in the polite status;
// - images the pages show, as they pass (cache first: content-hashed names);
// - articles the reader saves (page, images, and the audio when asked):
//   pinned, kept until removed.  Everything else is bounded by READER.limit:
//   the entries used longest ago go first.
// Nothing is fetched ahead under Save-Data: the one exception is this
// worker's own offline page (see hello()).  Updates take effect on the next
// visit: no skipWaiting.
// The record of what is kept, the bound and eviction: static/js/sw-store.js.

var TIMEOUT = BUILD.timeout; // ms a page with a kept copy waits for the network
var PAGE = /^\/(vi|en)\//;
var SPEECH = /^\/(vi|en)\/articles\/[^/]+\/(audio\.mp3|audio\.vtt|speech\.json)$/;
var SETTINGS = /^\/(vi|en)\/settings$/;
var lastSaveData = false;

// -- pages: network first ------------------------------------------------------
function page(event, url) {
  var key = url.href.split("#")[0];
  return load().then(function () {
    // Settings changed offline go first, so the page comes in the new ones.
    return index.queue.length ? flush() : 0;
  }).then(function () {
    var entry = index.entries[key];
    return (entry ? cached(key) : Promise.resolve(null)).then(function (copy) {
      return copy ? revalidate(event, key, entry, copy) : fresh(event, url, key);
    });
  });
}

function fresh(event, url, key) {
  return fetch(event.request).then(function (response) {
    if (storable(response)) {
      var copy = response.clone();
      event.waitUntil(copy.text().then(function (text) { return keepPage(key, text, copy.headers, true); }));
    }
    return response;
  }, function () {
    return fallback(url);
  });
}

function revalidate(event, key, entry, copy) {
  return copy.text().then(function (kept) {
    var request = new Request(key, {
      headers: entry.etag ? { "If-None-Match": entry.etag } : {}, credentials: "same-origin", redirect: "manual" });
    var network = fetch(request).then(function (response) {
      if (response.status === 304) {
        touch(key);
        return new Response(kept, { status: 200, headers: plainHeaders(copy.headers) });
      }
      if (!storable(response)) return response;
      return response.text().then(function (text) {
        var before = { v: entry.v, look: entry.look };
        return keepPage(key, text, response.headers, true).then(function (meta) {
          var saved = index.saved[key];
          if (saved && before.v && meta.v && before.v !== meta.v) return marked(text, response.headers, "updated");
          if (saved && before.look !== meta.look) return marked(text, response.headers, "restyled");
          return new Response(text, { status: 200, headers: plainHeaders(response.headers) });
        });
      });
    });
    // A copy made in other settings than the reader's now: worth waiting for the new one.
    var patient = entry.look !== index.look;
    var timer = new Promise(function (resolve) { if (!patient) setTimeout(resolve, TIMEOUT, "slow"); });
    return Promise.race([network, timer]).then(function (result) {
      if (result !== "slow") return result;
      event.waitUntil(network.catch(noop)); // the fresh copy is kept for next time
      touch(key);
      return marked(kept, copy.headers, "slow", entry.t);
    }, function () {
      touch(key);
      return marked(kept, copy.headers, "offline", entry.t);
    });
  });
}

// No connection and no copy: the offline page, in the page's language (or
// the other one), at the address the reader asked for.
function fallback(url) {
  var match = PAGE.exec(url.pathname);
  var locale = match ? match[1] : (index.locale || "vi");
  if (url.pathname === "/") return Response.redirect("/" + locale + "/", 302);
  var order = [locale].concat(LOCALES.filter(function (code) { return code !== locale; }));
  var attempt = function (i) {
    if (i >= order.length) return Response.error();
    return cached(ORIGIN + "/" + order[i] + "/offline").then(function (response) {
      if (!response) return attempt(i + 1);
      return response.text().then(function (text) { return marked(text, response.headers, "fallback"); });
    });
  };
  return attempt(0);
}

// -- files ---------------------------------------------------------------------
function cacheFirst(event, key, kind) {
  return load().then(function () { return cached(key); }).then(function (hit) {
    if (hit) { touch(key); return hit; }
    return fetch(event.request).then(function (response) {
      if (response.status === 200 && response.type === "basic") {
        event.waitUntil(keep(key, response.clone(), kind).catch(noop));
      }
      return response;
    });
  });
}

// Audio, its timings and the speech text: from a saved article, else the network.
function speech(event, key) {
  return load().then(function () { return index.entries[key] ? cached(key) : null; }).then(function (hit) {
    if (!hit) return fetch(event.request);
    touch(key);
    return ranged(event.request, hit);
  });
}

// Media elements ask for byte ranges; a kept file answers them itself.
function ranged(request, response) {
  var range = request.headers.get("range");
  if (!range) return response;
  return response.blob().then(function (blob) {
    var size = blob.size;
    var match = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
    if (!match || (!match[1] && !match[2])) return new Response(blob, { status: 200, headers: response.headers });
    var start = match[1] ? Number(match[1]) : Math.max(0, size - Number(match[2]));
    var end = match[1] && match[2] ? Math.min(Number(match[2]), size - 1) : size - 1;
    if (start >= size || start > end) {
      return new Response(null, { status: 416, headers: { "Content-Range": "bytes */" + size } });
    }
    var headers = new Headers(response.headers);
    headers.set("Content-Range", "bytes " + start + "-" + end + "/" + size);
    headers.set("Content-Length", String(end - start + 1));
    headers.set("Accept-Ranges", "bytes");
    return new Response(blob.slice(start, end + 1), { status: 206, headers: headers });
  });
}

// -- settings ------------------------------------------------------------------
function changed() {
  // Unknown until the next page arrives: kept copies are in other settings.
  index.look = null;
  return persist();
}

function localPath(value) {
  return typeof value === "string" && value.charAt(0) === "/" && value.charAt(1) !== "/" && value.charAt(1) !== "\\";
}

function settings(event) {
  var request = event.request;
  var copy = request.clone();
  return fetch(request).then(function (response) {
    if (response.ok || response.type === "opaqueredirect") event.waitUntil(load().then(changed));
    return response;
  }, function () {
    // Offline: kept, and sent as soon as the connection is back.
    return Promise.all([copy.text(), load()]).then(function (parts) {
      var body = parts[0];
      index.queue.push({ url: request.url, body: body,
        type: request.headers.get("content-type") || "application/x-www-form-urlencoded" });
      return persist().then(function () {
        if (request.headers.get("hx-request") === "true") {
          return new Response(null, { status: 204, headers: { "HX-Trigger": "reader:queued" } });
        }
        var locale = SETTINGS.exec(new URL(request.url).pathname)[1];
        var next = new URLSearchParams(body).get("next");
        var target = localPath(next) && !SETTINGS.test(next.split("?")[0]) ? next : "/" + locale + "/settings";
        return Response.redirect(target, 303);
      });
    });
  });
}

function flush() {
  return exclusive(function () {
    var applied = 0;
    var next = function () {
      if (!index.queue.length) return applied;
      var item = index.queue[0];
      return fetch(item.url, { method: "POST", body: item.body, headers: { "Content-Type": item.type },
        credentials: "same-origin", redirect: "manual" }).then(function () {
        // Sent: whatever the answer, sending it again would get the same one.
        index.queue.shift();
        applied += 1;
        return persist().then(next);
      }, function () { return applied; });
    };
    return load().then(next).then(function (count) {
      return count ? changed().then(function () { return count; }) : count;
    });
  });
}

// -- messages from pages (static/js/offline.js) ----------------------------------
function sameOrigin(value) {
  if (typeof value !== "string" || !value) return null;
  try {
    var url = new URL(value, ORIGIN);
    return url.origin === ORIGIN ? url.href.split("#")[0] : null;
  } catch (error) {
    return null;
  }
}

function fromBrowserCache(url, kind) {
  // Costs nothing on the network: the browser has just loaded it.  A first
  // visit's page was asked for without the language cookie it set, and
  // pages vary by Cookie: look for that one too.
  var look = function (credentials) {
    return fetch(url, { cache: "only-if-cached", mode: "same-origin", credentials: credentials });
  };
  var found = kind === "page" ? look("same-origin").then(function (response) {
    return storable(response) ? response : look("omit");
  }, function () { return look("omit"); }) : look("same-origin");
  return found.then(function (response) {
    if (kind === "page") {
      if (!storable(response)) return false;
      return response.text().then(function (text) { return keepPage(url, text, response.headers, false); })
        .then(function () { return true; });
    }
    if (response.status !== 200) return false;
    return keep(url, response, kind).then(function () { return true; });
  }, function () { return false; });
}

function fetchAndKeep(url, kind) {
  return fetch(url, { credentials: "same-origin" }).then(function (response) {
    if (kind === "page") {
      if (!storable(response)) throw new Error("not kept");
      return response.text().then(function (text) { return keepPage(url, text, response.headers, true); });
    }
    if (response.status !== 200) throw new Error("not kept");
    return keep(url, response, kind);
  });
}

function ownPageStale(url) {
  var entry = index.entries[url];
  return !entry || entry.r !== BUILD.release || (index.look !== null && entry.look !== index.look);
}

// A page has loaded: keep it (from the browser's own cache, when the worker
// did not answer it itself) and the files every page needs, and make sure
// this worker's offline page is here, in this release and the reader's settings.
// Under Save-Data nothing else is fetched; the offline page is, because
// without it an offline reader gets the browser's error instead of their
// saved articles (and offline.js finds its words there).
// Files a page loaded without the worker (before it took over): from the
// browser's cache only, so this costs nothing on the network.
function files(data) {
  return load().then(function () {
    var urls = (Array.isArray(data.urls) ? data.urls : []).map(sameOrigin).filter(function (url) {
      if (!url || index.entries[url]) return false;
      var path = new URL(url).pathname;
      return path.indexOf("/static/") === 0 || path.indexOf("/media/") === 0;
    });
    return Promise.all(urls.map(function (url) {
      return fromBrowserCache(url, new URL(url).pathname.indexOf("/static/") === 0 ? "static" : "file");
    }));
  }).then(function () { return { ok: true }; });
}

function hello(data) {
  return load().then(function () {
    var locale = LOCALES.indexOf(data.locale) >= 0 ? data.locale : "vi";
    var lean = Boolean(data.saveData) || lastSaveData ||
      Boolean(self.navigator.connection && self.navigator.connection.saveData);
    // Every page view says hello: the index is written only when this changed
    // it (what is kept writes it as it keeps).
    var changed = index.locale !== locale;
    index.locale = locale;
    var tasks = [];
    var here = sameOrigin(data.url);
    if (here && PAGE.test(new URL(here).pathname) && !index.entries[here]) {
      tasks.push(fromBrowserCache(here, "page").then(function (found) {
        return found || lean ? null : fetchAndKeep(here, "page");
      }));
    }
    BUILD.core.forEach(function (path) {
      var url = ORIGIN + path;
      if (index.entries[url]) return;
      tasks.push(fromBrowserCache(url, "static").then(function (found) {
        return found || lean ? null : fetchAndKeep(url, "static");
      }));
    });
    // The offline page also lists what is kept: the saved list itself is
    // kept only once the reader opens it.
    var offline = ORIGIN + "/" + locale + "/offline";
    if (ownPageStale(offline)) tasks.push(fetchAndKeep(offline, "page"));
    return Promise.all(tasks.map(function (task) { return task.catch(noop); }));
  }).then(function () {
    return changed ? persist() : null;
  }).then(function () {
    return { ok: true, offline: Boolean(index.entries[ORIGIN + "/" + index.locale + "/offline"]) };
  });
}

// Keep the file if it is not kept yet.
function ensure(url, kind) {
  if (index.entries[url]) {
    return cached(url).then(function (hit) { return hit ? null : fetchAndKeep(url, kind); });
  }
  return fetchAndKeep(url, kind);
}

// The page, checked with the server (its ETag) when there is a connection.
function refreshPage(key) {
  var entry = index.entries[key];
  var headers = entry && entry.etag ? { "If-None-Match": entry.etag } : {};
  return fetch(new Request(key, { headers: headers, credentials: "same-origin" })).then(function (response) {
    if (response.status === 304 && entry) { touch(key); return null; }
    if (!storable(response)) throw new Error("not a page");
    return response.text().then(function (text) { return keepPage(key, text, response.headers, true); });
  }, function (error) {
    if (!entry) throw error; // offline, but the copy kept when it was read will do
    return null;
  });
}

function save(data) {
  return exclusive(function () {
    return load().then(function () {
      var key = sameOrigin(data.url);
      if (!key || !PAGE.test(new URL(key).pathname)) return { ok: false, error: "failed" };
      var list = function (values) {
        return (Array.isArray(values) ? values : []).map(sameOrigin).filter(Boolean);
      };
      var files = list(data.files);
      var audio = list(data.audio);
      var previous = index.saved[key];
      var step = "network";
      [key].concat(files, audio).forEach(function (url) { saving.add(url); });
      return refreshPage(key).then(function () {
        var all = files.map(function (url) { return ensure(url, "file"); })
          .concat(BUILD.player.map(function (path) { return ensure(ORIGIN + path, "static"); }));
        return Promise.all(all);
      }).then(function () {
        step = "audio";
        return Promise.all(audio.map(function (url) { return ensure(url, "file"); }));
      }).then(function () {
        var own = [key].concat(files, audio);
        var size = 0;
        own.forEach(function (url) { size += index.entries[url] ? index.entries[url].s : 0; });
        var meta = index.entries[key] || {};
        var record = {
          title: String(data.title || meta.title || ""), lang: LOCALES.indexOf(data.lang) >= 0 ? data.lang : meta.lang,
          locale: PAGE.exec(new URL(key).pathname)[1], at: data.refresh && previous ? previous.at : Date.now(),
          size: size, audio: audio.length > 0, files: files.concat(audio),
        };
        index.saved[key] = record;
        if (pinnedSize() > BUILD.limit) {
          // Saved articles and the site's own files must fit in the bound.
          if (previous) index.saved[key] = previous; else delete index.saved[key];
          step = "space";
          saving.clear();
          var keepNow = pinned();
          var dropped = audio.filter(function (url) { return !keepNow.has(url); });
          return forget(dropped).then(function () { return evict(); }).then(function () {
            throw new Error("space");
          });
        }
        // Files the previous copy had and this one does not are no longer pinned.
        saving.clear();
        return evict().then(function (evicted) {
          return persist().then(function () { return { ok: true, saved: record, evicted: evicted }; });
        });
      }).catch(function () {
        saving.clear();
        return persist().then(function () { return { ok: false, error: step }; });
      });
    });
  });
}

function remove(data) {
  return exclusive(function () {
    return load().then(function () {
      var key = sameOrigin(data.url);
      var record = key && index.saved[key];
      if (!record) return { ok: true };
      delete index.saved[key];
      var still = pinned();
      return forget([key].concat(record.files || []).filter(function (url) { return !still.has(url); }))
        .then(persist).then(function () { return { ok: true }; });
    });
  });
}

function list() {
  return load().then(function () {
    var saved = Object.keys(index.saved).map(function (url) {
      var record = index.saved[url];
      return { url: url, title: record.title, lang: record.lang, at: record.at, size: record.size, audio: record.audio };
    }).sort(function (a, b) { return b.at - a.at; });
    var kept = Object.keys(index.entries).filter(function (url) {
      var entry = index.entries[url];
      return entry.k === "page" && entry.lang && !index.saved[url];
    }).map(function (url) {
      var entry = index.entries[url];
      return { url: url, title: entry.title, lang: entry.lang, at: entry.t };
    }).sort(function (a, b) { return b.at - a.at; });
    return { saved: saved, kept: kept, used: used(), limit: BUILD.limit };
  });
}

function state(data) {
  return load().then(function () {
    var key = sameOrigin(data.url);
    return { saved: (key && index.saved[key]) || null, queued: index.queue.length };
  });
}

var HANDLERS = { hello: hello, files: files, save: save, remove: remove, list: list, state: state, flush: function () {
  return flush().then(function (count) { return { applied: count, queued: index.queue.length }; });
} };

self.addEventListener("message", function (event) {
  var data = event.data || {};
  var port = event.ports && event.ports[0];
  var handler = Object.prototype.hasOwnProperty.call(HANDLERS, data.type) ? HANDLERS[data.type] : null;
  if (!port || !handler) return;
  event.waitUntil(Promise.resolve().then(function () { return handler(data); }).then(function (result) {
    port.postMessage(result);
  }, function () {
    port.postMessage({ ok: false, error: "failed" });
  }));
});

// -- lifecycle and routing -------------------------------------------------------
// Installing fetches nothing: pages and files are kept as the reader uses them.
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name !== STORE; })
      .map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== ORIGIN) return;
  if (request.method === "POST" && SETTINGS.test(url.pathname)) {
    event.respondWith(settings(event));
    return;
  }
  if (request.method !== "GET") return;
  if (request.mode === "navigate") {
    lastSaveData = request.headers.get("save-data") === "on";
    if (url.pathname === "/" || PAGE.test(url.pathname)) event.respondWith(page(event, url));
    return;
  }
  var key = url.href.split("#")[0];
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(cacheFirst(event, key, "static"));
  } else if (url.pathname.indexOf("/media/") === 0) {
    event.respondWith(cacheFirst(event, key, "file"));
  } else if (SPEECH.test(url.pathname)) {
    event.respondWith(speech(event, key));
  }
});
