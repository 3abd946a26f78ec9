"""Cache hits for article and list pages, answered before Starlette's routing.

It runs in front of Starlette (reader.app.ReaderApp), so it must never raise:
anything unexpected hands the request to the full path.  A page already in
the render cache needs no routing, no request object and no template: this
ASGI layer computes the same key as reader.views.pagecache (``key_for``),
and on a hit sends the stored bytes with the same headers the full path
would (security headers included).  Anything else (a miss, a
request that must set the language cookie, another route) goes on to the app
unchanged, so the two paths cannot disagree about what a page is.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Receive, Scope, Send

from . import prefs as P
from .headers import HSTS
from .i18n import LANGUAGE_COOKIE
from .views.pagecache import PUBLIC, VARY, key_for

_ARTICLE = re.compile(r"^/(vi|en)/articles/([^/]+)$")


def _cookies(raw: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in raw.split(";"):
        name, _, value = part.strip().partition("=")
        out.setdefault(name, value)
    return out


def _page(query: bytes) -> int:
    """As reader.views.common.page_number: anything odd means page 1."""
    for key, value in parse_qsl(query.decode("latin-1")):
        if key == "page":
            return max(1, int(value)) if value.isascii() and value.isdigit() and len(value) <= 6 else 1
    return 1


class FastPath:
    def __init__(self, app: ASGIApp, state: Any, headers: dict[str, str]) -> None:
        self.app = app
        self.state = state
        self.security = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
        self.common = [(b"vary", VARY.encode()), (b"cache-control", PUBLIC.encode())]
        self.hsts = [(b"strict-transport-security", HSTS.encode())]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # Written for speed (it runs on every page request): one pass over the
        # headers, string tests before regular expressions.
        path = scope.get("path", "")
        if (scope["type"] != "http" or scope["method"] not in ("GET", "HEAD")
                or path[:4] not in ("/vi/", "/en/")):
            await self.app(scope, receive, send)
            return
        article = _ARTICLE.match(path) if path.startswith("articles/", 4) else None
        if article is None and len(path) != 4:
            await self.app(scope, receive, send)
            return
        locale = path[1:3]
        cookie = accept = save_data = hx = restore = match = b""
        for name, value in scope["headers"]:
            if name == b"cookie":
                cookie = value
            elif name == b"accept-encoding":
                accept = value
            elif name == b"save-data":
                save_data = value
            elif name == b"hx-request":
                hx = value
            elif name == b"hx-history-restore-request":
                restore = value
            elif name == b"if-none-match":
                match = value
        cookies = _cookies(cookie.decode("latin-1"))
        if cookies.get(LANGUAGE_COOKIE) != locale:  # the full path sets the cookie
            await self.app(scope, receive, send)
            return
        parts = (("article", locale, article.group(2)) if article
                 else ("home", locale, _page(scope["query_string"])))
        try:
            key = key_for(self.state, parts, prefs_cookie=cookies.get(P.COOKIE_NAME),
                          save_data_header=save_data.decode("latin-1"),
                          partial=hx == b"true" and restore != b"true")
            entry = self.state.services.cache.get(key)
        except Exception:  # e.g. the database went away: the full path answers (a 503 page)
            entry = None
        if entry is None or entry.status != 200:
            await self.app(scope, receive, send)
            return
        https = scope.get("scheme") == "https"
        etag = entry.etag.encode()
        if etag in match:
            headers = [(b"etag", etag), *self.common, *self.security, *(self.hsts if https else ())]
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        body, coding = entry.representation(accept.decode("latin-1"))
        headers = [*entry.raw_headers, (b"etag", etag), *self.common, *self.security,
                   (b"content-length", str(len(body)).encode())]
        if coding:
            headers.append((b"content-encoding", coding.encode()))
        if https:
            headers.extend(self.hsts)
        await send({"type": "http.response.start", "status": entry.status, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})
