"""Read replicas: a real primary and a real streaming replica (pg_basebackup from
Debian's PostgreSQL).  Pages are read from the replica, writes go to the
primary, a writer sees its own writes at once, and a page served from the
replica picks up an import on the primary within the content interval plus
the replica's lag."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from reader.cli import main
from reader.config import Settings
from reader.models import ArticleInput

from .pg import Cluster

SAPA = "/vi/articles/chung-day-hoang-lien-chung-niem-khat-vong"


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[Cluster, Cluster]]:
    primary = Cluster().init().start()
    primary.create_database("site")
    replica = primary.replica()
    yield primary, replica
    replica.remove()
    primary.remove()


def replay(replica: Cluster, running: bool) -> None:
    with psycopg.connect(replica.url("site"), autocommit=True) as conn:
        conn.execute("SELECT pg_wal_replay_resume()" if running else "SELECT pg_wal_replay_pause()")


@pytest.fixture
def app(servers: tuple[Cluster, Cluster], settings: Settings) -> Iterator[Starlette]:
    primary, replica = servers
    from reader.app import create_app

    app = create_app(replace(settings, db=primary.url("site"), replicas=(replica.url("site"),)))
    yield app
    app.state.services.store.close()
    replay(replica, True)


def wait_for(check: Callable[[], bool], timeout: float = 10.0) -> float:
    started = time.monotonic()
    while not check():
        assert time.monotonic() - started < timeout, "timed out"
        time.sleep(0.01)
    return time.monotonic() - started


def article(slug: str, title: str) -> ArticleInput:
    return ArticleInput(slug=slug, lang="vi", title=title, summary="", body_html="<p>Nội dung mới.</p>",
                        author="", published_at=datetime(2031, 1, 1, tzinfo=UTC))


def test_pages_are_read_from_the_replica(app: Starlette, servers: tuple[Cluster, Cluster]) -> None:
    primary, replica = servers
    replica.wait_replayed(primary)
    with TestClient(app) as client:
        client.cookies.set("reader_lang", "vi")
        assert client.get(SAPA).status_code == 200
        primary.stop()  # with the primary gone, an uncached page can only come from the replica
        try:
            app.state.services.cache.clear()
            page = client.get("/vi/search?q=hoang+lien")
            assert page.status_code == 200 and SAPA in page.text
            assert client.get("/en/").status_code == 200
        finally:
            primary.start()


def test_a_writer_sees_its_own_writes_while_the_replica_lags(app: Starlette,
                                                              servers: tuple[Cluster, Cluster]) -> None:
    primary, replica = servers
    store = app.state.services.store
    replay(replica, False)  # the replica stops applying the primary's changes
    store.save(article("viet-tai-day", "Bài viết ngay tại đây"))
    assert store.article("viet-tai-day") is not None  # read from the primary: the replica is behind
    with psycopg.connect(replica.url("site")) as conn:
        assert conn.execute("SELECT count(*) FROM articles WHERE slug = 'viet-tai-day'").fetchone() == (0,)
    with TestClient(app) as client:
        client.cookies.set("reader_lang", "vi")
        assert "Bài viết ngay tại đây" in client.get("/vi/").text
        replay(replica, True)
        replica.wait_replayed(primary)
        assert store.article("viet-tai-day") is not None  # and from the replica once it has it
        assert store._pending_lsn is None  # back on the replica


def test_an_import_on_the_primary_reaches_pages_served_from_the_replica(
        app: Starlette, servers: tuple[Cluster, Cluster], tmp_path: Path,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    primary, replica = servers
    interval = app.state.services.clock.interval
    assert interval == 0.1  # PostgreSQL's default
    source = tmp_path / "tin-moi.md"
    source.write_text("---\ntitle: Tin mới từ máy chủ chính\nlang: vi\ndate: 2032-02-02\n---\n\n"
                      "Một bài viết được nhập trên máy chủ chính.\n", encoding="utf-8")
    monkeypatch.setenv("READER_DATA_DIR", str(tmp_path / "importer"))
    with TestClient(app) as client:
        client.cookies.set("reader_lang", "vi")
        assert "Tin mới từ máy chủ chính" not in client.get("/vi/").text  # now cached
        replay(replica, False)
        assert main(["import", str(source), "--db", primary.url("site")]) == 0
        assert "imported 1" in capsys.readouterr().out
        time.sleep(interval * 3)
        assert "Tin mới từ máy chủ chính" not in client.get("/vi/").text  # the replica has not got it
        replay(replica, True)
        waited = wait_for(lambda: "Tin mới từ máy chủ chính" in client.get("/vi/").text)
        print(f"seen {waited * 1000:.0f} ms after the replica resumed (interval {interval * 1000:.0f} ms)")
        assert waited < interval + 2.0  # the interval, plus replaying a few WAL records


def test_the_check_names_a_replica_that_is_down(app: Starlette, servers: tuple[Cluster, Cluster]) -> None:
    """`reader db check` on a site whose replica went away: a problem naming the
    replica, the primary's counts still reported, never a traceback."""
    primary, replica = servers
    store = app.state.services.store
    replica.wait_replayed(primary)
    assert store.check().problems == []
    replica.stop()
    try:
        report = store.check()
    finally:
        replica.start()
    assert report.counts["articles"] > 0
    assert len(report.problems) == 1 and str(replica.port) in report.problems[0], report.problems
