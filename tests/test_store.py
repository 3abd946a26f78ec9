"""The store, on both engines: saving, lists, translations, the maintained count,
errors; SQLite's own file handling, PostgreSQL's URLs, schema and bad targets."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from reader.models import ArticleInput, Image
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
