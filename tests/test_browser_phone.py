"""Low vision on a phone, in Debian's Chromium: the article first at every
text size, words that are never split, and the header menu by keyboard,
with scripts on and off.

The geometry is measured as the issue measured it: on 360x740 and 412x915
screens, at all 9 text sizes, on the article, list, search and settings
pages, in both languages: the top of the page's h1 within the top quarter
of the screen, and a header control wholly on the first screen.  One
context per screen and script setting; the text size is the cookie, and
each page is one evaluate (tests/phone.py, shared with
benchmarks/phone_bench.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from . import axe
from .phone import BROKEN_WORDS, ENGLISH, GEOMETRY, PAGES, SAPA, SCREENS, SIZES
from .test_browser_prefs import FOCUSED, OVERFLOW, has_class, html_classes

pytestmark = pytest.mark.browser

COOKIE = "reader_prefs"
QUICK = {"vi": ["Giảm cỡ chữ", "Cỡ chữ mặc định", "Tăng cỡ chữ", "Giảm tương phản", "Tăng tương phản"],
         "en": ["Decrease text size", "Default text size", "Increase text size", "Decrease contrast",
                "Increase contrast"]}
MENU = {"vi": "Trình đơn", "en": "Menu"}


def set_size(context: Any, live_server: str, size: int) -> None:
    context.add_cookies([{"name": COOKIE, "value": f"1.z{size}", "url": live_server}])


@pytest.fixture
def phone(browser: Any, live_server: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    yield context
    context.close()


def menu_expanded(page: Any) -> bool | None:
    """The menu's state as Chromium tells assistive technology (its
    accessibility tree), not as the DOM says it."""
    cdp = page.context.new_cdp_session(page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    for node in nodes:
        if node.get("role", {}).get("value") == "DisclosureTriangle":
            for prop in node.get("properties", []):
                if prop["name"] == "expanded":
                    return bool(prop["value"]["value"])
            return False
    return None


def tab_to(page: Any, selector: str, limit: int = 40) -> dict[str, Any]:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return dict(page.evaluate(FOCUSED))
    raise AssertionError(f"Tab never reached {selector}")


# 1: the article first ---------------------------------------------------------------
@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
@pytest.mark.parametrize("screen", SCREENS, ids=[f"{w}x{h}" for w, h in SCREENS])
def test_the_title_starts_in_the_top_quarter_at_every_size(
        browser: Any, live_server: str, screen: tuple[int, int], javascript: bool) -> None:
    width, height = screen
    context = browser.new_context(viewport={"width": width, "height": height}, java_script_enabled=javascript)
    try:
        page = context.new_page()
        problems, measured = [], 0
        for size in SIZES:
            set_size(context, live_server, size)
            for locale in ("vi", "en"):
                for name, path in PAGES.items():
                    url = live_server + path.format(locale=locale)
                    assert page.goto(url, wait_until="domcontentloaded").status == 200
                    assert (f"text-size-{size}" in html_classes(page)) == (size > 0)
                    assert ("js" in html_classes(page)) == javascript
                    m = page.evaluate(GEOMETRY)
                    measured += 1
                    where = f"{locale} {name} z{size}"
                    if m["h1Top"] > 0.25 * height:
                        problems.append(f"{where}: h1 at {m['h1Top'] / height:.2f} screens")
                    if not m["control"]:
                        problems.append(f"{where}: no header control on the first screen")
                    if m["sideways"]:
                        problems.append(f"{where}: scrolls sideways")
        assert measured == 9 * 2 * 4
        assert problems == [], "\n".join(problems)
    finally:
        context.close()


def test_wide_screens_keep_the_header_as_it_was(browser: Any, live_server: str) -> None:
    """No menu button on a wide screen: the links, the search and the
    toolbar stand in the header, with scripts on and off."""
    for javascript in (True, False):
        context = browser.new_context(viewport={"width": 1280, "height": 800}, java_script_enabled=javascript)
        page = context.new_page()
        page.goto(f"{live_server}/vi/articles/{SAPA}")
        assert not page.locator("summary.menu-toggle").is_visible()
        for selector in (".site-nav a >> nth=0", "#site-q", "#tb-size-up", ".tool-link"):
            assert page.locator(selector).is_visible(), selector
        nav, search, toolbar = (page.locator(s).bounding_box() for s in (".site-nav", "#site-q", "#toolbar"))
        brand = page.locator(".brand").bounding_box()
        # The brand, the links (beside it while they fit), the search, the toolbar.
        assert brand["y"] <= nav["y"] < search["y"] < toolbar["y"], (brand, nav, search, toolbar)
        assert nav["x"] > brand["x"] + brand["width"] or nav["y"] >= brand["y"] + brand["height"]
        context.close()


@pytest.mark.parametrize("locale", ["vi", "en"])
def test_the_quick_controls_keep_their_names_one_activation_away(phone: Any, live_server: str,
                                                                  locale: str) -> None:
    page = phone.new_page()
    page.goto(f"{live_server}/{locale}/articles/{SAPA}")
    toggle = page.locator("summary.menu-toggle")
    expect(toggle).to_have_text(MENU[locale])
    for name in QUICK[locale]:
        expect(page.get_by_role("button", name=name, exact=True)).to_be_hidden()
    toggle.click()
    for name in QUICK[locale]:
        expect(page.get_by_role("button", name=name, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Tất cả cài đặt" if locale == "vi" else "All settings")).to_be_visible()


# 2: no word split, nothing sideways ----------------------------------------------------
@pytest.mark.parametrize("size", SIZES, ids=[f"z{i}" for i in SIZES])
def test_no_word_is_split_at_320_px(browser: Any, live_server: str, size: int) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    try:
        set_size(context, live_server, size)
        page = context.new_page()
        problems = []
        for path in (f"/vi/articles/{SAPA}", f"/en/articles/{ENGLISH}", "/vi/", "/en/", "/vi/search?q=sa+pa",
                     "/en/search?q=tea", "/vi/settings", "/en/settings"):
            page.goto(live_server + path)
            broken = page.evaluate(BROKEN_WORDS)
            if broken:
                problems.append(f"{path}: {broken[:8]}")
            for state in ("closed", "open"):
                if state == "open":
                    page.locator("summary.menu-toggle").click()
                overflow = page.evaluate(OVERFLOW)
                if overflow["scrollWidth"] > overflow["innerWidth"]:
                    problems.append(f"{path} (menu {state}) scrolls sideways: {overflow['offenders']}")
        assert problems == [], "\n".join(problems)
    finally:
        context.close()


def test_text_still_grows_with_each_step_as_far_as_the_screen_allows(browser: Any, live_server: str) -> None:
    """The caps that keep words whole bind only where they must: on a wide
    screen every step is the chosen size; on a phone the text grows step by
    step up to the widest word's limit, and the title is never smaller than
    the text."""
    sizes = (100, 112.5, 125, 150, 175, 200, 250, 300, 400)
    for width, height in ((1280, 800), (360, 740)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        body: list[float] = []
        for size in SIZES:
            set_size(context, live_server, size)
            page.goto(f"{live_server}/vi/articles/{SAPA}")
            px = page.evaluate("[getComputedStyle(document.body).fontSize, "
                               "getComputedStyle(document.querySelector('h1')).fontSize]")
            text, title = (float(v.removesuffix("px")) for v in px)
            body.append(text)
            assert title >= text, (width, size, title, text)
        context.close()
        if width == 1280:
            assert body == [pytest.approx(18 * s / 100) for s in sizes]
        else:
            assert body == sorted(body) and body[0] == 18
            assert body[3] == pytest.approx(18 * 1.5), "150% is whole on a 360 px phone"
            assert body[-1] >= 2 * 18, f"400% still gives at least twice the text: {body}"


# The menu by keyboard -----------------------------------------------------------------
def test_the_menu_by_keyboard_with_javascript(phone: Any, live_server: str) -> None:
    page = phone.new_page()
    page.goto(f"{live_server}/vi/articles/{SAPA}")
    status = page.locator("#status")
    order = []
    for _ in range(3):
        page.keyboard.press("Tab")
        order.append(page.evaluate("document.activeElement.className"))
    assert order == ["skip-link", "brand", "menu-toggle"], order
    assert menu_expanded(page) is False
    # Closed, its controls are not in the way: the next stop is in the article.
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUSED)
    assert focused["inMain"] and focused["visible"] and focused["uncovered"], focused
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.getElementById('menu').open") is True
    assert menu_expanded(page) is True
    # Every stop in the open menu is on screen and uncovered, up to A+.
    for _ in range(12):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        assert focused["visible"] and focused["uncovered"], focused
        if focused["id"] == "tb-size-up":
            break
    assert focused["id"] == "tb-size-up", focused
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_class(has_class("text-size-1"))
    expect(status).to_have_text("Cỡ chữ 112,5%")
    assert page.evaluate("document.activeElement.id") == "tb-size-up"
    assert page.evaluate("document.getElementById('menu').open") is True, "a press leaves the menu open"
    # Escape closes it and puts the focus back on its summary.
    page.keyboard.press("Escape")
    assert page.evaluate("document.getElementById('menu').open") is False
    assert page.evaluate("document.activeElement.className") == "menu-toggle"
    assert menu_expanded(page) is False
    assert not page.locator("#tb-size-up").is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["inMain"], "past the closed menu, into the article"


def test_the_menu_and_a_press_without_javascript(browser: Any, live_server: str) -> None:
    """Without scripts the menu is a plain <details>; a toolbar press posts
    the form, and the 303 comes back to the page with the menu open around
    the button before the one pressed, so the next Tab is that button again."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{live_server}/vi/articles/{SAPA}")
        tab_to(page, "summary")
        assert menu_expanded(page) is False
        page.keyboard.press("Enter")
        assert menu_expanded(page) is True
        focused = tab_to(page, "#tb-size-up")
        assert focused["visible"] and focused["uncovered"], focused
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url == f"{live_server}/vi/articles/{SAPA}#tb-size-reset"
        assert "text-size-1" in html_classes(page)
        assert page.evaluate("document.getElementById('menu').open") is True
        assert menu_expanded(page) is True
        box = page.locator("#tb-size-up").bounding_box()
        assert 0 <= box["y"] and box["y"] + box["height"] <= 740, "the button is on screen"
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "tb-size-up", "the next Tab is A+ again"
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "text-size-2" in html_classes(page)
        # The summary closes it again with the keyboard.
        page.locator("summary.menu-toggle").focus()
        page.keyboard.press("Space")
        assert page.evaluate("document.getElementById('menu').open") is False
        assert not page.locator("#tb-size-up").is_visible()
    finally:
        context.close()


