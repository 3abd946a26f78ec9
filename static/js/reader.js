// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");

  // Offline reading (offline.js) loads after the page: not in the first view.
  var offline = document.currentScript && document.currentScript.getAttribute("data-offline");
  if (offline && "serviceWorker" in navigator) {
    window.addEventListener("load", function () {
      var script = document.createElement("script");
      script.src = offline;
      document.head.appendChild(script);
    });
  }

  // The toolbar (posted by htmx) answers with an event carrying the page's new
  // classes and a sentence for the live region, in the UI language.
  document.addEventListener("reader:prefs", function (event) {
    var detail = event.detail || {};
    if (typeof detail.classes === "string") {
      root.className = detail.classes + " js";
    }
    var status = document.getElementById("status");
    if (status && typeof detail.message === "string") {
      // Clear first so the same sentence twice is announced twice.
      status.textContent = "";
      window.setTimeout(function () { status.textContent = detail.message; }, 50);
    }
  });

  // Search results swapped in may hold a wider word than the page had
  // (reader/fit.py): text and headings each take the wider of the two.
  document.addEventListener("reader:fit", function (event) {
    var fit = (root.getAttribute("data-fit") || "").split(" ");
    String(event.detail.value || "").split(" ").forEach(function (part, i) {
      if (fit[i] && +part.slice(1) > +fit[i].slice(1)) { fit[i] = part; }
    });
    root.setAttribute("data-fit", fit.join(" "));
  });

  // The header menu (a <details>): Escape closes it from inside and puts the
  // focus back on its summary, so the focus never stays on a hidden control.
  var menu = document.getElementById("menu");
  if (menu) {
    menu.addEventListener("keydown", function (event) {
      // (Escape in a search box with text in it clears the text first.)
      if (event.key === "Escape" && menu.open && !(event.target.type === "search" && event.target.value)) {
        menu.open = false;
        menu.querySelector("summary").focus();
      }
    });
  }

  // A toolbar press queued behind one still on its way sends its own button's
  // action: by the time it goes, that button has been replaced and htmx would
  // take whichever button has the focus then.
  document.addEventListener("htmx:configRequest", function (event) {
    var trigger = event.detail.triggeringEvent;
    var button = trigger && trigger.submitter;
    if (button && button.name && event.detail.elt.id === "toolbar") {
      event.detail.parameters[button.name] = button.value;
    }
  });

  // The listen player (static/js/player.js, with its stylesheet and the
  // article's speech text) costs more bytes than this whole script: it loads
  // when the reader reaches for the listen section (focus, a press, or the
  // audio starting), not with the page.  Without server audio the player is
  // the only way to listen, so it loads at once.
  var listen = document.querySelector("[data-module=listen][data-player-src]");
  if (listen) {
    var intents = ["focusin", "pointerdown", "play"];
    var loadPlayer = function () {
      intents.forEach(function (name) { listen.removeEventListener(name, loadPlayer, true); });
      var script = document.createElement("script");
      script.src = listen.getAttribute("data-player-src");
      document.head.appendChild(script);
    };
    if (listen.querySelector("audio")) {
      intents.forEach(function (name) { listen.addEventListener(name, loadPlayer, true); });
    } else {
      loadPlayer();
    }
  }

  // A page restored from the back/forward cache may wear settings changed
  // since; the server knows the current ones, so ask it again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { window.location.reload(); }
  });
})();
