"""`reader sync` as a process: killed with -9, stopped by SIGTERM/SIGINT, run
with `--every`, on a terminal, and while the site is serving."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import httpx2
import pytest

from reader.app import create_app
from reader.config import load_settings
from reader.store import Store

from .conftest import on_terminal, serving
from .fakeportal import Portal
from .test_import_kill import check_consistent, kill_after, rows

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def portal() -> Iterator[Portal]:
    site = Portal(60).start()
    yield site
    site.stop()


def prepare(tmp_path: Path, portal: Portal, delay: str = "0") -> tuple[dict[str, str], Path]:
    data = tmp_path / "data"
    data.mkdir()
    db = data / "reader.sqlite3"
    store = Store.open(db)
    store.add_source(portal.url + Portal.FEED, None)
    store.close()
    env = {**os.environ, "READER_DATA_DIR": str(data), "READER_ALLOW_PRIVATE": "127.0.0.1",
           "READER_FETCH_DELAY": delay, "READER_CONTACT_URL": "https://reader.example/contact"}
    env.pop("READER_DB", None)
    return env, db


def start_sync(env: dict[str, str], *args: str, stderr: int = subprocess.PIPE) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "reader", "sync", *args], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=stderr)


def test_a_killed_sync_leaves_whole_articles_and_the_next_one_finishes(tmp_path: Path, portal: Portal) -> None:
    env, db = prepare(tmp_path, portal)
    for stop_at in (8, 30):
        kill_after(start_sync(env), db, stop_at)
        count = check_consistent(db, db.parent / "media")
        assert stop_at <= count < 60
    finish = start_sync(env)
    out, err = finish.communicate(timeout=300)
    assert finish.returncode == 0, err.decode()
    summary = out.decode().strip().splitlines()[-1]
    imported = int(re.search(r"imported (\d+)", summary).group(1))  # type: ignore[union-attr]
    assert imported == 60 - count and "unchanged " in summary and "failed 0 pages" in summary
    assert check_consistent(db, db.parent / "media") == 60


def test_sigterm_stops_between_articles_and_every_keeps_syncing_until_stopped(tmp_path: Path,
                                                                              portal: Portal) -> None:
    env, db = prepare(tmp_path, portal, delay="0.05")
    running = start_sync(env, "--every", "0.05")
    deadline = time.monotonic() + 60
    while rows(db) < 5:
        assert running.poll() is None and time.monotonic() < deadline
        time.sleep(0.02)
    running.send_signal(signal.SIGTERM)
    out, err = running.communicate(timeout=20)
    assert running.returncode == 0, err.decode()
    assert out.decode().strip().splitlines()[-1].endswith("(stopped)")
    stopped_at = check_consistent(db, db.parent / "media")
    assert 5 <= stopped_at < 60

    env["READER_FETCH_DELAY"] = "0"
    looping = start_sync(env, "--every", "0.05")  # every 3 s
    assert looping.stdout is not None
    first = looping.stdout.readline().decode()  # the first round's summary
    assert first.startswith("sync: 1 sources (0 failed); imported ") and "(stopped)" not in first
    second = looping.stdout.readline().decode()  # a round later: nothing new, one request
    assert "imported 0, updated 0, unchanged 0" in second and " 1 requests in " in second
    looping.send_signal(signal.SIGINT)  # while it waits for the next round
    started = time.monotonic()
    looping.communicate(timeout=10)
    assert looping.returncode == 0 and time.monotonic() - started < 5
    assert check_consistent(db, db.parent / "media") == 60


def test_a_progress_bar_on_a_terminal_and_plain_lines_elsewhere(tmp_path: Path) -> None:
    site = Portal(6).start()
    try:
        env, _ = prepare(tmp_path, site)
        status, shown, _ = on_terminal([sys.executable, "-m", "reader", "sync"], REPO, env)
        assert status == 0
        assert re.search(r"sync: +100%\|.*\| 6/6 ", shown), shown  # a tqdm bar, counting pages
        plain = subprocess.run([sys.executable, "-m", "reader", "sync"], cwd=REPO, env=env, capture_output=True,
                               timeout=60)
        assert b"\r" not in plain.stderr and plain.stdout.decode().startswith("sync: 1 sources (0 failed)")
    finally:
        site.stop()


def test_the_site_keeps_serving_while_a_sync_runs(tmp_path: Path, portal: Portal, static_build_dir: Path) -> None:
    env, db = prepare(tmp_path, portal, delay="0.02")
    settings = replace(load_settings({"READER_DATA_DIR": str(db.parent)}), static_dir_override=static_build_dir,
                       load_samples=False)
    with serving(create_app(settings)) as url:
        sync = start_sync(env)
        statuses: list[int] = []
        counts: list[int] = []
        with httpx2.Client(base_url=url, timeout=10) as client:
            while sync.poll() is None:
                home = client.get("/vi/")
                statuses.append(home.status_code)
                counts.append(home.text.count('<li class="item"') if home.status_code == 200 else -1)
                statuses.append(client.get("/vi/search", params={"q": "tin"}).status_code)
                time.sleep(0.05)
            sync.communicate(timeout=30)
            assert sync.returncode == 0
            assert client.get("/vi/").status_code == 200
        assert len(statuses) >= 20 and set(statuses) == {200}, statuses
        assert counts[0] < counts[-1] == 10  # articles appeared while the site served
        assert rows(db) == 60
