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
