"""Shared fixtures: an app on a temporary database per test, a CLI runner, and
(for browser tests) a live server and Debian's Chromium driven by Playwright.

Tests marked ``both_backends`` (the store, route, search, import and speech
tests) run twice: on an SQLite file and on a fresh database in a throwaway
PostgreSQL cluster (tests/pg.py), started once per session on a private socket."""

from __future__ import annotations

import itertools
import os
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient
from starlette.types import ASGIApp

from reader.app import create_app
from reader.config import Settings, load_settings
from reader.store import Store, open_store

from .pg import Cluster

CHROMIUM = os.environ.get("READER_CHROMIUM", "/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[1]


# -- the repository stands alone ---------------------------------------------------
# A newcomer clones the repository with nothing beside it, so no test may read
# a file from the folder around it (a sibling checkout of notes or samples
# would make the suite pass here and fail on a fresh clone).  Every open() in the
# test process is audited; one that lands beside the repository fails the
# test that made it.
# Hidden folders beside it (a virtualenv, ~/.cache, ~/.pyenv when the clone
# sits in a home folder) and Python's own are not "beside the repository".
_OUTSIDE_READS: list[str] = []
_PYTHON = tuple(Path(p).resolve() for p in {sys.prefix, sys.base_prefix, sys.exec_prefix})


def beside_repository(path: Path) -> bool:
    if REPO.parent == Path(REPO.anchor) or not path.is_relative_to(REPO.parent) or path.is_relative_to(REPO):
        return False
    first = path.relative_to(REPO.parent).parts[0]
    return not first.startswith(".") and not any(path.is_relative_to(p) for p in _PYTHON)


def _audit(event: str, args: tuple[object, ...]) -> None:
    if event == "open" and isinstance(args[0], (str, os.PathLike)):
        try:
            path = Path(os.fspath(args[0])).resolve()  # type: ignore[arg-type]
        except (OSError, ValueError, TypeError):
            return
        if beside_repository(path):
            _OUTSIDE_READS.append(str(path))


sys.addaudithook(_audit)


@pytest.fixture(autouse=True)
def _stays_inside_the_repository() -> Iterator[None]:
    start = len(_OUTSIDE_READS)
    yield
    outside = _OUTSIDE_READS[start:]
    if outside:
        pytest.fail(f"the test opened files outside the repository (a fresh clone has nothing beside it; "
                    f"copy what it needs into tests/fixtures/): {sorted(set(outside))}")


@pytest.fixture(scope="session")
def static_build_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Hashing and brotli-compressing the static files once per session is
    enough: the names are content hashes, so sharing cannot go stale."""
    return tmp_path_factory.mktemp("static-build")


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Sample images and their resized copies, made once: content-hashed names."""
    return tmp_path_factory.mktemp("media")


# -- the database: SQLite, or PostgreSQL for tests marked both_backends ---------------------
BACKENDS = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "db_backend" in metafunc.fixturenames and metafunc.definition.get_closest_marker("both_backends"):
        metafunc.parametrize("db_backend", BACKENDS, indirect=True)


@pytest.fixture
def db_backend(request: pytest.FixtureRequest) -> str:
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    cluster = Cluster().init().start()
    yield cluster
    cluster.remove()


_DATABASES = itertools.count(1)


@pytest.fixture
def database(db_backend: str, tmp_path: Path, request: pytest.FixtureRequest,
             monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Where this test's articles live: a path under tmp_path, or the URL of a new,
    empty PostgreSQL database (dropped afterwards, with every store the test opened)."""
    if db_backend == "sqlite":
        (tmp_path / "data").mkdir(exist_ok=True)
        yield str(tmp_path / "data" / "reader.sqlite3")
        return
    from reader.store.postgres import PostgresStore

    cluster: Cluster = request.getfixturevalue("pg_cluster")
    name = f"test_{os.getpid()}_{next(_DATABASES)}"
    url = cluster.create_database(name)
    opened: list[PostgresStore] = []
    original = PostgresStore.open_url

    def tracked(*args: object, **kwargs: object) -> PostgresStore:
        store = original(*args, **kwargs)  # type: ignore[arg-type]
        opened.append(store)
        return store

    monkeypatch.setattr(PostgresStore, "open_url", tracked)
    yield url
    for store in opened:
        store.close()
    cluster.drop_database(name)


@pytest.fixture
def make_store(database: str) -> Iterator[Callable[..., Store]]:
    """Opens the test's database (as often as a test needs: each is another process's view)."""
    opened: list[Store] = []

    def factory(**options: object) -> Store:
        opened.append(open_store(database, **options))  # type: ignore[arg-type]
        return opened[-1]

    yield factory
    for store in opened:
        store.close()


PUBLIC_URL = "https://reader.example.org"  # READER_PUBLIC_URL: the test client's Host is not trusted


@pytest.fixture
def settings(tmp_path: Path, static_build_dir: Path, media_dir: Path, database: str) -> Settings:
    base = load_settings({"READER_DATA_DIR": str(tmp_path / "data"), "READER_PUBLIC_URL": PUBLIC_URL})
    base.data_dir.mkdir(parents=True, exist_ok=True)
    return replace(base, db=database, static_dir_override=static_build_dir, media_dir_override=media_dir)


@pytest.fixture
def make_app(settings: Settings) -> Callable[..., Starlette]:
    def factory(**changes: object) -> Starlette:
        return create_app(replace(settings, **changes))  # type: ignore[arg-type]
    return factory


@pytest.fixture
def app(make_app: Callable[..., Starlette]) -> Starlette:
    return make_app()


@pytest.fixture
def client(app: Starlette) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client


def on_terminal(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run ``command`` with stderr on a pseudo-terminal (where progress bars are
    drawn); returns the exit status, what the terminal showed and stdout.
    Reading stops when the terminal closes or stays silent for 30 s."""
    import pty
    import select
    import subprocess

    master, slave = pty.openpty()
    proc = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=slave, env=env)
    os.close(slave)
    seen = b""
    while select.select([master], [], [], 30)[0]:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the terminal closed: the command is done
            break
        if not chunk:
            break
        seen += chunk
    out, _ = proc.communicate(timeout=120)
    os.close(master)
    return proc.returncode, seen.decode(), out.decode()


