"""What a feed or a sitemap lists: article addresses, with the dates it gives.

RSS 2.0 and Atom go to feedparser (made for every dialect portals produce);
sitemaps (``urlset``, a ``sitemapindex`` of them, Google's news sitemap) to
defusedxml's ElementTree, which refuses entity declarations and external
entities: a sitemap is XML anyone can serve, and a few lines of nested
entities (the "billion laughs") would otherwise expand to gigabytes.  Every
document is first read by that same safe parser, so a feed that declares
entities is refused before feedparser sees it.

feedparser is handed a file object, never bytes or a string: given a string
that looks like a path or a URL it would open that file or fetch that URL.
"""

from __future__ import annotations

import calendar
import io
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit
from xml.etree.ElementTree import Element, ParseError

import feedparser
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from ..ingest.dates import parse_date

MAX_ENTRIES = 50_000  # the sitemap protocol's own limit per file
MAX_SIZE = 10 * 1024 * 1024


class ListingError(ValueError):
    """Not a feed or sitemap we can read; the message says why."""


@dataclass(frozen=True)
class Entry:
    url: str
    stamp: str | None = None  # when the listing says the page last changed (Atom updated, lastmod)
    published: datetime | None = None
    title: str = ""


@dataclass
class Listing:
    kind: str  # "rss", "atom", "sitemap" or "sitemapindex"
    entries: list[Entry] = field(default_factory=list)  # pages; for an index, the sitemaps it names


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _web(base: str, link: str) -> str | None:
    url = urljoin(base, link.strip()).split("#", 1)[0]
    return url if urlsplit(url).scheme in ("http", "https") and urlsplit(url).hostname else None


def gunzip(body: bytes) -> bytes:
    """A ``sitemap.xml.gz`` served as a file, inflated no further than MAX_SIZE."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = inflater.decompress(body, MAX_SIZE + 1)
    except zlib.error as exc:
        raise ListingError(f"a broken gzip file ({exc})") from None
    if len(data) > MAX_SIZE:
        raise ListingError("larger than 10 MB once decompressed, the limit for a feed or sitemap")
    return data


def _safe_tree(body: bytes) -> Element | None:
    """The document's tree by the safe parser; None when it is not well-formed XML."""
    try:
        return fromstring(body, forbid_dtd=False)
    except DefusedXmlException as exc:
        raise ListingError(f"the document declares XML entities or a DTD ({type(exc).__name__}); refused, "
                           "as they can expand without end (the 'billion laughs')") from None
    except ParseError:
        return None


def parse_listing(body: bytes, url: str) -> Listing:
    if body[:2] == b"\x1f\x8b":
        body = gunzip(body)
    if not body.strip():
        raise ListingError("the document is empty")
    root = _safe_tree(body)
    if root is not None and _local(root.tag) in ("urlset", "sitemapindex"):
        return _sitemap(root, url)
    return _feed(body, url, well_formed=root is not None)


def _text(element: Element, name: str) -> str:
    for child in element:
        if _local(child.tag) == name and child.text:
            return child.text.strip()
    return ""


def _sitemap(root: Element, url: str) -> Listing:
    index = _local(root.tag) == "sitemapindex"
    listing = Listing("sitemapindex" if index else "sitemap")
    for item in root:
        if _local(item.tag) not in ("sitemap", "url"):
            continue
        link = _web(url, _text(item, "loc"))
        if link is None:
            continue
        lastmod = _text(item, "lastmod") or None
        published = None
        for child in item:
            if _local(child.tag) == "news":  # Google news sitemap: <news:news><news:publication_date>
                published = parse_date(_text(child, "publication_date"))
                title = _text(child, "title")
                break
        else:
            title = ""
        listing.entries.append(Entry(link, lastmod, published or parse_date(lastmod or ""), title))
        if len(listing.entries) > MAX_ENTRIES:
            raise ListingError(f"lists more than {MAX_ENTRIES} addresses, the sitemap protocol's limit")
    return listing


def _when(entry: Any, name: str) -> datetime | None:
    parsed = entry.get(f"{name}_parsed")
    return datetime.fromtimestamp(calendar.timegm(parsed), UTC) if parsed else None


def _feed(body: bytes, url: str, *, well_formed: bool) -> Listing:
    parsed = feedparser.parse(io.BytesIO(body), response_headers={"content-location": url},
                              sanitize_html=False, resolve_relative_uris=False)
    version = str(parsed.get("version") or "")
    if not version:
        reason = parsed.get("bozo_exception")
        raise ListingError("not an RSS or Atom feed, nor a sitemap"
                           + (f" (it is not XML: {reason})" if not well_formed and reason else ""))
    listing = Listing("atom" if version.startswith("atom") else "rss")
    for entry in parsed.entries[:MAX_ENTRIES]:
        link = _web(url, str(entry.get("link") or ""))
        if link is None:
            continue
        updated = _when(entry, "updated") if listing.kind == "atom" else None
        published = _when(entry, "published") or _when(entry, "updated")
        listing.entries.append(Entry(link, updated.isoformat() if updated else None, published,
                                     str(entry.get("title") or "")))
    return listing

