"""The address absolute URLs are built on: canonical links, language
alternates, the sitemap, link previews and structured data.

``READER_PUBLIC_URL`` when it is set (reader/config.py checks it).  Without
it, the request's ``Host`` is used only when it names this machine
(``localhost``, ``127.0.0.1``, ``::1``): a developer's laptop, the tests and
the benchmarks.  Any other Host is the client's to choose (the shipped nginx
file forwards it as sent, with ``server_name _``), so a page built from it
would carry a stranger's address into link previews, search engines and every
cache that keys on the URL alone; pages then leave out the tags that need an
absolute URL, and ``reader serve`` says at start-up that the setting is
missing.  A loopback Host sent from afar reaches only the sender: the origin
is part of the render cache's key (reader.views.pagecache.key_for), and
nginx keys its cache on ``$host``.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

from starlette.types import Scope


@lru_cache(maxsize=256)
def loopback_origin(scheme: str, host: str) -> str | None:
    """``scheme://host`` when ``host`` (a Host header: name and optional
    port) is this machine, else None."""
    host = host.strip().lower()
    name, _, port = host.rpartition(":") if not host.endswith("]") else (host, "", "")
    if not name:  # no port
        name, port = host, ""
    if port and not (port.isascii() and port.isdigit() and 0 < int(port) < 65536):
        return None
    bare = name[1:-1] if name.startswith("[") and name.endswith("]") else name
    if bare == "localhost" or bare.endswith(".localhost"):
        loopback = True
    else:
        try:
            loopback = ipaddress.ip_address(bare).is_loopback
        except ValueError:
            return None
    if not loopback or scheme not in ("http", "https"):
        return None
    return f"{scheme}://{name}" + (f":{port}" if port else "")


def host_header(headers: Iterable[tuple[bytes, bytes]]) -> str | None:
    for name, value in headers:
        if name == b"host":
            return value.decode("latin-1")
    return None


class PublicOrigin:
    def __init__(self, configured: str = "") -> None:
        self.configured = configured

    def for_host(self, scheme: str, host: str | None) -> str | None:
        if self.configured:
            return self.configured
        return loopback_origin(scheme, host) if host else None

    def for_scope(self, scope: Scope) -> str | None:
        """The origin for this request, or None when no trustworthy one is known."""
        if self.configured:
            return self.configured
        return self.for_host(scope.get("scheme", "http"), host_header(scope.get("headers", ())))


def missing_setting(public_url: str, listen_host: str, trusted_proxies: str) -> str | None:
    """What to tell an operator who serves other people (a proxy in front, or
    listening beyond loopback) without READER_PUBLIC_URL, or None."""
    if public_url or (not trusted_proxies and loopback_origin("http", listen_host) is not None):
        return None
    return ("READER_PUBLIC_URL is not set: pages reached through another address than localhost "
            "have no canonical link, language alternates or link-preview image, and there is no "
            "sitemap. Set it to the address readers use, for example READER_PUBLIC_URL=https://tin.example.vn")
