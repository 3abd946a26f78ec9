"""axe in Debian's Chromium: home and article pages, both locales, JS on and off."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from . import axe

pytestmark = pytest.mark.browser

SAPA = "chung-day-hoang-lien-chung-niem-khat-vong"


@pytest.fixture(params=[True, False], ids=["js-on", "js-off"])
def page(request: pytest.FixtureRequest, browser: Any) -> Iterator[Any]:
    context = axe.context(browser, javascript=request.param)
    tab = context.new_page()
    yield tab
    context.close()


def english_article(page: Any, live_server: str) -> str:
    page.goto(f"{live_server}/vi/articles/{SAPA}")
    return str(page.locator("article .translations a[hreflang=en]").get_attribute("href"))


@pytest.mark.parametrize("locale", ["vi", "en"])
def test_home_has_no_axe_violations(page: Any, live_server: str, locale: str) -> None:
    response = page.goto(f"{live_server}/{locale}/")
    assert response.status == 200
    found = axe.violations(page)
    assert found == [], axe.describe(found)


@pytest.mark.parametrize("locale", ["vi", "en"])
def test_sample_article_and_its_translation_have_no_axe_violations(
    page: Any, live_server: str, locale: str
) -> None:
    for path in (f"/{locale}/articles/{SAPA}", english_article(page, live_server).replace("/en/", f"/{locale}/")):
        response = page.goto(live_server + path)
        assert response.status == 200
        assert page.locator("h1").count() == 1
        found = axe.violations(page)
        assert found == [], f"{path}\n{axe.describe(found)}"


@pytest.mark.parametrize("locale", ["vi", "en"])
def test_not_found_page_has_no_axe_violations(page: Any, live_server: str, locale: str) -> None:
    response = page.goto(f"{live_server}/{locale}/articles/missing")
    assert response.status == 404
    found = axe.violations(page)
    assert found == [], axe.describe(found)


@pytest.mark.parametrize("locale", ["vi", "en"])
def test_withdrawn_article_page_has_no_axe_violations(page: Any, live_server: str, withdrawn_slug: str,
                                                      locale: str) -> None:
    response = page.goto(f"{live_server}/{locale}/articles/{withdrawn_slug}")
    assert response.status == 410
    assert page.locator("h1").inner_text() in ("Bài viết này đã bị gỡ", "This article has been withdrawn")
    assert page.locator("html").get_attribute("lang") == locale
    found = axe.violations(page)
    assert found == [], axe.describe(found)


def test_scripts_run_only_when_javascript_is_on(browser: Any, live_server: str) -> None:
    for javascript in (True, False):
        context = axe.context(browser, javascript=javascript)
        tab = context.new_page()
        tab.goto(f"{live_server}/vi/")
        assert ("js" in (tab.locator("html").get_attribute("class") or "")) is javascript
        context.close()


def test_pages_render_the_same_with_javascript_truly_disabled(browser: Any, live_server: str) -> None:
    """The JS-off axe runs block our scripts instead of disabling JavaScript
    (axe needs timers); this checks that nothing else differs."""
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(f"{live_server}/vi/articles/{SAPA}")
    code = "[...document.scripts].filter(s => s.type !== 'application/ld+json')"
    assert tab.evaluate(f"{code}.length") == 2  # htmx, reader.js (which loads the player on demand)
    assert tab.evaluate(f"{code}.every(s => s.src && s.defer)")
    assert tab.evaluate("document.scripts.length") == 3  # and the article's JSON-LD, a data block
    assert "js" not in (tab.locator("html").get_attribute("class") or "")
    assert tab.locator("article figure").count() == 6
    context.close()


def test_skip_link_is_first_and_moves_focus_to_main(browser: Any, live_server: str) -> None:
    context = browser.new_context()
    tab = context.new_page()
    tab.goto(f"{live_server}/en/articles/{SAPA}")
    tab.keyboard.press("Tab")
    focused = tab.evaluate("document.activeElement.textContent")
    assert focused == "Skip to main content"
    box = tab.evaluate("JSON.stringify(document.activeElement.getBoundingClientRect())")
    assert '"top":' in box and tab.locator(".skip-link").is_visible()
    tab.keyboard.press("Enter")
    assert tab.evaluate("location.hash") == "#main"
    context.close()


def test_the_axe_harness_catches_a_real_violation(browser: Any) -> None:
    """Guards the tests above against passing because axe never ran."""
    context = axe.context(browser, javascript=False)
    tab = context.new_page()
    tab.set_content('<html lang="en"><title>t</title><main><img src="x.png">'
                    '<a href="#"></a><p style="color:#aaa;background:#fff">faint</p></main></html>')
    found = {v["id"] for v in axe.violations(tab)}
    assert {"image-alt", "link-name", "color-contrast"} <= found
    context.close()


@pytest.mark.parametrize("locale", ["vi", "en"])
@pytest.mark.parametrize("path", ["settings", "settings?apply=1.z3.ch.sd", "settings?apply=nonsense",
                                  "accessibility"])
def test_settings_and_statement_pages_have_no_axe_violations(
    page: Any, live_server: str, locale: str, path: str
) -> None:
    response = page.goto(f"{live_server}/{locale}/{path}")
    assert response.status in (200, 400)
    assert page.locator("h1").count() == 1
    found = axe.violations(page)
    assert found == [], axe.describe(found)


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
@pytest.mark.parametrize("locale", ["vi", "en"])
def test_save_data_text_only_pages_have_no_axe_violations(
    browser: Any, live_server: str, locale: str, javascript: bool
) -> None:
    context = axe.context(browser, javascript=javascript, extra_http_headers={"Save-Data": "on"})
    tab = context.new_page()
    for path in (f"/{locale}/articles/{SAPA}", f"/{locale}/"):
        response = tab.goto(live_server + path)
        assert response.status == 200
        assert tab.locator("article img").count() == 0  # text only
        assert "images-hide" in (tab.locator("html").get_attribute("class") or "")
        found = axe.violations(tab)
        assert found == [], f"{path}\n{axe.describe(found)}"
    tab.goto(f"{live_server}/{locale}/articles/{SAPA}")
    show = tab.get_by_role("button", name="Hiện ảnh" if locale == "vi" else "Show images")
    assert show.count() == 1 and show.is_visible()
    context.close()
