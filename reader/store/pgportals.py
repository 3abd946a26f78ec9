"""Following portals on PostgreSQL: sources, page validators, withdrawals and
deletions (what ``reader sync``, ``reader sources`` and ``reader articles``
ask for), mixed into PostgresStore; the same as reader/store/sqliteportals.py."""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any

from ..models import Article, ArticleEntry, Deleted, DocumentState, Fetch, Image, Locale, PageState, Source
from .portals import document_of, entry_of, now, page_state_of, source_of

_SOURCE_COLUMNS = "s.*, (SELECT count(*) FROM articles a WHERE a.source_id = s.id) AS articles"


class PostgresPortals:
    """The queries; PostgresStore provides ``_all`` and ``_transaction``."""

    def _all(self, sql: str, params: Any = None) -> list[dict[str, Any]]:
        raise NotImplementedError

    def _transaction(self) -> AbstractContextManager[Any]:
        raise NotImplementedError

    @staticmethod
    def _changed(conn: Any) -> None:
        """A change that leaves no newer updated_at (a withdrawal, a deletion)."""
        conn.execute("INSERT INTO changes (id, at) VALUES (1, %s) ON CONFLICT (id) DO UPDATE SET at = EXCLUDED.at",
                     (now(),))

    def add_source(self, url: str, lang: Locale | None) -> tuple[Source, bool]:
        with self._transaction() as conn:
            found = conn.execute("SELECT id FROM sources WHERE url = %s", (url,)).fetchone()
            if found is None:
                conn.execute("INSERT INTO sources (url, lang, added_at) VALUES (%s, %s, %s)",
                             (url, lang, now()))
            elif lang is not None:
                conn.execute("UPDATE sources SET lang = %s WHERE id = %s", (lang, found["id"]))
        source = self.source(url)
        assert source is not None
        return source, found is None

    def source(self, url: str) -> Source | None:
        rows = self._all(f"SELECT {_SOURCE_COLUMNS} FROM sources s WHERE url = %s", (url,))
        return source_of(rows[0]) if rows else None

    def sources(self) -> list[Source]:
        return [source_of(r) for r in self._all(f"SELECT {_SOURCE_COLUMNS} FROM sources s ORDER BY id")]

    def put_source(self, source: Source) -> None:
        with self._transaction() as conn:
            conn.execute(
                "INSERT INTO sources (id, url, lang, added_at, last_sync_at, last_result, last_ok) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (id) DO UPDATE SET url = EXCLUDED.url, "
                "lang = EXCLUDED.lang, added_at = EXCLUDED.added_at, last_sync_at = EXCLUDED.last_sync_at, "
                "last_result = EXCLUDED.last_result, last_ok = EXCLUDED.last_ok",
                (source.id, source.url, source.lang, source.added_at, source.last_sync_at, source.last_result,
                 source.last_ok))
            # Ids are copied as they were; new sources must be numbered after them.
            conn.execute("SELECT setval(pg_get_serial_sequence('sources', 'id'), "
                         "greatest(%s, (SELECT last_value FROM sources_id_seq)))", (source.id,))

    def remove_source(self, url: str) -> bool:
        with self._transaction() as conn:
            removed = conn.execute("DELETE FROM sources WHERE url = %s", (url,)).rowcount
            conn.execute("UPDATE articles SET listed_in = NULL, listed_stamp = NULL WHERE source_id IS NULL "
                         "AND listed_in IS NOT NULL")
        return bool(removed)

    def source_slugs(self, source_id: int) -> list[str]:
        return [r["slug"] for r in self._all("SELECT slug FROM articles WHERE source_id = %s ORDER BY id",
                                              (source_id,))]

    def record_sync(self, source_id: int, ok: bool, result: str) -> None:
        with self._transaction() as conn:
            conn.execute("UPDATE sources SET last_sync_at = %s, last_ok = %s, last_result = %s WHERE id = %s",
                         (now(), ok, result, source_id))

    def document(self, url: str) -> DocumentState | None:
        rows = self._all("SELECT * FROM documents WHERE url = %s", (url,))
        return document_of(rows[0]) if rows else None

    def documents(self, source_id: int) -> list[DocumentState]:
        return [document_of(r) for r in self._all("SELECT * FROM documents WHERE source_id = %s ORDER BY url",
                                                 (source_id,))]

    def save_document(self, source_id: int, state: DocumentState) -> None:
        with self._transaction() as conn:
            conn.execute(
                "INSERT INTO documents (url, source_id, etag, last_modified, content_hash, stamp) "
                "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (url) DO UPDATE SET source_id = EXCLUDED.source_id, "
                "etag = EXCLUDED.etag, last_modified = EXCLUDED.last_modified, "
                "content_hash = EXCLUDED.content_hash, stamp = EXCLUDED.stamp",
                (state.url, source_id, state.etag, state.last_modified, state.content_hash, state.stamp))

    def forget_document(self, url: str) -> None:
        with self._transaction() as conn:
            conn.execute("DELETE FROM documents WHERE url = %s", (url,))

    def page_state(self, source_key: str) -> PageState | None:
        rows = self._all("SELECT slug, etag, last_modified, content_hash, listed_in, listed_stamp, withdrawn_by "
                         "FROM articles WHERE source_key = %s", (source_key,))
        if not rows:
            return None
        return page_state_of(rows[0])

    def page_unchanged(self, source_key: str, fetch: Fetch) -> None:
        with self._transaction() as conn:
            fields: dict[str, object] = {"etag": fetch.etag, "last_modified": fetch.last_modified}
            if fetch.source_id is not None:
                fields.update(source_id=fetch.source_id, listed_in=fetch.listed_in,
                              listed_stamp=fetch.listed_stamp)
            differs = " OR ".join(f"{k} IS DISTINCT FROM %({k})s" for k in fields)
            sets = ", ".join(f"{k} = %({k})s" for k in fields)
            conn.execute(f"UPDATE articles SET {sets} WHERE source_key = %(key)s AND ({differs})",
                         {**fields, "key": source_key})

    def listed(self, document_url: str) -> set[str]:
        return {r["source_key"] for r in self._all("SELECT source_key FROM articles WHERE listed_in = %s",
                                                    (document_url,))}

    def unlist(self, source_key: str) -> None:
        with self._transaction() as conn:
            conn.execute("UPDATE articles SET listed_in = NULL, listed_stamp = NULL WHERE source_key = %s",
                         (source_key,))

    def withdraw(self, slug: str, *, by: str = "operator") -> bool | None:
        with self._transaction() as conn:
            row = conn.execute("SELECT withdrawn_at FROM articles WHERE slug = %s", (slug,)).fetchone()
            if row is None:
                return None
            if row["withdrawn_at"] is not None and by == "source":
                return False
            conn.execute("UPDATE articles SET withdrawn_at = coalesce(withdrawn_at, %s), withdrawn_by = %s "
                         "WHERE slug = %s", (now(), by, slug))
            self._changed(conn)
        return row["withdrawn_at"] is None

    def restore(self, slug: str) -> bool | None:
        with self._transaction() as conn:
            row = conn.execute("SELECT withdrawn_at FROM articles WHERE slug = %s", (slug,)).fetchone()
            if row is None:
                return None
            if row["withdrawn_at"] is None:
                return False
            conn.execute("UPDATE articles SET withdrawn_at = NULL, withdrawn_by = NULL, updated_at = %s "
                         "WHERE slug = %s", (now(), slug))
            self._changed(conn)
        return True

    def entries(self, *, source_url: str | None = None, withdrawn: bool = False) -> list[ArticleEntry]:
        where = ["true"]
        params: list[object] = []
        if source_url is not None:
            where.append("source_id = (SELECT id FROM sources WHERE url = %s)")
            params.append(source_url)
        if withdrawn:
            where.append("withdrawn_at IS NOT NULL")
        rows = self._all("SELECT slug, lang, title, published_at, source_url, source_key, withdrawn_by "
                         f"FROM articles WHERE {' AND '.join(where)} ORDER BY published_at DESC, id DESC",
                         tuple(params))
        return [entry_of(r) for r in rows]

    def delete_article(self, slug: str) -> Deleted | None:
        with self._transaction() as conn:
            row = conn.execute("SELECT id, title, translation_group FROM articles WHERE slug = %s",
                               (slug,)).fetchone()
            if row is None:
                return None
            images = conn.execute("SELECT file, alt, caption, width, height FROM images WHERE article_id = %s "
                                  "ORDER BY position", (row["id"],)).fetchall()
            conn.execute("DELETE FROM articles WHERE id = %s", (row["id"],))  # images and search entry cascade
            unused = tuple(
                Image(**r) for r in images
                if conn.execute("SELECT 1 FROM images WHERE file = %s LIMIT 1", (r["file"],)).fetchone() is None)
            unlinked = None
            if row["translation_group"] is not None:
                left = conn.execute("SELECT id, slug FROM articles WHERE translation_group = %s",
                                    (row["translation_group"],)).fetchall()
                if len(left) == 1:
                    conn.execute("UPDATE articles SET translation_group = NULL WHERE id = %s", (left[0]["id"],))
                    unlinked = str(left[0]["slug"])
            self._changed(conn)
        return Deleted(slug, row["title"], tuple({im.file: im for im in unused}.values()), unlinked)

    def same_text(self, article: Article) -> bool:
        return bool(self._all(
            "SELECT 1 FROM articles WHERE id <> %s AND lang = %s AND title = %s AND summary = %s "
            "AND body_html = %s LIMIT 1", (article.id, article.lang, article.title, article.summary,
                                           article.body_html)))

    def robots(self, origin: str) -> tuple[str, datetime] | None:
        rows = self._all("SELECT body, fetched_at FROM robots WHERE origin = %s", (origin,))
        return (rows[0]["body"], rows[0]["fetched_at"]) if rows else None

    def save_robots(self, origin: str, body: str) -> None:
        with self._transaction() as conn:
            conn.execute("INSERT INTO robots (origin, body, fetched_at) VALUES (%s, %s, %s) ON CONFLICT (origin) "
                         "DO UPDATE SET body = EXCLUDED.body, fetched_at = EXCLUDED.fetched_at",
                         (origin, body, now()))

    def source_pages(self, source_id: int, *, partial: bool = False) -> list[str]:
        return [r["source_key"] for r in self._all(
            "SELECT source_key FROM articles WHERE source_id = %s AND source_key IS NOT NULL "
            "AND (NOT %s OR content_hash LIKE %s) ORDER BY id", (source_id, partial, "%" + PageState.PARTIAL))]

