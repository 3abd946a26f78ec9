"""The store on PostgreSQL (psycopg 3 and its connection pool), for a site that
has outgrown one machine: several app servers, one primary for writes,
streaming replicas for page reads.

- Schema versioned in ``reader_schema``, forward-only migrations, each in its
  own transaction under an advisory lock (the first worker to start migrates,
  the others wait); a database of a newer schema is refused by name.
- Search: each article's index entry is a tsvector built here from
  reader.search.index_words (our folding and our word splitting, as the FTS5
  index has them, so both engines find the same articles), weighted A title,
  B summary, C body, behind a GIN index.
- Cache invalidation: a trigger bumps ``content_version`` in every writing
  transaction; being a row, it reaches each replica with the data it
  describes, so an app server reading it from its replica never caches a page
  older than the version it saw.  LISTEN would be cheaper but replicas refuse it.
- Replicas: this process reads pages from one replica (chosen by process id,
  so the workers spread), the primary when the replica fails, and the primary
  until the replica has replayed this process's own last write (its WAL
  position), so a writer always sees its own writes.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Hashable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import psycopg

from ..models import Article, ArticleInput, ArticleSummary, Fetch, Image, Locale, Page, SitemapEntry
from ..search import index_words, plain_text
from .base import (
    ArticleRecord,
    CheckReport,
    Store,
    StoreConflict,
    StoreError,
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
from .pgportals import PostgresPortals
from .pgschema import RANGE, SCHEMA_VERSION, migrate, schema_of
from .pgserver import UNAVAILABLE, Server, connect, one_line, scrub, translate

__all__ = ["SCHEMA_VERSION", "PostgresStore", "tsquery", "tsvector"]

log = logging.getLogger("reader.store")

_SUMMARY_COLUMNS = "a.id, a.slug, a.lang, a.title, a.summary, a.author, a.published_at, a.word_count"
# Visibility as one anti-join on the (translation_group, lang) index (see reader/store/sqlite.py).
_VISIBLE = """a.withdrawn_at IS NULL AND NOT EXISTS (SELECT 1 FROM articles t
    WHERE t.translation_group = a.translation_group AND t.lang = %(locale)s AND a.lang <> %(locale)s
    AND t.withdrawn_at IS NULL)"""
# ts_rank's weights are {D, C, B, A}: body 1, summary 2, title 5, as FTS5's bm25 weights.
_RANK = "ts_rank('{0, 0.2, 0.4, 1.0}', s.doc, %(query)s::tsquery)"
_HEADLINE_RANK = "ts_rank('{0, 0, 0.4, 1.0}', s.doc, %(query)s::tsquery)"
_MAX_POSITION = 16383  # tsvector positions stop here
_MAX_LEXEME = 2000  # bytes; PostgreSQL refuses words over 2047


# -- index entries and queries, from our own keys ------------------------------------------
def _quote(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector(title: str, summary: str, body_text: str) -> str:
    """The index entry (tsvector text) of an article: every key with its
    positions, weighted A (title), B (summary), C (body).  One empty position
    between parts, so a phrase never runs from the title into the summary."""
    positions: dict[str, list[str]] = {}
    position = 0
    for weight, text in (("A", title), ("B", summary), ("C", body_text)):
        for word in index_words(text):
            if len(word) > _MAX_LEXEME // 4 and len(word.encode()) > _MAX_LEXEME:
                continue
            position += 1
            seen = positions.get(word)
            if seen is None:
                positions[word] = seen = []
            if position <= _MAX_POSITION and len(seen) < 256:
                seen.append(f"{position}{weight}")
        position += 1
    return " ".join(_quote(w) + (":" + ",".join(p) if p else "") for w, p in positions.items())


def tsquery(words: list[str], *, joiner: str = " & ", weights: str = "") -> str:
    """A tsquery from keys, each quoted, so none of the reader's text is syntax."""
    return joiner.join(_quote(w) + (f":{weights}" if weights else "") for w in words)



