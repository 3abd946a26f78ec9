"""Measurements of a page on a phone screen, shared by
tests/test_browser_phone.py (which asserts on them) and
benchmarks/phone_bench.py (which prints them).

Each is one synchronous page.evaluate, so it also runs in a context with
JavaScript disabled (evaluate works there; timers and promises never settle)."""

from __future__ import annotations

SAPA = "chung-day-hoang-lien-chung-niem-khat-vong"
ENGLISH = "one-hoang-lien-range-one-shared-ambition"
SIZES = range(9)
SCREENS = [(360, 740), (412, 915)]
PAGES = {
    "article": "/{locale}/articles/" + SAPA,
    "list": "/{locale}/",
    "search": "/{locale}/search?q=sa+pa",
    "settings": "/{locale}/settings",
}

# Where the title starts (from the top of the document, in CSS px), the
# screen's height, and whether a control of the site header (a link, a
# button, a summary, a field) is wholly on the first screen and visible.
GEOMETRY = """() => {
  const h1 = document.querySelector("h1");
  const height = window.innerHeight;
  const onScreen = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.top + scrollY >= 0 && r.bottom + scrollY <= height
      && r.left >= 0 && r.right <= window.innerWidth && el.checkVisibility({visibilityProperty: true});
  };
  const controls = [...document.querySelectorAll(
    ".site-header a[href], .site-header button, .site-header summary, .site-header input")];
  return {
    h1Top: h1.getBoundingClientRect().top + scrollY,
    height,
    control: controls.some(onScreen),
    sideways: document.documentElement.scrollWidth > window.innerWidth,
  };
}"""

# Words of the page's main text (headings, paragraphs, lists, captions) that
# are split across two lines: each word's range has client rects on more than
# one line.  A word ends at a space, a hyphen or dash, or an ellipsis (a line
# may break there: "socio-|economic").  Web addresses may wrap (the issue
# allows it); hidden text and code are left out.
BROKEN_WORDS = """() => {
  const broken = [];
  const range = document.createRange();
  const split = (node, start, end) => {
    range.setStart(node, start);
    range.setEnd(node, end);
    const tops = [...range.getClientRects()].filter((r) => r.width > 0).map((r) => r.top);
    return tops.length > 1 && Math.max(...tops) - Math.min(...tops) > 4;
  };
  const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest("code, pre, .visually-hidden") || !el.checkVisibility()) { continue; }
    // Runs between spaces; a web address may wrap anywhere; in the rest a
    // word ends at a hyphen or dash, or an ellipsis, where a line may break.
    for (const run of node.data.matchAll(/\\S+/g)) {
      if (/:\\/\\/|^www\\./.test(run[0])) { continue; }
      for (const word of run[0].matchAll(/[^\\-\u2010\u2013\u2014\u2026]{2,}/g)) {
        const start = run.index + word.index;
        if (split(node, start, start + word[0].length)) {
          broken.push(el.tagName.toLowerCase() + ": " + word[0]);
        }
      }
    }
  }
  return broken;
}"""
