"""The HTTP client for everything Reader fetches: pages, feeds, sitemaps, images.

Polite: it says who it is (``Reader/<version> (+contact URL)``), obeys
robots.txt and its Crawl-delay, asks each host at most once per ``delay``
seconds (one by default), and revalidates (ETag / Last-Modified) instead of
downloading again.  Safe: only http and https, at most five redirects, each
one checked again (scheme, robots.txt, address), timeouts on connecting and
reading plus a deadline for the whole answer (a server that drips one byte a
minute is not waiting forever), a size limit per kind of document counted
on the decompressed bytes (a gzip bomb stops at the limit), and no private
addresses (reader.web.address).  Every failure is a ``FetchError`` whose
message a person can act on.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urljoin, urlsplit

import httpcore2
import httpx2

from .. import __version__
from ..config import ConfigError, Settings
from .address import AddressPolicy, GuardedBackend, PrivateAddress
from .robots import Memory, Robots, RobotsUnavailable

Kind = Literal["page", "feed", "image", "robots"]
MB = 1024 * 1024
logging.getLogger("httpx2").setLevel(logging.WARNING)  # a line per request is the progress bar's job

LIMITS: dict[str, int] = {"page": 5 * MB, "image": 10 * MB, "feed": 10 * MB, "robots": MB // 2}
NOUNS = {"page": "an article page", "image": "an image", "feed": "a feed or sitemap", "robots": "a robots.txt"}
MAX_REDIRECTS = 5
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 30.0


class FetchError(Exception):
    """The document could not be fetched; the message says why."""


class Disallowed(FetchError):
    """The site's robots.txt asks Reader not to fetch this address."""


@dataclass(frozen=True)
class Fetched:
    url: str  # where it was found, after redirects
    status: int  # 200, or 304 (not modified), 404 or 410 (gone)
    body: bytes = b""
    media_type: str = ""  # lower case, without parameters
    charset: str | None = None  # as the Content-Type header declares it
    etag: str | None = None
    last_modified: str | None = None

    @property
    def gone(self) -> bool:
        return self.status in (404, 410)


def user_agent(contact_url: str) -> str:
    return f"Reader/{__version__} (+{contact_url})" if contact_url else f"Reader/{__version__}"


class GuardedTransport(httpx2.HTTPTransport):
    """httpx's own transport, on a connection pool whose every connection
    goes through the address policy."""

    def __init__(self, policy: AddressPolicy) -> None:
        super().__init__(trust_env=False)
        self._pool.close()
        self._pool = httpcore2.ConnectionPool(
            ssl_context=httpx2.create_ssl_context(trust_env=False), max_connections=20,
            max_keepalive_connections=10, keepalive_expiry=5.0, network_backend=GuardedBackend(policy))


@dataclass
class _Host:
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_at: float = 0.0


