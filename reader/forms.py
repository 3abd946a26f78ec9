"""Posted forms: read with a size cap, parsed strictly, checked for origin.

Cross-site forgery protection is strict Origin verification, with Referer as
the fallback when a browser sends no Origin.  We chose it over a token because
it needs no per-reader value in the page, so article and list pages stay
identical for every reader with the same settings and can be cached by a
shared cache; and it works without JavaScript and in browsers that ignore
SameSite (Opera Mini, UC Browser), which do send Referer.  A post with
neither header is refused with a page that says why.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from starlette.exceptions import HTTPException
from starlette.requests import Request

MAX_FORM_BYTES = 16 * 1024
MAX_FIELDS = 64


def same_origin(request: Request) -> bool:
    expected = f"{request.url.scheme}://{request.url.netloc}".lower()
    origin = request.headers.get("origin")
    if origin is not None:
        return origin.lower() == expected
    referer = request.headers.get("referer")
    if not referer:
        return False
    parts = urlsplit(referer)
    return f"{parts.scheme}://{parts.netloc}".lower() == expected


async def read_form(request: Request) -> dict[str, str]:
    """An urlencoded form as a dict (first value wins), or a 4xx."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_FORM_BYTES:
        raise HTTPException(413)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise HTTPException(413)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if body and content_type != "application/x-www-form-urlencoded":
        raise HTTPException(415)
    try:
        pairs = parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True,
                          max_num_fields=MAX_FIELDS)
    except ValueError:
        raise HTTPException(400) from None
    form: dict[str, str] = {}
    for key, value in pairs:
        form.setdefault(key, value)
    return form


def safe_next(value: str | None, fallback: str) -> str:
    """A local path to return to, never another site: it must start with one
    slash, not two (``//evil.example``) or a backslash, and hold no control
    characters or scheme."""
    if (not value or len(value) > 2000 or not value.startswith("/")
            or value.startswith(("//", "/\\")) or any(ord(c) < 32 or c == "\\" for c in value)):
        return fallback
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return fallback
    return value
