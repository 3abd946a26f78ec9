"""PostgreSQL's search index in ranges of article ids (schema 3): articles far
apart in id land in ranges made as they are written, search reads across
them and stops in the newest, two writers making the same range at once both
succeed, and a database of schema 2 moves its index into ranges whole."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import psycopg
import pytest

from reader import search
from reader.models import ArticleInput
from reader.store import Store, open_store
from reader.store.pgschema import MIGRATIONS, RANGE
from reader.store.postgres import tsquery, tsvector

pytestmark = pytest.mark.parametrize("db_backend", ["postgresql"], indirect=True)


def ranges(database: str) -> list[str]:
    with psycopg.connect(database) as conn:
        return [r[0] for r in conn.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = 'search_index'::regclass AND c.relkind = 'r' ORDER BY c.relname").fetchall()]


def save_at(store: Store, database: str, first_id: int, slug: str, title: str, day: int) -> int:
    """Save an article whose id is ``first_id`` (the id sequence moved there)."""
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute("SELECT setval(pg_get_serial_sequence('articles', 'id'), %s)", (first_id - 1,))
    article_id, created = store.save(ArticleInput(
        slug=slug, lang="vi", title=title, summary="", body_html=f"<p>{title}. Hội nghị tổng kết.</p>",
        author="", published_at=datetime(2025, 1, 1, tzinfo=UTC) + timedelta(days=day)))
    assert created and article_id == first_id
    return article_id


def test_articles_far_apart_are_found_newest_first_across_ranges(
        make_store: Callable[..., Store], database: str) -> None:
    store = make_store()
    ids = [save_at(store, database, first, f"bai-{n}", f"Hội nghị thứ {n}", n)
           for n, first in enumerate([5, RANGE - 1, RANGE, 3 * RANGE + 7])]
    assert ranges(database) == ["search_index_p0", "search_index_p1", "search_index_p3"]
    words = search.terms("hoi nghi")
    assert store.search_matches(words, "vi", 10, 10) == (sorted(ids, reverse=True), False)
    # Past a cap, the newest come from the newest range first.
    assert store.search_matches(words, "vi", 2, 2) == (sorted(ids, reverse=True)[:2], True)
    results = search.search(store, "hội nghị thứ 3", "vi", 1, 10)
    assert [h.item.id for h in results.hits][0] == ids[3]
    # Another process's store writes to a range this one made, and makes a new one,
    # which this store's connections, whose search plans were made before it, see.
    other = make_store()
    assert save_at(other, database, 3 * RANGE + 9, "bai-sau", "Hội nghị sau", 8) == 3 * RANGE + 9
    later = save_at(other, database, 5 * RANGE + 9, "bai-moi", "Hội nghị mới", 9)
    assert ranges(database)[-1] == "search_index_p5"
    for reader in (store, other):
        assert reader.search_matches(words, "vi", 10, 10)[0][:2] == [later, 3 * RANGE + 9]
    # Deleting an article takes its entry from its range (the key cascades).
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute("DELETE FROM articles WHERE id = %s", (ids[3],))
        assert conn.execute("SELECT count(*) FROM search_index_p3").fetchone() == (1,)
    assert store.check().problems == []


def test_two_writers_making_the_same_range_both_go_on(database: str) -> None:
    open_store(database).close()
    made: list[object] = []
    with psycopg.connect(database) as first:
        assert first.execute("SELECT reader_search_range(%s)", (5 * RANGE,)).fetchone() == (False,)

        def second_writer() -> None:
            with psycopg.connect(database) as second:  # waits for the first one's lock
                made.append(second.execute("SELECT reader_search_range(%s)", (5 * RANGE + 1,)).fetchone())

        thread = threading.Thread(target=second_writer)
        thread.start()
        thread.join(0.5)
        assert thread.is_alive()  # blocked behind the first transaction
        first.commit()
        thread.join(30)
    assert made == [(True,)]
    assert "search_index_p5" in ranges(database)


def test_a_schema_2_database_moves_its_index_into_ranges(database: str) -> None:
    """As a site upgraded from the previous release: its entries are kept, in ranges."""
    with psycopg.connect(database) as conn:
        conn.execute("CREATE TABLE reader_schema (version INTEGER NOT NULL)")
        conn.execute("INSERT INTO reader_schema VALUES (2)")
        for migration in MIGRATIONS[:2]:
            conn.execute(migration)
        for article_id, title in [(3, "Hội nghị đầu năm"), (2 * RANGE + 3, "Hội nghị cuối năm")]:
            conn.execute("INSERT INTO articles (id, slug, lang, title, body_html, published_at, updated_at) "
                         "VALUES (%s, %s, 'vi', %s, '<p>x</p>', now(), now())",
                         (article_id, f"a{article_id}", title))
            conn.execute("INSERT INTO search_index VALUES (%s, %s::tsvector)",
                         (article_id, tsvector(title, "", "x")))
    store = open_store(database)
    try:
        assert store.schema_version() == len(MIGRATIONS)
        assert ranges(database) == ["search_index_p0", "search_index_p2"]
        found, capped = store.search_matches(search.terms("hoi nghi nam"), "vi", 10, 10)
        assert (found, capped) == ([2 * RANGE + 3, 3], False)
        with psycopg.connect(database) as conn:
            assert conn.execute("SELECT count(*) FROM pg_class WHERE relname LIKE 'search_index_whole%'"
                                ).fetchone() == (0,)
    finally:
        store.close()


def test_several_words_read_every_range_by_its_gin_index(make_store: Callable[..., Store], database: str) -> None:
    """The plan inside reader_search_first, as auto_explain (PostgreSQL's own
    contrib module) reports it: a bitmap of each range's GIN index, no table
    read row by row, even for words the statistics call common together."""
    store = make_store()
    for n, first in enumerate([5, RANGE + 5]):
        save_at(store, database, first, f"bai-{n}", f"Hội nghị thứ {n}", n)
    notices: list[str] = []
    with psycopg.connect(database, autocommit=True) as conn:
        conn.add_notice_handler(lambda diag: notices.append(str(diag.message_primary)))
        for setting in ("LOAD 'auto_explain'", "SET auto_explain.log_min_duration = 0",
                        "SET auto_explain.log_nested_statements = on", "SET client_min_messages = log"):
            conn.execute(setting)
        found = conn.execute("SELECT id FROM reader_search_first(%s::tsquery, 'vi', 10) AS id",
                             (tsquery(search.terms("hoi nghi")),)).fetchall()
    assert sorted(r[0] for r in found) == [5, RANGE + 5]
    inner = [n for n in notices if "search_index s WHERE" in n or "Bitmap" in n]
    assert inner and all("Seq Scan" not in n for n in notices), notices
    assert any("Bitmap Index Scan on search_index_p0_doc_idx" in n and
               "Bitmap Index Scan on search_index_p1_doc_idx" in n for n in notices), notices