# -- browser tests ----------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(app: ASGIApp) -> Iterator[str]:
    """A real uvicorn on a free loopback port, in a thread, for as long as the block runs."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the live server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture(scope="session")
def live_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The live server's data directory (its database is ``reader.sqlite3`` in it)."""
    return tmp_path_factory.mktemp("live-data")


@pytest.fixture(scope="session")
def live_server(live_data: Path, static_build_dir: Path, media_dir: Path) -> Iterator[str]:
    """A real uvicorn on loopback, serving the samples, for the whole session."""
    data = live_data
    settings = replace(load_settings({"READER_DATA_DIR": str(data)}),
                       static_dir_override=static_build_dir, media_dir_override=media_dir)
    with serving(create_app(settings)) as url:
        yield url


@pytest.fixture(scope="session")
def withdrawn_slug(live_server: str, live_data: Path) -> str:
    """An article taken down on the live server: only its own address (410) knows it."""
    from datetime import UTC, datetime

    from reader.models import ArticleInput
    from reader.store import Store

    store = Store.open(live_data / "reader.sqlite3")
    store.save(ArticleInput(slug="bai-viet-da-go", lang="vi", title="Bài viết đã gỡ", summary="",
                            body_html="<p>Nội dung.</p>", author="", published_at=datetime.now(UTC)))
    store.withdraw("bai-viet-da-go")
    store.close()
    return "bai-viet-da-go"


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium (Playwright cannot download browsers here).  When it is
    missing the browser tests fail loudly rather than skip: CI installs it."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium "
                    "(or set READER_CHROMIUM)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu",
                  "--disable-background-networking", "--disable-component-update",
                  "--no-first-run", "--disable-sync", "--disable-quic"],
        )
        yield chromium
        chromium.close()


# -- following portals (reader import URL, reader sources, reader sync) ------------
@dataclass
class CliResult:
    status: int
    out: str
    err: str

    @property
    def summary(self) -> str:
        return self.out.strip().splitlines()[-1] if self.out.strip() else ""


@pytest.fixture
def web_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The environment of a `reader` command that follows the loopback test
    sites: its own data directory, no rate limit, and the loopback address
    (127.0.0.1 only: 127.0.0.2 stands for "another private address")."""
    env = {"READER_DATA_DIR": str(tmp_path / "web-data"), "READER_FETCH_DELAY": "0",
           "READER_ALLOW_PRIVATE": "127.0.0.1", "READER_FETCH_TIMEOUT": "2",
           "READER_CONTACT_URL": "https://reader.example/contact"}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("READER_DB", raising=False)
    return env


@pytest.fixture
def reader_cli(web_env: dict[str, str], capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """Runs `reader ...` in this process, returning its status and output."""
    from reader.cli import main

    def run(*args: str) -> CliResult:
        capsys.readouterr()
        status = main(list(args))
        captured = capsys.readouterr()
        return CliResult(status, captured.out, captured.err)
    return run


@pytest.fixture
def web_settings(web_env: dict[str, str], static_build_dir: Path) -> Settings:
    """Settings for an app reading what the commands above wrote."""
    return replace(load_settings(web_env), static_dir_override=static_build_dir, load_samples=False)
