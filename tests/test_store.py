from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from reader.models import ArticleInput, Image
from reader.store import SCHEMA_VERSION, Store, StoreError

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
    store = Store.open(tmp_path / "r.db")
    assert store.created
    conn = sqlite3.connect(tmp_path / "r.db")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()
    assert not Store.open(tmp_path / "r.db").created


def test_a_database_from_a_newer_reader_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match=r"future\.db.*newer Reader"):
        Store.open(path)


def test_a_file_that_is_not_a_database_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("these are not the tables you are looking for\n" * 100)
    with pytest.raises(StoreError, match=r"notes\.txt is not a Reader database"):
        Store.open(path)
    assert path.read_text().startswith("these are not")  # untouched


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"folder .*missing-folder does not exist"):
        Store.open(tmp_path / "missing-folder" / "r.db")


def test_a_directory_is_not_a_database(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"is a directory"):
        Store.open(tmp_path)


def test_save_inserts_then_updates_the_same_slug(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "r.db")
    image = Image(file="a.jpg", alt="Núi", caption="Ảnh núi", width=10, height=5)
    first_id, created = store.save(make_input(images=(image,)))
    assert created
    second_id, created = store.save(make_input(title="Bài một (sửa)", images=()))
    assert not created and second_id == first_id
    article = store.article("bai-mot")
    assert article is not None
    assert article.title == "Bài một (sửa)"
    assert article.version == 2
    assert article.images == ()
    assert article.published_at == datetime(2024, 1, 17, 13, 0, tzinfo=UTC)
    assert store.count() == 1


def test_a_failed_save_leaves_nothing_behind(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "r.db")
    bad_image = Image(file="a.jpg", alt="x", caption="", width=None, height=1)  # type: ignore[arg-type]
    with pytest.raises(sqlite3.IntegrityError):
        store.save(make_input(images=(bad_image,)))
    assert store.count() == 0


def test_lists_show_each_story_once_per_locale(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "r.db")
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


def test_translation_links_the_other_language(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "r.db")
    store.save(make_input("chuyen-a", translation_group="a"))
    store.save(make_input("story-a", lang="en", translation_group="a"))
    article = store.article("chuyen-a")
    assert article is not None
    other = store.translation(article, "en")
    assert other is not None and other.slug == "story-a"
    assert store.translation(article, "vi") is None


def test_naive_times_are_rejected(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "r.db")
    with pytest.raises(ValueError, match="time-zone aware"):
        store.save(make_input(published_at=datetime(2024, 1, 1)))


def test_a_database_from_before_sync_is_migrated_and_keeps_its_articles(tmp_path: Path) -> None:
    """Schema 4 (no sources, no withdrawals) opens as the current schema; its
    articles stay visible and can be withdrawn and restored."""
    from reader.store import MIGRATIONS, connect

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
    store = Store.open(path)
    assert [a.slug for a in store.latest("vi", 1, 10).items] == ["cu"]
    assert store.withdraw("cu") is True and store.latest("vi", 1, 10).total == 0
    assert (store.article("cu") or pytest.fail("gone")).withdrawn
    assert store.restore("cu") is True and store.latest("vi", 1, 10).total == 1
    assert store.sources() == []
    store.close()


def test_withdrawing_moves_last_modified_and_deleting_never_moves_it_back(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "r.db")
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
    store.close()
