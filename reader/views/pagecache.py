"""Serving a page through the render cache, with ETag/304 and the right Vary.

The request's own inputs that change the bytes (normalised preferences,
Save-Data, htmx) are part of the key, read once here, so a view only names
what it shows (locale, slug, page number).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable

from starlette.requests import Request
from starlette.responses import Response

from .. import prefs as P
from ..cache import Entry
from .common import HtmxDetails, services

VARY = "Cookie, Save-Data, HX-Request, Accept-Encoding"
# Browsers revalidate every time (cheap: a 304), so a changed setting shows at
# once; a shared cache may keep a page for a minute.
PUBLIC = "public, max-age=0, s-maxage=60, stale-while-revalidate=30"


def save_data_on(header: str) -> bool:
    return header.strip().lower() == "on"


def save_data(request: Request) -> bool:
    return save_data_on(request.headers.get("save-data", ""))


def key_for(stamp: Hashable, parts: tuple[Hashable, ...], *, prefs: str, save_data: bool,
            partial: bool, origin: str | None) -> tuple[Hashable, ...]:
    """The one definition of a page's cache key, shared with reader.fastpath:
    what the page shows (``parts``), the content stamp (ContentClock.now()), the normalised
    preference cookie, Save-Data, whether htmx asked for a fragment, and the
    origin its absolute URLs name (reader.publicurl), so one client's Host
    never reaches another's page."""
    return (*parts, stamp, prefs, save_data, partial, origin)


def cache_key(request: Request, *parts: Hashable) -> tuple[Hashable, ...]:
    app = services(request)
    return key_for(app.clock.now(), parts, prefs=P.normalised(request.cookies.get(P.COOKIE_NAME)),
                   save_data=save_data(request),
                   partial=HtmxDetails.from_request(request).is_partial,
                   origin=app.renderer.heads.origin(request))


def validator_headers(entry: Entry, cache_control: str = PUBLIC) -> dict[str, str]:
    """What a 304 for ``entry`` carries."""
    return {"ETag": entry.etag, "Vary": VARY, "Cache-Control": cache_control}


def page_headers(entry: Entry, coding: str | None, last_modified: str | None,
                 cache_control: str = PUBLIC) -> dict[str, str]:
    """The one definition of a cached page's headers (reader.fastpath sends
    the same, plus the security headers the middleware adds here and the
    length the response adds)."""
    headers = {**dict(entry.headers), **validator_headers(entry, cache_control)}
    if last_modified is not None:
        headers["Last-Modified"] = last_modified
    if coding:
        headers["Content-Encoding"] = coding
    return headers


def serve(request: Request, key: tuple[Hashable, ...], render: Callable[[], Response],
          cache_control: str = PUBLIC) -> Response:
    app = services(request)
    entry = app.cache.get(key)
    if entry is None:
        modified = app.clock.modified()  # before rendering: the page holds at least this
        rendered = render()
        headers = {k: v for k, v in rendered.headers.items()
                   if k.lower() not in ("content-length", "set-cookie", "vary", "cache-control")}
        entry = Entry.make(bytes(rendered.body), rendered.status_code, headers, modified)
        app.cache.put(key, entry)
    now = time.time()
    if entry.not_modified(request.headers.get("if-none-match"), request.headers.get("if-modified-since"), now):
        return Response(status_code=304, headers=validator_headers(entry, cache_control))
    body, coding = entry.representation(request.headers.get("accept-encoding", ""))
    return Response(body, status_code=entry.status,
                    headers=page_headers(entry, coding, entry.last_modified(now), cache_control))
