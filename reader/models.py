"""The types that cross module boundaries, named once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

Locale = Literal["vi", "en"]
LOCALES: tuple[Locale, ...] = ("vi", "en")
DEFAULT_LOCALE: Locale = "vi"


@dataclass(frozen=True)
class Image:
    file: str  # a name under the media directory, content-hashed
    alt: str
    caption: str
    width: int
    height: int


@dataclass(frozen=True)
class ArticleInput:
    """What an importer hands the store: everything but the store's own ids."""

    slug: str
    lang: Locale
    title: str
    summary: str
    body_html: str  # already sanitised
    author: str
    published_at: datetime  # time-zone aware
    source_url: str | None = None
    translation_group: str | None = None
    images: tuple[Image, ...] = ()
    source_key: str | None = None  # where an import came from: importing it again updates it


@dataclass(frozen=True)
class ArticleSummary:
    id: int
    slug: str
    lang: Locale
    title: str
    summary: str
    author: str
    published_at: datetime
    word_count: int


@dataclass(frozen=True)
class Article(ArticleSummary):
    body_html: str = ""
    source_url: str | None = None
    translation_group: str | None = None
    updated_at: datetime | None = None
    version: int = 1
    images: tuple[Image, ...] = field(default=())
    withdrawn: bool = False  # taken down (by its portal or by hand): its URL answers 410


@dataclass(frozen=True)
class SitemapEntry:
    """One visible article for the sitemap, with its visible translations."""

    id: int
    slug: str
    lang: Locale
    updated_at: datetime
    translations: tuple[tuple[Locale, str], ...] = ()  # (language, slug)


@dataclass(frozen=True)
class Page:
    """One page of a paginated list."""

    items: tuple[ArticleSummary, ...]
    number: int
    size: int
    total: int

    @property
    def count(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.count


# -- following portals (reader/ingest/sync.py) ---------------------------------------------
@dataclass(frozen=True)
class Source:
    """A feed or sitemap that ``reader sync`` follows."""

    id: int
    url: str
    lang: Locale | None  # forced on its articles; None: detected per article
    added_at: datetime
    last_sync_at: datetime | None = None
    last_result: str = ""  # what the last sync did, or why it failed
    last_ok: bool | None = None  # None: never synced
    articles: int = 0


@dataclass(frozen=True)
class DocumentState:
    """A feed or sitemap as last read in full: its validators, a hash of its
    bytes, and (for a sitemap named by an index) the index's lastmod for it."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None
    stamp: str | None = None


@dataclass(frozen=True)
class PageState:
    """What the store remembers of a fetched page, for the next conditional GET."""

    slug: str
    etag: str | None
    last_modified: str | None
    content_hash: str | None
    listed_in: str | None  # the feed or sitemap that listed it last
    listed_stamp: str | None  # the modification time that listing gave
    withdrawn_by: str | None  # None, "source" (404/410) or "operator"

    PARTIAL = "+partial"  # ends the content hash of a page stored without some of its images

    @property
    def complete(self) -> bool:
        """Read whole, images and all: its validators and hash may spare the next fetch."""
        return self.content_hash is not None and not self.content_hash.endswith(self.PARTIAL)


@dataclass(frozen=True)
class Fetch:
    """How a web import came about, saved with the article."""

    source_id: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None
    listed_in: str | None = None
    listed_stamp: str | None = None


@dataclass(frozen=True)
class ArticleEntry:
    """One line of ``reader articles list``."""

    slug: str
    lang: Locale
    title: str
    published_at: datetime
    source_url: str | None
    withdrawn_by: str | None


@dataclass(frozen=True)
class Deleted:
    """What ``Store.delete_article`` removed; the media files it names are no
    longer used by any other article."""

    slug: str
    title: str
    images: tuple[Image, ...]
    unlinked: str | None  # the translation left without a partner, if any
