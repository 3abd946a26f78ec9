// Reading offline, the page's side (the worker is static/js/sw.js).  Loaded
// by reader.js after the page's load event, so the first view pays nothing
// for it.  It registers the service worker, then:
// - on an article, shows the "Save for offline" section (saving asks the
//   worker to keep the page, its images as this screen shows them, and the
//   audio when the reader asks, with its size shown first);
// - on a page the worker answered from this device, says so, with the date
//   of the copy, visibly and in the polite status;
// - on the saved list and the offline page, lists what this device keeps;
// - on the settings page while offline, says changes apply once the
//   connection is back, and says so again when they have been.
// Every sentence and control comes from the server in the reader's language
// (templates/_offline_ui.html: in the saved list and offline pages, and in
// the copy of the offline page the worker keeps); none is written here.
(function () {
  "use strict";
  var sw = navigator.serviceWorker;
  if (!sw || !window.caches || !window.MessageChannel || !window.DOMParser) return;

  var root = document.documentElement;
  var locale = root.lang === "en" ? "en" : "vi";
  var status = document.getElementById("status");
  var ORIGIN = location.origin;
  var STORE = "reader-offline"; // static/js/sw.js keeps everything in this cache
  // As the server writes dates (reader.i18n.format_moment): "29 tháng 11, 2026 08:17".
  var dates = locale === "vi" ? [new Intl.DateTimeFormat("vi", { dateStyle: "long" }),
    new Intl.DateTimeFormat("vi", { timeStyle: "short" })] : [new Intl.DateTimeFormat("en", {
    dateStyle: "long", timeStyle: "short" })];
  var numbers = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });

  sw.register("/sw.js").catch(function () {});

  function noop() {}

  function ask(message) {
    return sw.ready.then(function (registration) {
      return new Promise(function (resolve) {
        var channel = new MessageChannel();
        channel.port1.onmessage = function (event) { resolve(event.data || {}); };
        registration.active.postMessage(message, [channel.port2]);
      });
    });
  }

  function announce(text) {
    if (!status || !text) return;
    // Cleared first, so the same sentence twice is announced twice.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  // -- the words ------------------------------------------------------------
  function words() {
    var here = document.getElementById("offline-ui");
    if (here) return Promise.resolve(here);
    return caches.open(STORE).then(function (cache) {
      return cache.match(ORIGIN + "/" + locale + "/offline", { ignoreVary: true });
    }).then(function (response) {
      return response ? response.text() : null;
    }).then(function (text) {
      return text ? new DOMParser().parseFromString(text, "text/html").getElementById("offline-ui") : null;
    }).catch(function () { return null; });
  }

  function say(ui, name, values) {
    var text = ui.getAttribute("data-msg-" + name) || "";
    Object.keys(values || {}).forEach(function (key) { text = text.split("{" + key + "}").join(values[key]); });
    return text;
  }

  // Everything offline.js shows is a copy of a template: its stylesheet
  // comes with the first one (a page that shows nothing never fetches it).
  function copy(ui, id) {
    style(ui);
    var template = ui.querySelector("template#" + id);
    return document.importNode(template.content, true).firstElementChild;
  }

  function style(ui) {
    var href = ui.getAttribute("data-css");
    if (href && !document.querySelector("link[href=\"" + href + "\"]")) {
      var link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = href;
      document.head.appendChild(link);
    }
  }

  function size(bytes) {
    if (bytes >= 1000000) return numbers.format(Math.round(bytes / 100000) / 10) + " MB";
    return numbers.format(Math.max(1, Math.round(bytes / 1000))) + " KB";
  }

  function day(ms) {
    var moment = new Date(Number(ms));
    return dates.map(function (format) { return format.format(moment); }).join(" ");
  }

  function notice(ui, text) {
    var main = document.getElementById("main");
    var note = copy(ui, "offline-note");
    note.textContent = text;
    main.insertBefore(note, main.firstChild);
    return note;
  }

  // -- a page answered from this device ---------------------------------------
  function fromDevice(ui) {
    var why = root.getAttribute("data-offline");
    if (why !== "offline" && why !== "slow") return "";
    var text = say(ui, "note-" + why, { date: day(root.getAttribute("data-offline-date")) });
    notice(ui, text);
    return text;
  }

  // -- the Save section on an article -------------------------------------------
  function article(ui, said) {
    var node = document.querySelector("article.article");
    if (!node) return;
    var listen = node.querySelector("[data-module=listen]");
    var section = copy(ui, "offline-save");
    node.insertBefore(section, listen || node.querySelector(".body"));
    var button = section.querySelector("[data-save]");
    var line = section.querySelector("[data-save-state]");
    var audioRow = section.querySelector("[data-save-audio-row]");
    var audioBox = section.querySelector("[data-save-audio]");
    var audioSize = section.querySelector("[data-audio-size]");
    var player = node.querySelector("#listen-audio");
    var mp3 = player && player.getAttribute("src");
    var vtt = listen && listen.getAttribute("data-vtt");
    var speech = listen && listen.getAttribute("data-speech");
    var title = node.querySelector("h1");
    var current = null;
    var busy = false;
    var sized = false;

    function render(record) {
      current = record;
      button.textContent = say(ui, record ? "remove" : "save");
      line.textContent = record ? say(ui, "saved-state", {
        date: day(record.at), size: size(record.size),
        audio: say(ui, record.audio ? "with-audio" : "without-audio") }) : say(ui, "not-saved");
      audioRow.hidden = !mp3 || Boolean(record);
    }

    function checkSize() {
      sized = true;
      audioSize.textContent = say(ui, "audio-checking");
      // HEAD: the server makes the audio if it has to, and says how big it is.
      fetch(mp3, { method: "HEAD", credentials: "same-origin" }).then(function (response) {
        var length = Number(response.headers.get("content-length"));
        if (!response.ok || !length) throw new Error("unknown");
        return say(ui, "audio-size", { size: size(length) });
      }).catch(function () {
        sized = false;
        return say(ui, "audio-unknown");
      }).then(function (text) {
        audioSize.textContent = text;
        announce(text);
      });
    }

    // The images as this screen shows them (the variant the browser chose
    // from srcset); none in text-only mode, where the page has no <img>.
    function images() {
      var found = Array.prototype.slice.call(node.querySelectorAll(".body img"));
      return Promise.all(found.map(function (img) {
        if (img.currentSrc && img.complete) return img.currentSrc;
        img.loading = "eager";
        var done = function () { return img.currentSrc || img.src; };
        return img.decode ? img.decode().then(done, done) : done();
      }));
    }

    function saveIt(refresh, withAudio) {
      busy = true;
      button.setAttribute("aria-disabled", "true");
      var audio = mp3 && (refresh ? withAudio : audioBox.checked) ? [mp3, vtt] : [];
      if (!refresh) announce(say(ui, audio.length ? "saving-audio" : "saving"));
      if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(noop);
      return images().then(function (files) {
        if (speech) files.push(speech);
        return ask({ type: "save", url: location.href, title: title ? title.textContent.trim() : document.title,
          lang: node.getAttribute("lang"), files: files, audio: audio.filter(Boolean), refresh: refresh });
      }).then(function (answer) {
        if (answer.ok) {
          render(answer.saved);
          if (!refresh) announce(say(ui, "saved") + (answer.evicted ? " " + say(ui, "evicted") : ""));
        } else if (!refresh) {
          announce(say(ui, "failed-" + answer.error) || say(ui, "failed"));
        }
      }, function () {
        if (!refresh) announce(say(ui, "failed"));
      }).then(function () {
        busy = false;
        button.removeAttribute("aria-disabled");
      });
    }

    function removeIt() {
      busy = true;
      ask({ type: "remove", url: location.href }).then(function () {
        render(null);
        announce(say(ui, "removed"));
      }).then(function () { busy = false; }, function () { busy = false; });
    }

    button.addEventListener("click", function () {
      if (busy) return;
      if (current) removeIt(); else saveIt(false);
    });
    audioBox.addEventListener("change", function () {
      if (audioBox.checked && !sized && mp3) checkSize();
    });

    ask({ type: "state", url: location.href }).then(function (answer) {
      render(answer.saved);
      var why = root.getAttribute("data-offline");
      if (answer.saved && (why === "updated" || why === "restyled")) {
        // The page just came from the server in a new version or in the
        // reader's new settings: bring the saved images and audio along.
        if (why === "updated") {
          var text = say(ui, "updated");
          notice(ui, text);
          announce(text);
        }
        saveIt(true, answer.saved.audio);
      } else if (!said && answer.queued) {
        announce(say(ui, "queued"));
      }
    });
  }

  // -- the saved list and the offline page --------------------------------------
  function lists(ui) {
    var page = document.querySelector("[data-offline-page]");
    if (!page) return;
    var nojs = page.querySelector("[data-offline-nojs]");
    var shown = page.querySelector("[data-offline-lists]");
    nojs.hidden = true;
    shown.hidden = false;
    if (page.getAttribute("data-offline-page") === "offline" && root.getAttribute("data-offline") === "fallback") {
      // Standing in for the page asked for: say why it is not here (the saved
      // list, not kept yet, is this page's own lists).
      var reason = /\/search$/.test(location.pathname) ? "search" : /\/saved$/.test(location.pathname) ? "" : "page";
      if (reason) page.querySelector("[data-offline-reason=" + reason + "]").hidden = false;
      var retry = page.querySelector("[data-offline-retry]");
      retry.hidden = false;
      retry.querySelector("button").addEventListener("click", function () { location.reload(); });
    }
    var usage = shown.querySelector("[data-usage]");
    var saved = shown.querySelector("[data-saved]");
    var kept = shown.querySelector("[data-kept]");
    var heading = document.getElementById("main-heading");

    function item(entry, isSaved) {
      var li = copy(ui, "offline-item");
      var link = li.querySelector("[data-link]");
      var url = new URL(entry.url);
      link.href = url.pathname + url.search;
      link.textContent = entry.title;
      if (entry.lang) link.setAttribute("lang", entry.lang);
      var parts = [ui.getAttribute("data-lang-" + entry.lang) || ""];
      if (isSaved) {
        parts.push(say(ui, "saved-on", { date: day(entry.at) }), size(entry.size),
          say(ui, entry.audio ? "with-audio" : "without-audio"));
      } else {
        parts.push(say(ui, "kept-on", { date: day(entry.at) }));
      }
      li.querySelector("[data-meta]").textContent = parts.filter(Boolean).join(" · ");
      var remove = li.querySelector("[data-remove]");
      if (!isSaved) {
        remove.parentNode.remove();
        return li;
      }
      remove.setAttribute("aria-label", say(ui, "remove-named", { title: entry.title }));
      remove.addEventListener("click", function () {
        var next = li.nextElementSibling || li.previousElementSibling;
        ask({ type: "remove", url: entry.url }).then(function () {
          announce(say(ui, "removed"));
          return refresh();
        }).then(function () {
          // The focus goes to a neighbour in the list, or to the heading.
          var target = next && saved.querySelector("a[href=\"" + next.querySelector("a").getAttribute("href") + "\"]");
          if (!target && heading) {
            heading.setAttribute("tabindex", "-1");
            target = heading;
          }
          if (target) target.focus();
        });
      });
      return li;
    }

    function fill(list, entries, isSaved, empty) {
      list.textContent = "";
      entries.forEach(function (entry) { list.appendChild(item(entry, isSaved)); });
      list.hidden = entries.length === 0;
      shown.querySelector(empty).hidden = entries.length > 0;
    }

    function refresh() {
      return ask({ type: "list" }).then(function (answer) {
        usage.textContent = say(ui, "usage", { used: size(answer.used || 0), limit: size(answer.limit || 0) });
        fill(saved, answer.saved || [], true, "[data-saved-empty]");
        fill(kept, answer.kept || [], false, "[data-kept-empty]");
      });
    }
    return refresh();
  }

  // -- settings ------------------------------------------------------------------
  function settingsPage(ui, said) {
    var form = document.querySelector("form.settings");
    if (!form) return;
    var note = null;
    var show = function (speak) {
      if (!note) note = form.parentNode.insertBefore(copy(ui, "offline-note"), form);
      note.textContent = say(ui, "settings-offline");
      if (speak) announce(note.textContent);
    };
    if (!navigator.onLine || root.getAttribute("data-offline") === "offline") show(!said);
    window.addEventListener("offline", function () { show(true); });
    ask({ type: "state", url: location.href }).then(function (answer) {
      if (answer.queued) show(false);
    });
  }

  // -- everywhere ----------------------------------------------------------------
  function everywhere(ui) {
    document.addEventListener("reader:queued", function () { announce(say(ui, "queued")); });
    // Back online: the worker sends the settings kept meanwhile.  The worker
    // may see the connection a moment after the page does: try a few times.
    var tries = 0;
    var apply = function () {
      ask({ type: "flush" }).then(function (answer) {
        if (answer.applied) {
          announce(say(ui, "applied"));
        } else if (answer.queued && tries < 5) {
          tries += 1;
          window.setTimeout(apply, 1000 * tries);
        }
      });
    };
    window.addEventListener("online", function () { tries = 0; apply(); });
    // The search page's live results need the network too.
    document.addEventListener("htmx:sendError", function (event) {
      var count = document.getElementById("search-count");
      if (count && event.target && event.target.id === "q") count.textContent = say(ui, "search-offline");
    });
  }

  function start(ui) {
    var said = fromDevice(ui);
    if (said) announce(said);
    everywhere(ui);
    article(ui, said);
    lists(ui);
    settingsPage(ui, said);
  }

  var navigation = performance.getEntriesByType ? performance.getEntriesByType("navigation")[0] : null;
  var hello = ask({
    type: "hello", locale: locale,
    // A page the worker did not answer (the first visit) is kept from the
    // browser's own cache; one it answered, it has kept already.
    url: (sw.controller || (navigation && navigation.responseStatus && navigation.responseStatus !== 200))
      ? null : location.href,
    saveData: Boolean(navigator.connection && navigator.connection.saveData),
  });

  // The files the page loads before the worker is in charge (a first visit,
  // or the moments before it takes over): the worker keeps them from the
  // browser's cache.  It skips those it has.
  if (window.PerformanceObserver) {
    var files = [];
    var timer = null;
    new PerformanceObserver(function (entries) {
      entries.getEntries().forEach(function (entry) {
        if (entry.name.indexOf(ORIGIN + "/static/") === 0 || entry.name.indexOf(ORIGIN + "/media/") === 0) {
          files.push(entry.name);
        }
      });
      if (files.length && timer === null) {
        timer = window.setTimeout(function () {
          timer = null;
          ask({ type: "files", urls: files.splice(0) });
        }, 300);
      }
    }).observe({ type: "resource", buffered: true });
  }
  words().then(function (ui) {
    // On a first visit the worker brings the offline page (and its words) first.
    return ui || hello.then(words);
  }).then(function (ui) {
    if (ui) start(ui);
  });
})();
