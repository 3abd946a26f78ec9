"""Compress dynamic text responses (brotli, else gzip) at a cheap level.

Pages from the render cache arrive already compressed (Content-Encoding set)
and pass through untouched, as do static files (WhiteNoise serves its own
precompressed copies) and audio.  Everything else that is text (the settings
page, search results, feeds, speech.json, WebVTT) is compressed here.
"""

from __future__ import annotations

import gzip

import brotli
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .cache import preferred_coding

COMPRESSIBLE = ("text/", "application/json", "application/atom+xml", "application/xml",
                "image/svg+xml", "application/javascript")
MINIMUM_SIZE = 512


def encode(body: bytes, coding: str) -> bytes:
    if coding == "br":
        return bytes(brotli.compress(body, quality=4))
    return gzip.compress(body, 5, mtime=0)


class Compression:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        coding = preferred_coding(Headers(scope=scope).get("accept-encoding", ""))
        if coding is None:
            await self.app(scope, receive, send)
            return

        start: Message | None = None
        chunks: list[bytes] = []
        passthrough = False

        async def buffered(message: Message) -> None:
            nonlocal start, passthrough
            if message["type"] == "http.response.start":
                headers = Headers(raw=message["headers"])
                content_type = headers.get("content-type", "")
                passthrough = ("content-encoding" in headers or "content-range" in headers
                               or not content_type.startswith(COMPRESSIBLE))
                if passthrough:
                    await send(message)
                else:
                    start = message
                return
            if passthrough or message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            assert start is not None
            body = b"".join(chunks)
            headers = MutableHeaders(raw=start["headers"])
            headers.add_vary_header("Accept-Encoding")
            if len(body) >= MINIMUM_SIZE:
                body = encode(body, coding)
                headers["Content-Encoding"] = coding
            headers["Content-Length"] = str(len(body))
            await send(start)
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, buffered)
