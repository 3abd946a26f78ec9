"""The embedded store: SQLite through the standard library.

One file, WAL mode (readers never wait for the importer), schema versioned with
``PRAGMA user_version`` and forward-only migrations.  A database written by a
newer Reader, or a file that is not SQLite at all, is refused with a message that
names the file: guessing would risk the reader's data.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from ..models import Article, ArticleInput, ArticleSummary, Fetch, Image, Locale, Page, SitemapEntry
from ..search import fold, plain_text
from .base import (
    ArticleRecord,
    CheckReport,
    Store,
    StoreConflict,
    StoreError,
    StoreFull,
    StoreUnavailable,
    article_of,
    back_from_withdrawal,
    common_checks,
    common_counts,
    fetch_values,
    input_values,
    record_values,
    summary_of,
    sync_columns,
)
from .portals import as_text
from .sqliteportals import SQLitePortals

MIGRATIONS: tuple[str, ...] = (
    # 1: articles and their images
    """
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        slug TEXT NOT NULL UNIQUE,
        lang TEXT NOT NULL CHECK (lang IN ('vi', 'en')),
        title TEXT NOT NULL,
        summary TEXT NOT NULL DEFAULT '',
        body_html TEXT NOT NULL,
        author TEXT NOT NULL DEFAULT '',
        published_at TEXT NOT NULL,          -- ISO 8601, UTC
        updated_at TEXT NOT NULL,            -- ISO 8601, UTC
        source_url TEXT,
        translation_group TEXT,
        word_count INTEGER NOT NULL DEFAULT 0,
        version INTEGER NOT NULL DEFAULT 1,
        UNIQUE (translation_group, lang)
    );
    CREATE INDEX articles_by_date ON articles (published_at DESC, id DESC);
    CREATE TABLE images (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        file TEXT NOT NULL,
        alt TEXT NOT NULL,
        caption TEXT NOT NULL DEFAULT '',
        width INTEGER NOT NULL,
        height INTEGER NOT NULL
    );
    CREATE INDEX images_by_article ON images (article_id, position);
    """,
    # 2: where an imported article came from, so importing it again updates it
    """
    ALTER TABLE articles ADD COLUMN source_key TEXT;
    CREATE UNIQUE INDEX articles_by_source ON articles (source_key) WHERE source_key IS NOT NULL;
    """,
    # 3: full-text search over folded text (reader/search.py says why folded);
    # Store.save keeps it in step.
    """
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, summary, body, tokenize = 'unicode61 remove_diacritics 2');
    INSERT INTO articles_fts (rowid, title, summary, body)
        SELECT id, reader_fold(title), reader_fold(summary), reader_fold(reader_text(body_html))
        FROM articles;
    """,
    # 4: the newest change, for Last-Modified, without reading every row
    """
    CREATE INDEX articles_by_update ON articles (updated_at);
    """,
    # 5: following portals (reader sync): the feeds and sitemaps followed, their
    # documents' validators, robots.txt as last read, and per article where it
    # came from, its page's validators and content hash, and whether it is
    # withdrawn.  `changes` moves on withdrawals and deletions, which leave no
    # newer updated_at behind, so Last-Modified never goes back.
    """
    CREATE TABLE sources (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        lang TEXT CHECK (lang IN ('vi', 'en')),
        added_at TEXT NOT NULL,
        last_sync_at TEXT,
        last_result TEXT NOT NULL DEFAULT '',
        last_ok INTEGER
    );
    CREATE TABLE documents (
        url TEXT PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
        etag TEXT,
        last_modified TEXT,
        content_hash TEXT,
        stamp TEXT
    );
    CREATE TABLE robots (
        origin TEXT PRIMARY KEY,
        body TEXT NOT NULL,
        fetched_at TEXT NOT NULL
    );
    CREATE TABLE changes (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        at TEXT NOT NULL
    );
    ALTER TABLE articles ADD COLUMN source_id INTEGER REFERENCES sources (id) ON DELETE SET NULL;
    ALTER TABLE articles ADD COLUMN withdrawn_at TEXT;
    ALTER TABLE articles ADD COLUMN withdrawn_by TEXT CHECK (withdrawn_by IN ('source', 'operator'));
    ALTER TABLE articles ADD COLUMN content_hash TEXT;
    ALTER TABLE articles ADD COLUMN etag TEXT;
    ALTER TABLE articles ADD COLUMN last_modified TEXT;
    ALTER TABLE articles ADD COLUMN listed_in TEXT;
    ALTER TABLE articles ADD COLUMN listed_stamp TEXT;
    CREATE INDEX articles_by_source_id ON articles (source_id);
    CREATE INDEX articles_by_listing ON articles (listed_in) WHERE listed_in IS NOT NULL;
    """,
    # 6: the list pages' count, maintained by triggers instead of counted per
    # request.  Readers of either locale see every article that is not
    # withdrawn but one of each translated pair of such articles, so
    # visible = articles - pairs (two locales; a group has at most one article
    # per language).  An update takes the row's old contribution away and adds
    # its new one.
    """
    CREATE TABLE story_counts (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        articles INTEGER NOT NULL,
        pairs INTEGER NOT NULL
    );
    INSERT INTO story_counts (id, articles, pairs) VALUES (1,
        (SELECT count(*) FROM articles WHERE withdrawn_at IS NULL),
        (SELECT count(*) FROM articles a WHERE a.lang = 'vi' AND a.withdrawn_at IS NULL
            AND a.translation_group IS NOT NULL AND EXISTS (
                SELECT 1 FROM articles b WHERE b.translation_group = a.translation_group
                AND b.lang = 'en' AND b.withdrawn_at IS NULL)));
    CREATE TRIGGER story_counts_insert AFTER INSERT ON articles WHEN NEW.withdrawn_at IS NULL BEGIN
        UPDATE story_counts SET articles = articles + 1, pairs = pairs + EXISTS (
            SELECT 1 FROM articles b WHERE b.translation_group = NEW.translation_group
            AND b.lang <> NEW.lang AND b.id <> NEW.id AND b.withdrawn_at IS NULL);
    END;
    CREATE TRIGGER story_counts_delete AFTER DELETE ON articles WHEN OLD.withdrawn_at IS NULL BEGIN
        UPDATE story_counts SET articles = articles - 1, pairs = pairs - EXISTS (
            SELECT 1 FROM articles b WHERE b.translation_group = OLD.translation_group
            AND b.lang <> OLD.lang AND b.id <> OLD.id AND b.withdrawn_at IS NULL);
    END;
    CREATE TRIGGER story_counts_update AFTER UPDATE OF translation_group, lang, withdrawn_at ON articles BEGIN
        UPDATE story_counts SET
            articles = articles - (OLD.withdrawn_at IS NULL) + (NEW.withdrawn_at IS NULL),
            pairs = pairs
                - (OLD.withdrawn_at IS NULL AND EXISTS (
                    SELECT 1 FROM articles b WHERE b.translation_group = OLD.translation_group
                    AND b.lang <> OLD.lang AND b.id <> OLD.id AND b.withdrawn_at IS NULL))
                + (NEW.withdrawn_at IS NULL AND EXISTS (
                    SELECT 1 FROM articles b WHERE b.translation_group = NEW.translation_group
                    AND b.lang <> NEW.lang AND b.id <> NEW.id AND b.withdrawn_at IS NULL));
    END;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

