"""Reading and listening offline in Debian's Chromium, with Playwright's
offline mode (context.set_offline) and a real uvicorn on loopback whose
requests are logged, so "nothing fetched ahead" is checked where the bytes
would go."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from starlette.types import Receive, Scope, Send

from reader.app import create_app
from reader.config import load_settings
from reader.models import ArticleInput

from . import axe
from .conftest import serving

pytestmark = pytest.mark.browser

SAPA = "chung-day-hoang-lien-chung-niem-khat-vong"
ENGLISH = "one-hoang-lien-range-one-shared-ambition"
FISH_VI = "nuoi-ca-long-tren-long-ho-thuy-dien-ban-chat"
TEA = "spring-tea-harvest-fills-the-tan-uyen-hills"
LIBRARY = "a-library-on-wheels-brings-books-to-highland-schools"
FROST = "frost-turns-the-slopes-of-fansipan-white"
HEALTH = "health-workers-take-vaccines-to-remote-villages-around-sa-pa"
TRADERS = "traders-return-to-the-border-market-at-kim-thanh"
FISH_EN = "fish-cages-bring-steady-income-on-the-ban-chat-reservoir"

NOTE_OFFLINE = {"vi": "Bạn đang không có mạng. Đây là bản được lưu giữ trên thiết bị này ngày",
                "en": "You are offline. This is the copy kept on this device on"}
STORE = "reader-offline"


@dataclass
class Server:
    url: str
    app: Any
    requests: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)

    def paths(self) -> list[str]:
        return [path for _, path, _ in self.requests]


def serve(tmp_path_factory: pytest.TempPathFactory, static_build_dir: Path, media_dir: Path,
          **changes: Any) -> Iterator[Server]:
    settings = replace(load_settings({"READER_DATA_DIR": str(tmp_path_factory.mktemp("offline-data"))}),
                       static_dir_override=static_build_dir, media_dir_override=media_dir, **changes)
    app = create_app(settings)
    server = Server("", app)

    async def logged(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
            query = scope["query_string"].decode("latin-1")
            server.requests.append((scope["method"], scope["path"] + (f"?{query}" if query else ""), headers))
        await app(scope, receive, send)

    with serving(logged) as url:
        server.url = url
        yield server


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, static_build_dir: Path, media_dir: Path) -> Iterator[Server]:
    yield from serve(tmp_path_factory, static_build_dir, media_dir)


@pytest.fixture(scope="module")
def small_server(tmp_path_factory: pytest.TempPathFactory, static_build_dir: Path,
                 media_dir: Path) -> Iterator[Server]:
    """Room for the site's own files and one saved article (~155 KB as kept,
    uncompressed) and about three more text-only pages (~21 KB each)."""
    yield from serve(tmp_path_factory, static_build_dir, media_dir, offline_limit=220_000)


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    ctx = browser.new_context()
    yield ctx
    ctx.close()


# -- helpers ---------------------------------------------------------------------------------
ASK = """async (message) => {
  const registration = await navigator.serviceWorker.ready;
  return await new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => resolve(event.data);
    registration.active.postMessage(message, [channel.port2]);
  });
}"""

KEPT = """async ([store, url]) => !!(await (await caches.open(store)).match(url, {ignoreVary: true}))"""


def ask(page: Any, message: dict[str, Any]) -> Any:
    return page.evaluate(ASK, message)


def wait_kept(page: Any, url: str, timeout: float = 20) -> None:
    """Until the worker keeps ``url`` (it keeps pages as they pass, after answering)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if page.evaluate(KEPT, [STORE, url]):
            return
        time.sleep(0.1)
    raise AssertionError(f"{url} was not kept")


def read(page: Any, url: str) -> None:
    """Open a page and wait until the worker controls it and has kept it."""
    page.goto(url)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=20_000)
    wait_kept(page, url)


def saved_section(page: Any) -> Any:
    section = page.locator(".save-offline")
    expect(section).to_be_visible(timeout=20_000)
    return section


def save(page: Any, *, audio: bool = False) -> None:
    section = saved_section(page)
    if audio:
        section.locator("[data-save-audio]").check()
        expect(section.locator("[data-audio-size]")).to_have_text(re.compile(r"\(.*\d.* (KB|MB).*\)"),
                                                                   timeout=60_000)
    section.locator("[data-save]").focus()
    page.keyboard.press("Enter")  # a keyboard user's press
    removable = re.compile("Remove from this device|Xóa khỏi thiết bị này")
    expect(section.locator("[data-save]")).to_have_text(removable, timeout=120_000)


