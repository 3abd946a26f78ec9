"""``/sitemap.xml`` and ``/robots.txt``: how search engines find every article.

The sitemap lists each visible article once, at its canonical address (the
interface in the article's own language, see reader/headmeta.py), with
``lastmod`` and its language alternates as ``xhtml:link`` (the same set the
page's own ``<head>`` names).  The sitemap protocol allows 50,000 URLs per
file, so articles are split into parts by id (part N holds ids
``(N-1)*50,000 + 1 .. N*50,000``: a part's contents never shift when another
part changes, so crawlers may keep what they fetched) and ``/sitemap.xml`` is
the part itself while there is one, a sitemap index once there are more.

A part is streamed: read from the store in keyset pages of ``BATCH`` rows
and written, gzip-compressed when the crawler accepts it, as it goes, so a
part of 50,000 URLs (about 20 MB of XML) never sits in memory whole.

Sitemap URLs must be absolute: without a trusted origin (reader.publicurl)
there is no sitemap (404) and robots.txt does not name one.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from xml.sax.saxutils import escape, quoteattr

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse

from ..cache import http_date, parse_http_date, preferred_coding
from ..headmeta import versions
from ..models import SitemapEntry
from ..store import Store
from .common import services

URLS_PER_SITEMAP = 50_000  # the protocol's limit per file
BATCH = 2_000  # rows per keyset page while streaming a part
CACHE_CONTROL = "public, max-age=3600"

URLSET_OPEN = ('<?xml version="1.0" encoding="UTF-8"?>\n'
               '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
               'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n')
INDEX_OPEN = ('<?xml version="1.0" encoding="UTF-8"?>\n'
              '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n')

# Crawlers never run scripts or play audio; the audio is made on request, so a
# crawler walking every article's MP3 would keep the speech engine busy.
ROBOTS = """User-agent: *
Disallow: /*/articles/*/audio.mp3
Disallow: /*/articles/*/audio.vtt
Disallow: /*/articles/*/speech.json
"""


def w3c_time(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def url_entry(origin: str, entry: SitemapEntry) -> str:
    """One <url>: the article's canonical address, its last change, and its
    language versions (itself included, and x-default) as on the page."""
    links = "".join(f'<xhtml:link rel="alternate" hreflang="{hreflang}" href={quoteattr(origin + path)}/>'
                    for hreflang, path in versions(entry.lang, entry.slug, entry.translations))
    own = escape(f"{origin}/{entry.lang}/articles/{entry.slug}")
    return f"<url><loc>{own}</loc><lastmod>{w3c_time(entry.updated_at)}</lastmod>{links}</url>\n"


def urlset(store: Store, origin: str, part: int, first: list[SitemapEntry]) -> Iterator[str]:
    """The XML of one part, a keyset page at a time (``first``: the first page, already read)."""
    yield URLSET_OPEN
    last = part * URLS_PER_SITEMAP
    entries = first
    while entries:
        yield "".join(url_entry(origin, entry) for entry in entries)
        if len(entries) < BATCH:
            break
        entries = store.sitemap_entries(entries[-1].id, last, BATCH)
    yield "</urlset>\n"


def first_page(store: Store, part: int) -> list[SitemapEntry]:
    return store.sitemap_entries((part - 1) * URLS_PER_SITEMAP, part * URLS_PER_SITEMAP, BATCH)


def index(origin: str, parts: list[tuple[int, datetime]]) -> Iterator[str]:
    yield INDEX_OPEN
    for part, modified in parts:
        yield (f"<sitemap><loc>{escape(origin)}/sitemap-{part}.xml</loc>"
               f"<lastmod>{w3c_time(modified)}</lastmod></sitemap>\n")
    yield "</sitemapindex>\n"


def gzipped(pieces: Iterator[str]) -> Iterator[bytes]:
    compressor = zlib.compressobj(6, zlib.DEFLATED, 31)  # 31: the gzip container
    for piece in pieces:
        data = compressor.compress(piece.encode("utf-8"))
        if data:
            yield data
    yield compressor.flush()


def takes_gzip(accept_encoding: str) -> bool:
    without_brotli = ",".join(part for part in accept_encoding.split(",")
                              if part.split(";")[0].strip().lower() != "br")
    return preferred_coding(without_brotli) == "gzip"


def xml_response(request: Request, pieces: Iterator[str]) -> Response:
    """Streamed, gzip-compressed as it goes when the client takes gzip (the
    Compression middleware would hold the whole body to compress it; gzip
    rather than brotli because every crawler takes it and the standard
    library streams it), with Last-Modified, and a 304 when nothing changed
    since the crawler's copy."""
    modified = math.ceil(services(request).clock.modified())
    headers = {"Cache-Control": CACHE_CONTROL, "Last-Modified": http_date(modified),
               "Vary": "Accept-Encoding"}
    since = parse_http_date(request.headers.get("if-modified-since", ""))
    if since is not None and since >= modified:
        return Response(status_code=304, headers=headers)
    media_type = "application/xml; charset=utf-8"
    if takes_gzip(request.headers.get("accept-encoding", "")):
        return StreamingResponse(gzipped(pieces), media_type=media_type,
                                 headers={**headers, "Content-Encoding": "gzip"})
    return StreamingResponse((piece.encode("utf-8") for piece in pieces), media_type=media_type,
                             headers=headers)


def origin_or_404(request: Request) -> str:
    origin = services(request).renderer.heads.origin(request)
    if origin is None:
        raise HTTPException(404)
    return origin


async def sitemap(request: Request) -> Response:
    origin = origin_or_404(request)
    store = services(request).store
    parts = store.sitemap_parts(URLS_PER_SITEMAP)
    if len(parts) > 1:
        return xml_response(request, index(origin, parts))
    part = parts[0][0] if parts else 1
    return xml_response(request, urlset(store, origin, part, first_page(store, part)))


async def sitemap_part(request: Request) -> Response:
    """One part of a large sitemap; a part with no articles is not found."""
    origin = origin_or_404(request)
    part = request.path_params["part"]
    store = services(request).store
    first = first_page(store, part) if 1 <= part <= 1_000_000 else []
    if not first:
        raise HTTPException(404)
    return xml_response(request, urlset(store, origin, part, first))


async def robots(request: Request) -> Response:
    origin = services(request).renderer.heads.origin(request)
    text = ROBOTS + (f"\nSitemap: {origin}/sitemap.xml\n" if origin else "")
    return PlainTextResponse(text, headers={"Cache-Control": "public, max-age=3600"})
