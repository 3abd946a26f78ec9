"""The reading guide in Debian's Chromium: offered only with scripts, turned
on and off by keyboard and announced, a band of 1, 3 or 5 lines that
follows the pointer, the touch point, the keyboard focus and the sentence
the player reads, never dimming the focused control, without animation
under reduced motion."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from PIL import Image, ImageStat
from playwright.sync_api import expect

from .phone import SAPA
from .test_browser_prefs import prefs_cookie

pytestmark = pytest.mark.browser

ARTICLE = f"/vi/articles/{SAPA}"


@contextmanager
def guided(browser: Any, live_server: str, cookie: str = "1.g3", **options: Any) -> Iterator[Any]:
    context = browser.new_context(**{"viewport": {"width": 360, "height": 740}, **options})
    context.add_cookies([{"name": "reader_prefs", "value": cookie, "url": live_server}])
    try:
        page = context.new_page()
        page.goto(live_server + ARTICLE)
        yield page
    finally:
        context.close()


def band(page: Any) -> tuple[float, float]:
    top, bottom = page.locator(".guide").get_attribute("data-band").split()
    return float(top), float(bottom)


def wait_for_band(page: Any, test: Any, what: str) -> tuple[float, float]:
    """The band is drawn on the next animation frame."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if test(*band(page)):
            return band(page)
        page.wait_for_timeout(30)
    raise AssertionError(f"the band never {what}: {band(page)}")


def brightness(page: Any, box: dict[str, float]) -> float:
    shot = page.screenshot(clip={"x": box["x"] + 2, "y": box["y"] + 2,
                                 "width": max(4, box["width"] - 4), "height": max(4, box["height"] - 4)})
    return float(ImageStat.Stat(Image.open(io.BytesIO(shot)).convert("L")).mean[0])


def test_the_option_is_offered_only_with_scripts(browser: Any, live_server: str) -> None:
    for javascript in (False, True):
        context = browser.new_context(java_script_enabled=javascript)
        page = context.new_page()
        page.goto(f"{live_server}/vi/settings")
        guide = page.get_by_role("group", name="Thước đọc")
        if not javascript:
            expect(guide).to_have_count(0)  # hidden: not in the page's accessibility tree
            assert page.locator("input[name=guide]").first.is_hidden()
            context.close()
            continue
        expect(guide).to_be_visible()
        expect(guide).to_have_accessible_description(
            "Làm tối trang, chỉ chừa một dải dòng chữ đi theo ngón tay, con trỏ chuột hoặc tiêu điểm bàn phím "
            "của bạn, và theo câu đang được đọc to.")
        # By keyboard: to the group, arrows to "3 dòng", then Save.
        page.locator("input[name=guide]:checked").focus()
        for _ in range(2):
            page.keyboard.press("ArrowRight")
        expect(guide.get_by_role("radio", name="3 dòng", exact=True)).to_be_checked()
        page.get_by_role("button", name="Lưu cài đặt").focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert prefs_cookie(context) == "1.g3"
        context.close()