def _check_replica(url: str, name: str, primary: str, lsn: str, wait: float = 10.0) -> None:
    """A replica must hold this Reader database: once it has replayed the primary's
    schema (a new install's replica may be a moment behind), its schema is checked."""
    conn = connect(url, name)
    try:
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            row = conn.execute("SELECT coalesce(pg_last_wal_replay_lsn() >= %s::pg_lsn, true) AS ok",
                               (lsn,)).fetchone()
            if row and row["ok"]:
                break
            time.sleep(0.05)
        found = schema_of(conn)
    finally:
        conn.close()
    if found is None:
        raise StoreError(f"{name} holds no Reader database: is it a replica of {primary}?")
    if found != SCHEMA_VERSION:
        raise StoreError(f"{name} has schema {found}, the primary {SCHEMA_VERSION}: is it a replica of {primary}?")


_ARTICLE_COLUMNS = ("a.*, (SELECT coalesce(json_agg(json_build_object('file', i.file, 'alt', i.alt, "
                    "'caption', i.caption, 'width', i.width, 'height', i.height) ORDER BY i.position), '[]') "
                    "FROM images i WHERE i.article_id = a.id) AS images")


def _article(row: dict[str, Any]) -> Article:
    return article_of(row, tuple(Image(**image) for image in row["images"]))


