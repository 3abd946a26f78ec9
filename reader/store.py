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

from .models import (
    Article,
    ArticleEntry,
    ArticleInput,
    ArticleSummary,
    Deleted,
    DocumentState,
    Fetch,
    Image,
    Locale,
    Page,
    PageState,
    SitemapEntry,
    Source,
)
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
        row = self._all("SELECT max(updated_at), (SELECT at FROM changes) FROM articles")[0]
        value = max((v for v in (row[0], row[1]) if v), default=None)
        return datetime.fromisoformat(value).timestamp() + 1 if value else 0.0

    # -- lists ---------------------------------------------------------------
    _VISIBLE_IN = """
        (a.withdrawn_at IS NULL AND (a.lang = :locale OR a.translation_group IS NULL OR NOT EXISTS (
            SELECT 1 FROM articles b
            WHERE b.translation_group = a.translation_group AND b.lang = :locale
              AND b.withdrawn_at IS NULL)))
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
        # A withdrawal counts as a change of its part (its page left it); a
        # restore moves the article's updated_at (Store.restore).
        rows = self._all("SELECT (id - 1) / :size + 1 AS part, "
                         "max(max(updated_at), coalesce(max(withdrawn_at), '')) AS modified "
                         "FROM articles GROUP BY part HAVING sum(withdrawn_at IS NULL) > 0 ORDER BY part",
                         {"size": size})
        return [(int(r["part"]), datetime.fromisoformat(r["modified"])) for r in rows]

    def sitemap_entries(self, after_id: int, up_to_id: int, limit: int) -> list[SitemapEntry]:
        """Up to ``limit`` articles with ``after_id < id <= up_to_id``, by id,
        each with its translation (one row each: a group holds one article
        per language, and there are two languages)."""
        rows = self._all(
            "SELECT a.id, a.slug, a.lang, a.updated_at, t.lang AS t_lang, t.slug AS t_slug "
            "FROM articles a LEFT JOIN articles t "
            "ON t.translation_group = a.translation_group AND t.id <> a.id AND t.withdrawn_at IS NULL "
            "WHERE a.id > ? AND a.id <= ? AND a.withdrawn_at IS NULL ORDER BY a.id LIMIT ?",
            (after_id, up_to_id, limit))
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
            withdrawn=row["withdrawn_at"] is not None,
        )

    def translation(self, article: Article, lang: Locale) -> ArticleSummary | None:
        if article.translation_group is None or article.lang == lang:
            return None
        rows = self._all(
            f"SELECT {_SUMMARY_COLUMNS} FROM articles WHERE translation_group = ? AND lang = ? "
            "AND withdrawn_at IS NULL",
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
    def save(self, item: ArticleInput, fetch: Fetch | None = None) -> tuple[int, bool]:
        """Insert or update the article with this slug, with its images, in one
        transaction.  Returns (id, created).  ``fetch`` (web imports) records
        where it came from; a page withdrawn by its portal that is saved again
        is back (one withdrawn by hand stays withdrawn until restored)."""
        now = _utc(datetime.now(UTC))
        values: dict[str, object] = {
            "slug": item.slug, "lang": item.lang, "title": item.title,
            "summary": item.summary, "body_html": item.body_html, "author": item.author,
            "published_at": _utc(item.published_at), "updated_at": now,
            "source_url": item.source_url, "translation_group": item.translation_group,
            "word_count": count_words(item.body_html), "source_key": item.source_key,
        }
        if fetch is not None:
            values.update(etag=fetch.etag, last_modified=fetch.last_modified, content_hash=fetch.content_hash)
            if fetch.source_id is not None:
                values.update(source_id=fetch.source_id, listed_in=fetch.listed_in,
                              listed_stamp=fetch.listed_stamp)
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
                # A page its portal withdrew and that is here again is back;
                # one withdrawn by hand stays withdrawn until restored.
                back = ("withdrawn_at = CASE WHEN withdrawn_by = 'operator' THEN withdrawn_at END, "
                        "withdrawn_by = CASE WHEN withdrawn_by = 'operator' THEN withdrawn_by END, "
                        if fetch is not None else "")
                conn.execute(f"UPDATE articles SET {sets}, {back}version = version + 1 WHERE id = :id",
                             {**values, "id": article_id})
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

    # == following portals (migration 5) =========================================
    # Sources, page validators, withdrawals and deletions: what `reader sync`,
    # `reader sources` and `reader articles` ask for.  Everything below is the
    # SQLite side of it (a second backend ports this block).
    def _changed(self, conn: sqlite3.Connection) -> None:
        """A change that leaves no newer updated_at (a withdrawal, a deletion)."""
        conn.execute("INSERT INTO changes (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at",
                     (_utc(datetime.now(UTC)),))

    @staticmethod
    def _source(row: sqlite3.Row) -> Source:
        return Source(
            id=row["id"], url=row["url"], lang=row["lang"],
            added_at=datetime.fromisoformat(row["added_at"]),
            last_sync_at=datetime.fromisoformat(row["last_sync_at"]) if row["last_sync_at"] else None,
            last_result=row["last_result"],
            last_ok=None if row["last_ok"] is None else bool(row["last_ok"]),
            articles=row["articles"],
        )

    _SOURCE_COLUMNS = ("s.*, (SELECT count(*) FROM articles a WHERE a.source_id = s.id) AS articles")

    def add_source(self, url: str, lang: Locale | None) -> tuple[Source, bool]:
        """The source at ``url`` (added now, or as it was); whether it is new.
        Adding it again with a language changes the language."""
        with self.transaction() as conn:
            found = conn.execute("SELECT id FROM sources WHERE url = ?", (url,)).fetchone()
            if found is None:
                conn.execute("INSERT INTO sources (url, lang, added_at) VALUES (?, ?, ?)",
                             (url, lang, _utc(datetime.now(UTC))))
            elif lang is not None:
                conn.execute("UPDATE sources SET lang = ? WHERE id = ?", (lang, found["id"]))
        source = self.source(url)
        assert source is not None
        return source, found is None

    def source(self, url: str) -> Source | None:
        rows = self._all(f"SELECT {self._SOURCE_COLUMNS} FROM sources s WHERE url = ?", (url,))
        return self._source(rows[0]) if rows else None

    def sources(self) -> list[Source]:
        return [self._source(r) for r in self._all(f"SELECT {self._SOURCE_COLUMNS} FROM sources s ORDER BY id")]

    def remove_source(self, url: str) -> bool:
        """Forget the source; its articles stay, no longer tied to it."""
        with self.transaction() as conn:
            removed = conn.execute("DELETE FROM sources WHERE url = ?", (url,)).rowcount
            conn.execute("UPDATE articles SET listed_in = NULL, listed_stamp = NULL WHERE source_id IS NULL "
                         "AND listed_in IS NOT NULL")
        return bool(removed)

    def source_slugs(self, source_id: int) -> list[str]:
        return [r["slug"] for r in self._all("SELECT slug FROM articles WHERE source_id = ? ORDER BY id",
                                              (source_id,))]

    def record_sync(self, source_id: int, ok: bool, result: str) -> None:
        with self.transaction() as conn:
            conn.execute("UPDATE sources SET last_sync_at = ?, last_ok = ?, last_result = ? WHERE id = ?",
                         (_utc(datetime.now(UTC)), int(ok), result, source_id))

    @staticmethod
    def _document(row: sqlite3.Row) -> DocumentState:
        return DocumentState(row["url"], row["etag"], row["last_modified"], row["content_hash"], row["stamp"])

    def document(self, url: str) -> DocumentState | None:
        """A feed or sitemap as last read in full."""
        rows = self._all("SELECT * FROM documents WHERE url = ?", (url,))
        return self._document(rows[0]) if rows else None

    def documents(self, source_id: int) -> list[DocumentState]:
        """Every document of a source (its feed, or its sitemap index and the sitemaps it names)."""
        return [self._document(r) for r in self._all("SELECT * FROM documents WHERE source_id = ? ORDER BY url",
                                                      (source_id,))]

    def save_document(self, source_id: int, state: DocumentState) -> None:
        """Saved only once everything the document listed is in, so a sync cut
        short fetches it in full again next time."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO documents (url, source_id, etag, last_modified, content_hash, stamp) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET source_id = excluded.source_id, "
                "etag = excluded.etag, last_modified = excluded.last_modified, "
                "content_hash = excluded.content_hash, stamp = excluded.stamp",
                (state.url, source_id, state.etag, state.last_modified, state.content_hash, state.stamp))

    def forget_document(self, url: str) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM documents WHERE url = ?", (url,))

    def page_state(self, source_key: str) -> PageState | None:
        rows = self._all("SELECT slug, etag, last_modified, content_hash, listed_in, listed_stamp, withdrawn_by "
                         "FROM articles WHERE source_key = ?", (source_key,))
        if not rows:
            return None
        r = rows[0]
        return PageState(r["slug"], r["etag"], r["last_modified"], r["content_hash"], r["listed_in"],
                         r["listed_stamp"], r["withdrawn_by"])

    def page_unchanged(self, source_key: str, fetch: Fetch) -> None:
        """The page says what it said: keep the article as it is, remember the
        new validators and listing (written only when they differ, so an
        unchanged sync leaves every page cache warm)."""
        with self.transaction() as conn:
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
        with self.transaction() as conn:
            conn.execute("UPDATE articles SET listed_in = NULL, listed_stamp = NULL WHERE source_key = ?",
                         (source_key,))

    def withdraw(self, slug: str, *, by: str = "operator") -> bool | None:
        """Take the article down (its URL answers 410).  None: no such article;
        False: it already was."""
        with self.transaction() as conn:
            row = conn.execute("SELECT withdrawn_at FROM articles WHERE slug = ?", (slug,)).fetchone()
            if row is None:
                return None
            if row["withdrawn_at"] is not None and by == "source":
                return False
            conn.execute("UPDATE articles SET withdrawn_at = coalesce(withdrawn_at, ?), withdrawn_by = ? "
                         "WHERE slug = ?", (_utc(datetime.now(UTC)), by, slug))
            self._changed(conn)
        return row["withdrawn_at"] is None

    def restore(self, slug: str) -> bool | None:
        """Publish a withdrawn article again.  None: no such article; False: it was not withdrawn."""
        with self.transaction() as conn:
            row = conn.execute("SELECT withdrawn_at FROM articles WHERE slug = ?", (slug,)).fetchone()
            if row is None:
                return None
            if row["withdrawn_at"] is None:
                return False
            # Back on the lists and in the sitemap: a change crawlers should see.
            conn.execute("UPDATE articles SET withdrawn_at = NULL, withdrawn_by = NULL, updated_at = ? "
                         "WHERE slug = ?", (_utc(datetime.now(UTC)), slug))
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
        return [ArticleEntry(r["slug"], r["lang"], r["title"], datetime.fromisoformat(r["published_at"]),
                             r["source_url"] or r["source_key"], r["withdrawn_by"]) for r in rows]

    def delete_article(self, slug: str) -> Deleted | None:
        """Remove the article, its images' rows and its search entry.  Returns
        what went, with the images no other article uses (their files may go);
        a translation left alone in its group leaves the group."""
        with self.transaction() as conn:
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
        with self.transaction() as conn:
            conn.execute("INSERT INTO robots (origin, body, fetched_at) VALUES (?, ?, ?) ON CONFLICT (origin) "
                         "DO UPDATE SET body = excluded.body, fetched_at = excluded.fetched_at",
                         (origin, body, _utc(datetime.now(UTC))))

    def source_pages(self, source_id: int) -> list[str]:
        """Source keys (page URLs) of the articles imported from one source."""
        return [r[0] for r in self._all("SELECT source_key FROM articles WHERE source_id = ? "
                                        "AND source_key IS NOT NULL ORDER BY id", (source_id,))]