_SUMMARY_COLUMNS = "a.id, a.slug, a.lang, a.title, a.summary, a.author, a.published_at, a.word_count"
# Visibility (reader.store.base.Store) as one anti-join on the (translation_group, lang)
# index: an OR of three conditions makes the planner read far more rows than it returns.
_VISIBLE = """a.withdrawn_at IS NULL AND NOT EXISTS (SELECT 1 FROM articles t
    WHERE t.translation_group = a.translation_group AND t.lang = :locale AND a.lang <> :locale
    AND t.withdrawn_at IS NULL)"""
_RANK = "bm25(articles_fts, 5.0, 2.0, 1.0)"  # a word in the title counts most


def match_expression(words: list[str], *, any_word: bool = False, columns: str = "") -> str:
    """An FTS5 query from keys: every word quoted, so none of it is syntax."""
    quoted = (" OR " if any_word else " ").join(f'"{w}"' for w in words)
    return f"{columns} : ({quoted})" if columns else quoted


def _statements(script: str) -> Iterator[str]:
    """The statements of a migration, whole (trigger bodies hold semicolons)."""
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                yield pending
            pending = ""


def translate(exc: sqlite3.Error, name: str) -> StoreError:
    """The neutral error for an SQLite one (app code never sees sqlite3)."""
    if isinstance(exc, sqlite3.IntegrityError):
        return StoreConflict(str(exc))
    text = str(exc).lower()
    if "disk is full" in text or "disk i/o error" in text:
        return StoreFull(f"{name}: {exc}")
    return StoreUnavailable(f"{name}: {exc}")


