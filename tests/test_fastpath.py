"""reader.fastpath answers cache hits before Starlette: it must give exactly
the page the full path would, for odd requests too, and see content changes
as the render cache does (reader.cache.ContentClock)."""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from datetime import datetime

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from reader.cache import ContentClock, preferred_coding
from reader.models import ArticleInput
from reader.store import open_store

SAPA = "chung-day-hoang-lien-chung-niem-khat-vong"
ARTICLE = f"/vi/articles/{SAPA}"
COMPARED = ("etag", "vary", "cache-control", "content-type", "content-language", "content-encoding",
            "content-length", "content-security-policy", "strict-transport-security")

# Requests where a careless fast path would read another page than the full
# path does: repeated names (Starlette keeps the last query value and cookie,
# but the first header), quoting, encodings, odd whitespace and case.
ODD_REQUESTS: list[tuple[str, list[tuple[str, str]]]] = [
    ("/vi/?page=2&page=1", [("cookie", "reader_lang=vi")]),
    ("/vi/?page=1&page=2", [("cookie", "reader_lang=vi")]),
    ("/vi/?page=%32", [("cookie", "reader_lang=vi")]),
    ("/vi/?page=+2", [("cookie", "reader_lang=vi")]),
    ("/vi/?page=2&x=%FF", [("cookie", "reader_lang=vi")]),
    ("/vi/?page", [("cookie", "reader_lang=vi")]),
    (ARTICLE, [("cookie", "reader_lang=vi; reader_prefs=1.z3; reader_prefs=1.z5")]),
    (ARTICLE, [("cookie", 'reader_lang=vi; reader_prefs="1.z3"')]),
    (ARTICLE, [("cookie", "reader_lang=en; reader_lang=vi")]),
    (ARTICLE, [("cookie", "reader_lang=vi; reader_lang=en")]),
    (ARTICLE, [("cookie", "reader_lang=vi"), ("cookie", "reader_prefs=1.z5")]),
    (ARTICLE, [("cookie", "reader_lang=vi; reader_prefs=1.z3"), ("save-data", " On ")]),
    (ARTICLE, [("cookie", "reader_lang=vi"), ("save-data", "off"), ("save-data", "on")]),
    (ARTICLE, [("cookie", "reader_lang=vi"), ("hx-request", "true"), ("hx-history-restore-request", "true")]),
    (ARTICLE, [("cookie", "reader_lang=vi"), ("hx-request", "TRUE")]),
    (ARTICLE, [("cookie", "reader_lang=vi"), ("hx-request", "true"), ("hx-request", "false")]),
    (ARTICLE, [("cookie", "reader_lang=vi"), ("accept-encoding", "br;q=0, gzip")]),
    (ARTICLE, [("cookie", "reader_lang=vi"), ("accept-encoding", "*;q=0.5, br;q=0")]),
    (ARTICLE, [("cookie", "reader_lang=vi"), ("accept-encoding", "identity")]),
    (ARTICLE, [("cookie", "reader_lang=vi"), ("accept-encoding", "br;q=x, gzip")]),
    (f"/vi/articles/{SAPA}/", [("cookie", "reader_lang=vi")]),
    ("/vi/articles/khong-co-bai-nay", [("cookie", "reader_lang=vi")]),
    (ARTICLE, []),
    ("/vi/?page=2", [("cookie", "reader_lang=en")]),
]

# Pages near the odd requests, cached first, so a wrong key would find one.
NEIGHBOURS: list[tuple[str, list[tuple[str, str]]]] = [
    (path, [("cookie", cookie), ("accept-encoding", coding), *extra])
    for path in ("/vi/", "/vi/?page=2", ARTICLE)
    for cookie in ("reader_lang=vi", "reader_lang=vi; reader_prefs=1.z3", "reader_lang=vi; reader_prefs=1.z5")
    for coding in ("br", "gzip", "identity")
    for extra in ([], [("save-data", "on")], [("hx-request", "true")])
]


@pytest.fixture
def clients(app: Starlette) -> Iterator[tuple[TestClient, TestClient]]:
    """One client through the fast path, one straight to Starlette (the full
    path), sharing one app, store and render cache."""
    with TestClient(app, follow_redirects=False) as fast, \
            TestClient(app.full, follow_redirects=False) as full:  # type: ignore[attr-defined]
        yield fast, full


def get(client: TestClient, path: str, headers: list[tuple[str, str]]) -> object:
    client.cookies.clear()  # only the cookies each case names
    return client.get(path, headers=headers)


def same(a: object, b: object) -> None:
    assert a.status_code == b.status_code  # type: ignore[attr-defined]
    assert a.content == b.content  # type: ignore[attr-defined]
    for name in COMPARED:
        assert a.headers.get(name) == b.headers.get(name), name  # type: ignore[attr-defined]


