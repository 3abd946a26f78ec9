"""Reading preferences as a reader meets them, in Debian's Chromium.

The toolbar with and without JavaScript, what the live region says, the
palettes' measured contrast, axe on every palette, reflow at 320 CSS px at
every text size, keyboard-only use of the toolbar and the settings page, the
settings preview, and carrying settings to another device.

Contrast ratios are computed in the page from computed colours (WCAG 2.x
relative luminance), against the effective background: the nearest ancestor
whose background is not transparent, with translucent layers composited."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from playwright.sync_api import expect

from . import axe

pytestmark = pytest.mark.browser

SAPA = "chung-day-hoang-lien-chung-niem-khat-vong"
OTHER = "thong-xe-con-duong-moi-len-xa-ta-giang-phinh"
COOKIE = "reader_prefs"
CONTRAST_CODES = {"soft": "s", "standard": "n", "high": "h"}
SCHEME_CODES = {"light": "l", "dark": "d"}
THEMES = [(contrast, scheme) for scheme in SCHEME_CODES for contrast in CONTRAST_CODES]
# Minimum ratio for text (body text, links, control text) per contrast level.
TEXT_MINIMUM = {"soft": 4.5, "standard": 7.0, "high": 12.0}
# Minimum for non-text (control borders, the focus ring) per contrast level.
NON_TEXT_MINIMUM = {"soft": 3.0, "standard": 3.0, "high": 7.0}
TOOLBAR = ["tb-size-down", "tb-size-reset", "tb-size-up", "tb-contrast-down", "tb-contrast-up"]

# Colour arithmetic, shared by every measurement.  Synchronous, so it also
# works in a context with JavaScript disabled (page.evaluate still runs there,
# but promises and timers never settle).
COLOUR_JS = """
const parse = (c) => {
  const m = /rgba?\\(([^)]*)\\)/.exec(c || "");
  if (!m) { throw new Error("unparsed colour: " + c); }
  const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(parseFloat);
  return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
};
const over = (top, under) => ({
  r: top.r * top.a + under.r * (1 - top.a), g: top.g * top.a + under.g * (1 - top.a),
  b: top.b * top.a + under.b * (1 - top.a), a: 1});
const background = (el) => {
  const layers = [];
  for (let e = el; e; e = e.parentElement) {
    const c = parse(getComputedStyle(e).backgroundColor);
    if (c.a > 0) { layers.push(c); if (c.a >= 1) { break; } }
  }
  let result = {r: 255, g: 255, b: 255, a: 1};
  for (const layer of layers.reverse()) { result = over(layer, result); }
  return result;
};
const luminance = (c) => {
  const f = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
};
const ratio = (a, b) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return Math.round((hi + 0.05) / (lo + 0.05) * 100) / 100;
};
const textRatio = (el) => {
  const bg = background(el);
  return ratio(over(parse(getComputedStyle(el).color), bg), bg);
};
const describe = (el) => el.id ? "#" + el.id
  : el.tagName.toLowerCase() + "." + [...el.classList].join(".") + " "
    + JSON.stringify((el.textContent || "").trim().slice(0, 30));
