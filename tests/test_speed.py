"""Fast on slow links: byte budgets (deterministic, so tests), conditional
requests, Vary, Save-Data and the render cache."""

from __future__ import annotations

import math
import re
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime

import pytest
from bs4 import BeautifulSoup
from starlette.testclient import TestClient

from reader import prefs as P
from reader.cache import Entry, RenderCache
from reader.models import ArticleInput
from reader.store import open_store

SAPA = "chung-day-hoang-lien-chung-niem-khat-vong"
ENGLISH = "one-hoang-lien-range-one-shared-ambition"
INITIAL_WINDOW = 14_600
FIRST_VIEW = 30_000  # "30 KB", read strictly
REPEAT_VIEW = 15 * 1024

def longest_values() -> P.Prefs:
    """The combination with the most bytes: every field at its longest
    non-default value (class names are the only thing preferences add)."""
    chosen = {}
    for name, choice in P.CHOICES.items():
        chosen[name] = max(choice.values[1:] or choice.values, key=len)
    return replace(P.DEFAULTS, **chosen, colours="1f1f1fffffff0a4aa0")  # own colours: a stylesheet link

def combinations() -> list[P.Prefs]:
    """Every value of every field once (the bytes differ only by the class list
    and the font link, which these cover), plus the longest of all."""
    out = [P.DEFAULTS, longest_values()]
    for name, choice in P.CHOICES.items():
        out.extend(replace(P.DEFAULTS, **{name: value}) for value in choice.values[1:])
    return out

@pytest.mark.parametrize("path", [f"/vi/articles/{SAPA}", f"/en/articles/{SAPA}",
                                  f"/en/articles/{ENGLISH}", f"/vi/articles/{ENGLISH}"])
def test_first_response_fits_the_initial_window_in_every_combination(client: TestClient, path: str) -> None:
    sizes = {}
    for prefs in combinations():
        for save_data in ("off", "on"):
            client.cookies.set(P.COOKIE_NAME, prefs.to_cookie())
            response = client.get(path, headers={"Accept-Encoding": "br", "Save-Data": save_data})
            assert response.status_code == 200
            assert "<style>" in response.text  # the CSS for the first paint is in it
            # ... and the head tags for search engines and link previews (absolute URLs: conftest.PUBLIC_URL)
            assert 'rel="canonical"' in response.text and 'property="og:image"' in response.text
            assert 'type="application/ld+json"' in response.text
            sizes[(prefs.to_cookie(), save_data)] = len(response.content)
            wire = int(response.headers["content-length"])
            assert wire <= INITIAL_WINDOW, (path, prefs, save_data, wire)
    assert len(sizes) >= 2 * (1 + sum(len(c.values) - 1 for c in P.CHOICES.values()))

# uvicorn adds these two to every response; the test client does not.
SERVER_HEADERS = len("date: Sat, 28 Nov 2026 20:00:00 GMT\r\n") + len("server: uvicorn\r\n")


def transferred(response: object) -> int:
    """Bytes on the wire for an HTTP/1.1 response: status line, headers, body."""
    head = len(f"HTTP/1.1 {response.status_code} OK\r\n") + SERVER_HEADERS + 2  # type: ignore[attr-defined]
    head += sum(len(k) + len(v) + 4 for k, v in response.headers.raw)  # type: ignore[attr-defined]
    return head + int(response.headers.get("content-length", len(response.content)))  # type: ignore[attr-defined]


def first_view_requests(html: str) -> list[str]:
    """What a browser fetches for the first paint and load, images aside: the
    scripts, stylesheets and icon the page links (the player, its stylesheet
    and speech text load only when the reader reaches for them)."""
    page = BeautifulSoup(html, "html.parser")
    urls = [tag["src"] for tag in page.find_all("script", src=True)]
    for link in page.find_all("link", href=True):
        if {"stylesheet", "icon", "preload", "modulepreload"} & set(link.get("rel", [])):
            urls.append(link["href"])
    return urls


@pytest.mark.parametrize("path", [f"/vi/articles/{SAPA}", f"/en/articles/{ENGLISH}", "/vi/", "/en/"])
def test_first_and_repeat_views_stay_small(client: TestClient, path: str) -> None:
    """Headers included: on a 2G link they cost as much as body bytes."""
    client.cookies.set("reader_lang", path[1:3])
    page = client.get(path, headers={"Accept-Encoding": "br"})
    assert page.status_code == 200 and page.headers["content-encoding"] == "br"
    linked = first_view_requests(page.text)
    assert any("htmx" in url for url in linked) and not any("player" in url for url in linked)
    total = transferred(page)
    for url in linked:
        response = client.get(url, headers={"Accept-Encoding": "br"})
        assert response.status_code == 200, url
        assert "immutable" in response.headers["cache-control"]  # not fetched again on a repeat view
        total += transferred(response)
    assert total <= FIRST_VIEW, (path, total)
    assert transferred(page) <= REPEAT_VIEW, path