def said(page: Any, text: str) -> None:
    """The polite live region says ``text`` (it may have said something else first)."""
    expect(page.locator("#status")).to_have_text(text, timeout=15_000)


def no_violations(page: Any) -> None:
    found = axe.violations(page)
    assert found == [], axe.describe(found)


# -- an article read once ---------------------------------------------------------------------
def test_an_article_read_once_opens_offline_in_the_settings_it_was_read_in(context: Any, server: Server) -> None:
    context.add_cookies([{"name": "reader_prefs", "value": "1.z3.sd", "url": server.url},
                         {"name": "reader_lang", "value": "vi", "url": server.url}])
    page = context.new_page()
    url = f"{server.url}/vi/articles/{SAPA}"
    read(page, url)
    title = page.locator("h1").inner_text()
    image = page.locator("article .body img").first
    image.scroll_into_view_if_needed()  # loaded lazily, as the reader reaches it
    page.wait_for_function("() => document.querySelector('article .body img').naturalWidth > 0")
    wait_kept(page, image.evaluate("img => img.currentSrc"))
    context.set_offline(True)
    for attempt in ("reload", "goto"):
        page.reload() if attempt == "reload" else page.goto(url)
        assert page.locator("h1").inner_text() == title, attempt
        classes = page.locator("html").get_attribute("class") or ""
        assert "text-size-3" in classes and "scheme-dark" in classes, classes
        note = page.locator(".offline-note")
        expect(note).to_contain_text(NOTE_OFFLINE["vi"])
        assert re.search(r"\d{1,2} tháng \d{1,2}, \d{4} \d{2}:\d{2}\.$", note.inner_text()), note.inner_text()
        said(page, note.inner_text())  # in the polite live region too
    # The image the reader saw came along as it passed.
    image.scroll_into_view_if_needed()
    assert page.evaluate("() => document.querySelector('article .body img').complete "
                         "&& document.querySelector('article .body img').naturalWidth > 0")


def test_saved_with_the_keyboard_then_opened_from_the_saved_list_offline(context: Any, server: Server) -> None:
    page = context.new_page()
    url = f"{server.url}/en/articles/{ENGLISH}"
    read(page, url)
    section = saved_section(page)
    expect(section.locator("[data-save-state]")).to_have_text("This article is not saved on this device.")
    save(page)
    said(page, "Saved. You can read this article without a connection.")
    expect(section.locator("[data-save-state]")).to_have_text(
        re.compile(r"^Saved on this device on \w+ \d+, \d{4} at .+: \d+ KB, without audio\.$"))
    assert page.evaluate("() => document.activeElement.hasAttribute('data-save')")  # the focus stayed
    # every image of the article, in the variant this screen shows, is kept
    for src in page.evaluate("() => [...document.querySelectorAll('article .body img')].map(i => i.currentSrc)"):
        assert src and page.evaluate(KEPT, [STORE, src]), src
    context.set_offline(True)
    page.goto(f"{server.url}/en/saved")  # never opened online: the offline page lists what is kept
    item = page.locator("[data-saved] li")
    expect(item).to_have_count(1)
    link = item.locator("a")
    assert link.get_attribute("lang") == "en"
    meta = item.locator("[data-meta]").inner_text()
    assert re.fullmatch(r"English · Saved on .+ · \d+ KB · without audio", meta), meta
    expect(page.locator("[data-usage]")).to_have_text(re.compile(r"^Reader uses \d+ KB of the 50 MB it may keep"))
    title = link.inner_text()
    link.click()
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator(".offline-note")).to_contain_text(NOTE_OFFLINE["en"])
    # the button says it is saved, and removes it
    section = saved_section(page)
    expect(section.locator("[data-save]")).to_have_text("Remove from this device")
    section.locator("[data-save]").click()
    expect(section.locator("[data-save]")).to_have_text("Save for offline")
    said(page, "Removed from this device.")
    assert ask(page, {"type": "list"})["saved"] == []


