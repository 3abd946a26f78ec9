"""``reader db copy`` (an SQLite site into PostgreSQL: whole, idempotent,
resumable, with a progress bar) and ``reader db check`` (counts and
integrity on either engine)."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest

from reader import search
from reader.cli import main
from reader.models import ArticleInput
from reader.samples import load_samples
from reader.store import Store, open_store
from reader.store.base import ArticleRecord

from .conftest import on_terminal
from .pg import Cluster

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def site(tmp_path: Path, media_dir: Path) -> Path:
    """An SQLite site: the samples (images, translations), one article edited twice."""
    path = tmp_path / "site.sqlite3"
    store = open_store(path)
    load_samples(store, media_dir)
    for title in ("Bản tin", "Bản tin (sửa)", "Bản tin (sửa lần hai)"):
        store.save(ArticleInput(slug="ban-tin", lang="vi", title=title, summary="", body_html="<p>Tin.</p>",
                                author="", published_at=datetime(2024, 5, 1, tzinfo=UTC)))
    store.close()
    return path


@pytest.fixture
def target(pg_cluster: Cluster) -> Iterator[str]:
    pg_cluster.drop_database("copy_target")
    yield pg_cluster.create_database("copy_target")
    pg_cluster.drop_database("copy_target")


def everything(store: Store) -> list[ArticleRecord]:
    return store.records(0, 10_000)


def test_a_copy_holds_every_article_as_it_was(site: Path, target: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "copy", "--from", str(site), "--to", target]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1].startswith(
        "copy: copied 18, already there 0, failed 0 (")
    source, copied = open_store(site), open_store(target)
    try:
        assert everything(copied) == everything(source)  # ids, slugs, versions, times, images, pairs
        edited = copied.article("ban-tin")
        assert edited is not None and edited.version == 3
        assert any(r.article.images for r in everything(copied))
        pair = copied.article("chung-day-hoang-lien-chung-niem-khat-vong")
        assert pair is not None and copied.translation(pair, "en") is not None
        assert copied.latest("vi", 1, 50).total == source.latest("vi", 1, 50).total
        words = search.terms("hoi nghi")
        assert copied.search_matches(words, "vi", 100, 100) == source.search_matches(words, "vi", 100, 100)
        assert copied.check().problems == []
        new_id, _ = copied.save(ArticleInput(slug="sau-khi-chuyen", lang="vi", title="Sau khi chuyển",
                                             summary="", body_html="<p>x</p>", author="",
                                             published_at=datetime(2025, 1, 1, tzinfo=UTC)))
        assert new_id > max(r.article.id for r in everything(source))  # numbered after the copied ids
    finally:
        source.close()
        copied.close()


def test_copying_again_changes_nothing_then_brings_changes(site: Path, target: str,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "copy", "--from", str(site), "--to", target]) == 0
    assert main(["db", "copy", "--from", str(site), "--to", target]) == 0
    assert "copy: copied 0, already there 18, failed 0" in capsys.readouterr().out
    store = open_store(site)
    store.save(ArticleInput(slug="ban-tin", lang="vi", title="Bản tin (lần ba)", summary="",
                            body_html="<p>Tin.</p>", author="", published_at=datetime(2024, 5, 1, tzinfo=UTC)))
    store.close()
    assert main(["db", "copy", "--from", str(site), "--to", target]) == 0
    assert "copy: copied 1, already there 17, failed 0" in capsys.readouterr().out
    copied = open_store(target)
    assert copied.article("ban-tin").title == "Bản tin (lần ba)"  # type: ignore[union-attr]
    copied.close()


def test_a_stopped_copy_resumes(site: Path, target: str, capsys: pytest.CaptureFixture[str],
                                monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.store.postgres import PostgresStore

    original = PostgresStore.put_record
    calls = {"n": 0}

    def flaky(self: PostgresStore, record: ArticleRecord) -> bool:
        calls["n"] += 1
        if calls["n"] == 8:  # the connection is lost part way
            from reader.store import StoreUnavailable
            raise StoreUnavailable(f"{self.name}: server closed the connection unexpectedly")
        return original(self, record)

    monkeypatch.setattr(PostgresStore, "put_record", flaky)
    assert main(["db", "copy", "--from", str(site), "--to", target]) == 1
    err = capsys.readouterr().err
    assert "server closed the connection unexpectedly (run the same command again to resume)" in err
    with psycopg.connect(target) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone() == (7,)  # whole articles only
    assert main(["db", "copy", "--from", str(site), "--to", target]) == 0
    assert "copy: copied 11, already there 7, failed 0" in capsys.readouterr().out


def test_a_copy_never_mixes_two_sites(site: Path, target: str, tmp_path: Path, media_dir: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    other = open_store(target)
    other.save(ArticleInput(slug="bai-cua-trang-khac", lang="vi", title="Trang khác", summary="",
                            body_html="<p>x</p>", author="", published_at=datetime(2024, 1, 1, tzinfo=UTC)))
    other.close()
    assert main(["db", "copy", "--from", str(site), "--to", target]) == 1
    assert "already holds other articles (id 1 is 'bai-cua-trang-khac' there)" in capsys.readouterr().err
    assert main(["db", "copy", "--from", str(tmp_path / "missing.sqlite3"), "--to", target]) == 1
    assert "missing.sqlite3 does not exist" in capsys.readouterr().err


def test_the_copy_shows_a_progress_bar_on_a_terminal(site: Path, target: str) -> None:
    status, seen, out = on_terminal(
        [sys.executable, "-m", "reader", "db", "copy", "--from", str(site), "--to", target], REPO)
    assert status == 0
    assert "\r" in seen and "copy: 100%" in seen and "18/18" in seen  # reader/progress.py's bar, filled
    assert out.startswith("copy: copied 18")


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_check_reports_counts_and_problems(engine: str, site: Path, target: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    database = str(site)
    if engine == "postgresql":
        assert main(["db", "copy", "--from", str(site), "--to", target]) == 0
        database = target
    capsys.readouterr()
    assert main(["db", "check", "--db", database]) == 0
    out = capsys.readouterr().out
    assert "  articles: 18\n" in out and "  translated pairs: " in out and "  images: " in out
    assert out.strip().splitlines()[-1] == "check: 0 problems"
    if engine == "sqlite":
        conn = sqlite3.connect(site)
        conn.execute("UPDATE story_counts SET pairs = pairs + 5")
        conn.execute("DELETE FROM articles_fts WHERE rowid = 1")
        conn.commit()
        conn.close()
    else:
        with psycopg.connect(target, autocommit=True) as conn:
            conn.execute("UPDATE story_counts SET pairs = pairs + 5")
            conn.execute("DELETE FROM search_index WHERE article_id = 1")
    assert main(["db", "check", "--db", database]) == 1
    out = capsys.readouterr().out
    assert "problem: the maintained count of translated pairs says" in out
    assert "problem: 18 articles but 17 search entries" in out


def test_a_copy_keeps_sources_withdrawals_and_validators(site: Path, target: str,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    from reader.models import DocumentState, Fetch

    store = open_store(site)
    source, _ = store.add_source("https://portal.example/rss", "vi")
    store.save_document(source.id, DocumentState("https://portal.example/rss", '"f1"', None, "fh", None))
    store.save(ArticleInput(slug="tu-cong", lang="vi", title="Từ cổng", summary="", body_html="<p>x</p>",
                            author="", published_at=datetime(2024, 6, 1, tzinfo=UTC),
                            source_key="https://portal.example/1"),
               Fetch(source_id=source.id, etag='"e"', content_hash="h", listed_in="https://portal.example/rss"))
    store.withdraw("ban-tin")
    store.close()
    assert main(["db", "copy", "--from", str(site), "--to", target]) == 0
    copied = open_store(target)
    try:
        [followed] = copied.sources()
        assert (followed.url, followed.lang, followed.articles) == ("https://portal.example/rss", "vi", 1)
        assert copied.document("https://portal.example/rss").etag == '"f1"'  # type: ignore[union-attr]
        state = copied.page_state("https://portal.example/1")
        assert state is not None and (state.etag, state.content_hash) == ('"e"', "h")
        assert copied.article("ban-tin").withdrawn  # type: ignore[union-attr]
        original = open_store(site)
        assert copied.latest("vi", 1, 100) == original.latest("vi", 1, 100)  # ban-tin is down in both
        original.close()
        assert copied.add_source("https://other.example/rss", None)[0].id > followed.id
    finally:
        copied.close()
    source_store = open_store(site)
    source_store.restore("ban-tin")
    source_store.close()
    assert main(["db", "copy", "--from", str(site), "--to", target]) == 0
    assert "copied 1," in capsys.readouterr().out  # the restore travels too
