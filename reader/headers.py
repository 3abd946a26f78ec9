"""Security headers on every response, set in one place (a pure ASGI middleware,
so it also covers static files, errors and redirects).

Documents get the whole set.  Files under ``/static/`` and ``/media/`` (scripts,
stylesheets, fonts, images: subresources that browsers never treat as pages of
ours) get only the headers that act on a subresource: ``nosniff``,
``Cross-Origin-Resource-Policy`` and a CSP that lets nothing run should one be
opened on its own (an SVG).  Permissions-Policy, X-Frame-Options,
Referrer-Policy and the page CSP are ignored on a script or an image, and on a
2G link their ~400 bytes a file cost as much as body bytes (three of them are
in every first view).  An HTML answer there (the 404 page for a missing
file) is a page and gets the page set.  The web app manifest is a subresource
too.

The service worker (``/sw.js``) is a document of its own kind: its response's
CSP governs the worker, which fetches pages, images and audio for the reader
(``connect-src 'self'``) and runs nothing else.  Pages allow it with
``worker-src 'self'`` and their manifest with ``manifest-src 'self'``.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send


def content_security_policy(style_hashes: tuple[str, ...] = ()) -> str:
    """``style_hashes``: the page's one inline <style> (the stylesheet, inlined
    so the first response paints on its own); no inline script, ever."""
    styles = " ".join(f"'sha256-{h}'" for h in style_hashes)
    return "; ".join([
        "default-src 'none'",
        "script-src 'self'",
        f"style-src 'self' {styles}".strip(),
        "img-src 'self'",
        "font-src 'self'",
        "media-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ])


HSTS = "max-age=31536000; includeSubDomains"

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
                          "interest-cohort=()",
    "X-Frame-Options": "DENY",
}


SUBRESOURCE_PREFIXES = ("/static/", "/media/")
SUBRESOURCE_PATHS = ("/manifest.webmanifest",)
SUBRESOURCE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Resource-Policy": "same-origin",
}
WORKER_PATH = "/sw.js"
WORKER_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; connect-src 'self'",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def headers_for(style_hashes: tuple[str, ...] = ()) -> dict[str, str]:
    return {"Content-Security-Policy": content_security_policy(style_hashes), **HEADERS}


def is_subresource(path: str) -> bool:
    return path.startswith(SUBRESOURCE_PREFIXES) or path in SUBRESOURCE_PATHS


class SecurityHeaders:
    def __init__(self, app: ASGIApp, headers: dict[str, str] | None = None) -> None:
        self.app = app
        self.headers = headers or headers_for()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        path = scope.get("path", "")
        own = WORKER_HEADERS if path == WORKER_PATH else SUBRESOURCE_HEADERS if is_subresource(path) else None

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                # A missing file answers with our 404 page: that one is a document.
                page = own is None or headers.get("content-type", "").startswith("text/html")
                for name, value in (self.headers if page or own is None else own).items():
                    if name not in headers:
                        headers[name] = value
                if scope.get("scheme") == "https":  # see docs/deploy.md: trusting the proxy
                    headers["Strict-Transport-Security"] = HSTS
            await send(message)

        await self.app(scope, receive, send_with_headers)