"""

TEXT_RATIO = f"""(selector) => {{ {COLOUR_JS}
  const el = document.querySelector(selector);
  return el ? textRatio(el) : null;
}}"""

MEASURE_THEME = f"""() => {{ {COLOUR_JS}
  const out = {{text: {{}}, links: {{}}, controls: {{}}, borders: {{}}, notUnderlined: []}};
  out.text["article body paragraph"] = textRatio(document.querySelector("article .body p"));
  out.text["article meta"] = textRatio(document.querySelector("article .meta"));
  for (const a of document.querySelectorAll(".site-nav a, .brand, article a, .site-footer a")) {{
    out.links[describe(a)] = textRatio(a);
    if (!getComputedStyle(a).textDecorationLine.includes("underline")) {{ out.notUnderlined.push(describe(a)); }}
  }}
  for (const el of document.querySelectorAll("#toolbar .tool")) {{
    out.controls[describe(el)] = textRatio(el);
    const page = background(el.parentElement);
    out.borders[describe(el)] = ratio(parse(getComputedStyle(el).borderTopColor), page);
  }}
  return out;
}}"""

FOCUS_RING = f"""() => {{ {COLOUR_JS}
  const el = document.activeElement, style = getComputedStyle(el);
  return {{id: el.id, width: style.outlineWidth, style: style.outlineStyle,
          ratio: ratio(parse(style.outlineColor), background(el.parentElement))}};
}}"""

OVERFLOW = """() => {
  const width = window.innerWidth;
  const over = [];
  for (const el of document.querySelectorAll("body *")) {
    const r = el.getBoundingClientRect();
    const sticksOut = (e) => e.getBoundingClientRect().right > width + 0.5;
    // Report the innermost elements that stick out, not all their ancestors.
    if (r.width > 0 && sticksOut(el) && ![...el.children].some(sticksOut)) {
      const cls = typeof el.className === "string" && el.className ? "." + el.className.replace(/ /g, ".") : "";
      over.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + cls + " right=" + Math.round(r.right));
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: width, offenders: over.slice(0, 10)};
}"""

FOCUSED = """() => {
  const el = document.activeElement;
  const r = el.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return {
    id: el.id, tag: el.tagName.toLowerCase(), cls: el.className, href: el.getAttribute("href"),
    text: (el.textContent || "").trim(), name: el.getAttribute("aria-label"),
    inMain: !!el.closest("main"), inNav: !!el.closest(".site-nav"),
    visible: r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0
             && r.bottom <= window.innerHeight && r.right <= window.innerWidth,
    uncovered: !!hit && (hit === el || el.contains(hit)),
    covering: hit ? hit.tagName.toLowerCase() + "." + hit.className : null,
  };
}"""


@contextmanager
def new_context(browser: Any, live_server: str, prefs: str | None = None,
                **options: Any) -> Iterator[Any]:
    """A fresh context (its own cookies), optionally with a preferences cookie."""
    context = browser.new_context(**options)
    try:
        if prefs is not None:
            context.add_cookies([{"name": COOKIE, "value": prefs, "url": live_server}])
        yield context
    finally:
        context.close()


def theme_cookie(contrast: str, scheme: str, size: int = 0) -> str:
    tokens = ["1"] + ([f"z{size}"] if size else [])
    return ".".join(tokens + [f"c{CONTRAST_CODES[contrast]}", f"s{SCHEME_CODES[scheme]}"])


def has_class(name: str) -> re.Pattern[str]:
    """For expect(...).to_have_class: the class list contains ``name``."""
    return re.compile(rf"(^|\s){re.escape(name)}(\s|$)")


def html_classes(page: Any) -> set[str]:
    return set((page.locator("html").get_attribute("class") or "").split())


def body_font_px(page: Any) -> float:
    return float(page.evaluate("getComputedStyle(document.body).fontSize").removesuffix("px"))


def prefs_cookie(context: Any) -> str | None:
    return next((c["value"] for c in context.cookies() if c["name"] == COOKIE), None)


def press_and_wait_for_load(page: Any, name: str) -> None:
    """Without JavaScript a toolbar button is a form post, a 303 and a new page."""
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


# 1 -------------------------------------------------------------------------------
def test_toolbar_without_javascript_changes_every_page(browser: Any, live_server: str) -> None:
    with new_context(browser, live_server, java_script_enabled=False) as context:
        page = context.new_page()
        page.goto(f"{live_server}/vi/articles/{OTHER}")
        assert "js" not in html_classes(page)
        default_size = body_font_px(page)
        default_ratio = page.evaluate(TEXT_RATIO, "article .body p")

        page.goto(f"{live_server}/vi/articles/{SAPA}")
        for _ in range(3):
            press_and_wait_for_load(page, "Tăng cỡ chữ")
        press_and_wait_for_load(page, "Tăng tương phản")
        # The 303 goes back to the article, at the button before the one
        # pressed (on a phone that opens the menu: tests/test_browser_phone.py),
        # and the page does not scroll for it.
        assert page.url == f"{live_server}/vi/articles/{SAPA}#tb-contrast-down", "the 303 goes back"
        assert page.evaluate("scrollY") == 0

        page.goto(f"{live_server}/vi/articles/{OTHER}")
        assert {"text-size-3", "contrast-high"} <= html_classes(page)
        larger = body_font_px(page)
        assert larger == pytest.approx(default_size * 1.5), (default_size, larger)
        higher = page.evaluate(TEXT_RATIO, "article .body p")
        assert higher > default_ratio, (default_ratio, higher)

        press_and_wait_for_load(page, "Cỡ chữ mặc định")
        assert page.url == f"{live_server}/vi/articles/{OTHER}#tb-size-down"
        assert body_font_px(page) == default_size
        assert page.evaluate(TEXT_RATIO, "article .body p") == higher, "resetting the size keeps the contrast"


# 2 -------------------------------------------------------------------------------
def test_toolbar_with_javascript_updates_in_place_and_announces(browser: Any, live_server: str) -> None:
    with new_context(browser, live_server) as context:
        page = context.new_page()
        page.goto(f"{live_server}/vi/articles/{SAPA}")
        navigations: list[str] = []
        page.on("framenavigated", lambda frame: navigations.append(frame.url)
                if frame == page.main_frame else None)
        page.evaluate("window.__marker = 1")
        default_size = body_font_px(page)
        status = page.locator("#status")
        assert page.locator("#tb-size-down").get_attribute("aria-disabled") == "true"

        for step, (size_class, said) in enumerate(
                [("text-size-1", "Cỡ chữ 112,5%"), ("text-size-2", "Cỡ chữ 125%"),
                 ("text-size-3", "Cỡ chữ 150%")], start=1):
            page.get_by_role("button", name="Tăng cỡ chữ", exact=True).click()
            expect(page.locator("html")).to_have_class(has_class(size_class))
            expect(status).to_have_text(said)
            assert page.evaluate("document.activeElement.id") == "tb-size-up", f"focus lost after press {step}"
        assert body_font_px(page) == pytest.approx(default_size * 1.5)
        assert page.locator("#tb-size-down").get_attribute("aria-disabled") is None

        page.get_by_role("button", name="Tăng tương phản", exact=True).click()
        expect(page.locator("html")).to_have_class(has_class("contrast-high"))
        expect(status).to_have_text("Tương phản cao")
        assert page.evaluate("document.activeElement.id") == "tb-contrast-up"
        assert "contrast-auto" not in html_classes(page)
        assert "js" in html_classes(page), "the script's own class survives the update"
        assert page.evaluate("window.__marker") == 1 and navigations == [], navigations
        assert prefs_cookie(context) is not None

        # At the top of the scale: still there, still focusable, and it says why.
        # (Playwright will not click an aria-disabled button; a reader can, so
        # press it from the keyboard, where the focus already is.)
        page.keyboard.press("Space")
        expect(status).to_have_text("Tương phản cao. Đây là mức tương phản cao nhất.")
        top = page.locator("#tb-contrast-up")
        expect(top).to_have_attribute("aria-disabled", "true")
        expect(top).to_have_accessible_description("Đây là mức tương phản cao nhất.")
        assert page.evaluate("document.activeElement.id") == "tb-contrast-up"
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "tb-contrast-up"
        assert page.evaluate("window.__marker") == 1 and navigations == []

        page.reload()
        assert {"text-size-3", "contrast-high", "js"} <= html_classes(page)
        assert page.evaluate("window.__marker") is None, "the reload really reloaded"
        assert body_font_px(page) == pytest.approx(default_size * 1.5)
        expect(page.locator("#tb-contrast-up")).to_have_attribute("aria-disabled", "true")

    with new_context(browser, live_server) as context:
        page = context.new_page()
        page.goto(f"{live_server}/en/articles/{SAPA}")
        page.get_by_role("button", name="Increase text size", exact=True).click()
        expect(page.locator("#status")).to_have_text("Text size 112.5%")
        page.get_by_role("button", name="Increase contrast", exact=True).click()
        expect(page.locator("#status")).to_have_text("High contrast")
        assert {"text-size-1", "contrast-high"} <= html_classes(page)


def test_quick_presses_on_a_slow_network_each_count(browser: Any, live_server: str) -> None:
    """On a slow connection a reader presses again before the page has
    answered: every press is applied, in order, each with its own action."""
    with new_context(browser, live_server) as context:
        page = context.new_page()
        documents: list[str] = []
        page.on("request", lambda r: documents.append(r.url) if r.resource_type == "document" else None)
        page.goto(f"{live_server}/vi/articles/{SAPA}")
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", {
            "offline": False, "latency": 300, "downloadThroughput": -1, "uploadThroughput": -1})
        for button in ("#tb-size-up", "#tb-contrast-up", "#tb-size-up"):
            page.locator(button).focus()
            page.keyboard.press("Enter")
        expect(page.locator("html")).to_have_class(has_class("text-size-2"))
        expect(page.locator("html")).to_have_class(has_class("contrast-high"))
        expect(page.locator("#status")).to_have_text("Cỡ chữ 125%")
        assert documents == [f"{live_server}/vi/articles/{SAPA}"], "a press loaded a new page"
        assert prefs_cookie(context) == "1.z2.ch"


# 3 -------------------------------------------------------------------------------
@pytest.mark.parametrize(("contrast", "scheme"), THEMES, ids=[f"{c}-{s}" for c, s in THEMES])
def test_axe_finds_nothing_in_any_palette(browser: Any, live_server: str, withdrawn_slug: str,
                                          contrast: str, scheme: str) -> None:
    context = axe.context(browser, javascript=True)
    try:
        context.add_cookies([{"name": COOKIE, "value": theme_cookie(contrast, scheme),
                              "url": live_server}])
        page = context.new_page()
        problems = []
        for locale in ("vi", "en"):
            for path, status in ((f"/{locale}/articles/{SAPA}", 200), (f"/{locale}/settings", 200),
                                 (f"/{locale}/articles/{withdrawn_slug}", 410)):
                response = page.goto(live_server + path)
                assert response.status == status
                assert {f"contrast-{contrast}", f"scheme-{scheme}"} <= html_classes(page)
                found = axe.violations(page)
                if found:
                    problems.append(f"{path}\n{axe.describe(found)}")
        assert problems == [], "\n".join(problems)
    finally:
        context.close()


# 4 -------------------------------------------------------------------------------
@pytest.mark.parametrize("scheme", list(SCHEME_CODES))
def test_measured_contrast_of_each_palette(browser: Any, live_server: str, scheme: str) -> None:
    body_text: dict[str, float] = {}
    for contrast in CONTRAST_CODES:
        with new_context(browser, live_server, theme_cookie(contrast, scheme)) as context:
            page = context.new_page()
            page.goto(f"{live_server}/vi/articles/{SAPA}")
            assert {f"contrast-{contrast}", f"scheme-{scheme}"} <= html_classes(page)
            m = page.evaluate(MEASURE_THEME)
            low = TEXT_MINIMUM[contrast]
            for kind in ("text", "links", "controls"):
                assert m[kind], f"nothing measured for {kind}"
                weak = {k: v for k, v in m[kind].items() if v < low}
                assert not weak, f"{contrast}/{scheme} {kind} below {low}: {weak}"
            weak = {k: v for k, v in m["borders"].items() if v < NON_TEXT_MINIMUM[contrast]}
            assert not weak, f"{contrast}/{scheme} control borders below {NON_TEXT_MINIMUM[contrast]}: {weak}"
            if contrast == "high":
                assert m["notUnderlined"] == [], "high contrast underlines every link"
            body_text[contrast] = m["text"]["article body paragraph"]

            # The focus ring, reached by keyboard.
            for _ in range(20):
                page.keyboard.press("Tab")
                if page.evaluate("document.activeElement.id") == "tb-size-up":
                    break
            ring = page.evaluate(FOCUS_RING)
            assert ring["id"] == "tb-size-up"
            assert ring["width"] == "3px" and ring["style"] == "solid", ring
            assert ring["ratio"] >= NON_TEXT_MINIMUM[contrast], ring
    assert body_text["soft"] < body_text["standard"] < body_text["high"], body_text


# 5 -------------------------------------------------------------------------------
@pytest.mark.parametrize("size", range(9), ids=[f"z{i}" for i in range(9)])
def test_no_horizontal_scrolling_at_320_px(browser: Any, live_server: str, size: int) -> None:
    cookie = f"1.z{size}" if size else None
    with new_context(browser, live_server, cookie, viewport={"width": 320, "height": 640}) as context:
        page = context.new_page()
        for path in (f"/vi/articles/{SAPA}", "/vi/", "/vi/settings"):
            page.goto(live_server + path)
            if size:
                assert f"text-size-{size}" in html_classes(page)
            result = page.evaluate(OVERFLOW)
            assert result["scrollWidth"] <= result["innerWidth"], f"{path} at z{size}: {result}"


# 6 -------------------------------------------------------------------------------
def tab(page: Any) -> dict[str, Any]:
    page.keyboard.press("Tab")
    return dict(page.evaluate(FOCUSED))


def test_keyboard_only_toolbar(browser: Any, live_server: str) -> None:
    with new_context(browser, live_server) as context:
        page = context.new_page()
        documents: list[str] = []
        page.on("request", lambda r: documents.append(r.url) if r.resource_type == "document" else None)
        page.goto(f"{live_server}/vi/articles/{SAPA}")
        page.evaluate("window.__marker = 1")
        order = []
        for _ in range(16):
            focused = tab(page)
            assert focused["visible"], f"focused but off screen: {focused}"
            assert focused["uncovered"], f"focused but covered: {focused}"
            order.append(focused)
            if focused["inMain"]:
                break
        labels = [f["id"] or ("skip" if "skip-link" in f["cls"] else "brand" if "brand" in f["cls"]
                             else "nav" if f["inNav"] else "settings-link" if "tool-link" in f["cls"]
                             else "main" if f["inMain"] else f"? {f}") for f in order]
        assert labels == ["skip", "brand", "nav", "nav", "nav", "nav", "site-q", "site-search-go", *TOOLBAR,
                          "settings-link", "main"], labels
        assert [f["text"] for f in order if f["inNav"]] == ["Bài viết mới nhất", "Cài đặt hiển thị", "Bài đã lưu",
                                                           "English"]
        assert order[-2]["text"] == "Tất cả cài đặt"

        # Back to "Tăng cỡ chữ" by keyboard and press it with Space.
        for _ in range(4):  # from the first link in main: "All settings", then back along the toolbar
            page.keyboard.press("Shift+Tab")
        assert page.evaluate("document.activeElement.id") == "tb-size-up"
        default_size = body_font_px(page)
        page.keyboard.press("Space")
        expect(page.locator("html")).to_have_class(has_class("text-size-1"))
        assert body_font_px(page) > default_size
        assert page.evaluate("document.activeElement.id") == "tb-size-up"
        # Enter straight after the update lands: still in place (no page load).
        page.keyboard.press("Enter")
        expect(page.locator("html")).to_have_class(has_class("text-size-2"))
        expect(page.locator("#status")).to_have_text("Cỡ chữ 125%")
        assert page.evaluate("window.__marker") == 1, "the press reloaded the page"

        # Three quick presses are three steps, still without a page load.
        for _ in range(3):
            page.keyboard.press("Enter")
        expect(page.locator("html")).to_have_class(has_class("text-size-5"))
        expect(page.locator("#status")).to_have_text("Cỡ chữ 200%")
        assert page.evaluate("window.__marker") == 1, "a quick press reloaded the page"
        assert page.evaluate("document.activeElement.id") == "tb-size-up"
        assert documents == [f"{live_server}/vi/articles/{SAPA}"], documents


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_keyboard_only_settings_page(browser: Any, live_server: str, javascript: bool) -> None:
    with new_context(browser, live_server, java_script_enabled=javascript) as context:
        page = context.new_page()
        page.goto(f"{live_server}/vi/settings")
        groups = page.locator("form.settings input[type=radio]").evaluate_all(
            "els => [...new Set(els.filter(e => e.checkVisibility()).map(e => e.name))]")
        assert len(groups) == (13 if javascript else 12)  # the reading guide needs scripts
        reached: list[str] = []
        for _ in range(60):
            page.keyboard.press("Tab")
            here = page.evaluate("(() => { const e = document.activeElement; return e.type === 'radio'"
                                 " ? 'radio:' + e.name : e.tagName === 'INPUT' ? 'input:' + e.id"
                                 " : (e.textContent || '').trim(); })()")
            reached.append(here)
            if here == "Khôi phục mặc định" or not here:
                break
        radios = [r.removeprefix("radio:") for r in reached if r.startswith("radio:")]
        assert radios == groups, f"each radio group is one tab stop, in order: {reached}"
        assert reached[-2:] == ["Lưu cài đặt", "Khôi phục mặc định"], reached

        # Choose "Cao" with the arrow keys (and Space), then Enter on "Lưu cài đặt".
        page.locator("input[name=contrast]:checked").focus()
        contrast = page.get_by_role("group", name="Độ tương phản")
        for _ in range(3):
            page.keyboard.press("ArrowRight")
        page.keyboard.press("Space")
        expect(contrast.get_by_role("radio", name="Cao", exact=True)).to_be_checked()
        for _ in range(60):
            page.keyboard.press("Tab")
            if page.evaluate("(document.activeElement.textContent || '').trim()") == "Lưu cài đặt":
                break
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url.endswith("/vi/settings?saved=1")
        assert "contrast-high" in html_classes(page)
        expect(page.get_by_role("status").filter(has_text="Cài đặt của bạn đã được lưu")).to_have_count(1)
        expect(contrast.get_by_role("radio", name="Cao", exact=True)).to_be_checked()


# 7 -------------------------------------------------------------------------------
def test_settings_preview_follows_choices_before_saving(browser: Any, live_server: str) -> None:
    """The reader already reads at 150%: the preview shows each choice as it
    would look, and nothing is saved until they press Save."""
    with new_context(browser, live_server, "1.z3") as context:
        page = context.new_page()
        page.goto(f"{live_server}/vi/settings")
        preview = page.locator("#preview")
        page_size = body_font_px(page)
        default_size = page_size / 1.5

        def preview_px() -> float:
            return float(preview.evaluate("el => getComputedStyle(el).fontSize").removesuffix("px"))

        assert preview_px() == pytest.approx(page_size), "the preview starts at the saved settings"
        assert preview.evaluate("el => getComputedStyle(el).color") != "rgb(255, 255, 255)"
        contrast = page.get_by_role("group", name="Độ tương phản")
        contrast.get_by_role("radio", name="Cao", exact=True).check()
        page.get_by_role("group", name="Màu sắc").get_by_role("radio", name="Tối", exact=True).check()
        sizes = page.get_by_role("group", name="Cỡ chữ")
        sizes.get_by_role("radio", name="200%", exact=True).check()
        expect(preview).to_have_class(has_class("contrast-high"))
        assert set(preview.evaluate("el => [...el.classList]")) == {
            "preview", "contrast-high", "scheme-dark", "text-size-5"}
        assert preview.evaluate("el => getComputedStyle(el).color") == "rgb(255, 255, 255)"
        assert preview.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(0, 0, 0)"
        assert preview_px() == pytest.approx(2 * default_size), "200% of the default, not of 150%"
        sizes.get_by_role("radio", name="100%", exact=True).check()
        expect(preview).not_to_have_class(has_class("text-size-5"))
        assert preview_px() == pytest.approx(default_size)

        # Nothing is saved: the cookie and the page itself are unchanged.
        assert prefs_cookie(context) == "1.z3"
        assert body_font_px(page) == page_size
        assert {"contrast-auto", "scheme-auto", "text-size-3"} <= html_classes(page)
        page.reload()
        expect(contrast.get_by_role("radio", name="Theo thiết bị của tôi", exact=True)).to_be_checked()
        expect(sizes.get_by_role("radio", name="150%", exact=True)).to_be_checked()


# 8 -------------------------------------------------------------------------------
def test_carried_settings_apply_only_when_asked(browser: Any, live_server: str) -> None:
    with new_context(browser, live_server) as context:
        page = context.new_page()
        response = page.goto(f"{live_server}/vi/settings?apply=1.z3.ch")
        assert response.status == 200
        carried = page.locator("dl.carried")
        expect(carried).to_contain_text("150%")
        expect(carried).to_contain_text("Cao")
        classes = html_classes(page)
        assert {"contrast-auto", "scheme-auto"} <= classes
        assert not any(c.startswith("text-size") for c in classes), "opening the link changed nothing"
        assert prefs_cookie(context) is None
        with page.expect_navigation():
            page.get_by_role("button", name="Áp dụng các cài đặt này", exact=True).click()
        assert {"text-size-3", "contrast-high"} <= html_classes(page)
        page.goto(f"{live_server}/vi/articles/{SAPA}")
        assert {"text-size-3", "contrast-high"} <= html_classes(page)
