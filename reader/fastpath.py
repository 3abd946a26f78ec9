"""Cache hits for article and list pages, answered before Starlette's routing.

It runs in front of Starlette (reader.app.ReaderApp), so it must never raise:
anything unexpected hands the request to the full path.  A page already in
the render cache needs no routing, no request object and no template: this
ASGI layer computes the same key as reader.views.pagecache (``key_for``),
reading the request as Starlette does (its cookie and query parsers; the last
of repeated cookies and query values, the first of other headers), and on a
hit sends the stored bytes with the same headers the full path would
(security headers included).  A repeat of the same request is answered from a
small memo of recent hits, checked against the content stamp.  Anything else
(a miss, a request that must set the language cookie, another route) goes on
to the app unchanged.  tests/test_fastpath.py holds the two paths to the same
answer for odd requests.
"""

from __future__ import annotations

import re
import time
from collections.abc import Hashable
from functools import lru_cache
from typing import Any

from starlette.datastructures import QueryParams
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Receive, Scope, Send

from . import prefs as P
from .cache import Entry
from .headers import HSTS
from .i18n import LANGUAGE_COOKIE
from .views.pagecache import key_for, page_headers, save_data_on, validator_headers

_ARTICLE = re.compile(r"^/(vi|en)/articles/([^/]+)$")


# The same few cookie headers and query strings arrive again and again, so
# their parses are memoised (bounded: both are the client's to choose).  They
# use Starlette's own parsers, as the full path does, so the two agree on
# repeated names, quoting and odd input.
@lru_cache(maxsize=4096)
def _reader_cookies(raw: bytes) -> tuple[str | None, str]:
    """The language cookie and the normalised preference cookie."""
    cookies = cookie_parser(raw.decode("latin-1"))
    return cookies.get(LANGUAGE_COOKIE), P.normalised(cookies.get(P.COOKIE_NAME))


@lru_cache(maxsize=1024)
def _page(query: bytes) -> int:
    """As reader.views.common.page_number: anything odd means page 1."""
    value = QueryParams(query).get("page", "1")
    return max(1, int(value)) if value.isascii() and value.isdigit() and len(value) <= 6 else 1


# stamp, entry, headers, body, whether it may be remembered
Hot = tuple[Hashable, Entry, list[tuple[bytes, bytes]], bytes, bool]


def _encoded(headers: dict[str, str]) -> list[tuple[bytes, bytes]]:
    return [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()]


class FastPath:
    # Recent hits by the request's inputs (the reader's own cookies parsed and
    # normalised, the other headers raw), so a repeat skips key building.
    # Emptied whenever the content stamp moves, and small: they are the
    # render cache's most recent entries, so they hold little memory of their
    # own.
    HOT_MAX = 256

    def __init__(self, app: ASGIApp, services: Any, headers: dict[str, str]) -> None:
        self.app = app
        self.cache = services.cache
        self.clock = services.clock
        self.public = services.renderer.heads.public
        self.security = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
        self.hsts = [(b"strict-transport-security", HSTS.encode())]
        self.hot: dict[tuple[Any, ...], Hot] = {}
        self.hot_stamp: Hashable = None

    def resolve(self, path: str, query: bytes, language: str | None, prefs: str, accept: bytes | None,
                save_data: bytes | None, partial: bool, https: bool, stamp: Hashable,
                origin: str | None) -> Hot | None:
        """The cached page for these inputs, as reader.views.pagecache would
        find it, or None when the full path must answer."""
        locale = path[1:3]
        article = _ARTICLE.match(path) if path.startswith("articles/", 4) else None
        if article is None and len(path) != 4:
            return None
        if language != locale:  # the full path sets the language cookie
            return None
        key = key_for(stamp, ("article", locale, article.group(2)) if article
                      else ("home", locale, _page(query)),
                      prefs=prefs, save_data=save_data is not None and save_data_on(save_data.decode("latin-1")),
                      partial=partial, origin=origin)
        entry = self.cache.get(key)
        if entry is None or entry.status != 200:
            return None
        body, coding = entry.representation(accept.decode("latin-1") if accept is not None else "")
        last_modified = entry.last_modified(time.time())
        head = (coding, https, last_modified is not None)
        headers = entry.heads.get(head)
        if headers is None:  # built once per entry and form
            headers = [*_encoded(page_headers(entry, coding, last_modified)), *self.security,
                       (b"content-length", str(len(body)).encode()), *(self.hsts if https else ())]
            entry.heads[head] = headers
        # Kept in the memo unless its Last-Modified is still to come (for up to a second).
        lasting = last_modified is not None or entry.modified is None
        return stamp, entry, headers, body, lasting

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # Written for speed (it runs on every page request): string tests
        # first, one pass over the headers, then one dictionary lookup.
        path = scope["path"]
        if (scope["method"] not in ("GET", "HEAD") or path[:4] not in ("/vi/", "/en/")
                or not (len(path) == 4 or path.startswith("articles/", 4))):
            await self.app(scope, receive, send)
            return
        cookie = accept = save_data = hx = restore = match = since = host = None
        # The first of each header, as Starlette's request.headers.get, but
        # every Cookie header, joined, as its request.cookies reads them.
        for name, value in scope["headers"]:
            if name == b"cookie":
                cookie = value if cookie is None else cookie + b"; " + value
            elif name == b"accept-encoding":
                accept = value if accept is None else accept
            elif name == b"if-none-match":
                match = value if match is None else match
            elif name == b"if-modified-since":
                since = value if since is None else since
            elif name == b"save-data":
                save_data = value if save_data is None else save_data
            elif name == b"hx-request":
                hx = value if hx is None else hx
            elif name == b"hx-history-restore-request":
                restore = value if restore is None else restore
            elif name == b"host":
                host = value if host is None else host
        https = scope.get("scheme") == "https"
        partial = hx == b"true" and restore != b"true"
        try:
            # Keyed by the cookies that matter, so other cookies (a visitor id) do not split the memo.
            language, prefs = _reader_cookies(cookie or b"")
            signature = (path, scope["query_string"], language, prefs, accept, save_data, partial, https, host)
            stamp = self.clock.now()
            if stamp != self.hot_stamp:
                self.hot.clear()
                self.hot_stamp = stamp
            hot = self.hot.get(signature)
            if hot is None:
                origin = self.public.for_host(scope.get("scheme", "http"),
                                              None if host is None else host.decode("latin-1"))
                hot = self.resolve(path, scope["query_string"], language, prefs, accept, save_data, partial,
                                   https, stamp, origin)
                if hot is not None and hot[4]:
                    if len(self.hot) >= self.HOT_MAX:
                        self.hot.clear()
                    self.hot[signature] = hot
        except Exception:  # e.g. the database went away: the full path answers (a 503 page)
            hot = None
        if hot is None:
            await self.app(scope, receive, send)
            return
        _, entry, headers, body, _ = hot
        if (match is not None or since is not None) and entry.not_modified(
                None if match is None else match.decode("latin-1"),
                None if since is None else since.decode("latin-1"), time.time()):
            headers = [*_encoded(validator_headers(entry)), *self.security, *(self.hsts if https else ())]
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})