def test_saved_with_its_audio_it_plays_offline(context: Any, server: Server) -> None:
    page = context.new_page()
    read(page, f"{server.url}/vi/articles/{SAPA}")
    save(page, audio=True)
    size = page.locator("[data-audio-size]").inner_text()
    assert re.fullmatch(r"\(thêm [\d,]+ (KB|MB)\)", size), size
    expect(page.locator("[data-save-state]")).to_contain_text("kèm bản ghi âm")
    saved = ask(page, {"type": "list"})["saved"]
    assert len(saved) == 1 and saved[0]["audio"] is True and saved[0]["size"] > 100_000
    context.set_offline(True)
    page.reload()
    expect(page.locator(".offline-note")).to_contain_text(NOTE_OFFLINE["vi"])
    page.evaluate("() => { const a = document.getElementById('listen-audio'); a.playbackRate = 4; a.play(); }")
    page.wait_for_function("() => document.getElementById('listen-audio').currentTime > 2", timeout=30_000)
    # the player (and its stylesheet) came from the device too, and follows the audio
    expect(page.locator("[data-player]")).to_be_visible()
    expect(page.locator("[data-sid].speaking").first).to_be_attached(timeout=30_000)
    # a byte range (a seek) is answered from the kept file
    page.evaluate("() => { const a = document.getElementById('listen-audio'); a.currentTime = a.duration / 2; }")
    page.wait_for_function("() => { const a = document.getElementById('listen-audio');"
                           " return a.currentTime > a.duration / 2 && !a.paused; }", timeout=30_000)
    page.evaluate("() => document.getElementById('listen-audio').pause()")
    assert ask(page, {"type": "remove", "url": page.url}) == {"ok": True}


# -- never saved ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("locale", "heading", "reason"), [
    ("vi", "Không có kết nối mạng", "Trang bạn mở chưa được lưu giữ trên thiết bị này"),
    ("en", "No connection", "The page you opened is not kept on this device")])
def test_a_page_never_kept_gives_the_offline_page(context: Any, server: Server, locale: str, heading: str,
                                                  reason: str) -> None:
    page = context.new_page()
    read(page, f"{server.url}/{locale}/articles/{SAPA}")
    context.set_offline(True)
    response = page.goto(f"{server.url}/{locale}/articles/{TEA}")
    assert response.status == 200
    expect(page.locator("h1")).to_have_text(heading)
    assert page.locator("html").get_attribute("lang") == locale
    expect(page.locator("[data-offline-reason=page]")).to_contain_text(reason)
    expect(page.locator("[data-offline-reason=search]")).to_be_hidden()
    kept = page.locator("[data-kept] a")
    expect(kept).to_have_count(1)  # the article read before, to read now
    expect(page.locator("a[href$='/saved']").last).to_be_visible()
    expect(page.locator("[data-retry]")).to_be_visible()
    no_violations(page)
    # back online, "Try again" gets the page
    context.set_offline(False)
    page.locator("[data-retry]").click()
    expect(page.locator("article h1")).to_be_visible()
    # searching offline, from the search box in the header, with the keyboard
    context.set_offline(True)
    page.locator("#site-q").fill("Sa Pa")
    page.locator("#site-q").press("Enter")
    page.wait_for_url(re.compile(r"/search\?q="))
    expect(page.locator("[data-offline-reason=search]")).to_be_visible()
    expect(page.locator("[data-offline-reason=search]")).to_contain_text(
        "Tìm kiếm cần có mạng" if locale == "vi" else "Search needs the network")
    expect(page.locator("[data-offline-reason=page]")).to_be_hidden()
    expect(page.locator("[data-kept] a").first).to_be_visible()
    no_violations(page)


@pytest.mark.parametrize("locale", ["vi", "en"])
def test_saved_list_and_offline_page_have_no_axe_violations(context: Any, server: Server, locale: str) -> None:
    page = context.new_page()
    read(page, f"{server.url}/{locale}/articles/{SAPA}")
    save(page)
    no_violations(page)  # the article with its Save section
    read(page, f"{server.url}/{locale}/saved")
    expect(page.locator("[data-saved] li")).to_have_count(1)
    no_violations(page)
    context.set_offline(True)
    page.reload()
    expect(page.locator(".offline-note")).to_be_visible()
    no_violations(page)
    page.goto(f"{server.url}/{locale}/offline")
    expect(page.locator("[data-saved] li")).to_have_count(1)
    no_violations(page)
    page.goto(f"{server.url}/{locale}/articles/{SAPA}")
    expect(page.locator(".offline-note")).to_be_visible()
    no_violations(page)  # an article from the device, with its note
    # removing from the list with the keyboard: said, and the focus lands on the heading
    page.goto(f"{server.url}/{locale}/saved")
    remove = page.locator("[data-saved] [data-remove]")
    expect(remove).to_have_count(1)
    assert remove.get_attribute("aria-label").endswith(
        "khỏi thiết bị này" if locale == "vi" else "from this device")
    remove.focus()
    page.keyboard.press("Enter")
    expect(page.locator("[data-saved-empty]")).to_be_visible()
    said(page, "Đã xóa khỏi thiết bị này." if locale == "vi" else "Removed from this device.")
    assert page.evaluate("() => document.activeElement.id") == "main-heading"
    no_violations(page)


