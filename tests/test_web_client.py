"""The polite, safe HTTP client, against real servers on loopback."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from reader import __version__
from reader.store import Store
from reader.web.address import AddressPolicy
from reader.web.charset import decode_page
from reader.web.client import Client, Disallowed, FetchError

from .fakeportal import NewsSite, Response, Site

LOOPBACK = AddressPolicy.parse("127.0.0.1")


class Probe(Site):
    """Answers what the tests need and remembers the headers it was sent."""

    def __init__(self) -> None:
        super().__init__()
        self.robots = "User-agent: *\nDisallow: /private/\n\nUser-agent: Reader\nDisallow: /no-reader/\n"
        self.seen: list[dict[str, str]] = []

    def handle(self, request):  # type: ignore[no-untyped-def]
        self.seen.append(dict(request.headers.items()))
        super().handle(request)

    def route(self, path: str) -> Response:
        if path.startswith("/hop/"):
            return Response(302, headers={"Location": f"/hop/{int(path.rsplit('/', 1)[1]) + 1}"}) \
                if int(path.rsplit("/", 1)[1]) < 5 else Response(200, b"<p>arrived</p>")
        if path == "/to-ftp":
            return Response(302, headers={"Location": "ftp://127.0.0.1/file"})
        if path == "/page":
            return Response(200, "<p>Xin chào</p>".encode(),
                            headers={"Last-Modified": "Wed, 17 Jan 2024 08:00:00 GMT"})
        if path.startswith("/no-reader/") or path.startswith("/private/"):
            return Response(200, b"<p>secret</p>")
        return super().route(path)


@pytest.fixture
def probe() -> Iterator[Probe]:
    site = Probe().start()
    yield site
    site.stop()


def test_says_who_it_is_with_the_contact_address(probe: Probe) -> None:
    with Client(policy=LOOPBACK, delay=0, contact_url="https://tinh.example.vn/lien-he") as client:
        assert client.get(f"{probe.url}/page", "page").body == "<p>Xin chào</p>".encode()
    agent = probe.seen[-1]["User-Agent"]
    assert agent == f"Reader/{__version__} (+https://tinh.example.vn/lien-he)"
    assert [path for _, path, _ in probe.requests()] == ["/robots.txt", "/page"]


def test_robots_txt_is_obeyed(probe: Probe) -> None:
    """RFC 9309: the group naming Reader is the one Reader follows; without
    one, the group for every crawler."""
    with Client(policy=LOOPBACK, delay=0) as client:
        with pytest.raises(Disallowed, match="robots.txt of 127.0.0.1:[0-9]+ does not allow Reader to fetch it"):
            client.get(probe.url + "/no-reader/b", "page")
        assert client.get(probe.url + "/private/a", "page").status == 200
    probe.robots = "User-agent: *\nDisallow: /private/\n"
    with Client(policy=LOOPBACK, delay=0) as client:
        with pytest.raises(Disallowed):
            client.get(probe.url + "/private/a", "page")
        assert client.get(probe.url + "/no-reader/b", "page").status == 200
    asked = [path for _, path, _ in probe.requests()]
    assert asked == ["/robots.txt", "/private/a", "/robots.txt", "/no-reader/b"]  # once per run, then remembered


def test_robots_txt_is_remembered_between_runs_for_a_day(probe: Probe, tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = Store.open(tmp_path / "r.db")
    for _ in range(2):
        with Client(policy=LOOPBACK, delay=0, memory=store) as client:
            client.get(f"{probe.url}/page", "page")
    assert [path for _, path, _ in probe.requests()] == ["/robots.txt", "/page", "/page"]
    store.close()


def test_an_unreachable_robots_txt_means_nothing_is_fetched(probe: Probe) -> None:
    probe.robots = ""
    original = probe.route
    probe.route = lambda path: Response(503) if path == "/robots.txt" else original(path)  # type: ignore[method-assign]
    with Client(policy=LOOPBACK, delay=0) as client, \
            pytest.raises(FetchError, match="robots.txt could not be read .*answered 503.*nothing was fetched"):
        client.get(f"{probe.url}/page", "page")
    assert "/page" not in [path for _, path, _ in probe.requests()]
    probe.route = lambda path: Response(403) if path == "/robots.txt" else original(path)  # type: ignore[method-assign]
    with Client(policy=LOOPBACK, delay=0) as client:  # a 4xx robots.txt: no rules (RFC 9309 2.3.1.3)
        assert client.get(f"{probe.url}/page", "page").status == 200


def test_one_request_per_interval_per_host(probe: Probe) -> None:
    with Client(policy=LOOPBACK, delay=0.4) as client:
        for _ in range(3):
            client.get(f"{probe.url}/page", "page")
    times = probe.times  # type: ignore[attr-defined]
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert len(times) == 4 and min(gaps) >= 0.35, gaps


def test_conditional_get_answers_not_modified(probe: Probe) -> None:
    with Client(policy=LOOPBACK, delay=0) as client:
        first = client.get(f"{probe.url}/page", "page")
        again = client.get(f"{probe.url}/page", "page", etag=first.etag, last_modified=first.last_modified)
    assert first.status == 200 and first.etag and again.status == 304 and again.body == b""
    assert probe.seen[-1]["If-None-Match"] == first.etag
    assert probe.seen[-1]["If-Modified-Since"] == "Wed, 17 Jan 2024 08:00:00 GMT"


def test_at_most_five_redirects_each_checked(probe: Probe) -> None:
    with Client(policy=LOOPBACK, delay=0) as client:
        assert client.get(f"{probe.url}/hop/0", "page").body == b"<p>arrived</p>"  # five hops: followed
        with pytest.raises(FetchError, match="more than 5 redirects"):
            client.get(f"{probe.url}/broken/loop", "feed")
        with pytest.raises(FetchError, match="only http:// and https://"):
            client.get(f"{probe.url}/to-ftp", "page")
        with pytest.raises(FetchError, match="only http:// and https://"):
            client.get("file:///etc/passwd", "page")


def test_a_redirect_to_a_private_address_is_refused(probe: Probe) -> None:
    """The first hop (127.0.0.1) is allowed; the redirect to 127.0.0.2 is not,
    though a server answers there (allowing every private address reaches it)."""
    probe.also_on("127.0.0.2")
    with Client(policy=LOOPBACK, delay=0) as client, \
            pytest.raises(FetchError, match=r"127\.0\.0\.2 is at 127\.0\.0\.2, a private, loopback"):
        client.get(f"{probe.url}/broken/to-private/page", "page")
    with Client(policy=AddressPolicy(allow_all=True), delay=0) as client:
        assert client.get(f"{probe.url}/broken/to-private/page", "page").body == "<p>Xin chào</p>".encode()
    with Client(delay=0) as client, pytest.raises(FetchError, match="a private, loopback or reserved address"):
        client.get(f"{probe.url}/page", "page")  # and by default, not even the first


def test_size_limits_stop_the_download(probe: Probe) -> None:
    with Client(policy=LOOPBACK, delay=0) as client:
        started = time.monotonic()
        with pytest.raises(FetchError, match="larger than 10 MB, the limit for a feed or sitemap .it says 50 MB"):
            client.get(f"{probe.url}/broken/huge.rss", "feed")
        with pytest.raises(FetchError, match="larger than 10 MB, the limit for a feed or sitemap$"):
            client.get(f"{probe.url}/broken/huge-unsized.rss", "feed")
        with pytest.raises(FetchError, match="larger than 5 MB, the limit for an article page"):
            client.get(f"{probe.url}/broken/huge-unsized.rss", "page")
        with pytest.raises(FetchError, match="larger than 10 MB, the limit for an image"):
            client.get(f"{probe.url}/broken/huge.rss", "image")
        assert time.monotonic() - started < 20


def test_timeouts_and_server_errors_are_named(probe: Probe) -> None:
    with Client(policy=LOOPBACK, delay=0, timeout=0.5) as client:
        with pytest.raises(FetchError, match="slow.rss: timed out waiting for the server's answer"):
            client.get(f"{probe.url}/broken/slow.rss", "feed")
        with pytest.raises(FetchError, match="error.rss: the server answered 500 Internal Server Error"):
            client.get(f"{probe.url}/broken/error.rss", "feed")
        assert client.get(f"{probe.url}/missing", "page").status == 404  # gone is an answer, not a failure
    with Client(policy=LOOPBACK, delay=0, timeout=1, deadline=2) as client:
        started = time.monotonic()
        with pytest.raises(FetchError, match="drip.rss: the answer took longer than 2 s; gave up"):
            client.get(f"{probe.url}/broken/drip.rss", "feed")  # every byte in time, the whole never
        assert time.monotonic() - started < 5


def test_the_charset_comes_from_the_header_then_the_page_then_detection() -> None:
    news = NewsSite()
    page = news.story(2)  # Windows-1252, declared only in <meta>
    news.stop()
    assert "café" in decode_page(page, None)
    assert "café" in decode_page(page, "windows-1252")
    assert "café" in decode_page(page, "no-such-charset")  # an unknown label is skipped
    text = "<p>Hội nghị hợp tác phát triển du lịch giữa các huyện vùng cao được tổ chức.</p>"
    assert decode_page(text.encode("utf-16"), None) == text  # byte-order mark
    assert decode_page(text.encode("utf-8"), "utf-8") == text
    legacy = cp1258(text)
    assert decode_page(legacy, "windows-1258") == text  # header
    assert decode_page(b'<meta charset="windows-1258">' + legacy, None).endswith(text)  # <meta>
    assert decode_page(legacy, None) == text  # nothing declared: detected


def cp1258(text: str) -> bytes:
    """Windows-1258 keeps tone marks as combining characters."""
    import unicodedata

    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for letter in text:
        parts = unicodedata.normalize("NFD", letter)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")
