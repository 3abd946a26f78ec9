"""Serving a page through the render cache, with ETag/304 and the right Vary.

The request's own inputs that change the bytes (normalised preferences,
Save-Data, htmx) are part of the key, read once here, so a view only names
what it shows (locale, slug, page number).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .. import prefs as P
from ..cache import Entry
from .common import HtmxDetails, services

VARY = "Cookie, Save-Data, HX-Request, Accept-Encoding"
# Browsers revalidate every time (cheap: a 304), so a changed setting shows at
# once; a shared cache may keep a page for a minute.
PUBLIC = "public, max-age=0, s-maxage=60, stale-while-revalidate=30"


def save_data(request: Request) -> bool:
    return request.headers.get("save-data", "").strip().lower() == "on"


def key_for(state: Any, parts: tuple[Hashable, ...], *, prefs_cookie: str | None, save_data_header: str,
            partial: bool) -> tuple[Hashable, ...]:
    """The one definition of a page's cache key, shared with reader.fastpath."""
    speech = getattr(state, "speech", None)
    audio = speech.cache.generation() if speech is not None else 0
    return (*parts, state.services.store.generation(), audio, P.normalised(prefs_cookie),
            save_data_header.strip().lower() == "on", partial)


def cache_key(request: Request, *parts: Hashable) -> tuple[Hashable, ...]:
    return key_for(request.app.state, parts, prefs_cookie=request.cookies.get(P.COOKIE_NAME),
                   save_data_header=request.headers.get("save-data", ""),
                   partial=HtmxDetails.from_request(request).is_partial)


def serve(request: Request, key: tuple[Hashable, ...], render: Callable[[], Response],
          cache_control: str = PUBLIC) -> Response:
    cache = services(request).cache
    entry = cache.get(key)
    if entry is None:
        rendered = render()
        headers = {k: v for k, v in rendered.headers.items()
                   if k.lower() not in ("content-length", "set-cookie", "vary", "cache-control")}
        entry = Entry.make(bytes(rendered.body), rendered.status_code, headers)
        cache.put(key, entry)
    common = {"ETag": entry.etag, "Vary": VARY, "Cache-Control": cache_control}
    if entry.etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=common)
    body, coding = entry.representation(request.headers.get("accept-encoding", ""))
    response = Response(body, status_code=entry.status, headers={**dict(entry.headers), **common})
    if coding:
        response.headers["Content-Encoding"] = coding
    return response