@pytest.mark.parametrize("locale", ["vi", "en"])
def test_without_scripts_the_saved_list_explains_and_passes_axe(browser: Any, server: Server, locale: str) -> None:
    ctx = axe.context(browser, javascript=False)
    page = ctx.new_page()
    for path in ("saved", "offline"):
        page.goto(f"{server.url}/{locale}/{path}")
        expect(page.locator("[data-offline-nojs]")).to_be_visible()
        expect(page.locator("[data-offline-lists]")).to_be_hidden()
        no_violations(page)
    ctx.close()


# -- fresh when back online ----------------------------------------------------------------------------
def test_an_updated_article_is_refreshed_once_back_online(context: Any, server: Server) -> None:
    store = server.app.state.services.store
    item = store.article(FISH_VI)
    fields = dict(slug=FISH_VI, lang="vi", title=item.title, summary=item.summary, body_html=item.body_html,
                  author=item.author, published_at=item.published_at, translation_group=item.translation_group,
                  images=item.images)
    page = context.new_page()
    url = f"{server.url}/vi/articles/{FISH_VI}"
    try:
        read(page, url)
        save(page)
        context.set_offline(True)
        page.reload()
        expect(page.locator(".offline-note")).to_be_visible()
        store.save(ArticleInput(**{**fields, "title": "Nuôi cá lồng: bản cập nhật"}))
        context.set_offline(False)
        server.requests.clear()
        page.reload()
        expect(page.locator("h1")).to_have_text("Nuôi cá lồng: bản cập nhật")
        updated = "Bài viết này đã thay đổi kể từ khi bạn lưu. Bản lưu trên thiết bị này đã được cập nhật."
        expect(page.locator(".offline-note")).to_have_text(updated)
        said(page, updated)
        # asked with the kept copy's ETag
        asked = [h for method, path, h in server.requests if path == f"/vi/articles/{FISH_VI}"]
        assert asked and asked[0].get("if-none-match", "").startswith('"')
        # the saved copy is the new one, offline
        page.wait_for_function("() => !document.querySelector('[data-save]').hasAttribute('aria-disabled')")
        context.set_offline(True)
        page.reload()
        expect(page.locator("h1")).to_have_text("Nuôi cá lồng: bản cập nhật")
        assert ask(page, {"type": "list"})["saved"][0]["title"] == "Nuôi cá lồng: bản cập nhật"
        # unchanged since: a 304, no note
        context.set_offline(False)
        server.requests.clear()
        page.reload()
        expect(page.locator("h1")).to_have_text("Nuôi cá lồng: bản cập nhật")
        page.wait_for_timeout(500)
        assert page.locator(".offline-note").count() == 0
    finally:
        store.save(ArticleInput(**fields))


def test_a_saved_page_opened_after_a_settings_change_comes_in_the_new_settings(context: Any,
                                                                                server: Server) -> None:
    page = context.new_page()
    url = f"{server.url}/en/articles/{FISH_EN}"
    read(page, url)
    save(page)
    assert "text-size" not in (page.locator("html").get_attribute("class") or "")
    page.locator("#tb-size-up").click()  # the toolbar (htmx), through the worker
    expect(page.locator("#status")).to_have_text(re.compile("Text size 112.5%"))
    page.reload()
    assert "text-size-1" in (page.locator("html").get_attribute("class") or "")
    page.wait_for_timeout(300)
    assert page.locator(".offline-note").count() == 0
    context.set_offline(True)
    page.reload()
    expect(page.locator(".offline-note")).to_be_visible()
    assert "text-size-1" in (page.locator("html").get_attribute("class") or "")  # the kept copy follows