class Client:
    """One per run; safe to share between threads."""

    def __init__(self, *, policy: AddressPolicy | None = None, contact_url: str = "", delay: float = 1.0,
                 timeout: float = READ_TIMEOUT, deadline: float | None = None, memory: Memory | None = None,
                 limits: dict[str, int] | None = None) -> None:
        self.policy = policy or AddressPolicy()
        self.delay = delay
        self.deadline = deadline if deadline is not None else max(60.0, 4 * timeout)
        self.limits = {**LIMITS, **(limits or {})}
        self.requests = 0  # HTTP requests sent, robots.txt and redirects included
        self._http = httpx2.Client(
            transport=GuardedTransport(self.policy), follow_redirects=False, trust_env=False,
            timeout=httpx2.Timeout(timeout, connect=min(CONNECT_TIMEOUT, timeout)),
            headers={"User-Agent": user_agent(contact_url), "Accept-Encoding": "gzip, deflate"})
        self.robots = Robots(self._robots_txt, memory)
        self._hosts: dict[str, _Host] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the one public call ---------------------------------------------------------
    def get(self, url: str, kind: Kind, *, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """GET ``url``, following redirects; conditional when validators are given.
        404 and 410 are answers (the page is gone), not errors."""
        conditional = {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", last_modified)) if v}
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            check_scheme(current)
            if kind != "robots":
                try:
                    if not self.robots.allowed(current):
                        raise Disallowed(f"{current}: robots.txt of {urlsplit(current).netloc} does not allow "
                                         "Reader to fetch it")
                    wait = self.robots.delay(current)
                except RobotsUnavailable as exc:
                    raise FetchError(str(exc)) from None
            else:
                wait = 0.0
            fetched = self._once(current, kind, conditional, max(self.delay, wait))
            if isinstance(fetched, str):
                current = fetched
                continue
            return fetched
        raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects (a redirect loop?)")

    # -- inside ------------------------------------------------------------------------
    def _pace(self, url: str, delay: float) -> None:
        """At most one request per ``delay`` seconds to one host."""
        if delay <= 0:
            return
        host = urlsplit(url).netloc.lower()
        with self._lock:
            state = self._hosts.setdefault(host, _Host())
        with state.lock:
            now = time.monotonic()
            if state.next_at > now:
                time.sleep(state.next_at - now)
            state.next_at = time.monotonic() + delay

    def _once(self, url: str, kind: Kind, headers: dict[str, str], delay: float) -> Fetched | str:
        """One request: the answer, or the address a redirect points to."""
        self._pace(url, delay)
        limit = self.limits[kind]
        started = time.monotonic()
        with self._lock:
            self.requests += 1
        try:
            with self._http.stream("GET", url, headers=headers) as response:
                status = response.status_code
                if status in (301, 302, 303, 307, 308):
                    location = response.headers.get("location")
                    if not location:
                        raise FetchError(f"{url}: a redirect ({status}) with no address to go to")
                    return urljoin(str(response.url), location.strip())
                if status == 304 and headers:
                    return Fetched(str(response.url), 304, etag=response.headers.get("etag"),
                                   last_modified=response.headers.get("last-modified"))
                if status in (404, 410) or (kind == "robots" and 400 <= status < 500):
                    return Fetched(str(response.url), status)  # for robots.txt, any 4xx means "no rules"
                if status != 200:
                    reason = response.reason_phrase or ""
                    raise FetchError(f"{url}: the server answered {status} {reason}".rstrip())
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > limit:
                    raise FetchError(f"{url}: {too_large(kind, limit)} (it says {int(declared) // MB} MB)")
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise FetchError(f"{url}: {too_large(kind, limit)}")
                    if time.monotonic() - started > self.deadline:
                        raise FetchError(f"{url}: the answer took longer than {self.deadline:.0f} s; gave up")
                    chunks.append(chunk)
                media_type, charset = parse_content_type(response.headers.get("content-type", ""))
                return Fetched(str(response.url), 200, b"".join(chunks), media_type, charset,
                               response.headers.get("etag"), response.headers.get("last-modified"))
        except PrivateAddress as exc:
            raise FetchError(f"{url}: {exc}") from None
        except httpx2.ConnectTimeout:
            raise FetchError(f"{url}: timed out connecting to {urlsplit(url).netloc}") from None
        except httpx2.TimeoutException:
            raise FetchError(f"{url}: timed out waiting for the server's answer") from None
        except httpx2.DecodingError as exc:
            raise FetchError(f"{url}: the answer's compression is broken ({exc})") from None
        except httpx2.HTTPError as exc:
            raise FetchError(f"{url}: {describe(exc)}") from None

    def _robots_txt(self, url: str) -> tuple[int, str]:
        try:
            fetched = self.get(url, "robots")
        except FetchError as exc:
            raise RobotsUnavailable(f"{url} could not be read ({exc}); nothing was fetched from that site") \
                from None
        return fetched.status, fetched.body.decode("utf-8", "replace")


def check_scheme(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"{url}: only http:// and https:// addresses are followed")


def too_large(kind: str, limit: int) -> str:
    size = f"{limit // MB} MB" if limit >= MB else f"{limit // 1024} KB"
    return f"larger than {size}, the limit for {NOUNS[kind]}"


def parse_content_type(value: str) -> tuple[str, str | None]:
    media_type, _, rest = value.partition(";")
    charset = None
    for parameter in rest.split(";"):
        name, _, found = parameter.partition("=")
        if name.strip().lower() == "charset" and found.strip():
            charset = found.strip().strip("\"'").lower()
    return media_type.strip().lower(), charset


def describe(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    if isinstance(exc, httpx2.ConnectError):
        return f"cannot connect ({text})"
    if isinstance(exc, (httpx2.RemoteProtocolError, httpx2.ReadError)):
        return f"the connection broke ({text})"
    return text


def client_for(settings: Settings, *, allow_private: bool = False, memory: Memory | None = None) -> Client:
    """The client a command uses: the settings' politeness and limits;
    ``allow_private`` (the command's --allow-private) allows every private address."""
    try:
        policy = AddressPolicy(allow_all=True) if allow_private else AddressPolicy.parse(settings.allow_private)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    return Client(policy=policy, contact_url=settings.contact_url, delay=settings.fetch_delay,
                  timeout=settings.fetch_timeout, memory=memory)
