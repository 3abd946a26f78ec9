"""Pages that are not about one article: the root redirect, health, errors."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from ..i18n import LANGUAGE_COOKIE, negotiate
from ..serviceworker import PAGE_TIMEOUT_SECONDS
from ..store import StoreUnavailable
from .common import path_locale, request_locale, services
from .speech import file_size

log = logging.getLogger("reader")


async def root(request: Request) -> Response:
    locale = negotiate(request.cookies.get(LANGUAGE_COOKIE),
                       request.headers.get("accept-language"))
    return RedirectResponse(f"/{locale}/", status_code=302,
                            headers={"Vary": "Cookie, Accept-Language",
                                     "Cache-Control": "private, no-cache"})


REVIEWED = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


async def accessibility(request: Request) -> Response:
    locale = path_locale(request)
    app = services(request)
    return app.renderer.render(request, locale, "accessibility.html", {
        "reviewed": REVIEWED, "head": app.renderer.heads.page(request, alternates=True),
        "offline_limit": file_size(app.settings.offline_limit), "offline_timeout": PAGE_TIMEOUT_SECONDS})


async def healthz(request: Request) -> Response:
    try:
        services(request).store.ping()
    except StoreUnavailable:
        return PlainTextResponse("database unavailable", status_code=503,
                                 headers={"Retry-After": "30"})
    return PlainTextResponse("ok", headers={"Cache-Control": "no-store"})


async def favicon(request: Request) -> Response:
    """Pages link their icon (static/img/icon.svg); a client that asks for
    /favicon.ico anyway gets an empty answer it may keep, not a 404 page."""
    return Response(status_code=204, headers={"Cache-Control": "public, max-age=604800"})


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    status = exc.status_code
    template = {404: "404.html", 410: "410.html"}.get(status, "error.html")
    return services(request).renderer.render(
        request, request_locale(request), template, {"status": status},
        status=status, headers=getattr(exc, "headers", None) or {})


async def database_unavailable(request: Request, exc: Exception) -> Response:
    """The database is locked, gone or damaged while running: a localized 503
    the reader can act on (try again), not a traceback; the cause goes to the log."""
    log.error("database unavailable on %s: %s", request.url.path, exc)
    return services(request).renderer.render(
        request, request_locale(request), "error.html", {"status": 503}, status=503,
        headers={"Retry-After": "30", "Cache-Control": "no-store"})


async def server_error(request: Request, exc: Exception) -> Response:
    """A localized page with no traceback; the traceback goes to the log."""
    log.exception("unhandled error on %s", request.url.path, exc_info=exc)
    try:
        response: Response = services(request).renderer.render(
            request, request_locale(request), "error.html", {"status": 500}, status=500)
    except Exception:  # the error page itself failed: still answer something plain
        log.exception("error page failed")
        response = PlainTextResponse("Internal Server Error / Lỗi máy chủ", status_code=500)
    # Starlette answers 500s outside the middleware stack: add the headers here.
    response.headers.update(request.app.state.security_headers)
    response.headers["Cache-Control"] = "no-store"
    return response
