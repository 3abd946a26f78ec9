"""The public pages, through Starlette's TestClient on a fresh database per test."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from starlette.testclient import TestClient

pytestmark = pytest.mark.both_backends  # routes on SQLite and on PostgreSQL

SAPA = "chung-day-hoang-lien-chung-niem-khat-vong"


def soup(response: object) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")  # type: ignore[attr-defined]


def english_slug(client: TestClient) -> str:
    link = soup(client.get(f"/vi/articles/{SAPA}")).select_one(".translations a[hreflang=en]")
    assert link is not None
    return str(link["href"]).rsplit("/", 1)[1]


# -- the root redirect ------------------------------------------------------------
@pytest.mark.parametrize(
    ("headers", "cookies", "target"),
    [
        ({}, {}, "/vi/"),
        ({"Accept-Language": "en-GB,en;q=0.9"}, {}, "/en/"),
        ({"Accept-Language": "en"}, {"reader_lang": "vi"}, "/vi/"),
        ({"Accept-Language": "vi"}, {"reader_lang": "en"}, "/en/"),
        ({"Accept-Language": "en;q=nonsense,,;"}, {"reader_lang": "<x>"}, "/vi/"),
    ],
)
def test_root_redirects_by_cookie_then_accept_language(
    client: TestClient, headers: dict[str, str], cookies: dict[str, str], target: str
) -> None:
    client.cookies.clear()
    for name, value in cookies.items():
        client.cookies.set(name, value)
    response = client.get("/", headers=headers)
    assert response.status_code == 302
    assert response.headers["location"] == target
    assert "Accept-Language" in response.headers["vary"]


def test_visiting_a_locale_remembers_it_for_the_root(client: TestClient) -> None:
    response = client.get("/en/")
    assert "reader_lang=en" in response.headers["set-cookie"]
    assert "httponly" in response.headers["set-cookie"].lower()
    assert "samesite=lax" in response.headers["set-cookie"].lower()
    assert client.get("/").headers["location"] == "/en/"
    # once remembered, pages stop setting it (keeps them cacheable)
    assert "set-cookie" not in client.get("/en/").headers


# -- the list -----------------------------------------------------------------------
@pytest.mark.parametrize(("locale", "heading"), [("vi", "Bài viết mới nhất"), ("en", "Latest articles")])
def test_home_lists_latest_articles_in_the_ui_language(client: TestClient, locale: str, heading: str) -> None:
    response = client.get(f"/{locale}/")
    assert response.status_code == 200
    page = soup(response)
    assert page.html["lang"] == locale
    assert page.h1.get_text(strip=True) == heading
    items = page.select("ol.articles > li")
    assert 1 <= len(items) <= 10
    times = [t["datetime"] for t in page.select("ol.articles time")]
    assert times == sorted(times, reverse=True)
    assert all(t.endswith("+07:00") for t in times)


def test_english_readers_find_vietnamese_only_articles_marked_with_their_language(client: TestClient) -> None:
    items = [li for n in (1, 2) for li in soup(client.get(f"/en/?page={n}")).select("ol.articles > li")]
    vietnamese = [li for li in items if li.get("lang") == "vi"]
    assert vietnamese, "an English-UI reader must still see Vietnamese-only articles"
    for item in vietnamese:
        assert item.select_one(".badge").get_text(strip=True) == "In Vietnamese"
        assert item.select_one(".meta")["lang"] == "en"  # UI text inside is English


def test_sapa_and_its_translation_appear_once_per_list(client: TestClient) -> None:
    english = english_slug(client)
    vi_links = [a["href"] for n in (1, 2) for a in soup(client.get(f"/vi/?page={n}")).select("ol.articles h2 a")]
    en_links = [a["href"] for n in (1, 2) for a in soup(client.get(f"/en/?page={n}")).select("ol.articles h2 a")]
    assert f"/vi/articles/{SAPA}" in vi_links and f"/vi/articles/{english}" not in vi_links
    assert f"/en/articles/{english}" in en_links and f"/en/articles/{SAPA}" not in en_links


@pytest.mark.parametrize("value", ["-1", "0", "abc", "1e3", "", "１", "9" * 50, "2%00", "<b>"])
def test_malformed_page_numbers_give_the_first_page(client: TestClient, value: str) -> None:
    response = client.get("/vi/", params={"page": value})
    assert response.status_code == 200
    assert "Trang 1 trên" in response.text or "pagination" not in response.text
    assert "<b>" not in response.text


def test_pages_beyond_the_last_are_a_localized_404(client: TestClient) -> None:
    response = client.get("/en/?page=999")
    assert response.status_code == 404
    assert soup(response).h1.get_text(strip=True) == "Page not found"


# -- the article ----------------------------------------------------------------------
def test_sample_article_page(client: TestClient) -> None:
    response = client.get(f"/vi/articles/{SAPA}")
    assert response.status_code == 200
    page = soup(response)
    assert len(page.find_all("h1")) == 1
    assert page.h1.get_text(strip=True) == "Chung dãy Hoàng Liên - Chung niềm khát vọng"
    assert page.select_one("article")["lang"] == "vi"
    assert page.select_one("article time")["datetime"] == "2024-01-17T20:00:00+07:00"
    assert "Nguyễn Thường" in page.select_one("article .meta").get_text()
    figures = page.select("article figure")
    assert len(figures) == 6
    for figure in figures:
        img = figure.img
        assert img["alt"].strip() and int(img["width"]) > 0 and int(img["height"]) > 0
        assert figure.figcaption.get_text(strip=True)
        assert not figure.figcaption.get_text().startswith("Ảnh")
    text = page.select_one("article").get_text()
    for chrome in ("Tổng số điểm", "Click để đánh giá", "Thống kê truy cập", "A- A A+", "gggg_"):
        assert chrome not in text
    assert "Lady Hill Sa Pa" in text and "Thổ cẩm Lan Rừng" in text


def test_article_links_its_translation_with_hreflang(client: TestClient) -> None:
    english = english_slug(client)
    response = client.get(f"/en/articles/{english}")
    assert response.status_code == 200
    page = soup(response)
    assert page.select_one("article")["lang"] == "en"
    back = page.select_one(f'.translations a[hreflang=vi][href="/vi/articles/{SAPA}"]')
    assert back is not None and back.get_text(strip=True) == "Read this article in Vietnamese"


def test_article_in_the_other_ui_language_keeps_its_own_lang(client: TestClient) -> None:
    page = soup(client.get(f"/en/articles/{SAPA}"))
    assert page.html["lang"] == "en"
    assert page.select_one("article")["lang"] == "vi"
    assert page.select_one("article .meta")["lang"] == "en"
    switch = page.select_one(".site-nav a[hreflang=vi]")
    assert switch["href"] == f"/vi/articles/{SAPA}" and switch["lang"] == "vi"


def test_an_untranslated_article_says_so(client: TestClient) -> None:
    for number in (1, 2):
        for item in soup(client.get(f"/en/?page={number}")).select("ol.articles > li[lang=vi] h2 a"):
            page = soup(client.get(item["href"]))
            if page.select_one(".translations a[hreflang=en]") is None:
                assert "This article has no version in English." in page.get_text()
                return
    pytest.fail("the samples should include a Vietnamese-only article")


def test_article_images_are_served(client: TestClient) -> None:
    img = soup(client.get(f"/vi/articles/{SAPA}")).select_one("article img")
    response = client.get(img["src"])
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/jpeg"
    assert response.content[:2] == b"\xff\xd8"


# -- errors, health, static -------------------------------------------------------------
@pytest.mark.parametrize(
    ("path", "lang", "heading"),
    [
        ("/vi/articles/khong-co-bai-nay", "vi", "Không tìm thấy trang"),
        ("/en/articles/no-such-article", "en", "Page not found"),
        ("/fr/", "vi", "Không tìm thấy trang"),
        ("/VI/", "vi", "Không tìm thấy trang"),
        ("/en/nowhere/at/all", "en", "Page not found"),
        ("/vi/articles/%3Cscript%3E", "vi", "Không tìm thấy trang"),
    ],
)
def test_unknown_pages_are_localized_404_pages(client: TestClient, path: str, lang: str, heading: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    page = soup(response)
    assert page.html["lang"] == lang
    assert page.h1.get_text(strip=True) == heading
    assert "<script>" not in response.text


def test_unknown_locale_404_follows_accept_language(client: TestClient) -> None:
    response = client.get("/de/", headers={"Accept-Language": "en"})
    assert response.status_code == 404 and soup(response).html["lang"] == "en"


def test_server_errors_are_localized_without_a_traceback(make_app: object) -> None:
    app = make_app()  # type: ignore[operator]

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals")

    app.state.services.store.article = broken
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get(f"/en/articles/{SAPA}")
    assert response.status_code == 500
    assert soup(response).h1.get_text(strip=True) == "Something went wrong"
    assert "secret internals" not in response.text and "Traceback" not in response.text
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"


def test_method_not_allowed_is_a_page(client: TestClient) -> None:
    response = client.post("/vi/")
    assert response.status_code == 405
    assert soup(response).html["lang"] == "vi"


def test_healthz(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200 and response.text == "ok"


def test_pages_link_hashed_static_files_cached_for_a_year(client: TestClient) -> None:
    page = soup(client.get("/vi/"))
    scripts = [s["src"] for s in page.find_all("script")]
    assert any("htmx-2.0.11.min." in src for src in scripts)
    for url in scripts:
        response = client.get(url, headers={"Accept-Encoding": "br"})
        assert response.status_code == 200, url
        assert "immutable" in response.headers["cache-control"]
        assert "max-age=315360000" in response.headers["cache-control"]
        if "/reader." not in url:  # reader.js is too small to be worth compressing
            assert response.headers.get("content-encoding") == "br", url
    assert all(s.has_attr("defer") for s in page.find_all("script"))


def test_every_page_has_the_accessibility_skeleton(client: TestClient) -> None:
    for path in ("/vi/", "/en/", f"/vi/articles/{SAPA}", "/en/articles/nope"):
        page = soup(client.get(path))
        first_link = page.body.find("a")
        assert first_link["href"] == "#main" and "skip-link" in first_link["class"]
        assert page.select_one("main#main") is not None
        assert page.select_one("body > header") and page.select_one("body > footer")
        assert page.select_one("header nav[aria-label]") is not None
        levels = [int(h.name[1]) for h in page.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
        assert levels[0] == 1 and levels.count(1) == 1
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), (path, levels)
        assert not page.find("table", attrs={"role": "presentation"})
        assert all(img.has_attr("alt") for img in page.find_all("img"))


def test_the_stylesheet_is_inline_and_allowed_only_by_its_hash(client: TestClient) -> None:
    import base64
    import hashlib

    response = client.get("/vi/")
    styles = soup(response).find_all("style")
    assert len(styles) == 1 and "--bg" in styles[0].string
    digest = base64.b64encode(hashlib.sha256(styles[0].string.encode()).digest()).decode()
    assert f"style-src 'self' 'sha256-{digest}'" in response.headers["content-security-policy"]
    assert not soup(response).find(attrs={"style": True})


def test_security_headers_on_pages(client: TestClient) -> None:
    response = client.get("/vi/")
    csp = response.headers["content-security-policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"


# -- Vietnamese names outside the article's sentences ----------------------------
def test_vietnamese_names_in_an_english_byline_and_list_titles_carry_lang_vi(client: TestClient) -> None:
    """A screen reader switches to its Vietnamese voice for "Nguyễn Thường" in
    an English byline and for "Hoàng Liên" in an English title on the list,
    as it does inside the article; Vietnamese text needs no mark."""
    article = soup(client.get(f"/en/articles/{english_slug(client)}"))
    byline = article.select_one("article .meta span[lang=en]")
    assert byline is not None and byline.get_text() == "Nguyễn Thường"
    assert [s.get_text() for s in byline.select("span[lang=vi]")] == ["Nguyễn Thường"]
    listing = soup(client.get("/en/"))
    titles = [a for a in listing.select("li.item h2 a") if "Hoàng Liên" in a.get_text()]
    assert titles and all(a.select_one("span[lang=vi]").get_text() == "Hoàng Liên" for a in titles)  # type: ignore[union-attr]
    vietnamese = soup(client.get(f"/vi/articles/{SAPA}"))
    assert not vietnamese.select("article .meta span[lang=vi] span[lang=vi]")
    assert not vietnamese.select("article[lang=vi] .meta span[lang=vi] span")
