"""Reading offline: the service worker script, the web app manifest, the list
of saved articles and the page the worker shows when there is no connection.

The two pages are ordinary server-rendered pages (they wear the reader's
settings, and work without JavaScript, where they explain what saving needs);
their lists are filled in by static/js/offline.js from what the worker keeps.
The offline page also carries, as ``data-`` attributes and ``<template>``s,
every sentence and control offline.js shows on other pages (the Save button,
"this is the copy saved on ..."): the worker keeps that page from the start,
so those words are there offline, and pages do not pay bytes for them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ..cache import preferred_coding
from ..i18n import LANGUAGE_COOKIE, activate, as_locale, negotiate
from ..i18n import gettext as _
from ..models import Locale
from ..serviceworker import ServiceWorkerScript
from . import pagecache
from .common import path_locale, services

# Light and dark page backgrounds (static/css/reader.css, standard contrast).
THEME_LIGHT = "#ffffff"
THEME_DARK = "#121212"


async def service_worker(request: Request) -> Response:
    script = cast(ServiceWorkerScript, request.app.state.service_worker)
    headers = {"Cache-Control": "no-cache", "ETag": script.etag, "Vary": "Accept-Encoding"}
    if script.etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    coding = preferred_coding(request.headers.get("accept-encoding", ""))
    body = script.encoded[coding] if coding else script.body
    if coding:
        headers["Content-Encoding"] = coding
    return Response(body, media_type="text/javascript; charset=utf-8", headers=headers)


async def manifest(request: Request) -> Response:
    """Browsers fetch a manifest without cookies, so the page names its
    language in the link (``?lang=``); without one, Accept-Language decides."""
    locale: Locale = as_locale(request.query_params.get("lang")) or negotiate(
        request.cookies.get(LANGUAGE_COOKIE), request.headers.get("accept-language"))
    activate(locale)
    static = cast(Callable[[str], str], services(request).renderer.env.globals["static"])
    body = {
        "id": "/",
        "name": _("Reader: news you can read your way"),
        "short_name": "Reader",
        "description": _("Vietnamese and English news you can read your way: large text, the contrast you "
                         "choose, listening, and articles saved to read without a connection."),
        "lang": locale,
        "dir": "ltr",
        "start_url": f"/{locale}/",
        "scope": "/",
        "display": "standalone",
        "background_color": THEME_LIGHT,
        "theme_color": THEME_LIGHT,
        "icons": [
            {"src": static("img/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
            {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": static("img/icon-maskable-512.png"), "sizes": "512x512", "type": "image/png",
             "purpose": "maskable"},
        ],
        "shortcuts": [{"name": _("Saved articles"), "url": f"/{locale}/saved"}],
    }
    return JSONResponse(body, media_type="application/manifest+json", headers={
        "Cache-Control": "public, max-age=86400", "Vary": "Accept-Language", "Content-Language": locale})


def _own_page(request: Request, name: str) -> Response:
    locale = path_locale(request)
    app = services(request)

    def render() -> Response:
        # Not for search engines: what they list is this device's own.
        return app.renderer.render(request, locale, f"{name}.html",
                                   {"head": app.renderer.heads.page(request, noindex=True)})

    return pagecache.serve(request, pagecache.cache_key(request, name, locale), render)


async def saved_page(request: Request) -> Response:
    return _own_page(request, "saved")


async def offline_page(request: Request) -> Response:
    return _own_page(request, "offline")
