"""Property-based fuzzing of every route (Hypothesis): random paths, query
strings, cookies (the preference cookie too), form bodies, Accept-Language,
Save-Data, HX-* and Range headers.  Never a 5xx, never an unescaped echo of
input, never a redirect off-site.

The default run is short; the full run generates over 10,000 cases:

    READER_FUZZ=full .venv/bin/python -m pytest tests/test_fuzz.py -p no:randomly -q -s
"""

from __future__ import annotations

import os
import re
from collections import Counter
from datetime import UTC, datetime
from urllib.parse import quote, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from reader.models import ArticleInput
from reader.publicurl import loopback_origin

CANARY = "<zq7'\">"
FULL = os.environ.get("READER_FUZZ") == "full"
EXAMPLES = 2_200 if FULL else 60
CASES: Counter[str] = Counter()

fuzz = settings(max_examples=EXAMPLES, deadline=None, derandomize=not FULL,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

WITHDRAWN = "bai-da-go"  # an article taken down: its pages answer 410
SLUGS = ["chung-day-hoang-lien-chung-niem-khat-vong", "one-hoang-lien-range-one-shared-ambition", "x", WITHDRAWN]
ascii_text = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=40)
any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)
with_canary = st.builds(lambda a, b: a + CANARY + b, any_text, any_text)
values = st.one_of(any_text, with_canary, st.sampled_from(
    ["", "-1", "0", "abc", "9" * 30, "%FF", "1.z3.ch", "1.po.k1f1f1fffffff0a4aa0", "own", "#777777", "#fff"]))
header_value = st.one_of(ascii_text, st.builds(lambda a: a + CANARY, ascii_text))


@st.composite
def paths(draw: st.DrawFn) -> str:
    locale = draw(st.sampled_from(["vi", "en", "xx", "VI", ""]))
    tail = draw(st.sampled_from([
        "", "articles/{slug}", "articles/{slug}/speech.json", "articles/{slug}/audio.vtt",
        "articles/{slug}/audio.mp3", "search", "settings", "feed.xml", "podcast.xml", "accessibility", "saved",
        "offline", "{junk}",
        "articles/{junk}", "static/{junk}", "media/{junk}"]))
    slug = draw(st.sampled_from(SLUGS))
    junk = quote(draw(values), safe="")
    colours = draw(st.sampled_from(["1f1f1fffffff0a4aa0", junk]))
    path = f"/{locale}/{tail}".format(slug=slug, junk=junk)
    return draw(st.sampled_from([path, "/", "/healthz", "/static/" + junk, "/robots.txt", "/sitemap.xml",
                                 f"/sitemap-{junk}.xml", "/sitemap-1.xml", "/sitemap-0.xml", "/sw.js",
                                 "/manifest.webmanifest", f"/static/colours/{colours}.css"]))


def check(response: object, inputs: list[str]) -> None:
    status = response.status_code  # type: ignore[attr-defined]
    assert status < 500, status
    body = response.text if "text" in response.headers.get("content-type", "") else ""  # type: ignore[attr-defined]
    assert CANARY not in body, "input echoed unescaped"
    location = response.headers.get("location")  # type: ignore[attr-defined]
    if location:
        parts = urlsplit(location)
        assert parts.netloc in ("", "testserver") and not location.startswith("//"), location


@pytest.fixture
def fuzz_client(client: TestClient) -> TestClient:
    client.headers["Origin"] = "http://testserver"
    store = client.app.state.services.store  # type: ignore[attr-defined]
    store.save(ArticleInput(slug=WITHDRAWN, lang="vi", title="Bài đã gỡ " + CANARY, summary=CANARY,
                            body_html="<p>Nội dung đã gỡ.</p>", author="", published_at=datetime.now(UTC)))
    store.withdraw(WITHDRAWN)
    assert client.get(f"/vi/articles/{WITHDRAWN}").status_code == 410
    return client


@fuzz
@given(path=paths(),
       query=st.dictionaries(st.sampled_from(["page", "q", "apply", "next", "lang", "x"]), values, max_size=3))
def test_get_any_path_and_query(fuzz_client: TestClient, path: str, query: dict[str, str]) -> None:
    CASES["get"] += 1
    response = fuzz_client.get(path, params=query)
    check(response, [path, *query.values()])


HTTP_DATES = ["Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994",
              "Sun, 06 Nov 99999 08:49:37 GMT", "Fri, 31 Dec 9999 23:59:59 GMT", "Thu, 01 Jan 1970 00:00:00 GMT"]


@fuzz
@given(prefs=header_value, lang=header_value, accept=header_value, save=header_value,
       hx=st.sampled_from(["true", "false", "", "1"]), restore=st.sampled_from(["true", ""]),
       since=st.one_of(header_value, st.sampled_from(HTTP_DATES)),
       match=st.one_of(header_value, st.sampled_from(["*", 'W/"x"', '"', ""])),
       coding=st.one_of(header_value, st.sampled_from(["br;q=0", "*;q=0", "gzip;q=nan", "br;q=1e999"])),
       path=st.sampled_from(["/", "/vi/", "/en/", f"/vi/articles/{SLUGS[0]}", "/en/settings", "/vi/search?q=a",
                             "/sw.js", "/manifest.webmanifest", "/en/saved"]))