def test_settings_changed_offline_apply_once_the_connection_is_back(context: Any, server: Server) -> None:
    page = context.new_page()
    read(page, f"{server.url}/vi/settings")
    read(page, f"{server.url}/vi/articles/{SAPA}")
    context.set_offline(True)
    # the toolbar says when a press will apply
    saved_section(page)
    page.locator("#tb-contrast-up").click()
    said(page, "Bạn đang không có mạng. Thay đổi này sẽ được áp dụng khi có mạng trở lại.")
    # the settings form says so before and after
    page.goto(f"{server.url}/vi/settings")
    note = ("Bạn đang không có mạng. Cài đặt bạn lưu bây giờ sẽ được giữ trên thiết bị này "
            "và áp dụng khi có mạng trở lại.")
    expect(page.locator("form.settings")).to_be_visible()
    expect(page.locator(".offline-note").last).to_have_text(note)
    page.locator("input[name=text_size][value='5']").check()
    page.locator("button[value=save]").click()
    page.wait_for_url(f"{server.url}/vi/settings")
    expect(page.locator(".offline-note").last).to_have_text(note)
    assert not any(c["name"] == "reader_prefs" for c in context.cookies())
    context.set_offline(False)
    expect(page.locator("#status")).to_have_text(
        "Đã có mạng trở lại và cài đặt hiển thị của bạn đã được áp dụng. Hãy tải lại trang để thấy thay đổi.",
        timeout=15_000)
    cookie = next(c["value"] for c in context.cookies() if c["name"] == "reader_prefs")
    # Sent in the order made: the toolbar's contrast, then the whole form
    # (which, as shown, had the device's contrast): the form's choices win.
    assert cookie == "1.z5"
    page.goto(f"{server.url}/vi/articles/{SAPA}")
    classes = page.locator("html").get_attribute("class") or ""
    assert "text-size-5" in classes and "contrast-auto" in classes


def test_on_a_slow_link_the_kept_copy_is_shown_after_a_short_wait(context: Any, server: Server) -> None:
    page = context.new_page()
    url = f"{server.url}/en/articles/{LIBRARY}"
    read(page, url)
    read(page, f"{server.url}/en/")  # the worker has seen the reader's settings on a page since
    held: list[Any] = []
    context.route(f"**/en/articles/{LIBRARY}", lambda route: held.append(route))
    started = time.monotonic()
    page.goto(url)
    waited = time.monotonic() - started
    expect(page.locator(".offline-note")).to_contain_text(
        "The connection is slow, so this is the copy kept on this device on")
    assert 2.5 < waited < 10, waited
    assert held, "the worker asked the network first"
    for route in held:
        route.continue_()
    context.unroute(f"**/en/articles/{LIBRARY}")


# -- storage ------------------------------------------------------------------------------------------
def test_the_storage_bound_evicts_the_oldest_unsaved_page_first(context: Any, small_server: Server) -> None:
    url = small_server.url
    context.add_cookies([{"name": "reader_prefs", "value": "1.ih", "url": url}])  # text only: pages alone
    page = context.new_page()
    read(page, f"{url}/en/articles/{ENGLISH}")
    save(page)
    opened = [FROST, HEALTH, TRADERS, TEA, LIBRARY, FISH_EN]
    for slug in opened:
        read(page, f"{url}/en/articles/{slug}")
    answer = ask(page, {"type": "list"})
    assert answer["used"] <= answer["limit"] == 220_000
    kept = [entry["url"].rsplit("/", 1)[1] for entry in answer["kept"]]
    assert [entry["url"].rsplit("/", 1)[1] for entry in answer["saved"]] == [ENGLISH]  # saved: kept
    assert kept and kept[0] == FISH_EN  # the newest is there
    gone = [slug for slug in opened if slug not in kept]
    assert gone and gone == opened[:len(gone)], kept  # the oldest went first
    # the list says what is used
    page.goto(f"{url}/en/saved")
    expect(page.locator("[data-usage]")).to_have_text(re.compile(r"Reader uses \d+ KB of the 220 KB it may keep"))
    # Saving past the bound is refused, and takes nothing from what is saved.
    page.goto(f"{url}/en/articles/{FISH_EN}")
    section = saved_section(page)
    section.locator("[data-save-audio]").check()
    expect(section.locator("[data-audio-size]")).to_have_text(re.compile(r"KB|MB"), timeout=60_000)
    section.locator("[data-save]").click()
    expect(page.locator("#status")).to_have_text(
        "Could not save: there is not enough space for offline reading. Remove some saved articles and try again.",
        timeout=60_000)
    expect(section.locator("[data-save]")).to_have_text("Save for offline")
    after = ask(page, {"type": "list"})
    assert [entry["url"].rsplit("/", 1)[1] for entry in after["saved"]] == [ENGLISH]
    assert after["used"] <= after["limit"]
    # Gone from the worker's cache (the browser's own HTTP cache may still
    # hold it for the 30 s of stale-while-revalidate pages allow).
    for slug in gone:
        assert not page.evaluate(KEPT, [STORE, f"{url}/en/articles/{slug}"]), slug
    context.set_offline(True)
    page.goto(f"{url}/en/articles/{ENGLISH}")
    expect(page.locator(".offline-note")).to_be_visible()


