"""Feeds and sitemaps: what they list, and the documents refused."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reader.web.listing import ListingError, parse_listing

RSS = b"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Tin</title>
<item><title>Hai</title><link>/news/hai-2.html</link><pubDate>Wed, 17 Jan 2024 08:30:00 +0700</pubDate></item>
<item><title>Mailto</title><link>mailto:ban@example.vn</link></item>
</channel></rss>"""
ATOM = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>x</id><updated>2024-01-02T00:00:00Z</updated>
<entry><title>Story</title><id>1</id><link href="https://news.example/s/1"/>
<published>2024-01-01T10:00:00Z</published><updated>2024-01-02T08:00:00Z</updated></entry></feed>"""
NEWS_SITEMAP = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
 xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://news.example/a</loc><lastmod>2024-03-05</lastmod></url>
<url><loc>https://news.example/b</loc><news:news><news:publication_date>2024-03-03T10:00:00+07:00</news:publication_date>
<news:title>B</news:title></news:news></url></urlset>"""
INDEX = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://news.example/sitemap-1.xml</loc><lastmod>2024-03-01</lastmod></sitemap></sitemapindex>"""


def test_rss_links_are_made_absolute_and_only_web_addresses_kept() -> None:
    listing = parse_listing(RSS, "https://portal.example.vn/index.php?nv=news&op=rss")
    assert listing.kind == "rss"
    assert [e.url for e in listing.entries] == ["https://portal.example.vn/news/hai-2.html"]
    entry = listing.entries[0]
    assert entry.stamp is None  # RSS gives a publication date, not a modification time
    assert entry.published == datetime(2024, 1, 17, 1, 30, tzinfo=UTC) and entry.title == "Hai"


def test_atom_updated_is_the_modification_stamp() -> None:
    entry = parse_listing(ATOM, "https://news.example/atom").entries[0]
    assert entry.url == "https://news.example/s/1" and entry.stamp == "2024-01-02T08:00:00+00:00"
    assert entry.published == datetime(2024, 1, 1, 10, tzinfo=UTC)


def test_sitemaps_news_sitemaps_indexes_and_gzip() -> None:
    listing = parse_listing(NEWS_SITEMAP, "https://news.example/sitemap.xml")
    assert listing.kind == "sitemap"
    a, b = listing.entries
    assert (a.url, a.stamp) == ("https://news.example/a", "2024-03-05")
    assert b.title == "B" and b.published is not None and b.published.isoformat() == "2024-03-03T10:00:00+07:00"
    index = parse_listing(INDEX, "https://news.example/sitemap_index.xml")
    assert index.kind == "sitemapindex" and index.entries[0].url == "https://news.example/sitemap-1.xml"
    assert parse_listing(gzip.compress(NEWS_SITEMAP), "https://news.example/s.xml.gz").entries == listing.entries


def test_entity_expansion_is_refused() -> None:
    laughs = (b'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;">'
              b'<!ENTITY c "&b;&b;&b;&b;&b;&b;">]><urlset><url><loc>https://x/&c;</loc></url></urlset>')
    with pytest.raises(ListingError, match="declares XML entities .*billion laughs"):
        parse_listing(laughs, "https://x/sitemap.xml")
    external = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                b'<rss version="2.0"><channel><item><link>https://x/&x;</link></item></channel></rss>')
    with pytest.raises(ListingError, match="declares XML entities"):
        parse_listing(external, "https://x/rss")


@pytest.mark.parametrize("body", [b"", b"   ", b"<html><body><p>Trang chu</p></body></html>",
                                  b'{"items": []}', b"\x1f\x8bnot gzip at all"])
def test_what_is_not_a_feed_is_refused_with_a_reason(body: bytes) -> None:
    with pytest.raises(ListingError, match="empty|not an RSS or Atom feed, nor a sitemap|broken gzip"):
        parse_listing(body, "https://x/rss")


def test_a_body_that_names_a_file_is_not_read_as_that_file(tmp_path: Path) -> None:
    """feedparser opens a path or fetches a URL it is given as a string: we
    hand it the bytes as a file object, so a body naming a file is just text."""
    secret = tmp_path / "feed.xml"
    secret.write_bytes(RSS)
    with pytest.raises(ListingError, match="not an RSS or Atom feed"):
        parse_listing(str(secret).encode(), "https://x/rss")