def test_headers_and_cookies(fuzz_client: TestClient, prefs: str, lang: str, accept: str, save: str,
                             hx: str, restore: str, since: str, match: str, coding: str, path: str) -> None:
    CASES["headers"] += 1
    cookie = f"reader_prefs={prefs.replace(';', '')}; reader_lang={lang.replace(';', '')}"
    for _ in range(2):  # the second time, a cached page goes through reader.fastpath
        response = fuzz_client.get(path, headers={
            "Cookie": cookie, "Accept-Language": accept, "Save-Data": save, "HX-Request": hx,
            "HX-History-Restore-Request": restore, "HX-Target": accept, "If-Modified-Since": since,
            "If-None-Match": match, "Accept-Encoding": coding})
        check(response, [prefs, lang, accept, since, match, coding])


@fuzz
@given(host=st.one_of(header_value, st.sampled_from(["localhost:8000", "127.0.0.1", "[::1]:1", "localhost:0",
                                                     "evil.example", "localhost.evil.example", ""])),
       public=st.sampled_from(["", "https://reader.example.org"]),
       path=st.sampled_from(["/vi/", "/en/?page=2", f"/vi/articles/{SLUGS[0]}", f"/en/articles/{SLUGS[0]}",
                             "/robots.txt", "/sitemap.xml", "/sitemap-1.xml", "/vi/accessibility", "/vi/nowhere"]))
def test_host_header(make_app: object, host: str, public: str, path: str) -> None:
    """Every absolute URL Reader builds (in a page's head, the sitemap,
    robots.txt) is on READER_PUBLIC_URL or a loopback Host; with neither, a
    Host from the client never becomes one, not even through the caches."""
    CASES["host"] += 1
    key = (id(make_app), public)
    if key not in HOST_CLIENTS:
        HOST_CLIENTS[key] = TestClient(make_app(public_url=public))  # type: ignore[operator]
    client = HOST_CLIENTS[key]
    for _ in range(2):  # the second time through the render cache and the fast path
        response = client.get(path, headers={"Host": host})
        check(response, [host])
        trusted = public or loopback_origin("http", host)
        text = response.text.split("</head>")[0]
        urls = BUILT_URL.findall(text)
        if trusted:
            assert urls and all(url.startswith(trusted + "/") for url in urls), (host, path, urls)
        else:
            assert urls == [], (host, path, urls)


HOST_CLIENTS: dict[tuple[int, str], TestClient] = {}
BUILT_URL = re.compile(r'(?:href="|content="|<loc>|Sitemap: |"url":"|"contentUrl":"|"image":\[")(https?://[^"<\s]+)')


@fuzz
@given(form=st.dictionaries(st.sampled_from(["action", "next", "code", "text_size", "contrast", "scheme",
                                             "font", "images", "junk", "palette", "fg", "bg", "link",
                                             "fg_pick", "guide"]), values, max_size=8),
       origin=st.sampled_from(["http://testserver", "https://evil.example", "null", ""]),
       hx=st.sampled_from(["true", ""]), locale=st.sampled_from(["vi", "en", "zz"]))
def test_post_settings_forms(fuzz_client: TestClient, form: dict[str, str], origin: str, hx: str,
                             locale: str) -> None:
    CASES["post"] += 1
    headers = {"HX-Request": hx}
    if origin:
        headers["Origin"] = origin
    else:
        fuzz_client.headers.pop("Origin", None)
    response = fuzz_client.post(f"/{locale}/settings", data=form, headers=headers)
    check(response, list(form.values()))
    if response.status_code == 303:
        assert response.headers["location"].startswith("/")


@fuzz
@given(body=st.binary(max_size=3000), content_type=st.sampled_from(
    ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain", ""]))
def test_post_raw_bodies(fuzz_client: TestClient, body: bytes, content_type: str) -> None:
    CASES["raw"] += 1
    response = fuzz_client.post("/vi/settings", content=body, headers={"Content-Type": content_type})
    check(response, [])


@fuzz
@given(range_header=st.one_of(
    st.builds(lambda a, b: f"bytes={a}-{b}", st.integers(-5, 10**9), st.integers(-5, 10**9)),
    st.builds(lambda a: f"bytes=-{a}", st.integers(0, 10**9)),
    st.builds(lambda a, b: f"bytes=0-{a},{b}-", st.integers(0, 5000), st.integers(0, 5000)),
    ascii_text),
    path=st.sampled_from([f"/vi/articles/{SLUGS[0]}/audio.mp3", "/static/vendor/htmx-2.0.11.min.js",
                          f"/vi/articles/{SLUGS[0]}/audio.vtt"]))
def test_range_headers(fuzz_client: TestClient, range_header: str, path: str) -> None:
    CASES["range"] += 1
    response = fuzz_client.get(path, headers={"Range": range_header})
    check(response, [range_header])


def test_zz_report_case_counts() -> None:
    """Prints how many cases ran (run with -s to see it); the full run must
    reach 10,000."""
    total = sum(CASES.values())
    print(f"\nfuzz cases: {dict(CASES)} total {total} ({'full' if FULL else 'default'} profile)")
    if FULL:
        assert total >= 10_000