def test_the_skip_link_still_leads_to_the_article(phone: Any, live_server: str) -> None:
    page = phone.new_page()
    page.goto(f"{live_server}/en/articles/{SAPA}")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["inMain"]
    landmarks = page.evaluate("[...document.querySelectorAll('header, nav, main, footer, [role=search]')]"
                              ".map(e => e.tagName.toLowerCase() + (e.getAttribute('role') ? ':' + "
                              "e.getAttribute('role') : ''))")
    assert landmarks == ["header", "nav", "form:search", "main", "header", "footer"], landmarks
    assert re.search(r"Menu", page.locator("summary.menu-toggle").inner_text())


# 5: axe, with the menu closed and open --------------------------------------------------
def axe_problems(page: Any, path: str, *, closed: bool = True) -> list[str]:
    """axe on ``path`` with the menu closed (when asked) and then open."""
    problems = []
    assert page.goto(path).status == 200
    for state in (("closed", "open") if closed else ("open",)):
        if state == "open":
            page.locator("summary.menu-toggle").click()
            assert page.evaluate("document.getElementById('menu').open")
        found = axe.violations(page)
        if found:
            problems.append(f"{path} (menu {state})\n{axe.describe(found)}")
    return problems


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
@pytest.mark.parametrize("locale", ["vi", "en"])
def test_phone_pages_have_no_axe_violations(browser: Any, live_server: str, locale: str,
                                           javascript: bool) -> None:
    context = axe.context(browser, javascript=javascript, viewport={"width": 360, "height": 740})
    try:
        page = context.new_page()
        problems = []
        for name, path in PAGES.items():
            problems += axe_problems(page, live_server + path.format(locale=locale),
                                     closed=name in ("article", "list"))
        assert problems == [], "\n".join(problems)
    finally:
        context.close()


