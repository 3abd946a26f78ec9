"""The Atom feed per UI locale: the same articles as the first page of the
home page (Store.latest), with full text.

Built with ElementTree rather than a template so that every title, name and
body is escaped by the serializer, not by care.  Article bodies are already
sanitised; image paths in them are site-relative, so the feed carries
``xml:base`` (feed readers resolve them against it).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

from starlette.requests import Request
from starlette.responses import Response

from ..i18n import gettext as _
from ..models import Article, Locale
from .common import path_locale, services

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
FEED_SIZE = 20
ET.register_namespace("", ATOM)


def _atom_time(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


# Characters XML 1.0 cannot carry at all; ElementTree would write them and
# every feed reader would reject the whole feed.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    if text is not None:
        element.text = NOT_XML.sub("", text)
    return element


def build_feed(articles: list[Article], locale: Locale, base: str) -> bytes:
    """Atom 1.0 (RFC 4287) for ``articles``; ``base`` is the site's origin."""
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: locale, XML_BASE: base + "/"})
    home = f"{base}/{locale}/"
    _add(feed, "id", f"{base}/{locale}/feed.xml")
    _add(feed, "title", _("Reader: latest articles"))
    _add(feed, "subtitle", _("Reader: news you can read your way, in Vietnamese and English."))
    newest = max((a.updated_at or a.published_at for a in articles), default=datetime(2024, 1, 1, tzinfo=UTC))
    _add(feed, "updated", _atom_time(newest))
    _add(feed, "link", rel="self", type="application/atom+xml", href=f"{base}/{locale}/feed.xml")
    _add(feed, "link", rel="alternate", type="text/html", href=home, hreflang=locale)
    _add(feed, "generator", "Reader")
    for article in articles:
        url = f"{base}/{locale}/articles/{article.slug}"
        entry = _add(feed, "entry", **{XML_LANG: article.lang})
        _add(entry, "id", url)
        _add(entry, "title", article.title)
        _add(entry, "link", rel="alternate", type="text/html", href=url, hreflang=article.lang)
        _add(entry, "published", _atom_time(article.published_at))
        _add(entry, "updated", _atom_time(article.updated_at or article.published_at))
        author = _add(entry, "author")
        _add(author, "name", article.author or "Reader")
        if article.summary:
            _add(entry, "summary", article.summary)
        _add(entry, "content", article.body_html, type="html")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


async def feed(request: Request) -> Response:
    locale = path_locale(request)
    app = services(request)
    page = app.store.latest(locale, 1, FEED_SIZE)
    articles = [a for a in (app.store.article(item.slug) for item in page.items) if a is not None]
    # Entry ids must not change with the address a reader typed: the public URL when there is one.
    base = app.renderer.heads.origin(request) or f"{request.url.scheme}://{request.url.netloc}"
    return Response(build_feed(articles, locale, base), media_type="application/atom+xml; charset=utf-8",
                    headers={"Cache-Control": "public, max-age=300", "Content-Language": locale})
