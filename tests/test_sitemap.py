"""/sitemap.xml, its parts and /robots.txt (reader/views/sitemap.py), and the
store's keyset pages behind them."""

from __future__ import annotations

import gzip
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import UTC, datetime
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from starlette.applications import Starlette
from starlette.testclient import TestClient

from reader.models import LOCALES, ArticleInput
from reader.store import Store
from reader.views import sitemap as sitemap_views

from .conftest import PUBLIC_URL

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}

pytestmark = pytest.mark.both_backends  # routes on SQLite and on PostgreSQL


def store_of(client: TestClient) -> Store:
    return client.app.state.services.store  # type: ignore[attr-defined,no-any-return]


def urls(xml: bytes) -> dict[str, tuple[str, dict[str, str]]]:
    """loc -> (lastmod, {hreflang: href})"""
    root = ET.fromstring(xml)
    assert root.tag == f"{{{NS['s']}}}urlset"
    out = {}
    for url in root.findall("s:url", NS):
        loc = url.findtext("s:loc", namespaces=NS)
        assert loc is not None and loc not in out, loc
        links = {link.get("hreflang", ""): link.get("href", "") for link in url.findall("x:link", NS)}
        out[loc] = (url.findtext("s:lastmod", namespaces=NS) or "", links)
    return out


def visible_on_the_lists(client: TestClient) -> set[str]:
    """Every article the home page lists, in either language, at its canonical address."""
    store = store_of(client)
    found = set()
    for locale in LOCALES:
        page = store.latest(locale, 1, 10_000)
        found |= {f"{PUBLIC_URL}/{item.lang}/articles/{item.slug}" for item in page.items}
    return found


def test_the_sitemap_lists_every_visible_article_with_its_page_alternates(client: TestClient) -> None:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/xml")
    listed = urls(response.content)
    assert set(listed) == visible_on_the_lists(client) and len(listed) == store_of(client).count()
    store = store_of(client)
    for loc, (lastmod, links) in listed.items():
        slug = loc.rsplit("/", 1)[1]
        article = store.article(slug)
        assert article is not None and article.updated_at is not None
        assert datetime.fromisoformat(lastmod.replace("Z", "+00:00")) == article.updated_at.astimezone(UTC)
        page = BeautifulSoup(client.get(urlsplit(loc).path).text, "html.parser")
        assert page.select_one('link[rel="canonical"]')["href"] == loc
        on_page = {str(link["hreflang"]): str(link["href"])
                   for link in page.select("head link[rel=alternate][hreflang]")}
        assert links == on_page  # the sitemap and the page say the same
    sapa = listed[f"{PUBLIC_URL}/vi/articles/chung-day-hoang-lien-chung-niem-khat-vong"][1]
    assert sapa["en"] == f"{PUBLIC_URL}/en/articles/one-hoang-lien-range-one-shared-ambition"