def after_load_requests(html: str, offline_html: str) -> tuple[set[str], set[str]]:
    """What starts after the load event, which is where the first view ends:
    reader.js loads offline.js, which registers the service worker and, on an
    article, loads its stylesheet for the Save section (the page's); the
    browser fetches /sw.js, and the worker keeps its offline page and the
    files every kept page needs, which the browser has already but for that
    stylesheet on a page that did not show anything (the worker's).
    ``offline_html`` is the offline page, which names the stylesheet."""
    page = BeautifulSoup(html, "html.parser")
    offline_js = page.find("script", attrs={"data-offline": True})["data-offline"]
    locale = page.html["lang"]
    style = BeautifulSoup(offline_html, "html.parser").find(id="offline-ui")["data-css"]
    by_page = {offline_js} | ({style} if page.find("article") is not None else set())
    return by_page, {"/sw.js", f"/{locale}/offline"} | ({style} - by_page)


@pytest.mark.browser
@pytest.mark.parametrize("path", [f"/vi/articles/{SAPA}", "/en/"])
def test_the_budget_counts_what_chromium_fetches(browser: object, live_server: str, path: str) -> None:
    """first_view_requests() is the list a real browser fetches on a first
    view with images off: nothing more (no player, no speech text, no
    /favicon.ico, no service worker), nothing less.  What the offline support
    adds is exactly after_load_requests(), all of it started after the load
    event (test_offline_support_after_the_first_view_stays_small counts its
    bytes); the worker's other fetches come from the browser's cache."""
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    # The page's route, not the context's: routing turns the HTTP cache off
    # where it applies, and the worker keeps files from that cache.
    page.route("**/*", lambda route: route.abort() if route.request.resource_type == "image"
               and "/img/icon." not in route.request.url else route.continue_())
    fetched: list[str] = []
    by_worker: list[str] = []
    page.on("requestfinished", lambda request: fetched.append(request.url))
    # The worker's own requests; those answered by the browser's cache carry no body bytes.
    context.on("requestfinished", lambda request: by_worker.append(request.url)
               if request.service_worker is not None and request.sizes()["responseBodySize"] >= 0 else None)
    response = page.goto(f"{live_server}{path}", wait_until="networkidle")
    html = response.text()  # as served (offline.js adds to the page later)
    # the worker is in place and has kept its offline page
    page.wait_for_function("""async (url) => !!(await (await caches.open("reader-offline")).match(url))""",
                           arg=f"{live_server}{path[:4]}offline")
    page.wait_for_load_state("networkidle")
    after_load = set(page.evaluate("""() => {
        const load = performance.getEntriesByType("navigation")[0].loadEventStart;
        return performance.getEntriesByType("resource").filter(e => e.startTime >= load).map(e => e.name);
    }"""))
    first_view = {f"{live_server}{url}" for url in [*first_view_requests(html), path]}
    offline_html = page.request.get(f"{live_server}{path[:4]}offline").text()
    context.close()
    from_page, from_worker = ({f"{live_server}{url}" for url in urls}
                              for urls in after_load_requests(html, offline_html))
    assert set(fetched) == first_view | from_page
    assert from_page <= after_load
    assert set(by_worker) - from_page == from_worker  # the page's own requests may pass through the worker


AFTER_LOAD = 20_000


@pytest.mark.parametrize("path", [f"/vi/articles/{SAPA}", f"/en/articles/{ENGLISH}", "/vi/"])
def test_offline_support_after_the_first_view_stays_small(client: TestClient, path: str) -> None:
    """What the offline support costs a first visit, after the load event,
    headers included: offline.js (and its stylesheet on articles), the worker
    and its offline page.  Then they are cached (the worker is checked with a
    304 on later visits)."""
    client.cookies.set("reader_lang", path[1:3])
    html = client.get(path, headers={"Accept-Encoding": "br"}).text
    from_page, from_worker = after_load_requests(html, client.get(f"/{path[1:3]}/offline").text)
    total = 0
    for url in sorted(from_page | from_worker):
        response = client.get(url, headers={"Accept-Encoding": "br"})
        assert response.status_code == 200 and response.headers.get("content-encoding") == "br", url
        total += transferred(response)
    assert total <= AFTER_LOAD, (path, total)


def test_favicon_ico_is_an_empty_answer_not_a_404_page(client: TestClient) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 204 and response.content == b""
    assert "max-age" in response.headers["cache-control"]


