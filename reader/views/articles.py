"""The list of latest articles and the article page."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from ..i18n import LANGUAGE_COOKIE
from ..models import LOCALES, Locale
from .common import page_number, path_locale, services

WORDS_PER_MINUTE = 200


def reading_minutes(word_count: int) -> int:
    return max(1, round(word_count / WORDS_PER_MINUTE))


def remember_language(request: Request, response: Response, locale: Locale) -> Response:
    """Remember the UI language for the next visit to ``/``, only when it
    changed, so the steady state has no Set-Cookie and stays cacheable."""
    if request.cookies.get(LANGUAGE_COOKIE) != locale:
        response.set_cookie(LANGUAGE_COOKIE, locale, max_age=365 * 24 * 3600,
                            httponly=True, samesite="lax",
                            secure=request.url.scheme == "https")
    return response


async def home(request: Request) -> Response:
    locale = path_locale(request)
    app = services(request)
    number = page_number(request)
    page = app.store.latest(locale, number, app.settings.page_size)
    if number > page.count:
        raise HTTPException(404)
    response = app.renderer.render(request, locale, "home.html", {
        "page": page,
        "reading_minutes": reading_minutes,
    })
    return remember_language(request, response, locale)


async def article(request: Request) -> Response:
    locale = path_locale(request)
    app = services(request)
    item = app.store.article(request.path_params["slug"])
    if item is None:
        raise HTTPException(404)
    translations = {
        code: app.store.translation(item, code) for code in LOCALES if code != item.lang
    }
    response = app.renderer.render(request, locale, "article.html", {
        "article": item,
        "translations": translations,
        "reading_minutes": reading_minutes(item.word_count),
    })
    return remember_language(request, response, locale)
