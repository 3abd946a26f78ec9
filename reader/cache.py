"""The render cache: finished pages, already compressed, kept in process.

A page's bytes depend on the article content, the UI locale, the reader's
normalised preferences, Save-Data and whether htmx asked for a fragment, so
the key holds exactly those.  Content changes are seen through the store's
generation (SQLite's ``data_version`` plus this process's own writes), read on
every request: an import in another process, or another worker, invalidates
every worker's cache without any shared memory.  It is only a cache: bounded
in bytes, least recently used goes first, and losing it costs one render.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, field
from functools import lru_cache

import brotli

BROTLI_QUALITY = 5  # cheap: ~2x faster than gzip -9 here, and smaller
GZIP_LEVEL = 6


@lru_cache(maxsize=256)
def preferred_coding(accept_encoding: str) -> str | None:
    accepted = {part.split(";")[0].strip().lower() for part in accept_encoding.split(",")}
    for coding in ("br", "gzip"):
        if coding in accepted:
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
    raw_headers: tuple[tuple[bytes, bytes], ...] = ()  # as ASGI wants them, encoded once

    @classmethod
    def make(cls, body: bytes, status: int, headers: dict[str, str]) -> Entry:
        etag = '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
        return cls(body, status, tuple(headers.items()), etag, {
            "br": brotli.compress(body, quality=BROTLI_QUALITY),
            "gzip": gzip.compress(body, GZIP_LEVEL, mtime=0),
        }, tuple((k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()))

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