def test_the_sitemap_is_gzip_compressed_for_crawlers_that_ask(client: TestClient) -> None:
    plain = client.get("/sitemap.xml", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    for coding in ("gzip", "br, gzip", "gzip;q=0.5, br;q=1"):
        raw = client.get("/sitemap.xml", headers={"Accept-Encoding": coding})
        assert raw.headers["content-encoding"] == "gzip", coding
        assert raw.content == plain.content  # httpx undid the gzip; the XML is the same
        assert "accept-encoding" in raw.headers["vary"].lower()
    brotli_only = client.get("/sitemap.xml", headers={"Accept-Encoding": "br"})
    assert brotli_only.headers["content-encoding"] == "br" and brotli_only.content == plain.content
    with client.stream("GET", "/sitemap.xml", headers={"Accept-Encoding": "gzip"}) as streamed:
        body = b"".join(streamed.iter_raw())
    assert gzip.decompress(body) == plain.content


def test_a_crawler_with_a_fresh_copy_gets_304(client: TestClient) -> None:
    first = client.get("/sitemap.xml")
    again = client.get("/sitemap.xml", headers={"If-Modified-Since": first.headers["last-modified"]})
    assert again.status_code == 304 and again.content == b""
    older = client.get("/sitemap.xml", headers={"If-Modified-Since": "Thu, 01 Jan 2015 00:00:00 GMT"})
    assert older.status_code == 200


def test_a_large_sitemap_becomes_an_index_of_parts(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """Parts of at most URLS_PER_SITEMAP, read in keyset pages of BATCH: here
    5 and 2 stand for 50,000 and 2,000."""
    monkeypatch.setattr(sitemap_views, "URLS_PER_SITEMAP", 5)
    monkeypatch.setattr(sitemap_views, "BATCH", 2)
    total = store_of(client).count()
    root = ET.fromstring(client.get("/sitemap.xml").content)
    assert root.tag == f"{{{NS['s']}}}sitemapindex"
    parts = [loc.text or "" for loc in root.findall("s:sitemap/s:loc", NS)]
    assert len(parts) == -(-total // 5) and all(p.startswith(f"{PUBLIC_URL}/sitemap-") for p in parts)
    assert all(m.text for m in root.findall("s:sitemap/s:lastmod", NS))
    seen: dict[str, tuple[str, dict[str, str]]] = {}
    for part in parts:
        listed = urls(client.get(urlsplit(part).path).content)
        assert 0 < len(listed) <= 5
        assert not set(listed) & set(seen)
        seen |= listed
    assert set(seen) == visible_on_the_lists(client)
    for missing in ("/sitemap-0.xml", f"/sitemap-{len(parts) + 1}.xml", "/sitemap-99999999999.xml"):
        assert client.get(missing).status_code == 404, missing


def test_keyset_pages_cover_a_range_once(make_store: Callable[..., Store]) -> None:
    store = make_store()
    for n in range(1, 8):
        store.save(ArticleInput(slug=f"bai-{n}", lang="vi" if n % 2 else "en", title=f"Bài {n}", summary="",
                                body_html="<p>x</p>", author="", translation_group="g" if n in (3, 4) else None,
                                published_at=datetime(2024, 1, n, tzinfo=UTC)))
    first = store.sitemap_entries(0, 6, 4)
    rest = store.sitemap_entries(first[-1].id, 6, 4)
    assert [e.slug for e in first + rest] == [f"bai-{n}" for n in range(1, 7)]  # bai-7 is past 6
    three = next(e for e in first if e.slug == "bai-3")
    assert three.translations == (("en", "bai-4"),)
    records = store.records(0, 100)
    newest = {part: max(r.article.updated_at for r in records  # type: ignore[type-var]
                        if (part - 1) * 5 < r.article.id <= part * 5) for part in (1, 2)}
    assert store.sitemap_parts(5) == [(1, newest[1]), (2, newest[2])]


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_off_the_audio(client: TestClient) -> None:
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    lines = response.text.splitlines()
    assert lines[0] == "User-agent: *"
    assert f"Sitemap: {PUBLIC_URL}/sitemap.xml" in lines
    assert "Disallow: /*/articles/*/audio.mp3" in lines
    assert not any(line.strip() in ("Disallow: /", "Disallow: /*") for line in lines)


def test_with_no_trusted_address_there_is_no_sitemap(make_app: Callable[..., Starlette]) -> None:
    """Sitemap URLs must be absolute; a foreign Host is not an address to give out."""
    with TestClient(make_app(public_url=""), base_url="http://reader.example.net") as untrusted:
        assert untrusted.get("/sitemap.xml").status_code == 404
        robots = untrusted.get("/robots.txt")
        assert robots.status_code == 200 and "Sitemap:" not in robots.text
    with TestClient(make_app(public_url=""), base_url="http://127.0.0.1:8000") as local:
        assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in local.get("/robots.txt").text
        assert "http://127.0.0.1:8000/vi/articles/" in local.get("/sitemap.xml").text


def test_a_withdrawn_article_leaves_the_sitemap_and_comes_back_when_restored(client: TestClient) -> None:
    store = store_of(client)
    vi = f"{PUBLIC_URL}/vi/articles/chung-day-hoang-lien-chung-niem-khat-vong"
    en = f"{PUBLIC_URL}/en/articles/one-hoang-lien-range-one-shared-ambition"
    before = urls(client.get("/sitemap.xml").content)
    assert vi in before and before[en][1].get("vi") == vi
    assert store.withdraw("chung-day-hoang-lien-chung-niem-khat-vong")
    after = urls(client.get("/sitemap.xml").content)
    assert vi not in after and "vi" not in after[en][1]  # its translation no longer names it
    assert set(after) == visible_on_the_lists(client) and len(after) == len(before) - 1
    restored_at = datetime.now(UTC).replace(microsecond=0)
    assert store.restore("chung-day-hoang-lien-chung-niem-khat-vong")
    again = urls(client.get("/sitemap.xml").content)
    assert vi in again and again[en][1].get("vi") == vi
    # a change crawlers should notice: its lastmod is the time it came back
    assert datetime.fromisoformat(again[vi][0].replace("Z", "+00:00")) >= restored_at


def test_a_part_whose_articles_are_all_withdrawn_leaves_the_index(tmp_path: object) -> None:
    from pathlib import Path

    store = Store.open(Path(str(tmp_path)) / "r.db")
    for n in range(1, 5):
        store.save(ArticleInput(slug=f"bai-{n}", lang="vi", title=f"Bài {n}", summary="", body_html="<p>Một.</p>",
                                author="", published_at=datetime(2024, 1, n, tzinfo=UTC)))
    assert [part for part, _ in store.sitemap_parts(2)] == [1, 2]
    store.withdraw("bai-3")
    assert [part for part, _ in store.sitemap_parts(2)] == [1, 2]
    assert [e.slug for e in store.sitemap_entries(2, 4, 10)] == ["bai-4"]
    store.withdraw("bai-4")
    assert [part for part, _ in store.sitemap_parts(2)] == [1]
    store.close()