def test_articles_answer_conditional_requests(client: TestClient) -> None:
    client.cookies.set("reader_lang", "vi")
    first = client.get(f"/vi/articles/{SAPA}")
    etag = first.headers["etag"]
    assert first.headers["cache-control"].startswith("public")
    vary = first.headers["vary"]
    for name in ("Cookie", "Save-Data", "HX-Request", "Accept-Encoding"):
        assert name in vary
    again = client.get(f"/vi/articles/{SAPA}", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    client.cookies.set(P.COOKIE_NAME, "1.z3")
    changed = client.get(f"/vi/articles/{SAPA}", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag

def test_lists_answer_conditional_requests(client: TestClient) -> None:
    client.cookies.set("reader_lang", "en")
    first = client.get("/en/")
    assert client.get("/en/", headers={"If-None-Match": first.headers["etag"]}).status_code == 304

def wait_for_last_modified(client: TestClient) -> None:
    """Last-Modified is sent once the second of the last change is over; the
    samples (or a test's write) are only a moment old."""
    clock = client.app.state.services.clock  # type: ignore[attr-defined]
    time.sleep(max(0.0, math.ceil(clock.modified()) - time.time()) + 0.01)


@pytest.mark.parametrize("path", [f"/vi/articles/{SAPA}", "/vi/", "/vi/?page=2"])
def test_pages_answer_if_modified_since(client: TestClient, path: str) -> None:
    client.cookies.set("reader_lang", "vi")
    wait_for_last_modified(client)
    for attempt in ("full path", "fast path", "fast path memo"):
        first = client.get(path)
        stamp = first.headers["last-modified"]
        since = parsedate_to_datetime(stamp)
        assert since <= datetime.now(UTC), attempt
        assert client.get(path, headers={"If-Modified-Since": stamp}).status_code == 304, attempt
        earlier = format_datetime(since - timedelta(seconds=1), usegmt=True)
        assert client.get(path, headers={"If-Modified-Since": earlier}).status_code == 200, attempt
        # If-None-Match decides alone when both are sent (RFC 9110 13.1.3)
        both = client.get(path, headers={"If-Modified-Since": stamp, "If-None-Match": '"other"'})
        assert both.status_code == 200, attempt
        for odd in ("yesterday", "", "Sun, 06 Nov 99999 08:49:37 GMT", "Sun, 06 Nov 2999 08:49:37 GMT"):
            assert client.get(path, headers={"If-Modified-Since": odd}).status_code == 200, (attempt, odd)


def test_last_modified_moves_when_the_content_does(client: TestClient) -> None:
    client.cookies.set("reader_lang", "vi")
    wait_for_last_modified(client)
    before = client.get(f"/vi/articles/{SAPA}").headers["last-modified"]
    store = client.app.state.services.store  # type: ignore[attr-defined]
    article = store.article(SAPA)
    store.save(ArticleInput(slug=SAPA, lang="vi", title="Tiêu đề mới", summary=article.summary,
                            body_html=article.body_html, author=article.author,
                            published_at=article.published_at, translation_group=article.translation_group))
    fresh = client.get(f"/vi/articles/{SAPA}", headers={"If-Modified-Since": before})
    assert fresh.status_code == 200 and "Tiêu đề mới" in fresh.text
    assert "last-modified" not in fresh.headers  # its second is not over: no date a later change could share
    wait_for_last_modified(client)
    after = client.get(f"/vi/articles/{SAPA}").headers["last-modified"]
    assert parsedate_to_datetime(after) > parsedate_to_datetime(before)
    assert client.get("/vi/", headers={"If-Modified-Since": before}).status_code == 200  # lists too


def test_a_response_that_sets_a_cookie_is_never_shared(client: TestClient) -> None:
    client.cookies.clear()
    response = client.get("/en/")
    assert "set-cookie" in response.headers
    assert response.headers["cache-control"].startswith("private")

def test_save_data_gives_text_only_pages(client: TestClient) -> None:
    response = client.get(f"/vi/articles/{SAPA}", headers={"Save-Data": "on"})
    page = BeautifulSoup(response.text, "html.parser")
    assert page.find("img") is None
    assert len(page.select("article figcaption")) == 6
    assert "images-hide" in page.html["class"]
    button = page.find("button", attrs={"value": "show-images"})
    assert button is not None and button.get_text(strip=True) == "Hiện ảnh"

def test_the_readers_own_choice_beats_save_data(client: TestClient) -> None:
    client.cookies.set(P.COOKIE_NAME, "1.is")  # images: always show
    page = BeautifulSoup(client.get(f"/vi/articles/{SAPA}", headers={"Save-Data": "on"}).text, "html.parser")
    assert len(page.select("article img")) == 6

def test_show_images_button_sets_the_preference(client: TestClient) -> None:
    response = client.post("/vi/settings", data={"action": "show-images", "next": f"/vi/articles/{SAPA}"},
                           headers={"Origin": "http://testserver", "Save-Data": "on"})
    assert response.status_code == 303 and response.headers["location"] == f"/vi/articles/{SAPA}"
    assert "reader_prefs=1.is" in response.headers["set-cookie"]

def test_images_load_lazily_with_dimensions(client: TestClient) -> None:
    page = BeautifulSoup(client.get(f"/vi/articles/{SAPA}").text, "html.parser")
    for img in page.select("article img"):
        assert img["loading"] == "lazy" and img["width"] and img["height"]
        assert img["sizes"]
        candidates = [c.strip().split(" ") for c in img["srcset"].split(",")]
        assert [int(w.rstrip("w")) for _, w in candidates] == [480, int(img["width"])]
        for url, _ in candidates:
            response = client.get(url)
            assert response.status_code == 200 and response.content[:2] == b"\xff\xd8"


def test_pages_show_the_audio_size_once_it_is_made(client: TestClient) -> None:
    """The render cache keys on the audio cache's generation: a page cached
    before its audio existed does not keep saying it has no size."""
    before = client.get(f"/en/articles/{ENGLISH}").text
    assert client.get(f"/en/articles/{ENGLISH}/audio.mp3").status_code == 200
    after = client.get(f"/en/articles/{ENGLISH}").text
    assert re.search(r"\(MP3, [0-9.,]+ [kKM]i?B\)", after), "the download link shows the file size"
    assert after != before

def test_the_cache_sees_content_changes(client: TestClient) -> None:
    store = client.app.state.services.store  # type: ignore[attr-defined]
    assert "Chung dãy Hoàng Liên" in client.get(f"/vi/articles/{SAPA}").text
    article = store.article(SAPA)
    store.save(ArticleInput(slug=SAPA, lang="vi", title="Tiêu đề đã sửa", summary=article.summary,
                            body_html=article.body_html, author=article.author,
                            published_at=article.published_at, translation_group=article.translation_group))
    assert "Tiêu đề đã sửa" in client.get(f"/vi/articles/{SAPA}").text
    assert "Tiêu đề đã sửa" in client.get("/vi/").text

def test_the_cache_sees_another_processes_writes(client: TestClient, settings: object) -> None:
    client.get("/vi/")
    other = open_store(client.app.state.services.store.name)  # type: ignore[attr-defined]
    other.save(ArticleInput(slug="tin-moi", lang="vi", title="Tin mới nhất từ nơi khác", summary="",
                            body_html="<p>Nội dung.</p>", author="",
                            published_at=datetime.fromisoformat("2030-01-01T08:00:00+07:00")))
    other.close()
    time.sleep(client.app.state.services.clock.interval)  # type: ignore[attr-defined]  # seen within this
    assert "Tin mới nhất từ nơi khác" in client.get("/vi/").text

def test_the_render_cache_is_bounded() -> None:
    cache = RenderCache(max_bytes=200_000)
    for n in range(100):
        cache.put(n, Entry.make(bytes(range(256)) * 40 + str(n).encode(), 200, {}))
    assert cache.bytes <= 200_000
    assert cache.get(0) is None and cache.get(99) is not None

def test_other_dynamic_responses_are_compressed(client: TestClient) -> None:
    response = client.get("/vi/settings", headers={"Accept-Encoding": "br"})
    assert response.headers["content-encoding"] == "br"
    assert "Accept-Encoding" in response.headers["vary"]
    plain = client.get("/vi/settings", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers


@pytest.mark.parametrize("path", [f"/vi/articles/{SAPA}", "/vi/", "/vi/?page=2", "/vi/?page=abc"])
def test_cache_hits_served_before_routing_match_the_full_path(client: TestClient, path: str) -> None:
    """The second request is answered by reader.fastpath from the cache; it
    must be the same page with the same headers as the first."""
    client.cookies.set("reader_lang", "vi")
    client.cookies.set(P.COOKIE_NAME, "1.z2.cd")
    cache = client.app.state.services.cache  # type: ignore[attr-defined]
    first = client.get(path, headers={"Accept-Encoding": "br"})
    hits = cache.hits
    second = client.get(path, headers={"Accept-Encoding": "br"})
    assert cache.hits == hits + 1
    assert second.status_code == first.status_code == 200
    assert second.content == first.content
    for name in ("etag", "vary", "cache-control", "content-type", "content-language", "content-encoding",
                 "content-security-policy", "x-content-type-options", "referrer-policy",
                 "cross-origin-resource-policy", "permissions-policy"):
        assert second.headers[name] == first.headers[name], name
    assert client.get(path, headers={"If-None-Match": first.headers["etag"]}).status_code == 304
    head = client.head(path, headers={"Accept-Encoding": "br"})
    assert head.status_code == 200 and head.content == b""
