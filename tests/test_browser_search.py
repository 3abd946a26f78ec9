"""Search in Debian's Chromium: axe on the search page (with and without
results, JS on and off, both locales), results updating as the reader types
(htmx, debounced, shareable URL, announced count, working back button), the
header form without JavaScript, and reflow at 320 px and 400% text."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from . import axe

pytestmark = pytest.mark.browser

SAPA = "chung-day-hoang-lien-chung-niem-khat-vong"
NO_SCROLL = """() => ({scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth})"""


@pytest.fixture(params=[True, False], ids=["js-on", "js-off"])
def page(request: pytest.FixtureRequest, browser: Any) -> Iterator[Any]:
    context = axe.context(browser, javascript=request.param)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.mark.parametrize("locale", ["vi", "en"])
@pytest.mark.parametrize("query", ["", "?q=", "?q=hoi+nghi", "?q=sa+pa&page=2", "?q=zzzz+%22+OR"],
                         ids=["no-query", "empty", "results", "page-2", "no-results"])
def test_search_page_has_no_axe_violations(page: Any, live_server: str, locale: str, query: str) -> None:
    response = page.goto(f"{live_server}/{locale}/search{query}")
    assert response.status == 200
    assert page.locator("h1").count() == 1
    found = axe.violations(page)
    assert found == [], axe.describe(found)


def test_results_update_as_the_reader_types(browser: Any, live_server: str) -> None:
    context = browser.new_context()
    tab = context.new_page()
    tab.goto(f"{live_server}/vi/search")
    tab.wait_for_function("() => window.htmx && document.documentElement.classList.contains('js')")
    # The live region must be the same element after the update, or screen
    # readers would not announce its new text.
    tab.evaluate("document.getElementById('search-count').dataset.original = 'yes'")
    requests: list[str] = []
    tab.on("request", lambda r: requests.append(r.url) if "/vi/search?" in r.url else None)
    field = tab.locator("#q")
    field.focus()
    field.press_sequentially("thuy", delay=10)  # far faster than the 300 ms debounce, even on a busy machine
    expect(tab.locator("#search-results li h2 a")).to_have_count(3)
    expect(tab.locator("#search-count")).to_have_text("Tìm thấy 3 bài viết cho “thuy”.")
    assert tab.evaluate("document.getElementById('search-count').dataset.original") == "yes"
    assert tab.evaluate("document.getElementById('search-count').getAttribute('role')") == "status"
    assert tab.locator("#search-results mark").count() >= 3
    assert tab.evaluate("document.activeElement.id") == "q"  # typing is never interrupted
    assert len(requests) == 1, requests  # debounced: one request for four keys
    expect(tab).to_have_url(f"{live_server}/vi/search?q=thuy")  # shareable
    assert tab.locator("h1").count() == 1 and tab.locator("main").count() == 1

    field.press_sequentially(" dien", delay=40)
    expect(tab.locator("#search-results li h2 a")).to_have_count(2)
    expect(tab.locator("#search-count")).to_have_text("Tìm thấy 2 bài viết cho “thuy dien”.")
    expect(tab).to_have_url(f"{live_server}/vi/search?q=thuy%20dien")

    # Back restores the earlier results as a full page, not a fragment.
    tab.go_back()
    expect(tab.locator("#search-results li h2 a")).to_have_count(3)
    assert tab.locator("h1").count() == 1 and tab.locator("#q").count() == 1

    # A shared link opens the same results.
    other = context.new_page()
    other.goto(f"{live_server}/vi/search?q=thuy+dien")
    expect(other.locator("#search-results li h2 a")).to_have_count(2)
    context.close()


def test_header_search_works_without_javascript(browser: Any, live_server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(f"{live_server}/en/")
    tab.get_by_label("Search articles").fill("hoang lien")
    tab.keyboard.press("Enter")
    tab.wait_for_url("**/en/search?q=hoang+lien")
    links = tab.locator("#search-results li h2 a")
    assert links.count() >= 2
    assert tab.locator("#search-results mark").first.text_content() in ("Hoàng", "Liên")
    tab.get_by_label("Words to find").fill("duong")
    tab.get_by_role("button", name="Search", exact=True).click()
    tab.wait_for_url("**/en/search?q=duong")
    assert tab.locator("#search-results li").count() >= 2
    context.close()


@pytest.mark.parametrize("size", [0, 8], ids=["100%", "400%"])
def test_search_reflows_at_320_px(browser: Any, live_server: str, size: int) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    if size:
        context.add_cookies([{"name": "reader_prefs", "value": f"1.z{size}", "url": live_server}])
    tab = context.new_page()
    for path in ("/vi/search?q=hoi+nghi", "/en/search?q=sa+pa", "/vi/search"):
        tab.goto(live_server + path)
        result = tab.evaluate(NO_SCROLL)
        assert result["scrollWidth"] <= result["innerWidth"], f"{path} at z{size}: {result}"
    # On article pages, the parts search adds: the header form and related articles.
    tab.goto(f"{live_server}/vi/articles/{SAPA}")
    for selector in (".site-search", ".site-search input", ".site-search button",
                     "aside.related", "aside.related li"):
        right = tab.evaluate(f"Math.max(...[...document.querySelectorAll('{selector}')]"
                             ".map(e => e.getBoundingClientRect().right))")
        assert right <= 320.5, f"{selector} at z{size}: {right}"
    context.close()
