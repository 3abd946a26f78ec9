"""Faults: the database damaged while running gives a localized 503 with
Retry-After, never a traceback; a locked database stops start-up with a message."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from reader.config import Settings
from reader.store import StoreError

SAPA = "/vi/articles/chung-day-hoang-lien-chung-niem-khat-vong"


def test_a_locked_database_stops_start_up_with_a_clear_message(
    make_app: Callable[..., Starlette]) -> None:
    """In WAL mode readers are never blocked by a writer; what can lock a reader
    out is a process holding the file in exclusive locking mode.  Start-up then
    waits the busy timeout and stops with the path and the reason."""
    first = make_app().state.services.store
    path = first.path
    first.close()
    locker = sqlite3.connect(path, isolation_level=None)
    locker.execute("PRAGMA locking_mode = EXCLUSIVE")
    locker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError, match=rf"{path.name}.*locked"):
            make_app(busy_timeout_ms=200)
    finally:
        locker.execute("ROLLBACK")
        locker.close()


def test_a_database_damaged_while_running_gives_a_503(make_app: Callable[..., Starlette]) -> None:
    app = make_app()
    path = app.state.services.store.path
    with TestClient(app, raise_server_exceptions=False) as client:
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        size = path.stat().st_size
        with path.open("r+b") as fh:  # scribble over every page after the first
            fh.seek(4096)
            fh.write(b"\xde\xad\xbe\xef" * ((size - 4096) // 4))
        response = client.get(SAPA)
        assert response.status_code == 503
        assert "Tạm thời chưa đọc được bài viết" in response.text
        assert client.get("/healthz").status_code == 503


def test_an_unwritable_audio_cache_gives_503_and_articles_still_render(
        make_app: Callable[..., Starlette], settings: Settings) -> None:
    """The audio cache path is taken by a file (a read-only or broken mount
    behaves the same for us: writes fail with OSError)."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    (settings.data_dir / "audio").write_text("not a directory")
    app = make_app()
    with TestClient(app, raise_server_exceptions=False) as client:
        page = client.get(SAPA)
        assert page.status_code == 200 and "<audio" in page.text
        audio = client.get(SAPA + "/audio.mp3")
        assert audio.status_code == 503
        assert int(audio.headers["retry-after"]) > 0
        assert "Traceback" not in audio.text
        assert client.get(SAPA + "/speech.json").status_code == 200  # text needs no disk
