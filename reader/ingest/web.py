"""Importing article pages from the web: ``reader import URL`` and each page
``reader sync`` follows.

A page goes through the same readers and the same cleaning as a saved file
(reader.ingest.portal.read_portal, build_body); only where its bytes come from
differs.  Its images are downloaded through the same polite, guarded client
(reader.web.client) and checked by their content with Pillow.  The page's
URL is its source key, so fetching it again updates the same article.

What is remembered per page makes a second visit cheap and a no-op when
nothing changed: the server's validators (ETag, Last-Modified) for a
conditional GET, and a hash of what the readers found in the page (title,
lead, author, date, body), not of its bytes, because portals change their
bytes on every request (visit counters, tokens, the time) while the article
stays the same.  An unchanged article is not saved again, so its version,
render cache and audio stay as they are.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from ..models import ArticleInput, Fetch, Locale, PageState, Source
from ..store import Store
from ..web.charset import decode_page
from ..web.client import Client, Disallowed, Fetched, FetchError
from .body import Draft, ImageFetcher, ReadError, build_body
from .images import ImageError
from .portal import looks_like_html, read_portal
from .run import DiskFull, Importer, disk_full

HTML_TYPES = ("text/html", "application/xhtml+xml", "")
EXTRACTION = 1  # bump when a change to the readers should count as a change to every page


@dataclass
class PageResult:
    url: str
    status: str  # imported, updated, unchanged, withdrawn, skipped (robots.txt), failed
    slug: str = ""
    reason: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.slug or self.url


@dataclass(frozen=True)
class Listed:
    """Where a sync found the page: its source, the feed or sitemap that
    listed it, the modification time it gave and its publication date."""

    source: Source
    document: str
    stamp: str | None = None
    published: datetime | None = None


def content_hash(draft: Draft, lang: Locale | None) -> str:
    """What the readers found in the page: changes exactly when the article does."""
    payload = json.dumps([EXTRACTION, lang, draft.title, draft.lead, draft.author,
                          draft.published.isoformat() if draft.published else None, draft.body_html,
                          draft.source_url], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def image_name(url: str) -> str:
    """A file name for a downloaded image, from its URL (``/uploads/ảnh 1.jpg``
    -> ``anh-1.jpg``); the content decides the real type later."""
    from .slugs import slugify

    path = PurePosixPath(unquote(urlsplit(url).path))
    stem = slugify(path.stem)[:60] if path.stem else "image"
    return f"{stem}{path.suffix.lower()[:6]}"


class _Images:
    """Downloads for one run, with the last few kept: a logo or a photo used by
    many articles is fetched once."""

    KEEP_BYTES = 64 * 1024 * 1024

    def __init__(self, client: Client) -> None:
        self.client = client
        self._kept: OrderedDict[str, tuple[bytes, str]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def fetcher(self, page_url: str, failures: list[str]) -> ImageFetcher:
        """Images of the page at ``page_url``; those that fail are added to ``failures``."""
        def fetch(src: str) -> tuple[bytes, str]:
            try:
                return download(src)
            except ImageError:
                failures.append(src)
                raise

        def download(src: str) -> tuple[bytes, str]:
            url = urljoin(page_url, src.strip())
            with self._lock:
                if url in self._kept:
                    self._kept.move_to_end(url)
                    return self._kept[url]
            try:
                fetched = self.client.get(url, "image")
            except FetchError as exc:
                raise ImageError(str(exc)) from None
            if fetched.status != 200:
                raise ImageError(f"{url} answered {fetched.status}")
            found = (fetched.body, image_name(fetched.url))
            with self._lock:
                self._kept[url] = found
                self._size += len(fetched.body)
                while self._size > self.KEEP_BYTES and self._kept:
                    _, (old, _) = self._kept.popitem(last=False)
                    self._size -= len(old)
            return found
        return fetch


class WebImporter(Importer):
    """Imports pages by URL into one store, through one client."""

    def __init__(self, store: Store, media_dir: Path, client: Client, *, lang: Locale | None = None) -> None:
        super().__init__(store, media_dir, lang=lang)
        self.client = client
        self._images = _Images(client)
        self._saving = threading.Lock()  # a slug is chosen and taken in one step, whatever the threads

    def import_url(self, url: str, listed: Listed | None = None, *, conditional: bool = True) -> PageResult:
        """Fetch and import one page.  Never raises for a bad page: the result
        says what happened (a full disk still stops the run: DiskFull)."""
        try:
            return self._import_url(url, listed, conditional)
        except Disallowed as exc:  # the portal's wish, not a failure
            return PageResult(url, "skipped", reason=str(exc).removeprefix(f"{url}: "))
        except FetchError as exc:
            return PageResult(url, "failed", reason=str(exc).removeprefix(f"{url}: "))
        except Exception as exc:
            if disk_full(exc):
                raise DiskFull(f"{url}: the disk is full ({exc}); stopped here, nothing from this page "
                               "was stored") from exc
            failure = self._failure(Path(urlsplit(url).path or "/"), exc)
            return PageResult(url, "failed", reason=failure.reason)

    def _import_url(self, url: str, listed: Listed | None, conditional: bool) -> PageResult:
        state = self.store.page_state(url)
        # A page stored without some of its images is asked for whole again (no
        # validators: a 304 would leave the images missing for good).
        known = state is not None and state.complete
        fetched = self.client.get(url, "page", etag=state.etag if known and conditional and state else None,
                                  last_modified=state.last_modified if known and conditional and state else None)
        where = self._where(listed)
        if fetched.gone:
            if state is None:
                raise FetchError(f"{url}: the page answers {fetched.status} "
                                 f"({'Gone' if fetched.status == 410 else 'Not Found'})")
            changed = self.store.withdraw(state.slug, by="source")
            if listed is not None:
                self.store.unlist(url)
            return PageResult(url, "withdrawn" if changed else "unchanged", state.slug,
                              reason=f"the page answers {fetched.status}")
        if fetched.status == 304:
            assert state is not None
            self.store.page_unchanged(url, replace(where, etag=fetched.etag or state.etag,
                                                   last_modified=fetched.last_modified or state.last_modified))
            if state.withdrawn_by == "source":  # its portal publishes it again, as it was
                self.store.restore(state.slug)
                return PageResult(url, "updated", state.slug)
            return PageResult(url, "unchanged", state.slug)
        draft = self._read(fetched)
        lang = listed.source.lang if listed is not None and listed.source.lang else self.lang
        digest = content_hash(draft, lang)
        fetch = replace(where, etag=fetched.etag, last_modified=fetched.last_modified, content_hash=digest)
        if state is not None and digest == state.content_hash and state.withdrawn_by != "source":
            self.store.page_unchanged(url, fetch)
            return PageResult(url, "unchanged", state.slug)
        failures: list[str] = []
        body = build_body(draft.body_html, title=draft.title,
                          base_dir=self.media_dir, media_dir=self.media_dir, described=draft.images,
                          fetch_image=self._images.fetcher(fetched.url, failures))
        if failures:  # not the whole article: read it again next time, when the images may come
            fetch = replace(fetch, content_hash=digest + PageState.PARTIAL)
        # For a page that gives no date: the feed's, else the one it had, else now.
        if listed is not None and listed.published:
            published, note = listed.published, "no publication date found in the page; used the feed's"
        elif draft.published is None and state is not None and (before := self.store.article(state.slug)):
            published, note = before.published_at, "no publication date found in the page; kept the one it had"
        else:
            published, note = datetime.now(UTC), "no publication date found in the page; used the time of import"
        with self._saving:
            item, warnings = self.article(draft, body, url, (published, note), lang)
            if state is not None and state.withdrawn_by != "source" and self._same(item):
                self.store.page_unchanged(url, fetch)  # read again, and it came out the same
                return PageResult(url, "unchanged", state.slug, warnings=warnings)
            _, created = self.store.save(item, fetch)
        if state is not None and state.withdrawn_by == "operator":
            warnings.append("updated, but still withdrawn by hand: reader articles restore " + item.slug)
        return PageResult(url, "imported" if created else "updated", item.slug, warnings=warnings)

    def _same(self, item: ArticleInput) -> bool:
        stored = self.store.article(item.slug)
        return stored is not None and (
            stored.title, stored.summary, stored.body_html, stored.author, stored.lang, stored.images,
            stored.published_at, stored.source_url) == (
            item.title, item.summary, item.body_html, item.author, item.lang, item.images,
            item.published_at.astimezone(UTC).replace(microsecond=0), item.source_url)

    @staticmethod
    def _where(listed: Listed | None) -> Fetch:
        if listed is None:
            return Fetch()
        return Fetch(source_id=listed.source.id, listed_in=listed.document, listed_stamp=listed.stamp)

    @staticmethod
    def _read(fetched: Fetched) -> Draft:
        head = fetched.body[:4000].lower()
        if fetched.media_type not in HTML_TYPES and not looks_like_html(head.decode("latin-1")):
            raise ReadError(f"this is not an article page (the server says it is {fetched.media_type})")
        # With the page's URL, links and images in the body come out absolute.
        return read_portal(decode_page(fetched.body, fetched.charset), fetched.url)
