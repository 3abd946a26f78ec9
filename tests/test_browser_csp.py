"""The CSP holds in Chromium: on every page type, with JavaScript on and the
page's scripts working (htmx swaps, the player revealed), the browser reports
no Content-Security-Policy violation, neither as a console message nor as a
securitypolicyviolation event."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SAPA = "chung-day-hoang-lien-chung-niem-khat-vong"
PAGES = ["/vi/", "/en/?page=2", f"/vi/articles/{SAPA}", f"/en/articles/{SAPA}", "/vi/settings",
         "/en/settings?apply=1.z3.ch", "/vi/accessibility", "/en/search?q=tea", "/vi/search?q=hoi+nghi",
         "/vi/search", "/vi/articles/missing"]
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__csp.push(e.violatedDirective + " " + e.blockedURI));
"""


def test_no_csp_violations_on_any_page_type(browser: Any, live_server: str) -> None:
    context = browser.new_context()
    context.add_init_script(LISTEN)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    for path in PAGES:
        page.goto(live_server + path)
        page.wait_for_load_state("networkidle")
        assert "js" in (page.locator("html").get_attribute("class") or ""), path  # scripts ran
        assert page.evaluate("window.__csp") == [], path
        if "/articles/" in path and not path.endswith("missing"):  # a JSON-LD data block, never run
            assert page.locator('script[type="application/ld+json"]').count() == 1, path
    # scripted changes: an htmx toolbar swap, a live search, the player
    page.goto(f"{live_server}/vi/articles/{SAPA}")
    page.locator("#tb-size-up").click()
    # (not wait_for_function: Playwright polls it with eval, which this CSP rightly refuses)
    expect(page.locator("html")).to_have_class(re.compile(r"\btext-size-1\b"))
    page.focus("#listen-audio")  # reader.js adds the player's script and stylesheet
    expect(page.locator("[data-player]")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__csp") == []
    page.goto(f"{live_server}/vi/search")
    page.locator("main input[type=search]").fill("thuy")
    page.wait_for_url(re.compile(r"q=thuy"))
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__csp") == []
    violations = [text for text in console if "Content Security Policy" in text or "Refused to" in text]
    assert violations == []
    # the listener does catch a violation: an inline style attribute is refused
    page.evaluate("document.body.setAttribute('style', 'color: red')")
    page.wait_for_timeout(200)
    assert any("style-src" in v for v in page.evaluate("window.__csp"))
    context.close()