def test_under_save_data_nothing_is_fetched_ahead(context: Any, server: Server) -> None:
    context.set_extra_http_headers({"Save-Data": "on"})
    page = context.new_page()
    context.new_cdp_session(page).send("Emulation.setDataSaverOverride", {"dataSaverEnabled": True})
    context.add_cookies([{"name": "reader_lang", "value": "en", "url": server.url}])
    server.requests.clear()
    url = f"{server.url}/en/articles/{TRADERS}"
    page.goto(url)
    saved_section(page)  # the worker is installed and has its words
    page.wait_for_timeout(1000)
    paths = server.paths()
    assert paths.count(f"/en/articles/{TRADERS}") == 1  # kept from the browser's cache, not fetched again
    assert "/en/offline" in paths and "/sw.js" in paths
    ahead = [p for p in paths if p.endswith("/saved") or "player" in p or p.startswith("/media/")
             or "audio" in p or "speech" in p or p.startswith("/vi/")]
    assert ahead == []
    assert page.locator("article img").count() == 0  # text only under Save-Data
    context.set_offline(True)
    page.reload()
    expect(page.locator(".offline-note")).to_be_visible()


# -- the worker ----------------------------------------------------------------------------------------
def test_the_worker_has_scope_root_and_an_update_takes_effect_on_the_next_visit(browser: Any,
                                                                                 server: Server) -> None:
    from reader import serviceworker, static
    from reader.resources import STATIC_DIR

    ctx = browser.new_context()
    page = ctx.new_page()
    read(page, f"{server.url}/vi/")
    assert page.evaluate("async () => (await navigator.serviceWorker.ready).scope") == f"{server.url}/"
    assert ask(page, {"type": "list"})["limit"] == 50_000_000
    original = server.app.state.service_worker
    manifest = static.build(STATIC_DIR, server.app.state.services.settings.static_build_dir)
    try:
        server.app.state.service_worker = serviceworker.build(manifest, static.StaticUrls(manifest), 40_000_000)
        page.evaluate("async () => (await navigator.serviceWorker.ready).update()")
        page.wait_for_function("async () => { const r = await navigator.serviceWorker.getRegistration();"
                               " return r.waiting !== null; }", timeout=20_000)
        page.reload()  # still this visit: the worker in charge does not change hands
        assert ask(page, {"type": "list"})["limit"] == 50_000_000
        page.close()  # the visit ends
        page = ctx.new_page()
        page.goto(f"{server.url}/vi/")
        page.wait_for_function("async () => { const r = await navigator.serviceWorker.getRegistration();"
                               " return r.waiting === null && r.active !== null; }", timeout=20_000)
        assert ask(page, {"type": "list"})["limit"] == 40_000_000
        assert page.evaluate(KEPT, [STORE, f"{server.url}/vi/"])  # what was kept stays kept
    finally:
        server.app.state.service_worker = original
        ctx.close()


def test_chromium_finds_reader_installable(browser: Any, server: Server, tmp_path: Path) -> None:
    """Chromium's own check (what makes it offer "Install app"), in a
    profile on disk: Playwright's usual contexts are incognito, which alone
    rules installing out."""
    from .conftest import CHROMIUM

    ctx = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM,
        args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"])
    try:
        page = ctx.new_page()
        read(page, f"{server.url}/vi/")
        cdp = ctx.new_cdp_session(page)
        manifest = cdp.send("Page.getAppManifest")
        assert manifest["url"] == f"{server.url}/manifest.webmanifest?lang=vi" and manifest["errors"] == []
        assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    finally:
        ctx.close()
