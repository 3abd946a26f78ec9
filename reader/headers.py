"""Security headers on every response, set in one place (a pure ASGI middleware,
so it also covers static files, errors and redirects)."""

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


def headers_for(style_hashes: tuple[str, ...] = ()) -> dict[str, str]:
    return {"Content-Security-Policy": content_security_policy(style_hashes), **HEADERS}


class SecurityHeaders:
    def __init__(self, app: ASGIApp, headers: dict[str, str] | None = None) -> None:
        self.app = app
        self.headers = headers or headers_for()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    if name not in headers:
                        headers[name] = value
                if scope.get("scheme") == "https":  # see docs/deploy.md: trusting the proxy
                    headers["Strict-Transport-Security"] = HSTS
            await send(message)

        await self.app(scope, receive, send_with_headers)
