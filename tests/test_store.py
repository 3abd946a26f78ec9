"""The store, on both engines: saving, lists, translations, the maintained count,
errors; SQLite's own file handling, PostgreSQL's URLs, schema and bad targets."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from reader.models import ArticleInput, Fetch, Image, PageState
from reader.store import Store, StoreConflict, StoreError
from reader.store.sqlite import SCHEMA_VERSION, SQLiteStore

VN = timezone(timedelta(hours=7))


def make_input(slug: str = "bai-mot", **changes: object) -> ArticleInput:
    values: dict[str, object] = {
        "slug": slug, "lang": "vi", "title": "Bài một", "summary": "Tóm tắt",
        "body_html": "<p>Một hai ba bốn năm.</p>", "author": "Tác giả",
        "published_at": datetime(2024, 1, 17, 20, 0, tzinfo=VN),
    }
    values.update(changes)
    return ArticleInput(**values)  # type: ignore[arg-type]


def test_new_database_is_created_in_wal_mode_at_the_current_schema(tmp_path: Path) -> None:
    store = SQLiteStore.open(tmp_path / "r.db")
    assert store.created
    conn = sqlite3.connect(tmp_path / "r.db")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()
    assert not SQLiteStore.open(tmp_path / "r.db").created


def test_a_database_from_a_newer_reader_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match=r"future\.db.*newer Reader"):
        SQLiteStore.open(path)


def test_a_file_that_is_not_a_database_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("these are not the tables you are looking for\n" * 100)
    with pytest.raises(StoreError, match=r"notes\.txt is not a Reader database"):
        SQLiteStore.open(path)
    assert path.read_text().startswith("these are not")  # untouched


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"folder .*missing-folder does not exist"):
        SQLiteStore.open(tmp_path / "missing-folder" / "r.db")


def test_a_directory_is_not_a_database(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"is a directory"):
        SQLiteStore.open(tmp_path)


MakeStore = Callable[..., Store]


@pytest.mark.both_backends
def test_save_inserts_then_updates_the_same_slug(make_store: MakeStore) -> None:
    store = make_store()
    image = Image(file="a.jpg", alt="Núi", caption="Ảnh núi", width=10, height=5)
    first_id, created = store.save(make_input(images=(image,)))
    assert created
    assert store.article("bai-mot").images == (image,)  # type: ignore[union-attr]
    second_id, created = store.save(make_input(title="Bài một (sửa)", images=()))
    assert not created and second_id == first_id
    article = store.article("bai-mot")
    assert article is not None
    assert article.title == "Bài một (sửa)"
    assert article.version == 2
    assert article.images == ()
    assert article.published_at == datetime(2024, 1, 17, 13, 0, tzinfo=UTC)
    assert store.count() == 1


@pytest.mark.both_backends
def test_a_source_lists_its_pages_and_those_missing_images(make_store: MakeStore) -> None:
    store = make_store()
    source, _ = store.add_source("https://portal.example.vn/rss", "vi")
    for n, digest in enumerate(["abc", "def" + PageState.PARTIAL, None]):
        store.save(make_input(slug=f"bai-{n}", source_key=f"https://portal.example.vn/tin-{n}.html"),
                   Fetch(source.id, content_hash=digest))
    assert store.source_pages(source.id) == [f"https://portal.example.vn/tin-{n}.html" for n in range(3)]
    assert store.source_pages(source.id, partial=True) == ["https://portal.example.vn/tin-1.html"]
    assert store.page_state("https://portal.example.vn/tin-1.html").complete is False  # type: ignore[union-attr]
    assert store.page_state("https://portal.example.vn/tin-0.html").complete is True  # type: ignore[union-attr]


@pytest.mark.both_backends
def test_a_failed_save_leaves_nothing_behind(make_store: MakeStore) -> None:
    store = make_store()
    bad_image = Image(file="a.jpg", alt="x", caption="", width=None, height=1)  # type: ignore[arg-type]
    with pytest.raises(StoreConflict):
        store.save(make_input(images=(bad_image,)))
    assert store.count() == 0 and store.article("bai-mot") is None


@pytest.mark.both_backends
def test_lists_show_each_story_once_per_locale(make_store: MakeStore) -> None:
    store = make_store()
    day = datetime(2024, 1, 1, tzinfo=VN)
    store.save(make_input("chuyen-a", translation_group="a", published_at=day))
    store.save(make_input("story-a", lang="en", translation_group="a", published_at=day))
    store.save(make_input("chi-tieng-viet", published_at=day + timedelta(days=1)))
    store.save(make_input("english-only", lang="en", published_at=day + timedelta(days=2)))

    def slugs(locale: str) -> list[str]:
        return [a.slug for a in store.latest(locale, 1, 10).items]  # type: ignore[arg-type]

    assert slugs("vi") == ["english-only", "chi-tieng-viet", "chuyen-a"]
    assert slugs("en") == ["english-only", "chi-tieng-viet", "story-a"]
    page = store.latest("en", 2, 2)
    assert [a.slug for a in page.items] == ["story-a"] and page.count == 2


@pytest.mark.both_backends
def test_the_list_count_is_maintained_through_every_kind_of_write(make_store: MakeStore) -> None:
    """The total shown as "page N of M" is a maintained count, so it must follow
    inserts, translations linked later, a language changed, and re-saves."""
    store = make_store()

    def totals() -> tuple[int, int]:
        return store.latest("vi", 1, 1).total, store.latest("en", 1, 1).total

    def visible(locale: str) -> int:
        return len(store.latest(locale, 1, 100).items)  # type: ignore[arg-type]

    store.save(make_input("a-vi"))
    store.save(make_input("a-en", lang="en"))
    assert totals() == (2, 2)
    store.link_translation("a-en", "a-vi")  # now one story in two languages
    assert totals() == (1, 1) == (visible("vi"), visible("en"))
    store.save(make_input("b-vi", translation_group="b"))
    store.save(make_input("b-en", lang="en", translation_group="b"))
    store.save(make_input("c-en", lang="en", translation_group="b-other"))
    assert totals() == (3, 3) == (visible("vi"), visible("en"))
    store.save(make_input("b-en", lang="vi", translation_group="b-solo"))  # moved out of the pair
    assert totals() == (4, 4) == (visible("vi"), visible("en"))
    assert store.count() == 5
    assert store.check().problems == []


@pytest.mark.both_backends
def test_a_translation_pair_cannot_hold_two_articles_in_one_language(make_store: MakeStore) -> None:
    store = make_store()
    store.save(make_input("a-vi", translation_group="a"))
    store.save(make_input("a-en", lang="en", translation_group="a"))
    store.save(make_input("other-en", lang="en"))
    with pytest.raises(StoreConflict):
        store.link_translation("other-en", "a-vi")
    assert store.article("other-en").translation_group is None  # type: ignore[union-attr]


@pytest.mark.both_backends
def test_translation_links_the_other_language(make_store: MakeStore) -> None:
    store = make_store()
    store.save(make_input("chuyen-a", translation_group="a"))
    store.save(make_input("story-a", lang="en", translation_group="a"))
    article = store.article("chuyen-a")
    assert article is not None
    other = store.translation(article, "en")
    assert other is not None and other.slug == "story-a"
    assert store.translation(article, "vi") is None


@pytest.mark.both_backends
def test_naive_times_are_rejected(make_store: MakeStore) -> None:
    store = make_store()
    with pytest.raises(ValueError, match="time-zone aware"):
        store.save(make_input(published_at=datetime(2024, 1, 1)))


@pytest.mark.both_backends
def test_another_connections_write_moves_the_generation(make_store: MakeStore) -> None:
    reader, writer = make_store(), make_store()
    before = reader.generation()
    writer.save(make_input("moi"))
    assert reader.generation() != before
    assert reader.article("moi") is not None
    assert reader.last_modified() > 0


@pytest.mark.both_backends
def test_slugs_come_in_the_order_articles_were_added(make_store: MakeStore) -> None:
    store = make_store()
    for n in (3, 1, 2):
        store.save(make_input(f"bai-{n}"))
    assert list(store.slugs(batch=2)) == ["bai-3", "bai-1", "bai-2"]


def test_a_database_from_before_sync_is_migrated_and_keeps_its_articles(tmp_path: Path) -> None:
    """Schema 4 (no sources, no withdrawals) opens as the current schema; its
    articles stay visible and can be withdrawn and restored."""
    from reader.store.sqlite import MIGRATIONS, connect

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.create_function("reader_fold", 1, lambda s: s)
    conn.create_function("reader_text", 1, lambda s: s)
    for number, script in enumerate(MIGRATIONS[:4], start=1):
        conn.executescript(script)
        conn.execute(f"PRAGMA user_version = {number}")
    conn.execute("INSERT INTO articles (slug, lang, title, body_html, published_at, updated_at) "
                 "VALUES ('cu', 'vi', 'Bài cũ', '<p>Một hai.</p>', '2024-01-01T00:00:00+00:00', "
                 "'2024-01-01T00:00:00+00:00')")
    conn.commit()
    conn.close()
    conn2, previous = connect(path)
    conn2.close()
    assert previous == 4
    store = SQLiteStore.open(path)
    assert [a.slug for a in store.latest("vi", 1, 10).items] == ["cu"]
    assert store.withdraw("cu") is True and store.latest("vi", 1, 10).total == 0
    assert (store.article("cu") or pytest.fail("gone")).withdrawn
    assert store.restore("cu") is True and store.latest("vi", 1, 10).total == 1
    assert store.sources() == []
    store.close()


@pytest.mark.both_backends
def test_withdrawing_moves_last_modified_and_deleting_never_moves_it_back(make_store: MakeStore) -> None:
    store = make_store()
    store.save(make_input("mot"))
    store.save(make_input("hai", title="Bài hai"))
    before = store.last_modified()
    import time

    time.sleep(1.1)
    store.withdraw("hai")
    withdrawn = store.last_modified()
    assert withdrawn > before
    deleted = store.delete_article("hai")
    assert deleted is not None and deleted.slug == "hai"
    assert store.last_modified() >= withdrawn
    assert store.delete_article("hai") is None and store.withdraw("hai") is None
    assert store.check().problems == []


@pytest.mark.both_backends
def test_withdrawals_keep_the_list_count_and_the_pairs_right(make_store: MakeStore) -> None:
    """A withdrawn article leaves the lists; its translation is then listed on its
    own in both languages; a restore puts the pair back."""
    store = make_store()
    store.save(make_input("a-vi", translation_group="a"))
    store.save(make_input("a-en", lang="en", translation_group="a"))
    store.save(make_input("b-vi"))

    def listed(locale: str) -> list[str]:
        page = store.latest(locale, 1, 10)  # type: ignore[arg-type]
        assert page.total == len(page.items)  # the maintained count agrees with the rows
        return sorted(a.slug for a in page.items)

    assert listed("vi") == ["a-vi", "b-vi"] and listed("en") == ["a-en", "b-vi"]
    assert store.withdraw("a-vi") is True
    assert listed("vi") == ["a-en", "b-vi"] == listed("en")
    article = store.article("a-en")
    assert article is not None and store.translation(article, "vi") is None
    assert store.restore("a-vi") is True
    assert listed("vi") == ["a-vi", "b-vi"] and listed("en") == ["a-en", "b-vi"]
    assert store.delete_article("a-en") is not None
    assert listed("en") == ["a-vi", "b-vi"]
    assert store.check().problems == []


@pytest.mark.both_backends
def test_the_portal_queries_agree_on_both_engines(make_store: MakeStore) -> None:
    """What `reader sync`, `reader sources` and `reader articles` ask of the store
    (tests/test_sync.py drives them against a loopback portal on SQLite)."""
    from reader.models import DocumentState, Fetch

    store = make_store()
    source, new = store.add_source("https://portal.example/rss", "vi")
    assert new and source.lang == "vi" and source.last_ok is None and source.articles == 0
    again, new = store.add_source("https://portal.example/rss", None)
    assert not new and again.id == source.id and again.lang == "vi"
    page = "https://portal.example/bai-1.html"
    fetch = Fetch(source_id=source.id, etag='"e1"', last_modified="Mon, 01 Jan 2024 00:00:00 GMT",
                  content_hash="h1", listed_in="https://portal.example/rss", listed_stamp="s1")
    store.save(make_input("bai-1", source_key=page), fetch)
    state = store.page_state(page)
    assert state is not None and (state.slug, state.etag, state.content_hash, state.listed_in) == \
        ("bai-1", '"e1"', "h1", "https://portal.example/rss")
    assert store.listed("https://portal.example/rss") == {page}
    assert store.source_slugs(source.id) == ["bai-1"] and store.source_pages(source.id) == [page]
    store.page_unchanged(page, Fetch(source_id=source.id, etag='"e2"', listed_in="https://portal.example/rss"))
    assert store.page_state(page).etag == '"e2"'  # type: ignore[union-attr]
    store.unlist(page)
    assert store.listed("https://portal.example/rss") == set()
    store.record_sync(source.id, True, "imported 1")
    [listed] = store.sources()
    assert listed.last_ok is True and listed.last_result == "imported 1" and listed.articles == 1
    assert listed.last_sync_at is not None
    document = DocumentState("https://portal.example/rss", '"f1"', None, "fh", None)
    store.save_document(source.id, document)
    assert store.document(document.url) == document and store.documents(source.id) == [document]
    store.forget_document(document.url)
    assert store.document(document.url) is None
    store.save_robots("https://portal.example", "User-agent: *\nDisallow: /private/\n")
    body, when = store.robots("https://portal.example")  # type: ignore[misc]
    assert body.startswith("User-agent") and when.tzinfo is not None

    assert store.withdraw("bai-1", by="source") is True
    assert store.withdraw("bai-1", by="source") is False and store.withdraw("khong-co") is None
    assert [e.withdrawn_by for e in store.entries(withdrawn=True)] == ["source"]
    assert store.latest("vi", 1, 10).total == 0
    store.save(make_input("bai-1", source_key=page), fetch)  # its portal publishes it again: back
    assert store.latest("vi", 1, 10).total == 1 and not store.article("bai-1").withdrawn  # type: ignore[union-attr]
    assert store.withdraw("bai-1") is True  # by hand: a new save keeps it down
    store.save(make_input("bai-1", source_key=page), fetch)
    assert store.article("bai-1").withdrawn and store.restore("bai-1") is True  # type: ignore[union-attr]
    assert store.restore("bai-1") is False
    twin = store.save(make_input("ban-sao"))[0]
    assert store.same_text(store.article("bai-1")) and twin  # type: ignore[arg-type]
    assert [e.slug for e in store.entries(source_url="https://portal.example/rss")] == ["bai-1"]
    deleted = store.delete_article("bai-1")
    assert deleted is not None and deleted.slug == "bai-1" and store.article("bai-1") is None
    assert store.remove_source("https://portal.example/rss") and store.sources() == []
    assert store.check().problems == []