class PostgresStore(PostgresPortals, Store):
    check_interval = 0.1  # a content_version read is a round trip: 40-90 µs against 2 µs for SQLite

    def __init__(self, url: str, name: str, primary: Server, replicas: list[Server], *, created: bool) -> None:
        self.url = url
        self.name = name
        self.created = created
        self.own_writes = 0
        self._primary = primary
        self._replicas = replicas
        self._replica = replicas[os.getpid() % len(replicas)] if replicas else None
        self._pending_lsn: str | None = None  # our last write, until the replica has replayed it
        self._ranges: set[int] = set()  # search index ranges known to exist

    @classmethod
    def open_url(cls, url: str, *, replicas: Sequence[str] = (), create: bool = True,
             pool_size: int = 4) -> PostgresStore:
        from . import describe

        name = describe(url)
        conn = connect(url, name)
        try:
            found = migrate(conn, name, create=create)
            lsn = conn.execute("SELECT pg_current_wal_insert_lsn()::text AS lsn").fetchone()["lsn"]  # type: ignore[index]
        except psycopg.Error as exc:
            raise StoreError(f"Cannot use {name}: {scrub(one_line(str(exc)), url, name)}.") from None
        finally:
            conn.close()
        for replica in replicas:
            _check_replica(replica, describe(replica), name, lsn)
        servers = [Server(u, describe(u), pool_size) for u in (url, *replicas)]
        return cls(url, name, servers[0], servers[1:], created=found == 0)

    def close(self) -> None:
        for server in (self._primary, *self._replicas):
            server.close()

    # -- reading: which server, and how -------------------------------------------------------
    def _reader(self) -> Server:
        """The replica, unless our own last write has not reached it yet."""
        replica = self._replica
        if replica is None:
            return self._primary
        pending = self._pending_lsn
        if pending is not None:
            try:
                with replica.connection() as conn:
                    caught_up = conn.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn AS ok",
                                             (pending,)).fetchone()
            except UNAVAILABLE:
                return self._primary
            if caught_up is not None and caught_up["ok"] is False:  # None: not in recovery, so it has it all
                return self._primary
            self._pending_lsn = None
        return replica

    def _all(self, sql: str, params: Any = None, *, server: Server | None = None) -> list[dict[str, Any]]:
        if self._trace is not None:
            self._trace.append((sql, params))
        chosen = server or self._reader()
        for attempt in (1, 2):
            try:
                with chosen.connection() as conn:
                    return list(conn.execute(sql, params).fetchall())
            except UNAVAILABLE as exc:
                # A replica that fails gives way to the primary; a pooled connection the
                # server dropped (a restart) fails once, then a checked one is tried.
                if attempt == 1 and chosen is not self._primary and server is None:
                    log.warning("%s unavailable, reading from the primary: %s", chosen.name, one_line(str(exc)))
                    chosen = self._primary
                    continue
                if attempt == 1 and not chosen.down:
                    continue
                raise translate(exc, self.name) from exc
        raise AssertionError("unreachable")

    @contextmanager
    def _transaction(self) -> Iterator[psycopg.Connection[Any]]:
        try:
            with self._primary.connection() as conn:
                with conn.transaction():
                    yield conn
                # Where our write ends, for reading our own writes from a replica.
                lsn = (conn.execute("SELECT pg_current_wal_insert_lsn()::text AS lsn").fetchone()
                       if self._replica is not None else None)
        except (*UNAVAILABLE, psycopg.errors.IntegrityError) as exc:
            raise translate(exc, self.name) from exc
        if self._replica is not None and lsn is not None:
            self._pending_lsn = lsn["lsn"]
        self.own_writes += 1

    def ping(self) -> None:
        self._all("SELECT count(*) FROM (SELECT title FROM articles ORDER BY published_at DESC LIMIT 50) x")

    def schema_version(self) -> int:
        return int(self._all("SELECT version FROM reader_schema", server=self._primary)[0]["version"])

    def generation(self) -> Hashable:
        """Read where pages are read: the version a replica shows comes with the data it counts."""
        return int(self._all("SELECT version FROM content_version WHERE id = 1")[0]["version"]), self.own_writes

    def last_modified(self) -> float:
        row = self._all("SELECT max(updated_at) AS m, (SELECT at FROM changes WHERE id = 1) AS c FROM articles")[0]
        value = max((v for v in (row["m"], row["c"]) if v), default=None)  # changes: withdrawals, deletions
        return value.timestamp() + 1 if value else 0.0

    def count(self) -> int:
        return int(self._all("SELECT count(*) AS n FROM articles")[0]["n"])

    # Pages are one round trip each: the count comes with the list, the images with the article.
    def latest(self, locale: Locale, page: int, size: int) -> Page:
        rows = self._all(
            "SELECT c.total, x.* FROM (SELECT articles - pairs AS total FROM story_counts WHERE id = 1) c "
            f"LEFT JOIN LATERAL (SELECT {_SUMMARY_COLUMNS} FROM articles a WHERE {_VISIBLE} "
            "ORDER BY a.published_at DESC, a.id DESC LIMIT %(limit)s OFFSET %(offset)s) x ON true",
            {"locale": locale, "limit": size, "offset": (page - 1) * size})
        items = tuple(summary_of(r) for r in rows if r["id"] is not None)
        return Page(items, page, size, int(rows[0]["total"]))

    def article(self, slug: str) -> Article | None:
        rows = self._all(f"SELECT {_ARTICLE_COLUMNS} FROM articles a WHERE a.slug = %s", (slug,))
        return _article(rows[0]) if rows else None

    def translation(self, article: Article, lang: Locale) -> ArticleSummary | None:
        if article.translation_group is None or article.lang == lang:
            return None
        rows = self._all(f"SELECT {_SUMMARY_COLUMNS} FROM articles a WHERE a.translation_group = %s "
                         "AND a.lang = %s AND a.withdrawn_at IS NULL", (article.translation_group, lang))
        return summary_of(rows[0]) if rows else None

    def slugs(self, batch: int = 1000) -> Iterator[str]:
        last = 0
        while True:
            rows = self._all("SELECT id, slug FROM articles WHERE id > %s ORDER BY id LIMIT %s", (last, batch))
            if not rows:
                return
            yield from (r["slug"] for r in rows)
            last = rows[-1]["id"]

    def slug_source(self, slug: str) -> tuple[bool, str | None]:
        rows = self._all("SELECT source_key FROM articles WHERE slug = %s", (slug,), server=self._primary)
        return (True, rows[0]["source_key"]) if rows else (False, None)

    def source_slug(self, source_key: str) -> str | None:
        rows = self._all("SELECT slug FROM articles WHERE source_key = %s", (source_key,), server=self._primary)
        return str(rows[0]["slug"]) if rows else None

    # -- sitemap ---------------------------------------------------------------------------------
    def sitemap_parts(self, size: int) -> list[tuple[int, datetime]]:
        # A withdrawal counts as a change of its part (its page left it); a restore
        # moves the article's updated_at (restore).
        rows = self._all("SELECT (id - 1) / %(size)s + 1 AS part, "
                         "greatest(max(updated_at), max(withdrawn_at)) AS modified FROM articles "
                         "GROUP BY part HAVING count(*) FILTER (WHERE withdrawn_at IS NULL) > 0 ORDER BY part",
                         {"size": size})
        return [(int(r["part"]), r["modified"]) for r in rows]

    def sitemap_entries(self, after_id: int, up_to_id: int, limit: int) -> list[SitemapEntry]:
        rows = self._all(
            "SELECT a.id, a.slug, a.lang, a.updated_at, t.lang AS t_lang, t.slug AS t_slug "
            "FROM articles a LEFT JOIN articles t "
            "ON t.translation_group = a.translation_group AND t.id <> a.id AND t.withdrawn_at IS NULL "
            "WHERE a.id > %s AND a.id <= %s AND a.withdrawn_at IS NULL ORDER BY a.id LIMIT %s",
            (after_id, up_to_id, limit))
        return [SitemapEntry(r["id"], r["slug"], r["lang"], r["updated_at"],
                             ((r["t_lang"], r["t_slug"]),) if r["t_slug"] is not None else ())
                for r in rows]

    # -- search -------------------------------------------------------------------------------
    _MATCHED = "FROM search_index s JOIN articles a ON a.id = s.article_id WHERE s.doc @@ %(query)s::tsquery"

    def search_matches(self, words: list[str], locale: Locale, cap: int, newest: int) -> tuple[list[int], bool]:
        # GIN cannot hand matches over newest first and stop early, as FTS5 does.
        # So two steps.  First up to cap + 1 matches in any order, from each range
        # of the search index's GIN index in turn: a broad query stops inside the
        # first range.  The subquery (OFFSET 0) is planned for all its rows, so the
        # planner takes the GIN bitmap instead of walking rows in the hope of an
        # early match.  A single word may be read row by row when the range's own
        # statistics say it is in most articles (4 ms against 14 for the bitmap),
        # but several words never are: words the planner wrongly guesses to be
        # common together ("and" and "của", one English and one Vietnamese, which
        # never meet) cost 1.5 s that way, against 29 ms.  So several words go
        # through reader_search_first (schema 3), whose one plan is made once per
        # connection (planning each time cost 1 ms of 7).
        # Then, past the cap, the newest few by walking the primary key backwards,
        # which meets a match every few rows for so broad a query.  Newest first in
        # one query cost twice as much at a million articles.
        query = {"query": tsquery(words), "locale": locale}
        first = ("SELECT a.id FROM (SELECT s.article_id FROM search_index s WHERE s.doc @@ %(query)s::tsquery "
                 f"OFFSET 0) s JOIN articles a ON a.id = s.article_id WHERE {_VISIBLE} LIMIT %(limit)s"
                 if len(words) == 1 else
                 "SELECT id FROM reader_search_first(%(query)s::tsquery, %(locale)s, %(limit)s) AS id")
        found = [r["id"] for r in self._all(first, {**query, "limit": cap + 1})]
        if len(found) <= cap:
            return sorted(found, reverse=True), False
        return [r["id"] for r in self._all(
            f"SELECT a.id {self._MATCHED} AND {_VISIBLE} ORDER BY s.article_id DESC LIMIT %(limit)s",
            {**query, "limit": newest})], True

    def search_scores(self, words: list[str], ids: list[int]) -> dict[int, tuple[bool, float]]:
        if not ids:
            return {}
        phrase = tsquery(words, joiner=" <-> ") if len(words) > 1 else None
        rows = self._all(
            f"SELECT s.article_id AS id, {_RANK} AS score, "
            "coalesce(s.doc @@ %(phrase)s::tsquery, false) AS together "
            "FROM search_index s WHERE s.article_id = ANY(%(ids)s::bigint[])",
            {"query": tsquery(words), "phrase": phrase, "ids": ids})
        return {r["id"]: (r["together"], float(r["score"])) for r in rows}

    def search_rows(self, ids: list[int]) -> dict[int, tuple[ArticleSummary, str]]:
        if not ids:
            return {}
        return {r["id"]: (summary_of(r), r["body_html"]) for r in self._all(
            f"SELECT {_SUMMARY_COLUMNS}, a.body_html FROM articles a WHERE a.id = ANY(%s::bigint[])", (ids,))}

    def headline_word_count(self, word: str, limit: int) -> int:
        return int(self._all(
            "SELECT count(*) AS n FROM (SELECT 1 FROM search_index s WHERE s.doc @@ %s::tsquery LIMIT %s) x",
            (tsquery([word], weights="AB"), limit))[0]["n"])

    def related(self, article: Article, words: list[str], locale: Locale, limit: int) -> list[ArticleSummary]:
        rows = self._all(
            f"SELECT {_SUMMARY_COLUMNS} {self._MATCHED} AND a.id <> %(id)s AND {_VISIBLE} "
            "AND (a.translation_group IS NULL OR a.translation_group IS DISTINCT FROM %(group)s) "
            f"ORDER BY {_HEADLINE_RANK} DESC, a.id DESC LIMIT %(limit)s",
            {"query": tsquery(words, joiner=" | ", weights="AB"), "id": article.id, "locale": locale,
             "group": article.translation_group, "limit": limit})
        return [summary_of(r) for r in rows]

    # -- writing --------------------------------------------------------------------------------
    def save(self, item: ArticleInput, fetch: Fetch | None = None) -> tuple[int, bool]:
        values = {**input_values(item), **fetch_values(fetch)}
        with self._transaction() as conn:
            existing = None
            if item.source_key is not None:
                existing = conn.execute("SELECT id FROM articles WHERE source_key = %s",
                                        (item.source_key,)).fetchone()
            if existing is None:
                existing = conn.execute("SELECT id FROM articles WHERE slug = %s", (item.slug,)).fetchone()
            if existing is None:
                row = conn.execute(
                    f"INSERT INTO articles ({', '.join(values)}) "
                    f"VALUES ({', '.join(f'%({k})s' for k in values)}) RETURNING id", values).fetchone()
                assert row is not None
                article_id = int(row["id"])
            else:
                article_id = int(existing["id"])
                sets = ", ".join(f"{k} = %({k})s" for k in values)
                conn.execute(f"UPDATE articles SET {sets}, {back_from_withdrawal(fetch)}version = version + 1 "
                             "WHERE id = %(id)s", {**values, "id": article_id})
            self._write_parts(conn, article_id, item.title, item.summary, item.body_html, item.images)
        return article_id, existing is None

    def _write_parts(self, conn: psycopg.Connection[Any], article_id: int, title: str, summary: str,
                     body_html: str, images: tuple[Image, ...]) -> None:
        conn.execute("DELETE FROM images WHERE article_id = %s", (article_id,))
        if images:
            with conn.cursor() as cur:
                cur.executemany(
                    "INSERT INTO images (article_id, position, file, alt, caption, width, height) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                    [(article_id, n, im.file, im.alt, im.caption, im.width, im.height)
                     for n, im in enumerate(images)])
        if article_id // RANGE not in self._ranges:  # the first article of a range makes it
            row = conn.execute("SELECT reader_search_range(%s) AS existed", (article_id,)).fetchone()
            if row and row["existed"]:  # one this transaction made is known once committed
                self._ranges.add(article_id // RANGE)
        conn.execute("INSERT INTO search_index (article_id, doc) VALUES (%s, %s::tsvector) "
                     "ON CONFLICT (article_id) DO UPDATE SET doc = EXCLUDED.doc",
                     (article_id, tsvector(title, summary, plain_text(body_html))))

    def link_translation(self, slug: str, other_slug: str) -> None:
        with self._transaction() as conn:
            other = conn.execute("SELECT id, translation_group FROM articles WHERE slug = %s",
                                 (other_slug,)).fetchone()
            if other is None:
                raise StoreConflict(f"no article {other_slug!r}")
            group = other["translation_group"] or other_slug
            conn.execute("UPDATE articles SET translation_group = %s WHERE id = %s", (group, other["id"]))
            conn.execute("UPDATE articles SET translation_group = %s WHERE slug = %s", (group, slug))

    # -- moving and checking ----------------------------------------------------------------------
    def records(self, after_id: int, batch: int) -> list[ArticleRecord]:
        rows = self._all(f"SELECT {_ARTICLE_COLUMNS} FROM articles a WHERE a.id > %s ORDER BY a.id LIMIT %s",
                         (after_id, batch), server=self._primary)
        return [ArticleRecord(_article(r), r["source_key"], sync_columns(r)) for r in rows]

    def put_record(self, record: ArticleRecord) -> bool:
        item = record.article
        values = record_values(record)
        with self._transaction() as conn:
            old = conn.execute("SELECT slug, version, updated_at, withdrawn_at FROM articles WHERE id = %s",
                               (item.id,)).fetchone()
            if old is not None and tuple(old.values()) == (
                    item.slug, item.version, values["updated_at"], values["withdrawn_at"]):
                return False
            conn.execute(
                f"INSERT INTO articles ({', '.join(values)}) VALUES ({', '.join(f'%({k})s' for k in values)}) "
                f"ON CONFLICT (id) DO UPDATE SET {', '.join(f'{k} = EXCLUDED.{k}' for k in values if k != 'id')}",
                values)
            self._write_parts(conn, item.id, item.title, item.summary, item.body_html, item.images)
            # Ids are copied as they were; new articles must be numbered after them.
            conn.execute("SELECT setval(pg_get_serial_sequence('articles', 'id'), "
                         "greatest(%s, (SELECT last_value FROM articles_id_seq)))", (item.id,))
        return True

    def check(self) -> CheckReport:
        report = CheckReport(self.name, self.schema_version())

        def one(sql: str) -> int:
            return int(next(iter(self._all(sql, server=self._primary)[0].values())))

        report.counts = {**common_counts(one, "search_index"),
                         "content version": one("SELECT version FROM content_version")}
        common_checks(report, one)
        empty = one("SELECT count(*) FROM search_index s JOIN articles a ON a.id = s.article_id "
                    "WHERE length(s.doc) = 0 AND a.title <> ''")
        if empty:
            report.problems.append(f"{empty} articles have an empty search entry")
        for replica in self._replicas:
            try:
                rows = self._all("SELECT version FROM content_version", server=replica)
            except StoreError as exc:  # one line naming it, as for the primary
                report.problems.append(f"{replica.name}: {exc}")
                continue
            if not rows:
                report.problems.append(f"{replica.name} has no content version")
        return report

    def plan(self, sql: str, params: object) -> str:
        """The plan with sequential scans priced out (``enable_seqscan = off``): on a
        small test table the planner may rightly prefer one, but a Seq Scan that is
        still chosen means no index can serve the query."""
        with self._primary.connection() as conn, conn.transaction():
            conn.execute("SET LOCAL enable_seqscan = off")
            rows = conn.execute("EXPLAIN " + sql, params).fetchall()
        return "\n".join(r["QUERY PLAN"] for r in rows)
