"""PostgreSQL as an operator meets it: URLs and what bad ones get (one line naming
the target, never the password, exit 1), a newer schema refused, migrations
that run once however many workers start, the server going away while pages
are served and coming back, and the missing extra named."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import psycopg
import pytest
from starlette.testclient import TestClient

from reader.cli import main
from reader.store import StoreError, describe, open_store
from reader.store.postgres import SCHEMA_VERSION, tsquery, tsvector

from .pg import Cluster

SAPA = "/vi/articles/chung-day-hoang-lien-chung-niem-khat-vong"
SECRET = "s3cr3t-Pa55"


@pytest.fixture(scope="module")
def credentials(pg_cluster: Cluster) -> Iterator[tuple[str, str]]:
    """A role with a password and a database of its own, reached over TCP (scram)."""
    pg_cluster.sql(f"CREATE ROLE reader_user LOGIN PASSWORD '{SECRET}'")
    pg_cluster.sql("CREATE DATABASE reader_site OWNER reader_user")
    yield "reader_user", "reader_site"
    pg_cluster.drop_database("reader_site")
    pg_cluster.sql("DROP ROLE reader_user")


def test_urls_are_shown_without_their_password() -> None:
    assert describe(f"postgresql://reader:{SECRET}@db.example/site") == "postgresql://reader@db.example/site"
    assert describe(f"postgresql:///site?host=/run/pg&password={SECRET}") == \
        "postgresql:///site?host=/run/pg&password=***"
    assert describe("/var/lib/reader/reader.sqlite3") == "/var/lib/reader/reader.sqlite3"


def test_the_index_entry_and_queries_quote_every_word() -> None:
    entry = tsvector("Hội nghị", "it's", "hội")
    assert entry == "'hoi':1A,7C 'nghi':2A 'it':4B 's':5B"  # one empty position between parts
    assert tsquery(["a'b", "c"]) == "'a''b' & 'c'"
    assert tsquery(["hoi"], weights="AB", joiner=" | ") == "'hoi':AB"


def test_a_tcp_url_with_a_password_works(pg_cluster: Cluster, credentials: tuple[str, str]) -> None:
    user, database = credentials
    store = open_store(pg_cluster.tcp_url(database, user, SECRET))
    try:
        assert store.count() == 0 and SECRET not in store.name
    finally:
        store.close()


@pytest.mark.parametrize("case", ["wrong password", "unreachable", "bad url", "no such database"])
def test_bad_targets_get_one_line_naming_them_and_exit_1(
        case: str, pg_cluster: Cluster, credentials: tuple[str, str], tmp_path: object,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from .conftest import free_port

    user, database = credentials
    url, expected = {
        "wrong password": (pg_cluster.tcp_url(database, user, "not-" + SECRET), "password authentication failed"),
        "unreachable": (f"postgresql://{user}:{SECRET}@127.0.0.1:{free_port()}/{database}", "Connection refused"),
        "bad url": (f"postgresql://{user}:{SECRET}@127.0.0.1:port/{database}", "port"),
        "no such database": (pg_cluster.url("nowhere"), 'database "nowhere" does not exist'),
    }[case]
    monkeypatch.setenv("READER_DATA_DIR", str(tmp_path))
    for command in (["serve", "--db", url], ["import", str(tmp_path), "--db", url],
                    ["speech", "build", "--db", url], ["db", "check", "--db", url]):
        assert main(command) == 1, command
        err = capsys.readouterr().err
        lines = err.strip().splitlines()
        assert len(lines) == 1, (command, err)
        assert describe(url) in lines[0] and expected in lines[0], lines[0]
        assert SECRET not in err


@pytest.mark.parametrize("db_backend", ["postgresql"], indirect=True)
def test_a_newer_schema_is_refused_by_name(database: str) -> None:
    open_store(database).close()
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute("UPDATE reader_schema SET version = %s", (SCHEMA_VERSION + 3,))
    with pytest.raises(StoreError, match=r"was written by a newer Reader \(schema \d+; this Reader knows up to"):
        open_store(database)


@pytest.mark.parametrize("db_backend", ["postgresql"], indirect=True)
def test_commands_refuse_a_newer_schema_in_one_line(database: str, tmp_path: object,
                                                    capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    open_store(database).close()
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute("UPDATE reader_schema SET version = %s", (SCHEMA_VERSION + 1,))
    monkeypatch.setenv("READER_DATA_DIR", str(tmp_path))
    for command in (["serve", "--db", database], ["import", str(tmp_path), "--db", database],
                    ["db", "check", "--db", database], ["speech", "build", "--db", database]):
        assert main(command) == 1
        lines = capsys.readouterr().err.strip().splitlines()
        assert len(lines) == 1 and describe(database) in lines[0] and "newer Reader" in lines[0], lines


@pytest.mark.parametrize("db_backend", ["postgresql"], indirect=True)
def test_workers_starting_together_migrate_once(database: str) -> None:
    errors: list[BaseException] = []

    def start() -> None:
        try:
            open_store(database).close()
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    with psycopg.connect(database) as conn:
        assert conn.execute("SELECT version FROM reader_schema").fetchall() == [(SCHEMA_VERSION,)]


@pytest.mark.parametrize("db_backend", ["postgresql"], indirect=True)
def test_a_database_of_another_program_is_not_touched(database: str) -> None:
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute("CREATE TABLE articles (id int)")
    with pytest.raises(StoreError, match="already has an 'articles' table that is not Reader's"):
        open_store(database)


def test_a_server_that_goes_away_gives_503_and_pages_come_back(make_app: object, tmp_path: object) -> None:
    """Its own cluster, so stopping it disturbs no other test."""
    cluster = Cluster().init().start()
    try:
        url = cluster.create_database("site")
        app = make_app(db=url)  # type: ignore[operator]
        with TestClient(app, raise_server_exceptions=False) as client:
            client.cookies.set("reader_lang", "vi")
            assert client.get(SAPA).status_code == 200
            assert client.get("/healthz").status_code == 200
            cluster.stop()
            app.state.services.cache.clear()  # a page not cached yet needs the database
            for path in (SAPA, "/en/", "/vi/search?q=sa+pa"):
                started = time.monotonic()
                page = client.get(path)
                assert time.monotonic() - started < 5  # an answer, not a hang
                assert page.status_code == 503, path
                assert page.headers["retry-after"] == "30"
            assert "Tạm thời chưa đọc được bài viết" in client.get(SAPA).text  # localized
            assert "Articles are unavailable for a moment" in client.get("/en/").text
            assert client.get("/healthz").status_code == 503
            cluster.start()
            deadline = time.monotonic() + 10  # back within a second or two: no restart needed
            while client.get("/healthz").status_code != 200:
                assert time.monotonic() < deadline, "pages did not come back"
                time.sleep(0.1)
            assert client.get(SAPA).status_code == 200
            assert client.get("/en/").status_code == 200
    finally:
        cluster.remove()


def test_without_the_extra_the_error_names_it(tmp_path: object) -> None:
    script = ("import sys; sys.modules['psycopg'] = None; sys.modules['psycopg_pool'] = None\n"
              "from reader.cli import main; sys.exit(main(['serve', '--db', 'postgresql://u:pw@h/db']))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                          env={"READER_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 1
    assert done.stderr.strip() == ("reader: postgresql://u@h/db: PostgreSQL support is not installed "
                                   "(psycopg is missing); install it with: pip install 'reader[postgresql]'")