def connect(path: Path, *, create: bool = True,
            busy_timeout_ms: int = 5000) -> tuple[sqlite3.Connection, int]:
    """Open ``path`` and bring its schema up to date, or raise StoreError.
    Returns the connection and the schema version the file had before."""
    if path.is_dir():
        raise StoreError(f"{path} is a directory, not a database file.")
    if not path.exists():
        if not create:
            raise StoreError(f"{path} does not exist.")
        if not path.parent.is_dir():
            raise StoreError(
                f"Cannot create the database {path}: the folder {path.parent} does not exist."
            )
    try:
        conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        # The search index holds folded text; migrations fill it with these.
        conn.create_function("reader_fold", 1, fold, deterministic=True)
        conn.create_function("reader_text", 1, plain_text, deterministic=True)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} is not a Reader database (SQLite said: {exc}).") from exc
    if version > SCHEMA_VERSION:
        conn.close()
        raise StoreError(
            f"{path} was written by a newer Reader (schema {version}; this Reader knows "
            f"up to {SCHEMA_VERSION}). Upgrade Reader, or point --db at another file."
        )
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        _migrate(conn, version)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"Cannot use the database {path}: {exc}.") from exc
    return conn, version


def _migrate(conn: sqlite3.Connection, version: int) -> None:
    for number in range(version + 1, SCHEMA_VERSION + 1):
        # executescript would commit on its own; one explicit transaction per
        # step means a crash leaves the previous version, never half of one.
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(MIGRATIONS[number - 1]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


class SQLiteStore(SQLitePortals, Store):
    """Queries over one database file.  Safe to share between threads: each call
    takes the lock, and SQLite calls are short."""

    check_interval = 0.001  # data_version costs ~2 µs: a millisecond is invisible to a reader

    def __init__(self, conn: sqlite3.Connection, path: Path, *, created: bool = False) -> None:
        self._conn = conn
        self._lock = threading.RLock()
        self.path = path
        self.name = str(path)
        self.created = created
        self.own_writes = 0  # data_version counts only other connections' commits

    @classmethod
    def open_file(cls, path: Path, *, create: bool = True, busy_timeout_ms: int = 5000) -> SQLiteStore:
        conn, previous_version = connect(path, create=create, busy_timeout_ms=busy_timeout_ms)
        return cls(conn, path, created=previous_version == 0)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self._conn
                except BaseException:
                    self._conn.execute("ROLLBACK")
                    raise
                self._conn.execute("COMMIT")
            except sqlite3.Error as exc:
                raise translate(exc, self.name) from exc
            self.own_writes += 1

    def _all(self, sql: str, params: tuple[object, ...] | dict[str, object] = ()) -> list[sqlite3.Row]:
        with self._lock:
            if self._trace is not None:
                self._trace.append((sql, params))
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise translate(exc, self.name) from exc

    def count(self) -> int:
        return int(self._all("SELECT count(*) FROM articles")[0][0])

    def ping(self) -> None:
        """Reads real pages (not just ``SELECT 1``), so damage shows; a bounded
        number of them, so a health check costs the same at a million articles."""
        self._all("SELECT count(*) FROM (SELECT title FROM articles ORDER BY published_at DESC LIMIT 50)")

    def schema_version(self) -> int:
        return int(self._all("PRAGMA user_version")[0][0])

    def generation(self) -> tuple[int, int]:
        """SQLite's data_version moves when another connection (another worker, an
        import) commits; our own commits are counted here."""
        with self._lock:
            try:
                version = self._conn.execute("PRAGMA data_version").fetchone()[0]
            except sqlite3.Error as exc:
                raise translate(exc, self.name) from exc
        return int(version), self.own_writes

    def last_modified(self) -> float:
        """``updated_at`` is stored to the second, so the change may be anywhere in it."""
        row = self._all("SELECT max(updated_at), (SELECT at FROM changes WHERE id = 1) FROM articles")[0]
        value = max((v for v in (row[0], row[1]) if v), default=None)  # changes: withdrawals, deletions
        return datetime.fromisoformat(value).timestamp() + 1 if value else 0.0

    # -- lists ---------------------------------------------------------------
    def latest(self, locale: Locale, page: int, size: int) -> Page:
        counts = self._all("SELECT articles - pairs FROM story_counts WHERE id = 1")[0][0]
        rows = self._all(
            f"SELECT {_SUMMARY_COLUMNS} FROM articles a WHERE {_VISIBLE} "
            "ORDER BY a.published_at DESC, a.id DESC LIMIT :limit OFFSET :offset",
            {"locale": locale, "limit": size, "offset": (page - 1) * size},
        )
        return Page(tuple(summary_of(r) for r in rows), page, size, int(counts))

    # -- one article ----------------------------------------------------------
    def article(self, slug: str) -> Article | None:
        rows = self._all("SELECT * FROM articles WHERE slug = ?", (slug,))
        return self._article(rows[0]) if rows else None

    def _article(self, row: sqlite3.Row) -> Article:
        images = tuple(
            Image(file=r["file"], alt=r["alt"], caption=r["caption"], width=r["width"], height=r["height"])
            for r in self._all(
                "SELECT file, alt, caption, width, height FROM images WHERE article_id = ? ORDER BY position",
                (row["id"],))
        )
        return article_of(row, images)

    def translation(self, article: Article, lang: Locale) -> ArticleSummary | None:
        if article.translation_group is None or article.lang == lang:
            return None
        rows = self._all(
            f"SELECT {_SUMMARY_COLUMNS} FROM articles a WHERE a.translation_group = ? AND a.lang = ? "
            "AND a.withdrawn_at IS NULL", (article.translation_group, lang),
        )
        return summary_of(rows[0]) if rows else None

    def slugs(self, batch: int = 1000) -> Iterator[str]:
        last = 0
        while True:
            rows = self._all("SELECT id, slug FROM articles WHERE id > ? ORDER BY id LIMIT ?", (last, batch))
            if not rows:
                return
            yield from (r["slug"] for r in rows)
            last = rows[-1]["id"]

    def slug_source(self, slug: str) -> tuple[bool, str | None]:
        rows = self._all("SELECT source_key FROM articles WHERE slug = ?", (slug,))
        return (True, rows[0]["source_key"]) if rows else (False, None)

    def source_slug(self, source_key: str) -> str | None:
        rows = self._all("SELECT slug FROM articles WHERE source_key = ?", (source_key,))
        return str(rows[0]["slug"]) if rows else None

    # -- sitemap ------------------------------------------------------------------
    def sitemap_parts(self, size: int) -> list[tuple[int, datetime]]:
        # A withdrawal counts as a change of its part (its page left it); a
        # restore moves the article's updated_at (Store.restore).
        rows = self._all("SELECT (id - 1) / :size + 1 AS part, "
                         "max(max(updated_at), coalesce(max(withdrawn_at), '')) AS modified "
                         "FROM articles GROUP BY part HAVING sum(withdrawn_at IS NULL) > 0 ORDER BY part",
                         {"size": size})
        return [(int(r["part"]), datetime.fromisoformat(r["modified"])) for r in rows]

    def sitemap_entries(self, after_id: int, up_to_id: int, limit: int) -> list[SitemapEntry]:
        rows = self._all(
            "SELECT a.id, a.slug, a.lang, a.updated_at, t.lang AS t_lang, t.slug AS t_slug "
            "FROM articles a LEFT JOIN articles t "
            "ON t.translation_group = a.translation_group AND t.id <> a.id AND t.withdrawn_at IS NULL "
            "WHERE a.id > ? AND a.id <= ? AND a.withdrawn_at IS NULL ORDER BY a.id LIMIT ?",
            (after_id, up_to_id, limit))
        return [SitemapEntry(r["id"], r["slug"], r["lang"], datetime.fromisoformat(r["updated_at"]),
                             ((r["t_lang"], r["t_slug"]),) if r["t_slug"] is not None else ())
                for r in rows]

    # -- search ------------------------------------------------------------------
    _MATCHED = "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid WHERE articles_fts MATCH :match"

    def search_matches(self, words: list[str], locale: Locale, cap: int, newest: int) -> tuple[list[int], bool]:
        # The index's own order backwards (rowid), so no sort, and the scan stops at the cap.
        found = [r[0] for r in self._all(
            f"SELECT a.id {self._MATCHED} AND {_VISIBLE} ORDER BY articles_fts.rowid DESC LIMIT :limit",
            {"match": match_expression(words), "locale": locale, "limit": cap + 1})]
        return (found[:newest], True) if len(found) > cap else (found, False)

    def search_scores(self, words: list[str], ids: list[int]) -> dict[int, tuple[bool, float]]:
        wanted = set(ids)
        together = {r[0] for r in self._all(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", (f'"{" ".join(words)}"',))} \
            if len(words) > 1 else set()
        return {r[0]: (r[0] in together, -r[1]) for r in self._all(  # bm25: lower is better
            f"SELECT rowid, {_RANK} FROM articles_fts WHERE articles_fts MATCH ?", (match_expression(words),))
            if r[0] in wanted}

    def search_rows(self, ids: list[int]) -> dict[int, tuple[ArticleSummary, str]]:
        if not ids:
            return {}
        return {r["id"]: (summary_of(r), r["body_html"]) for r in self._all(
            f"SELECT {_SUMMARY_COLUMNS}, a.body_html FROM articles a WHERE a.id IN ({', '.join('?' * len(ids))})",
            tuple(ids))}

    def headline_word_count(self, word: str, limit: int) -> int:
        return int(self._all(
            "SELECT count(*) FROM (SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? LIMIT ?)",
            (match_expression([word], columns="{title summary}"), limit))[0][0])

    def related(self, article: Article, words: list[str], locale: Locale, limit: int) -> list[ArticleSummary]:
        rows = self._all(
            f"SELECT {_SUMMARY_COLUMNS} {self._MATCHED} AND a.id != :id AND {_VISIBLE} "
            "AND (a.translation_group IS NULL OR a.translation_group IS NOT :group) "
            f"ORDER BY {_RANK} LIMIT :limit",
            {"match": match_expression(words, any_word=True, columns="{title summary}"),
             "id": article.id, "locale": locale, "group": article.translation_group, "limit": limit})
        return [summary_of(r) for r in rows]

    # -- writing ---------------------------------------------------------------
    def save(self, item: ArticleInput, fetch: Fetch | None = None) -> tuple[int, bool]:
        values = as_text({**input_values(item), **fetch_values(fetch)})
        with self._transaction() as conn:
            existing = None
            if item.source_key is not None:  # the same source again: update, never duplicate
                existing = conn.execute("SELECT id FROM articles WHERE source_key = ?",
                                        (item.source_key,)).fetchone()
            if existing is None:
                existing = conn.execute("SELECT id FROM articles WHERE slug = ?", (item.slug,)).fetchone()
            if existing is None:
                cur = conn.execute(
                    f"INSERT INTO articles ({', '.join(values)}) "
                    f"VALUES ({', '.join(':' + k for k in values)})", values)
                article_id = int(cur.lastrowid or 0)
            else:
                article_id = int(existing["id"])
                sets = ", ".join(f"{k} = :{k}" for k in values)
                conn.execute(f"UPDATE articles SET {sets}, {back_from_withdrawal(fetch)}version = version + 1 "
                             "WHERE id = :id", {**values, "id": article_id})
            self._write_parts(conn, article_id, item.title, item.summary, item.body_html, item.images)
        return article_id, existing is None

    @staticmethod
    def _write_parts(conn: sqlite3.Connection, article_id: int, title: str, summary: str, body_html: str,
                     images: tuple[Image, ...]) -> None:
        """The article's images and search entry, replaced (inside the caller's transaction)."""
        conn.execute("DELETE FROM images WHERE article_id = ?", (article_id,))
        conn.executemany(
            "INSERT INTO images (article_id, position, file, alt, caption, width, height) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(article_id, n, im.file, im.alt, im.caption, im.width, im.height) for n, im in enumerate(images)],
        )
        conn.execute("DELETE FROM articles_fts WHERE rowid = ?", (article_id,))
        conn.execute("INSERT INTO articles_fts (rowid, title, summary, body) VALUES (?, ?, ?, ?)",
                     (article_id, fold(title), fold(summary), fold(plain_text(body_html))))

    def link_translation(self, slug: str, other_slug: str) -> None:
        with self._transaction() as conn:
            other = conn.execute("SELECT id, translation_group FROM articles WHERE slug = ?",
                                 (other_slug,)).fetchone()
            if other is None:
                raise StoreConflict(f"no article {other_slug!r}")
            group = other["translation_group"] or other_slug
            conn.execute("UPDATE articles SET translation_group = ? WHERE id = ?", (group, other["id"]))
            conn.execute("UPDATE articles SET translation_group = ? WHERE slug = ?", (group, slug))

    # -- moving and checking -------------------------------------------------------
    def records(self, after_id: int, batch: int) -> list[ArticleRecord]:
        rows = self._all("SELECT * FROM articles WHERE id > ? ORDER BY id LIMIT ?", (after_id, batch))
        return [ArticleRecord(self._article(r), r["source_key"], sync_columns(r)) for r in rows]

    def put_record(self, record: ArticleRecord) -> bool:
        item = record.article
        values = as_text(record_values(record))
        with self._transaction() as conn:
            old = conn.execute("SELECT slug, version, updated_at, withdrawn_at FROM articles WHERE id = ?",
                               (item.id,)).fetchone()
            if old is not None and tuple(old) == (
                    item.slug, item.version, values["updated_at"], values["withdrawn_at"]):
                return False
            conn.execute(f"INSERT INTO articles ({', '.join(values)}) "
                         f"VALUES ({', '.join(':' + k for k in values)}) "
                         f"ON CONFLICT (id) DO UPDATE SET {', '.join(f'{k} = excluded.{k}' for k in values)}",
                         values)
            self._write_parts(conn, item.id, item.title, item.summary, item.body_html, item.images)
        return True

    def check(self) -> CheckReport:
        report = CheckReport(self.name, self.schema_version())
        one = lambda sql: int(self._all(sql)[0][0])  # noqa: E731
        report.counts = common_counts(one, "articles_fts")
        for row in self._all("PRAGMA quick_check"):
            if row[0] != "ok":
                report.problems.append(f"SQLite integrity: {row[0]}")
        try:
            self._all("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
        except StoreError as exc:
            report.problems.append(f"the search index does not match the articles ({exc})")
        common_checks(report, one)
        return report

    def plan(self, sql: str, params: object) -> str:
        with self._lock:
            rows = self._conn.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()  # type: ignore[arg-type]
        return "\n".join(r["detail"] for r in rows)

