"""A reader's own colours in Debian's Chromium: applied on every page from a
stylesheet only they fetch, at the contrast the server computed, beaten by
forced colours; on the settings page, previewed live and kept in step
without breaking the CSP, and refused by keyboard-reachable messages."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from . import axe
from .phone import SAPA
from .test_browser_prefs import TEXT_RATIO

pytestmark = pytest.mark.browser

OWN = "1a1a40fff8e78a1c1c"  # dark blue text on cream, red-brown links
ARTICLE = f"/vi/articles/{SAPA}"
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.violatedDirective));
"""


def computed(page: Any, selector: str, prop: str) -> str:
    return str(page.locator(selector).first.evaluate(f"e => getComputedStyle(e).{prop}"))


def rgb(hex_digits: str) -> str:
    r, g, b = (int(hex_digits[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgb({r}, {g}, {b})"


def test_own_colours_on_every_page_from_a_stylesheet_only_their_reader_fetches(
        browser: Any, live_server: str) -> None:
    for cookie, expected in ((None, 0), ("1.z3.ch", 0), (f"1.po.k{OWN}", 1)):
        # (The offline worker would answer from its own store: this counts the HTTP cache.)
        context = browser.new_context(service_workers="block")
        if cookie:
            context.add_cookies([{"name": "reader_prefs", "value": cookie, "url": live_server}])
        page = context.new_page()
        # Requests that reach the network (the browser's cache answers the rest).
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        asked: dict[str, str] = {}
        cached: set[str] = set()
        cdp.on("Network.requestWillBeSent",
               lambda e, asked=asked: asked.__setitem__(e["requestId"], e["request"]["url"]))
        cdp.on("Network.requestServedFromCache", lambda e, cached=cached: cached.add(e["requestId"]))
        for path in (ARTICLE, "/en/", "/vi/search?q=sa+pa", "/en/settings"):
            page.goto(live_server + path)
            if expected:
                assert computed(page, "body", "color") == rgb(OWN[0:6]), path
                assert computed(page, "body", "backgroundColor") == rgb(OWN[6:12]), path
                assert computed(page, "main p a, footer a", "color") == rgb(OWN[12:18]), path
        # One stylesheet, cached for a year: fetched once however many pages.
        fetched = [url for rid, url in asked.items() if "/colours/" in url and rid not in cached]
        assert len(fetched) == expected, fetched
        assert len([url for url in asked.values() if "/colours/" in url]) == 4 * expected
        context.close()


def test_the_measured_contrast_is_the_one_the_server_computed(browser: Any, live_server: str) -> None:
    from reader.colours import contrast

    context = browser.new_context()
    context.add_cookies([{"name": "reader_prefs", "value": f"1.po.k{OWN}", "url": live_server}])
    page = context.new_page()
    page.goto(live_server + ARTICLE)
    measured = page.evaluate(TEXT_RATIO, "article .body p")
    assert measured == pytest.approx(contrast(OWN[0:6], OWN[6:12]), abs=0.01)
    assert measured >= 4.5
    context.close()


def test_forced_colours_still_win(browser: Any, live_server: str) -> None:
    context = browser.new_context(forced_colors="active")
    context.add_cookies([{"name": "reader_prefs", "value": f"1.po.k{OWN}", "url": live_server}])
    page = context.new_page()
    page.goto(live_server + ARTICLE)
    assert "palette-own" in (page.locator("html").get_attribute("class") or "")
    assert computed(page, "body", "color") != rgb(OWN[0:6])
    assert computed(page, "body", "backgroundColor") != rgb(OWN[6:12])
    context.close()


def test_the_settings_page_previews_and_keeps_text_and_picker_in_step(browser: Any, live_server: str) -> None:
    context = browser.new_context()
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.goto(f"{live_server}/en/settings")
    preview = page.locator("#preview")
    page.get_by_role("radio", name="Use my own colours").check()
    page.get_by_label("Text colour", exact=True).fill("#1A1A40")
    expect(page.get_by_label("Pick the text colour")).to_have_value("#1a1a40")
    page.get_by_label("Pick the background colour").fill("#fff8e7")
    expect(page.get_by_label("Background colour", exact=True)).to_have_value("#fff8e7")
    expect(preview).to_have_css("color", rgb("1a1a40"))
    expect(preview).to_have_css("background-color", rgb("fff8e7"))
    page.get_by_role("radio", name="Use the colours above").check()
    expect(preview).not_to_have_css("color", rgb("1a1a40"))
    assert page.evaluate("window.__csp") == [], "the preview stays inside the CSP"
    page.get_by_role("radio", name="Use my own colours").check()
    page.get_by_label("Link colour", exact=True).fill("#8a1c1c")
    with page.expect_navigation():
        page.get_by_role("button", name="Save settings").click()
    assert computed(page, "body", "color") == rgb("1a1a40")
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_a_refusal_is_read_first_and_leads_to_the_field(browser: Any, live_server: str, javascript: bool) -> None:
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{live_server}/vi/settings")
    page.locator("input[name=palette][value=own]").check()
    page.locator("#colour-fg").fill("#999999")
    with page.expect_navigation():
        page.locator("button[value=save]").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("4,5:1")
    expect(summary).to_contain_text("2,84:1")
    expect(summary).to_be_focused()  # autofocus: read before anything else
    assert re.match(r"Lỗi: ", page.title())
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#colour-fg"
    field = page.locator("#colour-fg")
    expect(field).to_have_value("#999999")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(re.compile(r"2,84:1.*4,5:1"))
    context.close()


@pytest.mark.parametrize("locale", ["vi", "en"])
def test_colours_pages_have_no_axe_violations(browser: Any, live_server: str, locale: str) -> None:
    context = axe.context(browser, javascript=True, viewport={"width": 360, "height": 740})
    context.add_cookies([{"name": "reader_prefs", "value": f"1.po.k{OWN}", "url": live_server}])
    page = context.new_page()
    problems = []
    for path in (f"/{locale}/articles/{SAPA}", f"/{locale}/settings"):
        page.goto(live_server + path)
        page.locator("summary.menu-toggle").click()
        found = axe.violations(page)
        if found:
            problems.append(f"{path}\n{axe.describe(found)}")
    page.goto(f"{live_server}/{locale}/settings")
    page.locator("#colour-link").fill("#fff0f0")
    with page.expect_navigation():
        page.locator("button[value=save]").click()
    assert page.get_by_role("alert").count() == 1
    found = axe.violations(page)
    if found:
        problems.append(f"refused\n{axe.describe(found)}")
    assert problems == [], "\n".join(problems)
    context.close()
