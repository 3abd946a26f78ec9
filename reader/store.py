"""The article store: SQLite through the standard library.

One file, WAL mode (readers never wait for the importer), schema versioned with
``PRAGMA user_version`` and forward-only migrations.  A database written by a
newer Reader, or a file that is not SQLite at all, is refused with a message that
names the file: guessing would risk the reader's data.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from .models import Article, ArticleInput, ArticleSummary, Image, Locale, Page, SitemapEntry
from .search import fold, plain_text


class StoreError(Exception):
    """The database cannot be used; the message says which file and why."""


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
)
SCHEMA_VERSION = len(MIGRATIONS)

_TAGS = re.compile(r"<[^>]+>")
_SUMMARY_COLUMNS = "id, slug, lang, title, summary, author, published_at, word_count"


def count_words(html: str) -> int:
    return len(_TAGS.sub(" ", html).split())


def _utc(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("published time must be time-zone aware")
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _summary(row: sqlite3.Row) -> ArticleSummary:
    return ArticleSummary(
        id=row["id"],
        slug=row["slug"],
        lang=row["lang"],
        title=row["title"],
        summary=row["summary"],
        author=row["author"],
        published_at=datetime.fromisoformat(row["published_at"]),
        word_count=row["word_count"],
    )


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
            for statement in MIGRATIONS[number - 1].split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


class Store:
    """Queries over one database.  Safe to share between threads: each call
    takes the lock, and SQLite calls are short."""

    def __init__(self, conn: sqlite3.Connection, path: Path, *, created: bool = False) -> None:
        self._conn = conn
        self._lock = threading.RLock()
        self.path = path
        self.created = created  # True when this open made the schema from nothing
        self.own_writes = 0  # commits through this Store (data_version counts only others')

    @classmethod
    def open(cls, path: Path, *, create: bool = True, busy_timeout_ms: int = 5000) -> Store:
        conn, previous_version = connect(path, create=create, busy_timeout_ms=busy_timeout_ms)
        return cls(conn, path, created=previous_version == 0)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
            self.own_writes += 1

    def _all(self, sql: str, params: tuple[object, ...] | dict[str, object] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def count(self) -> int:
        return int(self._all("SELECT count(*) FROM articles")[0][0])

    def ping(self) -> None:
        """Reads real pages (not just ``SELECT 1``), so damage shows."""
        self._all("SELECT count(*) FROM articles")

    def select(self, sql: str, params: tuple[object, ...] | dict[str, object] = ()) -> list[sqlite3.Row]:
        """Rows for query modules that own their SQL (reader/search.py)."""
        return self._all(sql, params)

    def generation(self) -> tuple[int, int]:
        """Changes whenever the content may have changed: SQLite's data_version
        moves when another connection (another worker, an import) commits; our
        own commits are counted here.  A statement per call: pages read it
        through reader.cache.ContentClock."""
        with self._lock:
            version = self._conn.execute("PRAGMA data_version").fetchone()[0]
        return int(version), self.own_writes

    def last_modified(self) -> float:
        """The end of the second of the newest article change (``updated_at``
        is stored to the second, so the change may be anywhere in it), or 0."""
        value = self._all("SELECT max(updated_at) FROM articles")[0][0]
        return datetime.fromisoformat(value).timestamp() + 1 if value else 0.0

    # -- lists ---------------------------------------------------------------
    _VISIBLE_IN = """
        (a.lang = :locale OR a.translation_group IS NULL OR NOT EXISTS (
            SELECT 1 FROM articles b
            WHERE b.translation_group = a.translation_group AND b.lang = :locale))
    """

    def latest(self, locale: Locale, page: int, size: int) -> Page:
        """Articles for readers of ``locale``: its own, plus those in the other
        language that have no translation into it (marked with their language
        on the page), so no article is out of reach from either UI."""
        total = self._all(f"SELECT count(*) FROM articles a WHERE {self._VISIBLE_IN}",
                          {"locale": locale})[0][0]
        rows = self._all(
            f"SELECT {_SUMMARY_COLUMNS} FROM articles a WHERE {self._VISIBLE_IN} "
            "ORDER BY published_at DESC, id DESC LIMIT :limit OFFSET :offset",
            {"locale": locale, "limit": size, "offset": (page - 1) * size},
        )
        return Page(tuple(_summary(r) for r in rows), page, size, int(total))

    # -- sitemap (reader/views/sitemap.py) --------------------------------------
    # Keyset pages over the primary key, never OFFSET, so the millionth article
    # costs what the first does.  Visible means what it means for Store.latest:
    # every article is listed in its own language.  A second backend ports
    # this block as it is.
    def sitemap_parts(self, size: int) -> list[tuple[int, datetime]]:
        """The non-empty id ranges ``(part - 1) * size < id <= part * size``
        and the newest change in each, as (part, last modified)."""
        rows = self._all("SELECT (id - 1) / :size + 1 AS part, max(updated_at) AS modified "
                         "FROM articles GROUP BY part ORDER BY part", {"size": size})
        return [(int(r["part"]), datetime.fromisoformat(r["modified"])) for r in rows]

    def sitemap_entries(self, after_id: int, up_to_id: int, limit: int) -> list[SitemapEntry]:
        """Up to ``limit`` articles with ``after_id < id <= up_to_id``, by id,
        each with its translation (one row each: a group holds one article
        per language, and there are two languages)."""
        rows = self._all(
            "SELECT a.id, a.slug, a.lang, a.updated_at, t.lang AS t_lang, t.slug AS t_slug "
            "FROM articles a LEFT JOIN articles t "
            "ON t.translation_group = a.translation_group AND t.id <> a.id "
            "WHERE a.id > ? AND a.id <= ? ORDER BY a.id LIMIT ?", (after_id, up_to_id, limit))
        return [SitemapEntry(r["id"], r["slug"], r["lang"], datetime.fromisoformat(r["updated_at"]),
                             ((r["t_lang"], r["t_slug"]),) if r["t_slug"] is not None else ())
                for r in rows]

    # -- one article ----------------------------------------------------------
    def article(self, slug: str) -> Article | None:
        rows = self._all("SELECT * FROM articles WHERE slug = ?", (slug,))
        if not rows:
            return None
        row = rows[0]
        images = tuple(
            Image(file=r["file"], alt=r["alt"], caption=r["caption"],
                  width=r["width"], height=r["height"])
            for r in self._all(
                "SELECT * FROM images WHERE article_id = ? ORDER BY position", (row["id"],))
        )
        summary = _summary(row)
        return Article(
            **summary.__dict__,
            body_html=row["body_html"],
            source_url=row["source_url"],
            translation_group=row["translation_group"],
            updated_at=datetime.fromisoformat(row["updated_at"]),
            version=row["version"],
            images=images,
        )

    def translation(self, article: Article, lang: Locale) -> ArticleSummary | None:
        if article.translation_group is None or article.lang == lang:
            return None
        rows = self._all(
            f"SELECT {_SUMMARY_COLUMNS} FROM articles WHERE translation_group = ? AND lang = ?",
            (article.translation_group, lang),
        )
        return _summary(rows[0]) if rows else None

    def slug_source(self, slug: str) -> tuple[bool, str | None]:
        """Whether ``slug`` is taken, and by which import source (None: not imported)."""
        rows = self._all("SELECT source_key FROM articles WHERE slug = ?", (slug,))
        return (True, rows[0]["source_key"]) if rows else (False, None)

    def source_slug(self, source_key: str) -> str | None:
        """The slug of the article imported from ``source_key``, so a re-import keeps its URL."""
        rows = self._all("SELECT slug FROM articles WHERE source_key = ?", (source_key,))
        return str(rows[0]["slug"]) if rows else None

    # -- writing ---------------------------------------------------------------
    def save(self, item: ArticleInput) -> tuple[int, bool]:
        """Insert or update the article with this slug, with its images, in one
        transaction.  Returns (id, created)."""
        now = _utc(datetime.now(UTC))
        values = {
            "slug": item.slug, "lang": item.lang, "title": item.title,
            "summary": item.summary, "body_html": item.body_html, "author": item.author,
            "published_at": _utc(item.published_at), "updated_at": now,
            "source_url": item.source_url, "translation_group": item.translation_group,
            "word_count": count_words(item.body_html), "source_key": item.source_key,
        }
        with self.transaction() as conn:
            existing = None
            if item.source_key is not None:  # the same source again: update, never duplicate
                existing = conn.execute("SELECT id FROM articles WHERE source_key = ?",
                                        (item.source_key,)).fetchone()
            if existing is None:
                existing = conn.execute("SELECT id FROM articles WHERE slug = ?",
                                        (item.slug,)).fetchone()
            if existing is None:
                cur = conn.execute(
                    f"INSERT INTO articles ({', '.join(values)}) "
                    f"VALUES ({', '.join(':' + k for k in values)})", values)
                article_id = int(cur.lastrowid or 0)
            else:
                article_id = int(existing["id"])
                sets = ", ".join(f"{k} = :{k}" for k in values)
                conn.execute(f"UPDATE articles SET {sets}, version = version + 1 "
                             "WHERE id = :id", {**values, "id": article_id})
                conn.execute("DELETE FROM images WHERE article_id = ?", (article_id,))
            conn.executemany(
                "INSERT INTO images (article_id, position, file, alt, caption, width, height) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(article_id, n, im.file, im.alt, im.caption, im.width, im.height)
                 for n, im in enumerate(item.images)],
            )
            conn.execute("DELETE FROM articles_fts WHERE rowid = ?", (article_id,))
            conn.execute("INSERT INTO articles_fts (rowid, title, summary, body) VALUES (?, ?, ?, ?)",
                         (article_id, fold(item.title), fold(item.summary),
                          fold(plain_text(item.body_html))))
        return article_id, existing is None