@pytest.mark.parametrize(("path", "headers"), ODD_REQUESTS, ids=[f"{p} {h}" for p, h in ODD_REQUESTS])
def test_odd_requests_get_the_page_the_full_path_gives(clients: tuple[TestClient, TestClient], path: str,
                                                        headers: list[tuple[str, str]]) -> None:
    fast, full = clients
    for neighbour, extra in NEIGHBOURS:
        assert get(fast, neighbour, extra).status_code == 200  # type: ignore[attr-defined]
    expected = get(full, path, headers)
    for _ in range(3):  # a render-cache hit, then the fast path's own memo
        same(get(fast, path, headers), expected)


def test_the_fast_path_does_answer_hits(clients: tuple[TestClient, TestClient]) -> None:
    """Guard for the test above: those requests really go through the fast
    path, which answers from the render cache without rendering."""
    fast, _ = clients
    services = fast.app.state.services  # type: ignore[attr-defined]
    cache = services.cache
    # Pages are remembered once their Last-Modified second is over; the
    # samples were written a moment ago.
    time.sleep(max(0.0, math.ceil(services.clock.modified()) - time.time()))
    headers = [("cookie", "reader_lang=vi; reader_prefs=1.z3; reader_prefs=1.z5"), ("accept-encoding", "br")]
    assert "last-modified" in get(fast, ARTICLE, headers).headers  # type: ignore[attr-defined]
    misses = cache.misses
    hits = cache.hits
    for _ in range(3):
        assert get(fast, ARTICLE, headers).status_code == 200  # type: ignore[attr-defined]
    assert cache.misses == misses  # nothing rendered again
    assert cache.hits == hits + 1  # one render-cache lookup; then the memo


def test_https_pages_from_the_fast_path_carry_hsts(app: Starlette) -> None:
    with TestClient(app, base_url="https://testserver") as client:
        client.cookies.set("reader_lang", "vi")
        first = client.get(ARTICLE)
        second = client.get(ARTICLE)
    assert second.headers["strict-transport-security"] == first.headers["strict-transport-security"]
    with TestClient(app) as plain:
        plain.cookies.set("reader_lang", "vi")
        assert "strict-transport-security" not in plain.get(ARTICLE).headers


def test_the_fast_path_sees_a_change_within_the_check_interval(clients: tuple[TestClient, TestClient]) -> None:
    fast, _ = clients
    fast.cookies.set("reader_lang", "vi")
    assert "Tin từ nơi khác" not in fast.get("/vi/").text
    fast.get("/vi/")  # now in the memo too
    store = fast.app.state.services.store  # type: ignore[attr-defined]
    other = open_store(store.name)
    other.save(ArticleInput(slug="tin-tu-noi-khac", lang="vi", title="Tin từ nơi khác", summary="",
                            body_html="<p>Nội dung.</p>", author="",
                            published_at=datetime.fromisoformat("2030-01-01T08:00:00+07:00")))
    other.close()
    time.sleep(fast.app.state.services.clock.interval)  # type: ignore[attr-defined]
    assert "Tin từ nơi khác" in fast.get("/vi/").text


# -- the clock ---------------------------------------------------------------------
def article(slug: str) -> ArticleInput:
    return ArticleInput(slug=slug, lang="vi", title=slug, summary="", body_html="<p>x</p>", author="",
                        published_at=datetime.fromisoformat("2024-01-17T08:00:00+07:00"))


def test_the_clock_sees_own_writes_at_once_and_others_after_the_interval(tmp_path: object) -> None:
    path = str(tmp_path / "clock.sqlite3")  # type: ignore[operator]
    store = open_store(path)
    clock = ContentClock(store, None, interval=3600)  # an hour, to see the window
    start = clock.now()
    store.save(article("mot"))
    own = clock.now()
    assert own != start  # own writes: at once, whatever the interval
    other = open_store(path)
    other.save(article("hai"))
    other.close()
    assert clock.now() == own  # another connection's write waits for the next check
    clock.interval = 0.0
    assert clock.now() != own
    store.close()


def test_the_clock_sees_audio_made_here_at_once(app: Starlette) -> None:
    services = app.state.services
    clock = ContentClock(services.store, app.state.speech.cache, interval=3600)
    before = clock.now()
    app.state.speech.cache.put("ab" * 32, b"\xff\xf3" * 10, "WEBVTT\n")
    assert clock.now() != before


@pytest.mark.parametrize(("header", "coding"), [
    ("br", "br"), ("gzip, deflate, br", "br"), ("gzip", "gzip"), ("", None), ("identity", None),
    ("br;q=0, gzip", "gzip"), ("BR;Q=0, GZIP;q=0.1", "gzip"), ("br;q=0, gzip;q=0", None),
    ("*", "br"), ("*;q=0.5, br;q=0", "gzip"), ("*;q=0", None), ("br;q=oops, gzip", "gzip"),
    ("deflate, compress", None), (" br ; q=1 ", "br"),
])
def test_the_encoding_follows_accept_encoding(header: str, coding: str | None) -> None:
    assert preferred_coding(header) == coding
