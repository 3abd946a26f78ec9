"""The render cache: finished pages, already compressed, kept in process.

A page's bytes depend on the article content, the UI locale, the reader's
normalised preferences, Save-Data and whether htmx asked for a fragment, so
the key holds exactly those.  Content changes are seen through the
ContentClock: the store's generation (SQLite's ``data_version``; on
PostgreSQL a ``content_version`` row a trigger bumps in every writing
transaction) and the audio cache's generation file, so an import in another
process, another worker or on another machine invalidates every worker's
cache without any shared memory.  It is only a cache: bounded in
bytes, least recently used goes first, and losing it costs one render.
"""

from __future__ import annotations

import gzip
import hashlib
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, field
from email.utils import formatdate, mktime_tz, parsedate_tz
from functools import lru_cache
from typing import TYPE_CHECKING

import brotli

if TYPE_CHECKING:
    from .speech.audio import AudioCache
    from .store import Store

BROTLI_QUALITY = 5  # cheap: ~2x faster than gzip -9 here, and smaller
GZIP_LEVEL = 6


# How long another process's commit may go unseen: the store's own default
# (Store.check_interval) unless the settings say otherwise.  Reading SQLite's
# data_version (~2 µs) and stat-ing the audio generation cost more than
# answering a cached page does, so they are read at most once a millisecond; a
# read of PostgreSQL's content_version is a round trip (40-90 µs), so every
# 100 ms.  A reader cannot tell a page that old from one made after the
# import, and a shared cache is allowed to keep pages for a minute anyway.


class ContentClock:
    """What the content is now, as a render-cache key part.

    This process's own writes (articles saved, audio made) move it at once;
    other processes' writes are seen within ``interval`` seconds (plus the
    replica's lag, when pages are read from one).
    """

    def __init__(self, store: Store, audio: AudioCache | None, interval: float | None = None,
                 release: float = 0.0) -> None:
        self._store = store
        self._audio = audio
        self.interval = store.check_interval if interval is None else interval
        self.release = release  # when the code, templates and catalogues last changed
        self._checked = float("-inf")
        self._local = -1
        self._stamp: tuple[Hashable, ...] = ()
        self._modified: tuple[Hashable, float] = ((), 0.0)

    def _local_writes(self) -> int:
        return self._store.own_writes + (self._audio.puts if self._audio is not None else 0)

    def now(self) -> tuple[Hashable, ...]:
        """(the store's generation, the audio generation)."""
        local = self._local_writes()
        moment = time.monotonic()
        if moment - self._checked >= self.interval or local != self._local:
            audio = self._audio.generation() if self._audio is not None else 0
            self._stamp = (self._store.generation(), audio)
            self._local = local
            self._checked = moment
        return self._stamp

    def modified(self) -> float:
        """No earlier than the last change to anything a page is made from
        (articles, audio, the release), in seconds since the epoch.  Read
        before rendering, so the page holds at least everything up to it;
        worked out once per stamp."""
        stamp = self.now()
        if self._modified[0] != stamp:
            audio = self._audio.generation() / 1e9 if self._audio is not None else 0.0
            self._modified = (stamp, max(self.release, self._store.last_modified(), audio))
        return self._modified[1]


def http_date(moment: float) -> str:
    return formatdate(moment, usegmt=True)


_http_date_memo = lru_cache(maxsize=64)(http_date)  # the few Last-Modified seconds in use


@lru_cache(maxsize=256)
def parse_http_date(value: str) -> float | None:
    """An HTTP-date (any of the three forms) as seconds, or None if it is not one."""
    parts = parsedate_tz(value)
    if parts is None:
        return None
    try:
        return float(mktime_tz(parts))
    except (ValueError, OverflowError):
        return None


@lru_cache(maxsize=256)
def preferred_coding(accept_encoding: str) -> str | None:
    """Brotli, else gzip, else none, as ``Accept-Encoding`` allows: ``q=0``
    refuses a coding, ``*`` stands for any not named, and a malformed weight
    counts as a refusal (identity is always safe)."""
    weights: dict[str, float] = {}
    for part in accept_encoding.split(","):
        name, _, params = part.partition(";")
        weight = 1.0
        for param in params.split(";") if params else ():
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        weights.setdefault(name.strip().lower(), weight)
    for coding in ("br", "gzip"):
        if weights.get(coding, weights.get("*", 0.0)) > 0:
            return coding
    return None


@dataclass(frozen=True)
class Entry:
    """One rendered page: identity bytes and their compressed forms."""

    body: bytes
    status: int
    headers: tuple[tuple[str, str], ...]
    etag: str
    encoded: dict[str, bytes] = field(default_factory=dict, compare=False)
    modified: float | None = None  # ContentClock.modified() read before rendering
    # reader.fastpath's whole header lists, per (encoding, https, Last-Modified), built on first use
    heads: dict[tuple[str | None, bool, bool], list[tuple[bytes, bytes]]] = field(
        default_factory=dict, compare=False)

    @classmethod
    def make(cls, body: bytes, status: int, headers: dict[str, str], modified: float | None = None) -> Entry:
        etag = '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
        return cls(body, status, tuple(headers.items()), etag, {
            "br": brotli.compress(body, quality=BROTLI_QUALITY),
            "gzip": gzip.compress(body, GZIP_LEVEL, mtime=0),
        }, modified)

    def last_modified(self, now: float) -> str | None:
        """The Last-Modified value: ``modified`` rounded up to the second,
        and only once that second is over (never a date in the future, and
        never one a later change in the same second could share)."""
        if self.modified is None:
            return None
        second = math.ceil(self.modified)
        return _http_date_memo(second) if second <= now else None

    def not_modified(self, if_none_match: str | None, if_modified_since: str | None, now: float) -> bool:
        """Whether a GET with these validators gets a 304 (RFC 9110 13.2.2:
        If-None-Match, when present, decides alone; If-Modified-Since counts
        only as a valid date not in the future)."""
        if if_none_match is not None:
            return if_none_match.strip() == "*" or self.etag in if_none_match
        if if_modified_since is None or self.modified is None:
            return False
        since = parse_http_date(if_modified_since)
        return since is not None and since <= now and self.modified <= since

    @property
    def size(self) -> int:
        return len(self.body) + sum(len(v) for v in self.encoded.values())

    def representation(self, accept_encoding: str) -> tuple[bytes, str | None]:
        """The smallest encoding the client accepts."""
        coding = preferred_coding(accept_encoding)
        if coding is not None and coding in self.encoded:
            return self.encoded[coding], coding
        return self.body, None


class RenderCache:
    def __init__(self, max_bytes: int = 64 * 1024 * 1024) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Hashable, Entry] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable) -> Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry

    def put(self, key: Hashable, entry: Entry) -> None:
        if entry.size > self.max_bytes // 4:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= old.size
            self._entries[key] = entry
            self._bytes += entry.size
            while self._bytes > self.max_bytes and self._entries:
                _, evicted = self._entries.popitem(last=False)
                self._bytes -= evicted.size

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def bytes(self) -> int:
        return self._bytes
