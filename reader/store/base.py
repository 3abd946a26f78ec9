"""What every store backend offers, and the errors app code may catch.

The rest of Reader asks the store for what it needs (``latest``,
``article``, ``search_matches``...) and never sees SQL, a connection or a
driver's exception: SQL stays inside the backend that runs it
(reader/store/sqlite.py, reader/store/postgres.py), so a second engine is a
second file, not a search through the code.  Folding, snippets and
highlights are Python (reader/search.py), shared by both.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Hashable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..models import Article, ArticleInput, ArticleSummary, Fetch, Image, Locale, Page, SitemapEntry
from .portals import Portals, stored_time


class StoreError(Exception):
    """The database cannot be used; the message names it (never its password) and says why."""


class StoreUnavailable(StoreError):
    """The database cannot answer now (gone, locked, damaged, unreachable): pages answer 503
    and recover by themselves when it returns."""


class StoreFull(StoreUnavailable):
    """The disk under the database is full: an import stops rather than fail file after file."""


class StoreConflict(StoreError):
    """A write broke a rule of the data (a slug or a translation pair already taken, a missing value)."""


@dataclass(frozen=True)
class ArticleRecord:
    """An article as stored, with the store's own fields, for copying between databases."""

    article: Article
    source_key: str | None
    sync: dict[str, object] = field(default_factory=dict)  # SYNC_COLUMNS (withdrawn_at a datetime)


# What `reader sync` keeps per article: its source, withdrawal and page validators.
SYNC_COLUMNS = ("source_id", "withdrawn_at", "withdrawn_by", "content_hash", "etag", "last_modified",
                "listed_in", "listed_stamp")


def sync_columns(row: Any) -> dict[str, object]:
    values = {name: row[name] for name in SYNC_COLUMNS}
    values["withdrawn_at"] = stored_time(values["withdrawn_at"])
    return values


# Rows to models, for both engines (an sqlite3.Row and psycopg's dict rows are
# both read by column name).
def summary_of(row: Any) -> ArticleSummary:
    return ArticleSummary(
        id=row["id"], slug=row["slug"], lang=row["lang"], title=row["title"], summary=row["summary"],
        author=row["author"], published_at=stored_time(row["published_at"]), word_count=row["word_count"],
    )


def article_of(row: Any, images: tuple[Image, ...]) -> Article:
    return Article(**summary_of(row).__dict__, body_html=row["body_html"], source_url=row["source_url"],
                   translation_group=row["translation_group"], updated_at=stored_time(row["updated_at"]),
                   version=row["version"], images=images, withdrawn=row["withdrawn_at"] is not None)


@dataclass
class CheckReport:
    """What ``reader db check`` prints: counts, then problems (none means healthy)."""

    target: str
    schema: int
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


_TAGS = re.compile(r"<[^>]+>")


def count_words(html: str) -> int:
    return len(_TAGS.sub(" ", html).split())


def utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("published time must be time-zone aware")
    return moment.astimezone(UTC).replace(microsecond=0)


def input_values(item: ArticleInput) -> dict[str, object]:
    """The columns a save writes, by name (times in UTC, to the second)."""
    return {
        "slug": item.slug, "lang": item.lang, "title": item.title, "summary": item.summary,
        "body_html": item.body_html, "author": item.author, "published_at": utc(item.published_at),
        "updated_at": utc(datetime.now(UTC)), "source_url": item.source_url,
        "translation_group": item.translation_group, "word_count": count_words(item.body_html),
        "source_key": item.source_key,
    }


def fetch_values(fetch: Fetch | None) -> dict[str, object]:
    """The columns a web import saves with the article: its page's validators
    and content hash, and the source and listing it came from."""
    if fetch is None:
        return {}
    values: dict[str, object] = {"etag": fetch.etag, "last_modified": fetch.last_modified,
                                 "content_hash": fetch.content_hash}
    if fetch.source_id is not None:
        values.update(source_id=fetch.source_id, listed_in=fetch.listed_in, listed_stamp=fetch.listed_stamp)
    return values


def back_from_withdrawal(fetch: Fetch | None) -> str:
    """SET clauses for a save: a page its portal withdrew and that is here again
    is back; one withdrawn by hand stays withdrawn until restored."""
    if fetch is None:
        return ""
    return ("withdrawn_at = CASE WHEN withdrawn_by = 'operator' THEN withdrawn_at END, "
            "withdrawn_by = CASE WHEN withdrawn_by = 'operator' THEN withdrawn_by END, ")


