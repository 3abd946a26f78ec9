"""Pages that are not about one article: the root redirect, health, errors."""

from __future__ import annotations

import logging
import sqlite3
from datetime import UTC, datetime

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from ..i18n import LANGUAGE_COOKIE, negotiate
from .common import path_locale, request_locale, services

log = logging.getLogger("reader")


async def root(request: Request) -> Response:
    locale = negotiate(request.cookies.get(LANGUAGE_COOKIE),
                       request.headers.get("accept-language"))
    return RedirectResponse(f"/{locale}/", status_code=302,
                            headers={"Vary": "Cookie, Accept-Language",
                                     "Cache-Control": "private, no-cache"})


REVIEWED = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


async def accessibility(request: Request) -> Response:
    locale = path_locale(request)
    return services(request).renderer.render(request, locale, "accessibility.html",
                                              {"reviewed": REVIEWED})


async def healthz(request: Request) -> Response:
    try:
        services(request).store.ping()
    except sqlite3.Error:
        return PlainTextResponse("database unavailable", status_code=503,
                                 headers={"Retry-After": "30"})
    return PlainTextResponse("ok", headers={"Cache-Control": "no-store"})


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    status = exc.status_code
    template = "404.html" if status == 404 else "error.html"
    return services(request).renderer.render(
        request, request_locale(request), template, {"status": status},
        status=status, headers=getattr(exc, "headers", None) or {})


async def server_error(request: Request, exc: Exception) -> Response:
    """A localized page with no traceback; the traceback goes to the log."""
    log.exception("unhandled error on %s", request.url.path, exc_info=exc)
    try:
        return services(request).renderer.render(
            request, request_locale(request), "error.html", {"status": 500}, status=500)
    except Exception:  # the error page itself failed: still answer something plain
        log.exception("error page failed")
        return PlainTextResponse("Internal Server Error / Lỗi máy chủ", status_code=500)
