"""The list of latest articles and the article page."""

from __future__ import annotations

import hashlib

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from ..i18n import LANGUAGE_COOKIE
from ..models import LOCALES, Article, Locale
from ..search import related
from . import pagecache
from .common import page_number, path_locale, services
from .speech import speech_service, version

WORDS_PER_MINUTE = 200


def reading_minutes(word_count: int) -> int:
    return max(1, round(word_count / WORDS_PER_MINUTE))


def content_version(item: Article) -> str:
    """Changes when what the article says changes (text, images), and only
    then: the page's own ETag also moves with the reader's settings, the
    related list or the audio being made.  The service worker compares it to
    tell a reader their saved copy was updated."""
    digest = hashlib.blake2b(digest_size=4)
    for part in (item.title, item.summary, item.body_html, item.author,
                 *(f"{image.file}|{image.alt}|{image.caption}" for image in item.images)):
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()


def remember_language(request: Request, response: Response, locale: Locale) -> Response:
    """Remember the UI language for the next visit to ``/``, only when it
    changed, so the steady state has no Set-Cookie and stays cacheable."""
    if request.cookies.get(LANGUAGE_COOKIE) != locale:
        response.set_cookie(LANGUAGE_COOKIE, locale, max_age=365 * 24 * 3600,
                            httponly=True, samesite="lax",
                            secure=request.url.scheme == "https")
        response.headers["Cache-Control"] = "private, no-cache"  # never share a Set-Cookie
    return response


async def home(request: Request) -> Response:
    locale = path_locale(request)
    app = services(request)
    number = page_number(request)

    def render() -> Response:
        page = app.store.latest(locale, number, app.settings.page_size)
        if number > page.count:
            raise HTTPException(404)

        def has_page(code: Locale, n: int) -> bool:
            # Each story is listed once in either language (its own, or its
            # translation), so both lists have as many pages as this one.
            return n <= page.count

        return app.renderer.render(request, locale, "home.html", {
            "page": page,
            "reading_minutes": reading_minutes,
            "head": app.renderer.heads.listing(request, locale, number, has_page),
        })

    response = pagecache.serve(request, pagecache.cache_key(request, "home", locale, number), render)
    return remember_language(request, response, locale)


async def article(request: Request) -> Response:
    locale = path_locale(request)
    app = services(request)
    slug = request.path_params["slug"]

    def render() -> Response:
        item = app.store.article(slug)
        if item is None:
            raise HTTPException(404)
        if item.withdrawn:
            raise HTTPException(410)  # taken down: say so, and that it will not come back here
        translations = {
            code: app.store.translation(item, code) for code in LOCALES if code != item.lang
        }
        key = speech_service(request).key(item)
        audio = f"/{item.lang}/articles/{item.slug}/audio.mp3?v={version(key)}" if key else None
        translation = next((other for other in translations.values() if other), None)
        return app.renderer.render(request, locale, "article.html", {
            "head": app.renderer.heads.article(request, item, translation, audio),
            "article": item,
            "translations": translations,
            "reading_minutes": reading_minutes(item.word_count),
            "content_version": content_version(item),
            "related": related(app.store, item, locale, generation=app.clock.now()[0]),
        })

    response = pagecache.serve(request, pagecache.cache_key(request, "article", locale, slug), render)
    return remember_language(request, response, locale)