def test_without_scripts_a_chosen_guide_costs_nothing(browser: Any, live_server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    context.add_cookies([{"name": "reader_prefs", "value": "1.g3", "url": live_server}])
    page = context.new_page()
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(live_server + ARTICLE)
    assert page.locator(".guide, #guide-toggle").count() == 0
    assert not [url for url in fetched if "guide" in url]
    context.close()


def test_turned_off_and_on_by_keyboard_and_announced(browser: Any, live_server: str) -> None:
    with guided(browser, live_server) as page:
        layer = page.locator(".guide")
        expect(layer).to_be_attached()
        assert layer.get_attribute("aria-hidden") == "true"
        assert page.evaluate("getComputedStyle(document.querySelector('.guide')).pointerEvents") == "none"
        page.locator("summary.menu-toggle").focus()
        page.keyboard.press("Enter")
        for _ in range(20):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.id") == "guide-toggle":
                break
        toggle = page.get_by_role("button", name="Thước đọc")
        expect(toggle).to_be_focused()
        expect(toggle).to_have_attribute("aria-pressed", "true")
        page.keyboard.press("Space")
        expect(toggle).to_have_attribute("aria-pressed", "false")
        expect(layer).to_be_hidden()
        expect(page.locator("#status")).to_have_text("Đã tắt thước đọc.")
        # Remembered for the rest of the visit.
        page.reload()
        expect(page.locator("#guide-toggle")).to_have_attribute("aria-pressed", "false")
        expect(page.locator(".guide")).to_be_hidden()
        page.locator("summary.menu-toggle").click()
        page.locator("#guide-toggle").focus()
        page.keyboard.press("Enter")
        expect(page.locator("#guide-toggle")).to_have_attribute("aria-pressed", "true")
        expect(page.locator("#status")).to_have_text("Đã bật thước đọc: 3 dòng.")
    with guided(browser, live_server, "1.g1") as page:
        page.locator("summary.menu-toggle").click()
        page.locator("#guide-toggle").click()
        page.locator("#guide-toggle").click()
        expect(page.locator("#status")).to_have_text("Đã bật thước đọc: 1 dòng.")


def test_the_band_follows_the_keyboard_focus_and_never_dims_it(browser: Any, live_server: str) -> None:
    with guided(browser, live_server) as page:
        for _ in range(30):
            page.keyboard.press("Tab")
            focused = page.evaluate("(() => { const e = document.activeElement, r = e.getBoundingClientRect();"
                                    " return {inMain: !!e.closest('main'), top: r.top, bottom: r.bottom}; })()")
            if focused["inMain"] and focused["bottom"] > 300:
                break
        assert focused["inMain"], focused
        wait_for_band(page, lambda top, bottom: top <= focused["top"] and focused["bottom"] <= bottom,
                      f"reached the focused control {focused}")
        box = page.evaluate("JSON.parse(JSON.stringify(document.activeElement.getBoundingClientRect()))")
        clear = brightness(page, box)
        # The pointer moves the band away; the focused control stays clear.
        page.mouse.move(100, 40)
        wait_for_band(page, lambda top, bottom: bottom < box["y"], "moved up to the pointer")
        assert brightness(page, box) == pytest.approx(clear, abs=3), "the focused control was dimmed"
        # ...while what is outside the band and unfocused is dimmed.
        other = {"x": 0, "y": 700, "width": 360, "height": 30}
        dim = brightness(page, other)
        page.locator("#guide-toggle").evaluate("b => b.click()")
        page.wait_for_timeout(100)
        assert brightness(page, other) > dim + 40, "the guide dims the page outside its band"


@pytest.mark.parametrize("lines", [1, 3, 5])
def test_the_band_follows_the_pointer_with_its_lines(browser: Any, live_server: str, lines: int) -> None:
    with guided(browser, live_server, f"1.g{lines}") as page:
        paragraph = page.locator("article .body p").first
        paragraph.evaluate("p => p.scrollIntoView({block: 'center'})")  # the band whole on the screen
        box = paragraph.bounding_box()
        line = float(paragraph.evaluate("p => parseFloat(getComputedStyle(p).lineHeight)"))
        y = box["y"] + line * 1.5  # the middle of its second line
        page.mouse.move(box["x"] + 20, y)
        top, bottom = wait_for_band(page, lambda top, bottom: top < y < bottom, "reached the pointer")
        assert bottom - top == pytest.approx(lines * line, abs=1)
        assert abs((top + bottom) / 2 - y) <= line / 2, "centred on the line under the pointer"


def test_the_band_follows_the_touch_point(browser: Any, live_server: str) -> None:
    with guided(browser, live_server, has_touch=True, is_mobile=True) as page:
        page.touchscreen.tap(180, 600)
        wait_for_band(page, lambda top, bottom: top < 600 < bottom, "reached the touch point")


def test_the_band_follows_the_sentence_read_aloud(browser: Any, live_server: str) -> None:
    """The real player (server audio, as Chromium here has no Vietnamese
    voice) marks the sentence it reads; the band goes with it."""
    with guided(browser, live_server, "1.g1", viewport={"width": 1280, "height": 800}) as page:
        page.focus("#listen-audio")
        page.wait_for_selector("[data-player]:not([hidden])", timeout=10_000)
        page.click("[data-player] [data-action=play]")
        page.wait_for_function("() => !document.getElementById('listen-audio').paused", timeout=60_000)
        page.evaluate("document.getElementById('listen-audio').playbackRate = 4")
        seen = set()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and len(seen) < 3:
            where = page.evaluate("""() => { const s = document.querySelector('[data-sid].speaking');
              if (!s) { return null; } const r = s.getBoundingClientRect();
              const [top, bottom] = document.querySelector('.guide').dataset.band.split(' ').map(Number);
              return {sid: s.dataset.sid, top: r.top, bottom: r.bottom, band: [top, bottom]}; }""")
            if where and where["band"][0] <= where["top"] + 1 and where["bottom"] <= where["band"][1] + 1:
                seen.add(where["sid"])
            time.sleep(0.05)
        page.click("[data-player] [data-action=stop]")
        assert len(seen) >= 3, f"the band held the sentence being read for only {seen}"


@pytest.mark.parametrize("how", ["device", "setting"])
def test_no_animation_under_reduced_motion(browser: Any, live_server: str, how: str) -> None:
    animation = "getComputedStyle(document.querySelector('.guide')).animationName"
    with guided(browser, live_server) as page:
        expect(page.locator(".guide")).to_be_attached()
        page.wait_for_load_state("networkidle")  # guide.css
        assert page.evaluate(animation) == "guide-in"
    options = {"reduced_motion": "reduce"} if how == "device" else {}
    with guided(browser, live_server, "1.g3" if how == "device" else "1.g3.rr", **options) as page:
        expect(page.locator(".guide")).to_be_attached()
        page.wait_for_load_state("networkidle")
        assert page.evaluate(animation) == "none"
