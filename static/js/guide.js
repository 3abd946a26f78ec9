// The reading guide: dims the page except a band of 1, 3 or 5 lines that
// follows the pointer, the touch point, the keyboard focus and the sentence
// being read aloud (the player marks it with the class "speaking").  Loaded
// only for readers who turned it on in the settings (templates/_guide.html);
// without scripts the option is not offered.  The dimming is one fixed layer
// that lets every event through and is hidden from assistive technology; its
// clip path cuts out the band and the focused control, so the focus is never
// hidden.  Strings come translated in data- attributes of this script's tag.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || document.querySelector(".guide")) { return; }
  var data = script.dataset;
  var lines = parseInt(data.lines, 10) || 3;
  var storage = window.sessionStorage;
  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = data.css;
  document.head.appendChild(css);

  var layer = document.createElement("div");
  layer.className = "guide";
  layer.setAttribute("aria-hidden", "true");
  document.body.appendChild(layer);

  // The switch, in the header menu after the toolbar (or at its end).
  var toggle = document.createElement("button");
  toggle.type = "button";
  toggle.className = "button guide-toggle";
  toggle.id = "guide-toggle";
  toggle.textContent = data.label;
  var menu = document.getElementById("menu");
  (menu || document.querySelector(".site-header") || document.body).appendChild(toggle);

  var on = !(storage && storage.getItem("reader.guide") === "off");
  var anchor = null;             // an element the band goes to (when drawn next)
  var stays = false;             // and keeps following (the sentence being read)
  var centre = window.innerHeight / 3;  // otherwise, where the band sits on the screen
  var height = 0;                // the band's height, in CSS px
  var queued = false;

  function lineHeight(el) {
    var style = window.getComputedStyle(el && el.nodeType === 1 ? el : document.body);
    var value = parseFloat(style.lineHeight);
    return isNaN(value) ? parseFloat(style.fontSize) * 1.45 : value;
  }

  function focusedControl() {
    var el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement || el.id === "main") { return null; }
    var box = el.getBoundingClientRect();
    return box.width || box.height ? box : null;
  }

  function draw() {
    queued = false;
    layer.hidden = !on;
    toggle.setAttribute("aria-pressed", on ? "true" : "false");
    if (!on) { return; }
    var w = document.documentElement.clientWidth, h = window.innerHeight;
    var top, bottom;
    if (anchor && anchor.isConnected) {
      // Measured when drawn, after the browser has scrolled it into view.
      var box = anchor.getBoundingClientRect();
      centre = box.top + box.height / 2;
      height = Math.max(lines * lineHeight(anchor), Math.min(box.height, h));
      if (!stays) { anchor = null; }
    }
    top = Math.max(0, centre - height / 2);
    bottom = Math.min(h, centre + height / 2);
    var path = "M0 0H" + w + "V" + h + "H0Z M0 " + top + "H" + w + "V" + bottom + "H0Z";
    var focus = focusedControl();
    if (focus && (focus.top < top || focus.bottom > bottom)) {
      var pad = 4;
      path += " M" + (focus.left - pad) + " " + (focus.top - pad) + "H" + (focus.right + pad) +
        "V" + (focus.bottom + pad) + "H" + (focus.left - pad) + "Z";
    }
    layer.style.clipPath = "path(evenodd, '" + path + "')";
    layer.setAttribute("data-band", Math.round(top) + " " + Math.round(bottom));
  }

  function later() {
    if (!queued) { queued = true; window.requestAnimationFrame(draw); }
  }

  // Centre the band on the line of text at a point of the screen (or on the
  // point, between lines), one line box tall per line.
  function follow(x, y, el) {
    var range = document.caretRangeFromPoint && document.caretRangeFromPoint(x, y);
    var box = range && range.getBoundingClientRect();
    anchor = null;
    centre = box && box.height && Math.abs(box.top + box.height / 2 - y) < box.height ? box.top + box.height / 2 : y;
    height = lines * lineHeight(el);
    later();
  }

  function followElement(el, keep) {
    anchor = el;
    stays = keep;
    later();
  }

  document.addEventListener("pointermove", function (event) {
    if (event.pointerType !== "touch") { follow(event.clientX, event.clientY, event.target); }
  }, {passive: true});
  ["touchstart", "touchmove"].forEach(function (name) {
    document.addEventListener(name, function (event) {
      var touch = event.touches[0];
      if (touch) { follow(touch.clientX, touch.clientY, event.target); }
    }, {passive: true});
  });
  document.addEventListener("focusin", function (event) {
    if (event.target !== toggle && focusedControl()) { followElement(event.target, false); } else { later(); }
  });
  document.addEventListener("focusout", later);
  window.addEventListener("scroll", later, {passive: true});
  window.addEventListener("resize", later);

  // The sentence being read aloud: the player adds "speaking" to its spans.
  if (window.MutationObserver && document.querySelector("[data-sid]")) {
    new MutationObserver(function (changes) {
      for (var i = 0; i < changes.length; i++) {
        var el = changes[i].target;
        if (el.classList.contains("speaking")) { followElement(el, true); return; }
      }
      if (stays && !document.querySelector(".speaking")) { stays = false; }  // reading stopped
    }).observe(document.body, {subtree: true, attributes: true, attributeFilter: ["class"]});
  }

  var status = document.getElementById("status");
  toggle.addEventListener("click", function () {
    on = !on;
    if (storage) {
      try { storage.setItem("reader.guide", on ? "on" : "off"); } catch (e) { /* private mode */ }
    }
    if (status) {
      status.textContent = "";
      window.setTimeout(function () { status.textContent = on ? data.msgOn : data.msgOff; }, 50);
    }
    draw();
  });

  // It starts on the page's title.
  var title = document.querySelector("main h1");
  if (title) { followElement(title, false); } else { height = lines * lineHeight(document.body); }
  draw();
})();
