"""What ``reader sync``, ``reader sources`` and ``reader articles`` ask of the
store: sources followed, their documents' and pages' validators, robots.txt,
withdrawals and deletions.  Each engine implements it beside its other
queries (reader/store/sqliteportals.py, reader/store/pgportals.py)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import UTC, datetime
from typing import Any

from ..models import Article, ArticleEntry, Deleted, DocumentState, Fetch, Locale, PageState, Source


def now() -> datetime:
    """This moment as the store keeps times: UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0)


def as_text(values: dict[str, object]) -> dict[str, object]:
    """Times as ISO 8601 text, as SQLite's schema stores them."""
    return {k: v.isoformat(timespec="seconds") if isinstance(v, datetime) else v for k, v in values.items()}


def stored_time(value: Any) -> Any:
    """A time as read back: SQLite keeps ISO 8601 text, PostgreSQL a timestamptz."""
    return datetime.fromisoformat(value) if isinstance(value, str) else value


# Rows to models, for both engines (an sqlite3.Row and psycopg's dict rows are
# both read by column name).
def source_of(row: Any) -> Source:
    return Source(id=row["id"], url=row["url"], lang=row["lang"], added_at=stored_time(row["added_at"]),
                  last_sync_at=stored_time(row["last_sync_at"] or None), last_result=row["last_result"],
                  last_ok=None if row["last_ok"] is None else bool(row["last_ok"]), articles=row["articles"])


def document_of(row: Any) -> DocumentState:
    return DocumentState(row["url"], row["etag"], row["last_modified"], row["content_hash"], row["stamp"])


def page_state_of(row: Any) -> PageState:
    return PageState(row["slug"], row["etag"], row["last_modified"], row["content_hash"], row["listed_in"],
                     row["listed_stamp"], row["withdrawn_by"])


def entry_of(row: Any) -> ArticleEntry:
    return ArticleEntry(row["slug"], row["lang"], row["title"], stored_time(row["published_at"]),
                        row["source_url"] or row["source_key"], row["withdrawn_by"])


class Portals(ABC):
    @abstractmethod
    def add_source(self, url: str, lang: Locale | None) -> tuple[Source, bool]:
        """The source at ``url`` (added now, or as it was); whether it is new.
        Adding it again with a language changes the language."""

    @abstractmethod
    def source(self, url: str) -> Source | None: ...

    @abstractmethod
    def sources(self) -> list[Source]: ...

    @abstractmethod
    def put_source(self, source: Source) -> None:
        """Store a copied source under its own id, as it was (reader db copy)."""

    @abstractmethod
    def remove_source(self, url: str) -> bool:
        """Forget the source; its articles stay, no longer tied to it."""

    @abstractmethod
    def source_slugs(self, source_id: int) -> list[str]: ...

    @abstractmethod
    def record_sync(self, source_id: int, ok: bool, result: str) -> None: ...

    @abstractmethod
    def document(self, url: str) -> DocumentState | None:
        """A feed or sitemap as last read in full."""

    @abstractmethod
    def documents(self, source_id: int) -> list[DocumentState]:
        """Every document of a source (its feed, or its sitemap index and the sitemaps it names)."""

    @abstractmethod
    def save_document(self, source_id: int, state: DocumentState) -> None:
        """Saved only once everything the document listed is in, so a sync cut
        short fetches it in full again next time."""

    @abstractmethod
    def forget_document(self, url: str) -> None: ...

    @abstractmethod
    def page_state(self, source_key: str) -> PageState | None: ...

    @abstractmethod
    def page_unchanged(self, source_key: str, fetch: Fetch) -> None:
        """The page says what it said: keep the article, remember the new validators
        and listing (written only when they differ, so page caches stay warm)."""

    @abstractmethod
    def listed(self, document_url: str) -> set[str]:
        """Source keys of the articles ``document_url`` listed last time."""

    @abstractmethod
    def unlist(self, source_key: str) -> None: ...

    @abstractmethod
    def withdraw(self, slug: str, *, by: str = "operator") -> bool | None:
        """Take the article down (its URL answers 410).  None: no such article; False: it already was."""

    @abstractmethod
    def restore(self, slug: str) -> bool | None:
        """Publish a withdrawn article again.  None: no such article; False: it was not withdrawn."""

    @abstractmethod
    def entries(self, *, source_url: str | None = None, withdrawn: bool = False) -> list[ArticleEntry]:
        """Articles for the operator, newest first: all, or one source's; only the withdrawn ones
        when ``withdrawn``."""

    @abstractmethod
    def delete_article(self, slug: str) -> Deleted | None:
        """Remove the article, its images' rows and its search entry; what went, with the images
        no other article uses; a translation left alone in its group leaves the group."""

    @abstractmethod
    def same_text(self, article: Article) -> bool:
        """Whether another article says exactly what this one says (its server audio is shared)."""

    @abstractmethod
    def robots(self, origin: str) -> tuple[str, datetime] | None:
        """robots.txt of ``origin`` as last fetched, and when."""

    @abstractmethod
    def save_robots(self, origin: str, body: str) -> None: ...

    @abstractmethod
    def source_pages(self, source_id: int, *, partial: bool = False) -> list[str]:
        """Source keys (page URLs) of the articles imported from one source;
        ``partial``: only those stored without some of their images."""
