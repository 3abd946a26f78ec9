"""The service worker script, ``/sw.js``, built once at start-up from
static/js/sw-store.js and static/js/sw.js.

A worker must keep one URL (its registration names it), so unlike the other
static files it cannot carry a content hash in its name.  Instead its bytes
change whenever anything it depends on changes: the server puts a line in
front of its sources naming this release's hashed static files and the
storage bound.  A browser compares the bytes on its next visit, installs the
new worker in the background, and the new worker takes over on the visit after
(no ``skipWaiting``: a page never changes hands half-way through a visit).

Served with ``Cache-Control: no-cache`` and an ETag, so that check is a 304
most of the time.  Its headers (reader.headers) carry a CSP of its own: a
worker needs ``connect-src 'self'`` to fetch pages, and nothing else.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass

import brotli

from .resources import LOCALES_DIR, STATIC_DIR, TEMPLATES_DIR
from .static import StaticUrls, minify_js

# The record of what is kept, then what the worker does with it; also copied
# to /static/ like any file there, but only /sw.js is ever registered.
SOURCES = ("js/sw-store.js", "js/sw.js")
PATH = "/sw.js"
# What every page needs to work from the cache (a cached page links them) and
# what a saved article needs to be heard offline; the worker never evicts them.
CORE = ("vendor/htmx-2.0.11.min.js", "js/reader.js", "js/offline.js", "css/offline.css", "img/icon.svg")
PLAYER = ("js/player.js", "css/player.css")
# How long a page with a copy on the device waits for the network before the
# copy is shown: a 2G round trip is ~0.8 s, a small page ~1-3 s over 2G.
PAGE_TIMEOUT_SECONDS = 3


@dataclass(frozen=True)
class ServiceWorkerScript:
    body: bytes
    etag: str
    encoded: dict[str, bytes]


def release(manifest: dict[str, str]) -> str:
    """Names what the pages the worker keeps for itself are made of (static
    files, templates, catalogues): when it changes, so do the worker's bytes,
    and the new worker fetches its offline page and saved list again."""
    digest = hashlib.blake2b(digest_size=8)
    for name in sorted(manifest.values()):
        digest.update(name.encode() + b"\0")
    for folder in (TEMPLATES_DIR, LOCALES_DIR):
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".html", ".po"):
                digest.update(path.read_bytes())
    return digest.hexdigest()


def build(manifest: dict[str, str], urls: StaticUrls, limit: int) -> ServiceWorkerScript:
    """The worker: ``self.READER = {...}`` (this release's static files, the
    core ones, the player, the storage bound) followed by the source."""
    config = {
        "release": release(manifest),
        "static": sorted(urls(name) for name in manifest if name not in SOURCES),
        "core": [urls(name) for name in CORE],
        "player": [urls(name) for name in PLAYER],
        "limit": limit,
        "timeout": PAGE_TIMEOUT_SECONDS * 1000,
    }
    head = '"use strict";\nself.READER = ' + json.dumps(config, separators=(",", ":")) + ";\n"
    source = "".join(minify_js((STATIC_DIR / name).read_text(encoding="utf-8")) for name in SOURCES)
    body = (head + source).encode()
    etag = '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
    return ServiceWorkerScript(body, etag, {"br": brotli.compress(body, quality=11),
                                            "gzip": gzip.compress(body, 9, mtime=0)})
