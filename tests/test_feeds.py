"""The Atom feed per UI language (reader/views/feeds.py): it parses as Atom
1.0 with the elements RFC 4287 requires, lists what the home page lists, and
pages link to it for autodiscovery."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import pytest
from bs4 import BeautifulSoup
from starlette.testclient import TestClient

from reader.models import Article
from reader.views.feeds import build_feed

from .conftest import PUBLIC_URL

pytestmark = pytest.mark.both_backends  # routes on SQLite and on PostgreSQL

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SAPA = "chung-day-hoang-lien-chung-niem-khat-vong"


def feed(client: TestClient, locale: str) -> ET.Element:
    response = client.get(f"/{locale}/feed.xml")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def home_slugs(client: TestClient, locale: str) -> list[str]:
    page = BeautifulSoup(client.get(f"/{locale}/").text, "html.parser")
    return [str(a["href"]).rsplit("/", 1)[1] for a in page.select("ol.articles h2 a")]


def is_date(text: str | None) -> bool:
    assert text is not None and text.endswith("Z"), text
    return datetime.fromisoformat(text).tzinfo is not None


@pytest.mark.parametrize("locale", ["vi", "en"])
def test_the_feed_is_atom_with_every_required_element(client: TestClient, locale: str) -> None:
    root = feed(client, locale)
    assert root.tag == f"{ATOM}feed"
    assert root.get(XML_LANG) == locale
    for name in ("id", "title", "updated"):
        assert (root.findtext(f"{ATOM}{name}") or "").strip(), name
    assert is_date(root.findtext(f"{ATOM}updated"))
    self_link = root.find(f"{ATOM}link[@rel='self']")
    assert self_link is not None and self_link.get("href", "").endswith(f"/{locale}/feed.xml")
    entries = root.findall(f"{ATOM}entry")
    assert entries
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids)
    for entry in entries:
        for name in ("id", "title", "updated", "published"):
            assert (entry.findtext(f"{ATOM}{name}") or "").strip(), name
        assert is_date(entry.findtext(f"{ATOM}updated")) and is_date(entry.findtext(f"{ATOM}published"))
        assert (entry.findtext(f"{ATOM}author/{ATOM}name") or "").strip()
        link = entry.find(f"{ATOM}link[@rel='alternate']")
        assert link is not None and f"/{locale}/articles/" in link.get("href", "")
        assert link.get("href", "").startswith("http")
        assert entry.get(XML_LANG) in ("vi", "en")
        content = entry.find(f"{ATOM}content")
        assert content is not None and content.get("type") == "html"
        assert "<p>" in (content.text or "")  # full text, as HTML to be unescaped once


@pytest.mark.parametrize("locale", ["vi", "en"])
def test_the_feed_lists_the_latest_articles_like_the_home_page(client: TestClient, locale: str) -> None:
    entries = feed(client, locale).findall(f"{ATOM}entry")
    slugs = [str(e.findtext(f"{ATOM}id")).rsplit("/", 1)[1] for e in entries]
    assert slugs[:len(home_slugs(client, locale))] == home_slugs(client, locale)
    assert len(slugs) <= 20
    published = [str(e.findtext(f"{ATOM}published")) for e in entries]
    assert published == sorted(published, reverse=True)


def test_entries_carry_the_article_text_and_its_language(client: TestClient) -> None:
    root = feed(client, "en")
    entry = next(e for e in root.findall(f"{ATOM}entry")
                 if str(e.findtext(f"{ATOM}id")).endswith("/traders-return-to-the-border-market-at-kim-thanh"))
    assert entry.get(XML_LANG) == "en"
    assert entry.findtext(f"{ATOM}title") == "Traders return to the border market at Kim Thành"
    assert "Stalls in the trading area" in (entry.findtext(f"{ATOM}content") or "")
    vi = feed(client, "vi")
    sapa = next(e for e in vi.findall(f"{ATOM}entry") if str(e.findtext(f"{ATOM}id")).endswith(SAPA))
    assert sapa.get(XML_LANG) == "vi" and sapa.findtext(f"{ATOM}author/{ATOM}name") == "Nguyễn Thường"
    assert 'src="/media/' in (sapa.findtext(f"{ATOM}content") or "")
    assert vi.get("{http://www.w3.org/XML/1998/namespace}base", "").startswith("http")


def test_feed_addresses_come_from_the_public_url_not_the_host(client: TestClient) -> None:
    """Atom ids are permanent: the address a reader typed must not change them."""
    for host in ("testserver", "evil.example"):
        root = ET.fromstring(client.get("/vi/feed.xml", headers={"Host": host}).content)
        assert root.findtext(f"{ATOM}id") == f"{PUBLIC_URL}/vi/feed.xml"
        assert all(str(e.findtext(f"{ATOM}id")).startswith(f"{PUBLIC_URL}/vi/articles/")
                   for e in root.findall(f"{ATOM}entry"))


@pytest.mark.parametrize("path", ["/vi/", f"/en/articles/{SAPA}", "/vi/search?q=sa+pa"])
def test_pages_link_to_their_feed_for_autodiscovery(client: TestClient, path: str) -> None:
    page = BeautifulSoup(client.get(path).text, "html.parser")
    link = page.select_one('link[rel=alternate][type="application/atom+xml"]')
    assert link is not None and link["href"] == path[:3] + "/feed.xml" and link.get("title")


def test_an_unknown_locale_has_no_feed(client: TestClient) -> None:
    assert client.get("/fr/feed.xml").status_code == 404


def test_text_xml_cannot_carry_is_left_out_not_fatal() -> None:
    moment = datetime(2024, 1, 1, tzinfo=UTC)
    article = Article(id=1, slug="x", lang="vi", title="Tiêu đề\x0b <b>&", summary="", author="",
                      published_at=moment, word_count=1, body_html="<p>a\x00b</p>", updated_at=moment)
    root = ET.fromstring(build_feed([article], "vi", "http://example.org"))
    entry = root.find(f"{ATOM}entry")
    assert entry is not None
    assert entry.findtext(f"{ATOM}title") == "Tiêu đề <b>&"
    assert entry.findtext(f"{ATOM}content") == "<p>ab</p>"
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Reader"
