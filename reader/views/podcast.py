"""``/{locale}/podcast.xml``: the server audio as a podcast, one feed per language.

So a blind reader can follow Reader in the podcast app they already know
(which downloads episodes for the bus, remembers where they stopped, and
speeds them up) instead of visiting every article.  RSS 2.0 with the Apple
podcast tags every app reads (``itunes:``), an ``<enclosure>`` per article
whose audio has been made (by ``reader speech build`` or a first listen):
its versioned MP3 URL, the file's exact length and ``audio/mpeg``, and its
duration.  Only articles written in the feed's language: a podcast speaks
one language, and the other feed has the rest.

Audio is never made for the feed: listing an article would otherwise start
minutes of synthesis per request.  Built with ElementTree, like the Atom feed,
so every title and summary is escaped by the serializer.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import cast

from starlette.requests import Request
from starlette.responses import Response

from ..i18n import gettext as _
from ..models import Article, Locale
from ..speech import Speech
from ..speech.audio import AudioFiles
from .common import path_locale, services
from .feeds import NOT_XML
from .speech import speech_service, version

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
ATOM = "http://www.w3.org/2005/Atom"
LOOKED_AT = 100  # the newest articles considered; older audio leaves the feed
COVER = "img/podcast-cover.png"
ET.register_namespace("itunes", ITUNES)
ET.register_namespace("atom", ATOM)


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = NOT_XML.sub("", text)
    return element


def _duration(ms: int) -> str:
    seconds = round(ms / 1000)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def episodes(store_articles: list[Article], speech: Speech, locale: Locale) -> list[tuple[Article, AudioFiles]]:
    """The articles in ``locale``'s language whose audio exists, newest first."""
    out = []
    for article in store_articles:
        if article.lang != locale or article.withdrawn:  # a withdrawn article's audio answers 410
            continue
        files = speech.cached(article)
        if files is not None:
            out.append((article, files))
    return out


def build_podcast(items: list[tuple[Article, AudioFiles]], locale: Locale, base: str, cover: str) -> bytes:
    rss = ET.Element("rss", {"version": "2.0"})
    channel = _add(rss, "channel")
    title = _("Reader: articles to listen to")
    about = _("Reader's news articles, read aloud by the server's voice. "
              "Each episode is one article; its text is on the article's page.")
    _add(channel, "title", title)
    _add(channel, "link", f"{base}/{locale}/")
    _add(channel, "description", about)
    _add(channel, "language", locale)
    _add(channel, f"{{{ATOM}}}link", rel="self", type="application/rss+xml", href=f"{base}/{locale}/podcast.xml")
    newest = max((a.updated_at or a.published_at for a, _files in items), default=datetime(2024, 1, 1, tzinfo=UTC))
    _add(channel, "lastBuildDate", format_datetime(newest.astimezone(UTC), usegmt=True))
    _add(channel, "generator", "Reader")
    image = _add(channel, "image")
    _add(image, "url", cover)
    _add(image, "title", title)
    _add(image, "link", f"{base}/{locale}/")
    _add(channel, f"{{{ITUNES}}}author", "Reader")
    _add(channel, f"{{{ITUNES}}}summary", about)
    _add(channel, f"{{{ITUNES}}}image", href=cover)
    _add(channel, f"{{{ITUNES}}}category", text="News")
    _add(channel, f"{{{ITUNES}}}explicit", "false")
    _add(channel, f"{{{ITUNES}}}type", "episodic")
    for article, files in items:
        page = f"{base}/{locale}/articles/{article.slug}"
        item = _add(channel, "item")
        _add(item, "title", article.title)
        _add(item, "link", page)
        _add(item, "guid", page, isPermaLink="true")
        _add(item, "pubDate", format_datetime(article.published_at.astimezone(UTC), usegmt=True))
        if article.summary:
            _add(item, "description", article.summary)
            _add(item, f"{{{ITUNES}}}summary", article.summary)
        if article.author:
            _add(item, f"{{{ITUNES}}}author", article.author)
        _add(item, "enclosure", url=f"{page}/audio.mp3?v={version(files.key)}", length=str(files.size),
             type="audio/mpeg")
        _add(item, f"{{{ITUNES}}}duration", _duration(files.duration_ms()))
        _add(item, f"{{{ITUNES}}}explicit", "false")
        _add(item, f"{{{ITUNES}}}episodeType", "full")
    return ET.tostring(rss, encoding="utf-8", xml_declaration=True)


async def podcast(request: Request) -> Response:
    locale = path_locale(request)
    app = services(request)
    listed = app.store.latest(locale, 1, LOOKED_AT).items
    articles = [a for a in (app.store.article(s.slug) for s in listed if s.lang == locale) if a is not None]
    # Episode URLs must not follow the address a reader typed: the public URL when there is one.
    base = app.renderer.heads.origin(request) or f"{request.url.scheme}://{request.url.netloc}"
    static_url = cast(Callable[[str], str], app.renderer.env.globals["static"])  # the hashed file's URL
    cover = base + static_url(COVER)
    body = build_podcast(episodes(articles, speech_service(request), locale), locale, base, cover)
    return Response(body, media_type="application/rss+xml; charset=utf-8",
                    headers={"Cache-Control": "public, max-age=300", "Content-Language": locale})
