"""What pages tell search engines and link previews (reader/headmeta.py):
canonical URLs, language alternates by content, noindex, Open Graph and
Twitter tags, JSON-LD NewsArticle, and where absolute URLs come from."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from io import BytesIO
from typing import Any
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from PIL import Image as PILImage
from starlette.applications import Starlette
from starlette.testclient import TestClient

from reader.headmeta import Heads
from reader.models import LOCALES, ArticleInput
from reader.publicurl import PublicOrigin
from reader.store import Store

from .conftest import PUBLIC_URL

SAPA = "chung-day-hoang-lien-chung-niem-khat-vong"
ENGLISH = "one-hoang-lien-range-one-shared-ambition"
UNTRANSLATED_EN = "frost-turns-the-slopes-of-fansipan-white"


def soup(response: Any) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def canonical(page: BeautifulSoup) -> str | None:
    links = page.select('head link[rel="canonical"]')
    assert len(links) <= 1
    return str(links[0]["href"]) if links else None


def alternates(page: BeautifulSoup) -> dict[str, str]:
    found = [(str(link["hreflang"]), str(link["href"]))
             for link in page.select("head link[rel=alternate][hreflang]")]
    assert len(found) == len(dict(found)), found  # each language once
    return dict(found)


def meta(page: BeautifulSoup) -> dict[str, str]:
    """Open Graph (property=) and Twitter (name=) tags, and the description."""
    out: dict[str, str] = {}
    for tag in page.select("head meta[content]"):
        for key in (tag.get("property"), tag.get("name")):
            if key == "theme-color":  # one per colour scheme, by design (tests/test_offline.py)
                continue
            if key:
                assert key not in out, f"{key} twice"
                out[str(key)] = str(tag["content"])
    return out


def structured(page: BeautifulSoup) -> dict[str, Any]:
    [block] = page.select('script[type="application/ld+json"]')
    data: dict[str, Any] = json.loads(block.string)
    return data


def store_of(client: TestClient) -> Store:
    return client.app.state.services.store  # type: ignore[attr-defined,no-any-return]


def sample_slugs(client: TestClient) -> list[str]:
    store = store_of(client)
    return list(store.slugs())


# -- language alternates by content ---------------------------------------------------
def test_the_sa_pa_article_and_its_translation_name_each_other(client: TestClient) -> None:
    """The bug the issue reports: the en alternate was the Vietnamese article
    under the English interface; it must be the English translation."""
    vi = soup(client.get(f"/vi/articles/{SAPA}"))
    en = soup(client.get(f"/en/articles/{ENGLISH}"))
    pair = {"vi": f"{PUBLIC_URL}/vi/articles/{SAPA}", "en": f"{PUBLIC_URL}/en/articles/{ENGLISH}",
            "x-default": f"{PUBLIC_URL}/vi/articles/{SAPA}"}
    assert alternates(vi) == pair and alternates(en) == pair
    assert canonical(vi) == pair["vi"] and canonical(en) == pair["en"]


@pytest.mark.parametrize("ui", LOCALES)
def test_alternates_pair_both_ways_for_every_article(client: TestClient, ui: str) -> None:
    """For every sample (translated or not), under either interface: the
    canonical URL shows the article with the interface in its own language;
    the alternates are that URL and its translation's, each named with the
    language of the content found there (read from the page itself), plus
    x-default; and every alternate names this page back."""
    heads: dict[str, BeautifulSoup] = {}

    def page_at(url: str) -> BeautifulSoup:
        if url not in heads:
            response = client.get(urlsplit(url).path)
            assert response.status_code == 200, url
            heads[url] = soup(response)
        return heads[url]

    store = store_of(client)
    translated = untranslated = 0
    for slug in sample_slugs(client):
        article = store.article(slug)
        assert article is not None
        page = soup(client.get(f"/{ui}/articles/{slug}"))
        own = f"{PUBLIC_URL}/{article.lang}/articles/{slug}"
        assert canonical(page) == own
        links = alternates(page)
        assert links.pop("x-default") in links.values()
        assert links[article.lang] == own
        other = next((store.translation(article, code) for code in LOCALES if code != article.lang), None)
        if other is None:
            untranslated += 1
            assert set(links) == {article.lang}
        else:
            translated += 1
            assert links[other.lang] == f"{PUBLIC_URL}/{other.lang}/articles/{other.slug}"
        if ui != article.lang:  # the other interface is no alternate, only a page with a canonical elsewhere
            assert f"/{ui}/articles/{slug}" not in " ".join(links.values())
        for hreflang, url in links.items():
            there = page_at(url)
            assert there.select_one("article")["lang"] == hreflang  # the content's language
            assert canonical(there) == url
            assert alternates(there).get(article.lang) == own  # and back
    assert translated >= 8 and untranslated >= 6


def test_an_untranslated_article_names_itself_and_x_default(client: TestClient) -> None:
    for ui in LOCALES:
        page = soup(client.get(f"/{ui}/articles/{UNTRANSLATED_EN}"))
        url = f"{PUBLIC_URL}/en/articles/{UNTRANSLATED_EN}"
        assert canonical(page) == url
        assert alternates(page) == {"en": url, "x-default": url}
        assert "og:locale:alternate" not in meta(page)


def test_the_language_switcher_still_switches_the_interface(client: TestClient) -> None:
    page = soup(client.get(f"/vi/articles/{SAPA}"))
    switch = page.select_one(".site-nav a[hreflang=en]")
    assert switch is not None and switch["href"] == f"/en/articles/{SAPA}"


# -- list pages -------------------------------------------------------------------------
def test_list_pages_have_alternates_per_locale(client: TestClient) -> None:
    for ui in LOCALES:
        first = soup(client.get(f"/{ui}/"))
        assert canonical(first) == f"{PUBLIC_URL}/{ui}/"
        assert alternates(first) == {"vi": f"{PUBLIC_URL}/vi/", "en": f"{PUBLIC_URL}/en/",
                                     "x-default": f"{PUBLIC_URL}/"}  # / picks the reader's language
        second = soup(client.get(f"/{ui}/?page=2"))
        assert canonical(second) == f"{PUBLIC_URL}/{ui}/?page=2"
        assert alternates(second) == {"vi": f"{PUBLIC_URL}/vi/?page=2", "en": f"{PUBLIC_URL}/en/?page=2",
                                      "x-default": f"{PUBLIC_URL}/vi/?page=2"}
        assert meta(second)["og:type"] == "website"
        assert meta(second)["description"]  # search results show it


def test_a_list_page_names_no_alternate_that_does_not_exist() -> None:
    """Page N in the other language only where that list has a page N."""
    heads = Heads(PublicOrigin(PUBLIC_URL), "Reader", media_dir=None)  # type: ignore[arg-type]
    scope = {"type": "http", "method": "GET", "path": "/en/", "query_string": b"page=3", "headers": []}
    from starlette.requests import Request

    head = heads.listing(Request(scope), "en", 3, has_page=lambda code, n: code == "en")
    assert dict(head.alternates) == {"en": f"{PUBLIC_URL}/en/?page=3"}
    head = heads.listing(Request(scope), "en", 3, has_page=lambda code, n: True)
    assert dict(head.alternates)["x-default"] == f"{PUBLIC_URL}/vi/?page=3"


# -- canonical URLs and noindex -------------------------------------------------------------
CANONICAL = [
    ("/vi/?page=2&utm_source=zalo&fbclid=x", "/vi/?page=2"),
    ("/vi/?page=1", "/vi/"),
    ("/en/?page=abc", "/en/"),
    (f"/vi/articles/{SAPA}?utm_source=facebook", f"/vi/articles/{SAPA}"),
    ("/en/accessibility?x=1", "/en/accessibility"),
    ("/vi/search?q=hoi+nghi&page=2", "/vi/search?page=2"),
    ("/vi/settings?saved=1", "/vi/settings"),
]


def test_canonical_urls_drop_every_query_but_the_page(client: TestClient) -> None:
    for path, expected in CANONICAL:
        assert canonical(soup(client.get(path))) == PUBLIC_URL + expected, path


NOINDEX = [
    ("/vi/", False), ("/en/?page=2", False), (f"/vi/articles/{SAPA}", False), (f"/en/articles/{SAPA}", False),
    ("/en/accessibility", False),
    ("/vi/search?q=hoi+nghi", True), ("/en/search", True), ("/vi/settings", True),
    ("/en/settings?apply=1.z3.ch", True), ("/en/settings?apply=garbage", True),
    ("/vi/articles/no-such-article", True), ("/xx/", True),
]


def test_noindex_on_search_settings_and_error_pages(client: TestClient) -> None:
    for path, noindex in NOINDEX:
        page = soup(client.get(path))
        robots = page.select_one('head meta[name="robots"]')
        assert (robots is not None and robots["content"] == "noindex") == noindex, path
        assert canonical(page) is not None, path  # every page names its canonical URL


def test_error_pages_from_forms_are_noindex_too(client: TestClient) -> None:
    forged = client.post("/vi/settings", data={"action": "size-up"}, headers={"Origin": "https://evil.example"})
    assert forged.status_code == 403
    assert soup(forged).select_one('head meta[name="robots"]')["content"] == "noindex"


# -- Open Graph and Twitter cards ------------------------------------------------------
def test_open_graph_tags_of_every_sample_article(client: TestClient) -> None:
    store = store_of(client)
    with_image = 0
    for slug in sample_slugs(client):
        article = store.article(slug)
        assert article is not None
        page = soup(client.get(f"/{article.lang}/articles/{slug}"))
        tags = meta(page)
        assert tags["og:type"] == "article"
        assert tags["og:url"] == canonical(page)
        assert tags["og:title"] == page.select_one("h1").get_text() == article.title
        lead = page.select_one("p.lead")
        assert tags["description"] == tags["og:description"] == lead.get_text()  # one tag serves both
        assert tags["og:site_name"] == "Reader"
        assert tags["og:locale"] == {"vi": "vi_VN", "en": "en_US"}[article.lang]
        other = next((store.translation(article, code) for code in LOCALES if code != article.lang), None)
        assert tags.get("og:locale:alternate") == ({"vi": "vi_VN", "en": "en_US"}[other.lang] if other else None)
        shown = page.select_one("article time")["datetime"]
        assert tags["article:published_time"] == shown
        assert datetime.fromisoformat(tags["article:modified_time"]) >= datetime.fromisoformat(shown)
        first = page.select_one("article .body figure img")
        if first is None:
            assert "og:image" not in tags and tags["twitter:card"] == "summary"
            continue
        with_image += 1
        assert tags["twitter:card"] == "summary_large_image"
        assert tags["og:image:alt"] == tags["twitter:image:alt"] == first["alt"]
        image_url = tags["og:image"]
        assert image_url.startswith(PUBLIC_URL + "/media/")
        stem = str(first["src"]).rsplit("/", 1)[1].rsplit(".", 1)[0]
        assert urlsplit(image_url).path.rsplit("/", 1)[1].startswith(stem)  # the first figure's picture
        response = client.get(urlsplit(image_url).path)
        assert response.status_code == 200 and response.headers["content-type"] == "image/jpeg"
        with PILImage.open(BytesIO(response.content)) as picture:
            assert picture.format == "JPEG" and picture.width <= 1200
            assert picture.size == (int(tags["og:image:width"]), int(tags["og:image:height"]))
    assert with_image >= 8


def test_the_sa_pa_preview_is_its_first_photo(client: TestClient) -> None:
    tags = meta(soup(client.get(f"/vi/articles/{SAPA}")))
    assert "/media/sapa-hoi-nghi-1-quang-canh." in tags["og:image"]
    assert tags["og:image:alt"].startswith("Hội trường đông người")
    assert tags["article:published_time"] == "2024-01-17T20:00:00+07:00"


# -- JSON-LD ---------------------------------------------------------------------------------
def test_json_ld_of_every_sample_article(make_app: Callable[..., Starlette]) -> None:
    with TestClient(make_app(publisher="Cổng thông tin Sa Pa")) as client:
        store = store_of(client)
        with_audio = 0
        for slug in sample_slugs(client):
            article = store.article(slug)
            assert article is not None
            for ui in LOCALES:
                page = soup(client.get(f"/{ui}/articles/{slug}"))
                data = structured(page)
                tags = meta(page)
                assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
                assert data["url"] == canonical(page)
                assert data["headline"] == page.select_one("h1").get_text()
                assert data["datePublished"] == page.select_one("article time")["datetime"]
                assert data["dateModified"] == tags["article:modified_time"]
                assert data["inLanguage"] == page.select_one("article")["lang"] == article.lang
                if article.author:
                    assert data["author"] == {"@type": "Person", "name": article.author}
                assert data["publisher"] == {"@type": "Organization", "name": "Cổng thông tin Sa Pa"}
                assert tags["og:site_name"] == "Cổng thông tin Sa Pa"
                assert data["isAccessibleForFree"] is True
                images = page.select("article .body img")
                assert ("visual" in data["accessMode"]) == bool(images) and "textual" in data["accessMode"]
                assert ("alternativeText" in data["accessibilityFeature"]) == (
                    bool(images) and all(img.get("alt", "").strip() for img in images))
                assert {"structuralNavigation", "displayTransformability"} <= set(data["accessibilityFeature"])
                assert page.select_one("main h1") and page.select_one("header") and page.select_one("main")
                assert data.get("image", [tags.get("og:image")])[0] == tags.get("og:image")
                audio = page.select_one("audio#listen-audio[src]")
                if audio is None:
                    assert "audio" not in data and "auditory" not in data["accessMode"]
                    continue
                with_audio += 1
                heard = urlsplit(data["audio"]["contentUrl"])
                assert data["audio"]["encodingFormat"] == "audio/mpeg"
                assert heard.path == f"/{article.lang}/articles/{slug}/audio.mp3"
                assert heard.query == urlsplit(str(audio["src"])).query  # the same audio the page plays
                assert "auditory" in data["accessMode"] and "synchronizedAudioText" in data["accessibilityFeature"]
        assert with_audio > 0


def test_json_ld_cannot_close_its_script(client: TestClient) -> None:
    title = 'Tin </script><script>alert(1)</script> & <!-- "nháy"'
    store_of(client).save(ArticleInput(
        slug="tieu-de-la", lang="vi", title=title, summary="Tóm tắt </SCRIPT> ở đây.", body_html="<p>x</p>",
        author="A </script>", published_at=datetime.fromisoformat("2024-02-01T08:00:00+07:00")))
    response = client.get("/vi/articles/tieu-de-la")
    assert response.text.lower().count("</script>") == response.text.lower().count("<script")
    page = soup(response)
    data = structured(page)
    assert data["headline"] == title and data["author"]["name"] == "A </script>"
    assert meta(page)["description"] == "Tóm tắt </SCRIPT> ở đây."
    assert meta(page)["og:title"] == title


def test_an_article_without_a_lead_is_described_by_its_first_words(client: TestClient) -> None:
    body = "<p>" + " ".join(["Mưa"] * 100) + "</p>"
    store_of(client).save(ArticleInput(
        slug="khong-tom-tat", lang="vi", title="Không tóm tắt", summary="", body_html=body, author="",
        published_at=datetime.fromisoformat("2024-02-01T08:00:00+07:00")))
    description = meta(soup(client.get("/vi/articles/khong-tom-tat")))["description"]
    assert description.startswith("Mưa Mưa") and description.endswith("…") and len(description) <= 161


# -- where absolute URLs come from --------------------------------------------------------
def test_without_a_public_url_a_foreign_host_never_reaches_a_page(make_app: Callable[..., Starlette]) -> None:
    """Host header injection: with READER_PUBLIC_URL unset, only a loopback
    Host is used; another Host gives a page without absolute URLs, and the
    render cache (the fast path too) never hands one Host's page to another."""
    app = make_app(public_url="")
    path = f"/vi/articles/{SAPA}"
    with TestClient(app, base_url="http://localhost:8000") as local:
        for _ in range(3):  # the second and third come from the render cache and the fast path
            page = soup(local.get(path, headers={"Host": "evil.example"}))
            assert canonical(page) is None and alternates(page) == {} and "og:image" not in meta(page)
            assert "evil.example" not in str(page)
            assert "url" not in structured(page) and structured(page)["headline"]
            page = soup(local.get(path))
            assert canonical(page) == f"http://localhost:8000{path}"
            assert meta(page)["og:image"].startswith("http://localhost:8000/media/")
        page = soup(local.get(path, headers={"Host": "127.0.0.1:9"}))
        assert canonical(page) == f"http://127.0.0.1:9{path}"


def test_a_configured_public_url_wins_over_any_host(client: TestClient) -> None:
    page = soup(client.get(f"/en/articles/{ENGLISH}", headers={"Host": "localhost:1234"}))
    assert canonical(page) == f"{PUBLIC_URL}/en/articles/{ENGLISH}"
