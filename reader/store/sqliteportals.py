"""Following portals on SQLite: sources, page validators, withdrawals and
deletions (what ``reader sync``, ``reader sources`` and ``reader articles``
ask for), mixed into SQLiteStore; reader/store/pgportals.py is the same on
PostgreSQL."""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from datetime import datetime

from ..models import Article, ArticleEntry, Deleted, DocumentState, Fetch, Image, Locale, PageState, Source
from .portals import as_text, document_of, entry_of, now, page_state_of, source_of


def _now() -> str:
    return now().isoformat(timespec="seconds")


class SQLitePortals:
    """The queries; SQLiteStore provides ``_all`` and ``_transaction``."""

    def _all(self, sql: str, params: tuple[object, ...] | dict[str, object] = ()) -> list[sqlite3.Row]:
        raise NotImplementedError

    def _transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    # == following portals (migration 5) =========================================
    # Sources, page validators, withdrawals and deletions: what `reader sync`,
    # `reader sources` and `reader articles` ask for.  Everything below is the
    # SQLite side of it (a second backend ports this block).
    def _changed(self, conn: sqlite3.Connection) -> None:
        """A change that leaves no newer updated_at (a withdrawal, a deletion)."""
        conn.execute("INSERT INTO changes (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at",
                     (_now(),))

    _SOURCE_COLUMNS = ("s.*, (SELECT count(*) FROM articles a WHERE a.source_id = s.id) AS articles")

    def add_source(self, url: str, lang: Locale | None) -> tuple[Source, bool]:
        """The source at ``url`` (added now, or as it was); whether it is new.
        Adding it again with a language changes the language."""
        with self._transaction() as conn:
            found = conn.execute("SELECT id FROM sources WHERE url = ?", (url,)).fetchone()
            if found is None:
                conn.execute("INSERT INTO sources (url, lang, added_at) VALUES (?, ?, ?)",
                             (url, lang, _now()))
            elif lang is not None:
                conn.execute("UPDATE sources SET lang = ? WHERE id = ?", (lang, found["id"]))
        source = self.source(url)
        assert source is not None
        return source, found is None

    def source(self, url: str) -> Source | None:
        rows = self._all(f"SELECT {self._SOURCE_COLUMNS} FROM sources s WHERE url = ?", (url,))
        return source_of(rows[0]) if rows else None

    def sources(self) -> list[Source]:
        return [source_of(r) for r in self._all(f"SELECT {self._SOURCE_COLUMNS} FROM sources s ORDER BY id")]

    def put_source(self, source: Source) -> None:
        text = as_text({"added_at": source.added_at, "last_sync_at": source.last_sync_at})
        with self._transaction() as conn:
            conn.execute(
                "INSERT INTO sources (id, url, lang, added_at, last_sync_at, last_result, last_ok) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET url = excluded.url, "
                "lang = excluded.lang, added_at = excluded.added_at, last_sync_at = excluded.last_sync_at, "
                "last_result = excluded.last_result, last_ok = excluded.last_ok",
                (source.id, source.url, source.lang, text["added_at"], text["last_sync_at"], source.last_result,
                 None if source.last_ok is None else int(source.last_ok)))

    def remove_source(self, url: str) -> bool:
        """Forget the source; its articles stay, no longer tied to it."""
        with self._transaction() as conn:
            removed = conn.execute("DELETE FROM sources WHERE url = ?", (url,)).rowcount
            conn.execute("UPDATE articles SET listed_in = NULL, listed_stamp = NULL WHERE source_id IS NULL "
                         "AND listed_in IS NOT NULL")
        return bool(removed)

    def source_slugs(self, source_id: int) -> list[str]:
        return [r["slug"] for r in self._all("SELECT slug FROM articles WHERE source_id = ? ORDER BY id",
                                              (source_id,))]

    def record_sync(self, source_id: int, ok: bool, result: str) -> None:
        with self._transaction() as conn:
            conn.execute("UPDATE sources SET last_sync_at = ?, last_ok = ?, last_result = ? WHERE id = ?",
                         (_now(), int(ok), result, source_id))

    def document(self, url: str) -> DocumentState | None:
        """A feed or sitemap as last read in full."""
        rows = self._all("SELECT * FROM documents WHERE url = ?", (url,))
        return document_of(rows[0]) if rows else None

    def documents(self, source_id: int) -> list[DocumentState]:
        """Every document of a source (its feed, or its sitemap index and the sitemaps it names)."""
        return [document_of(r) for r in self._all("SELECT * FROM documents WHERE source_id = ? ORDER BY url",
                                                      (source_id,))]

    def save_document(self, source_id: int, state: DocumentState) -> None:
        """Saved only once everything the document listed is in, so a sync cut
        short fetches it in full again next time."""
        with self._transaction() as conn:
            conn.execute(
                "INSERT INTO documents (url, source_id, etag, last_modified, content_hash, stamp) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET source_id = excluded.source_id, "
                "etag = excluded.etag, last_modified = excluded.last_modified, "
                "content_hash = excluded.content_hash, stamp = excluded.stamp",
                (state.url, source_id, state.etag, state.last_modified, state.content_hash, state.stamp))

    def forget_document(self, url: str) -> None:
        with self._transaction() as conn:
            conn.execute("DELETE FROM documents WHERE url = ?", (url,))

    def page_state(self, source_key: str) -> PageState | None:
        rows = self._all("SELECT slug, etag, last_modified, content_hash, listed_in, listed_stamp, withdrawn_by "
                         "FROM articles WHERE source_key = ?", (source_key,))
        if not rows:
            return None
        return page_state_of(rows[0])

    def page_unchanged(self, source_key: str, fetch: Fetch) -> None:
        """The page says what it said: keep the article as it is, remember the
        new validators and listing (written only when they differ, so an
        unchanged sync leaves every page cache warm)."""
        with self._transaction() as conn:
            fields: dict[str, object] = {"etag": fetch.etag, "last_modified": fetch.last_modified}
            if fetch.source_id is not None:
                fields.update(source_id=fetch.source_id, listed_in=fetch.listed_in,
                              listed_stamp=fetch.listed_stamp)
            differs = " OR ".join(f"{k} IS NOT :{k}" for k in fields)
            sets = ", ".join(f"{k} = :{k}" for k in fields)
            conn.execute(f"UPDATE articles SET {sets} WHERE source_key = :key AND ({differs})",
                         {**fields, "key": source_key})

    def listed(self, document_url: str) -> set[str]:
        """Source keys of the articles ``document_url`` listed last time."""
        return {r[0] for r in self._all("SELECT source_key FROM articles WHERE listed_in = ?", (document_url,))}

    def unlist(self, source_key: str) -> None:
        with self._transaction() as conn:
            conn.execute("UPDATE articles SET listed_in = NULL, listed_stamp = NULL WHERE source_key = ?",
                         (source_key,))

    def withdraw(self, slug: str, *, by: str = "operator") -> bool | None:
        """Take the article down (its URL answers 410).  None: no such article;
        False: it already was."""
        with self._transaction() as conn:
            row = conn.execute("SELECT withdrawn_at FROM articles WHERE slug = ?", (slug,)).fetchone()
            if row is None:
                return None
            if row["withdrawn_at"] is not None and by == "source":
                return False
            conn.execute("UPDATE articles SET withdrawn_at = coalesce(withdrawn_at, ?), withdrawn_by = ? "
                         "WHERE slug = ?", (_now(), by, slug))
            self._changed(conn)
        return row["withdrawn_at"] is None

    def restore(self, slug: str) -> bool | None:
        """Publish a withdrawn article again.  None: no such article; False: it was not withdrawn."""
        with self._transaction() as conn:
            row = conn.execute("SELECT withdrawn_at FROM articles WHERE slug = ?", (slug,)).fetchone()
            if row is None:
                return None
            if row["withdrawn_at"] is None:
                return False
            # Back on the lists and in the sitemap: a change crawlers should see.
            conn.execute("UPDATE articles SET withdrawn_at = NULL, withdrawn_by = NULL, updated_at = ? "
                         "WHERE slug = ?", (_now(), slug))
            self._changed(conn)
        return True

    def entries(self, *, source_url: str | None = None, withdrawn: bool = False) -> list[ArticleEntry]:
        """Articles for the operator, newest first: all, or one source's; only
        the withdrawn ones when ``withdrawn``."""
        where = ["1"]
        params: list[object] = []
        if source_url is not None:
            where.append("source_id = (SELECT id FROM sources WHERE url = ?)")
            params.append(source_url)
        if withdrawn:
            where.append("withdrawn_at IS NOT NULL")
        rows = self._all("SELECT slug, lang, title, published_at, source_url, source_key, withdrawn_by "
                         f"FROM articles WHERE {' AND '.join(where)} ORDER BY published_at DESC, id DESC",
                         tuple(params))
        return [entry_of(r) for r in rows]

    def delete_article(self, slug: str) -> Deleted | None:
        """Remove the article, its images' rows and its search entry.  Returns
        what went, with the images no other article uses (their files may go);
        a translation left alone in its group leaves the group."""
        with self._transaction() as conn:
            row = conn.execute("SELECT id, title, translation_group FROM articles WHERE slug = ?",
                               (slug,)).fetchone()
            if row is None:
                return None
            images = conn.execute("SELECT file, alt, caption, width, height FROM images WHERE article_id = ? "
                                  "ORDER BY position", (row["id"],)).fetchall()
            conn.execute("DELETE FROM articles_fts WHERE rowid = ?", (row["id"],))
            conn.execute("DELETE FROM articles WHERE id = ?", (row["id"],))  # images cascade
            unused = tuple(
                Image(file=r["file"], alt=r["alt"], caption=r["caption"], width=r["width"], height=r["height"])
                for r in images
                if conn.execute("SELECT 1 FROM images WHERE file = ? LIMIT 1", (r["file"],)).fetchone() is None)
            unlinked = None
            if row["translation_group"] is not None:
                left = conn.execute("SELECT id, slug FROM articles WHERE translation_group = ?",
                                    (row["translation_group"],)).fetchall()
                if len(left) == 1:
                    conn.execute("UPDATE articles SET translation_group = NULL WHERE id = ?", (left[0]["id"],))
                    unlinked = str(left[0]["slug"])
            self._changed(conn)
        return Deleted(slug, row["title"], tuple({im.file: im for im in unused}.values()), unlinked)

    def same_text(self, article: Article) -> bool:
        """Whether another article says exactly what this one says (so its
        server audio, keyed by the text, is shared)."""
        return bool(self._all(
            "SELECT 1 FROM articles WHERE id != ? AND lang = ? AND title = ? AND summary = ? AND body_html = ? "
            "LIMIT 1", (article.id, article.lang, article.title, article.summary, article.body_html)))

    def robots(self, origin: str) -> tuple[str, datetime] | None:
        """robots.txt of ``origin`` as last fetched, and when."""
        rows = self._all("SELECT body, fetched_at FROM robots WHERE origin = ?", (origin,))
        return (rows[0]["body"], datetime.fromisoformat(rows[0]["fetched_at"])) if rows else None

    def save_robots(self, origin: str, body: str) -> None:
        with self._transaction() as conn:
            conn.execute("INSERT INTO robots (origin, body, fetched_at) VALUES (?, ?, ?) ON CONFLICT (origin) "
                         "DO UPDATE SET body = excluded.body, fetched_at = excluded.fetched_at",
                         (origin, body, _now()))

    def source_pages(self, source_id: int, *, partial: bool = False) -> list[str]:
        return [r[0] for r in self._all(
            "SELECT source_key FROM articles WHERE source_id = ? AND source_key IS NOT NULL "
            "AND (NOT ? OR content_hash LIKE ?) ORDER BY id", (source_id, partial, "%" + PageState.PARTIAL))]