def record_values(record: ArticleRecord) -> dict[str, object]:
    """The columns a copied article keeps: its id, version and times too."""
    item = record.article
    if item.updated_at is None:
        raise ValueError(f"{item.slug}: a stored article has an update time")
    return {
        "id": item.id, "slug": item.slug, "lang": item.lang, "title": item.title, "summary": item.summary,
        "body_html": item.body_html, "author": item.author, "published_at": utc(item.published_at),
        "updated_at": utc(item.updated_at), "source_url": item.source_url,
        "translation_group": item.translation_group, "word_count": item.word_count,
        "version": item.version, "source_key": record.source_key, **record.sync,
    }


def common_counts(one: Any, search_table: str) -> dict[str, int]:
    """What `reader db check` counts, in both engines (``search_table``: the
    engine's search index, our own constant)."""
    return {
        "articles": one("SELECT count(*) FROM articles"),
        "vi": one("SELECT count(*) FROM articles WHERE lang = 'vi'"),
        "en": one("SELECT count(*) FROM articles WHERE lang = 'en'"),
        "translated pairs": one("SELECT pairs FROM story_counts"),
        "images": one("SELECT count(*) FROM images"),
        "search entries": one(f"SELECT count(*) FROM {search_table}"),
    }


def common_checks(report: CheckReport, one: Any) -> None:
    """The checks whose SQL reads the same in both engines; ``one(sql)`` runs a query for one number."""
    pairs = one("SELECT count(*) FROM articles a WHERE a.lang = 'vi' AND a.withdrawn_at IS NULL "
                "AND a.translation_group IS NOT NULL AND EXISTS (SELECT 1 FROM articles b "
                "WHERE b.translation_group = a.translation_group AND b.lang = 'en' AND b.withdrawn_at IS NULL)")
    if pairs != report.counts["translated pairs"]:
        report.problems.append(f"the maintained count of translated pairs says "
                               f"{report.counts['translated pairs']}, the articles say {pairs}")
    maintained = one("SELECT articles FROM story_counts")
    published = one("SELECT count(*) FROM articles WHERE withdrawn_at IS NULL")
    if maintained != published:
        report.problems.append(f"the maintained count of published articles says {maintained}, "
                               f"the articles say {published}")
    if report.counts["search entries"] != report.counts["articles"]:
        report.problems.append(f"{report.counts['articles']} articles but {report.counts['search entries']} "
                               "search entries")
    orphans = one("SELECT count(*) FROM images i "
                  "WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = i.article_id)")
    if orphans:
        report.problems.append(f"{orphans} images belong to no article")