PALETTES = [(cookie, {}) for cookie in ("1.cs.sl", "1.cn.sl", "1.ch.sl", "1.cs.sd", "1.cn.sd", "1.ch.sd")] + [
    ("1", {"color_scheme": scheme, "contrast": contrast})  # following the device
    for scheme, contrast in (("light", "more"), ("dark", "more"), ("dark", "no-preference"))]


@pytest.mark.parametrize(("cookie", "device"), PALETTES,
                         ids=[c + "-" + "-".join(d.values()) if d else c for c, d in PALETTES])
def test_every_palette_on_a_phone_has_no_axe_violations(browser: Any, live_server: str, cookie: str,
                                                        device: dict[str, str]) -> None:
    context = axe.context(browser, javascript=True, viewport={"width": 360, "height": 740}, **device)
    try:
        context.add_cookies([{"name": COOKIE, "value": f"{cookie}.z4", "url": live_server}])
        page = context.new_page()
        problems = axe_problems(page, f"{live_server}/vi/articles/{SAPA}")
        problems += axe_problems(page, f"{live_server}/en/settings", closed=False)
        assert problems == [], "\n".join(problems)
    finally:
        context.close()


def test_search_results_swapped_in_keep_words_whole(browser: Any, live_server: str) -> None:
    """Typing a search swaps in results (htmx) that may hold wider words than
    the page had: the page's fit widens with them (reader/fit.py)."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    try:
        set_size(context, live_server, 8)
        page = context.new_page()
        page.goto(f"{live_server}/en/search")
        def fit() -> dict[str, int]:
            return {part[0]: int(part[1:]) for part in page.locator("html").get_attribute("data-fit").split()}

        before = fit()
        page.locator("main input[type=search]").fill("vaccination")
        expect(page.locator("#search-results li")).not_to_have_count(0)
        expect(page.locator("html")).not_to_have_attribute("data-fit", f"t{before['t']} h{before['h']}")
        after = fit()
        assert after["t"] > before["t"] and after["h"] >= before["h"], (before, after)
        assert page.evaluate(BROKEN_WORDS) == []
        assert page.evaluate(OVERFLOW)["scrollWidth"] <= 320
    finally:
        context.close()