class Store(Portals, ABC):
    """The article store.  Safe to share between threads.

    Visibility, the rule every list, search and feed follows: readers of a
    locale see its articles, plus those in the other language that have no
    translation into it (marked with their language on the page), so no
    article is out of reach from either UI and no story is listed twice.
    """

    #: the database as people may see it in messages and logs (never a password)
    name: str
    #: True when this open made the schema from nothing (so samples may be loaded)
    created: bool = False
    #: commits through this Store: they move the content generation at once
    own_writes: int = 0
    #: how often (seconds) the content generation is worth reading: what it costs against a cached page
    check_interval: float = 0.001

    # -- life ---------------------------------------------------------------------
    @classmethod
    def open(cls, target: str | Path, *, replicas: Sequence[str] = (), create: bool = True,
             busy_timeout_ms: int = 5000) -> Store:
        """The store ``target`` names (an SQLite file or a PostgreSQL URL), as
        reader.store.open_store opens it."""
        from . import open_store

        return open_store(target, replicas=replicas, create=create, busy_timeout_ms=busy_timeout_ms)

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def ping(self) -> None:
        """Raise StoreUnavailable unless the database answers real reads."""

    @abstractmethod
    def generation(self) -> Hashable:
        """Changes whenever the content may have changed, in any process or on any
        machine; read through reader.cache.ContentClock, at most every ``check_interval``."""

    @abstractmethod
    def last_modified(self) -> float:
        """The end of the second of the newest article change, or 0."""

    @abstractmethod
    def schema_version(self) -> int: ...

    # -- reading -----------------------------------------------------------------------
    @abstractmethod
    def count(self) -> int:
        """Every article stored, visible or not."""

    @abstractmethod
    def latest(self, locale: Locale, page: int, size: int) -> Page:
        """The visible articles, newest first; ``total`` is a maintained count, never a scan."""

    @abstractmethod
    def article(self, slug: str) -> Article | None: ...

    @abstractmethod
    def translation(self, article: Article, lang: Locale) -> ArticleSummary | None: ...

    @abstractmethod
    def slugs(self, batch: int = 1000) -> Iterator[str]:
        """Every slug in the order articles were added, read in batches."""

    @abstractmethod
    def slug_source(self, slug: str) -> tuple[bool, str | None]:
        """Whether ``slug`` is taken, and by which import source (None: not imported)."""

    @abstractmethod
    def source_slug(self, source_key: str) -> str | None:
        """The slug of the article imported from ``source_key``, so a re-import keeps its URL."""

    # -- sitemap (reader/views/sitemap.py): keyset pages over the id, never OFFSET,
    # so the millionth article costs what the first does; every article is listed
    # in its own language.
    @abstractmethod
    def sitemap_parts(self, size: int) -> list[tuple[int, datetime]]:
        """The non-empty id ranges ``(part - 1) * size < id <= part * size``
        and the newest change in each, as (part, last modified)."""

    @abstractmethod
    def sitemap_entries(self, after_id: int, up_to_id: int, limit: int) -> list[SitemapEntry]:
        """Up to ``limit`` articles with ``after_id < id <= up_to_id``, by id, each
        with its translation (a group holds one article per language)."""

    # -- search (keys come from reader.search.terms: folded, lower case, no marks) -------------
    @abstractmethod
    def search_matches(self, words: list[str], locale: Locale, cap: int, newest: int) -> tuple[list[int], bool]:
        """The visible articles holding every word: when there are at most ``cap``,
        all their ids, the most recently added first, and False; else the ids of
        the ``newest`` most recently added (past the cap they are the pages), and
        True."""

    @abstractmethod
    def search_scores(self, words: list[str], ids: list[int]) -> dict[int, tuple[bool, float]]:
        """For each id: whether the words stand side by side in the reader's order, and a
        relevance score (higher is better; title counts most, then summary, then body)."""

    @abstractmethod
    def search_rows(self, ids: list[int]) -> dict[int, tuple[ArticleSummary, str]]:
        """Summaries and body HTML of these articles, for snippets."""

    @abstractmethod
    def headline_word_count(self, word: str, limit: int) -> int:
        """How many articles have ``word`` in their title or summary, counted up to ``limit``."""

    @abstractmethod
    def related(self, article: Article, words: list[str], locale: Locale, limit: int) -> list[ArticleSummary]:
        """Visible articles with any of ``words`` in their title or summary, best first;
        never ``article`` or its translation."""

    # -- writing -------------------------------------------------------------------------
    @abstractmethod
    def save(self, item: ArticleInput, fetch: Fetch | None = None) -> tuple[int, bool]:
        """Insert or update the article (by source key, else slug) with its images and
        search entry, in one transaction.  Returns (id, created).  ``fetch`` (web
        imports) records where it came from; a page withdrawn by its portal that
        is saved again is back (one withdrawn by hand stays withdrawn)."""

    @abstractmethod
    def link_translation(self, slug: str, other_slug: str) -> None:
        """Make ``slug`` a translation of ``other_slug`` (joining its group, or one named
        after it).  StoreConflict when that group already has an article in this language."""

    # -- moving and checking ------------------------------------------------------------------
    @abstractmethod
    def records(self, after_id: int, batch: int) -> list[ArticleRecord]:
        """Articles with ids above ``after_id``, in id order, for copying."""

    @abstractmethod
    def put_record(self, record: ArticleRecord) -> bool:
        """Store a copied article under its own id, version and times; idempotent.
        Returns False when it was already there, unchanged."""

    @abstractmethod
    def check(self) -> CheckReport: ...

    # -- query plans (tests/test_store_plans.py) --------------------------------------------------
    _trace: list[tuple[str, object]] | None = None  # while tracing: each engine's query runner adds to it

    @contextmanager
    def trace(self) -> Iterator[list[tuple[str, object]]]:
        """Collects the (SQL, parameters) run inside it."""
        self._trace = traced = list[tuple[str, object]]()
        try:
            yield traced
        finally:
            self._trace = None

    @abstractmethod
    def plan(self, sql: str, params: object) -> str:
        """The engine's plan for a traced statement, as text."""
