"""Killing `reader import` part-way leaves a consistent database: every article
that is there is whole, with its images on disk, and importing again finishes
the job."""

from __future__ import annotations

import importlib.util
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from PIL import Image as PILImage

from reader.ingest.images import variants
from reader.models import Image

REPO = Path(__file__).resolve().parents[1]
COUNT = 400


def load_bench() -> object:
    spec = importlib.util.spec_from_file_location("import_bench", REPO / "benchmarks" / "import_bench.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def start_import(source: Path, db: Path, data: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "READER_DATA_DIR": str(data)}
    return subprocess.Popen([sys.executable, "-m", "reader", "import", str(source), "--db", str(db)],
                            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def rows(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    except sqlite3.OperationalError:
        return 0
    try:
        return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:
        return 0  # the schema is not made yet
    finally:
        conn.close()


def kill_after(proc: subprocess.Popen[bytes], db: Path, articles: int) -> None:
    deadline = time.monotonic() + 120
    while rows(db) < articles:
        assert proc.poll() is None, "the import finished before it could be killed; import more files"
        assert time.monotonic() < deadline, "the import made no progress"
        time.sleep(0.01)
    assert proc.poll() is None, "the import finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    proc.communicate()
    assert proc.returncode == -signal.SIGKILL


def check_consistent(db: Path, media: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        articles = conn.execute("SELECT id, slug, title, body_html, author, word_count FROM articles").fetchall()
        for article_id, slug, title, body, author, words in articles:
            assert title and body and author and words > 0, slug
            stored = conn.execute("SELECT file, alt, caption, width, height FROM images "
                                  "WHERE article_id = ? ORDER BY position", (article_id,)).fetchall()
            in_body = re.findall(r'<img [^>]*src="/media/([^"]+)"', body)
            assert [row[0] for row in stored] == in_body, slug
            for file, alt, caption, width, height in stored:
                assert (media / file).is_file()
                assert alt and caption  # the caption described the photo
                for variant in variants(Image(file, alt, caption, width, height)):
                    assert (media / variant.file).is_file(), variant.file
        return len(articles)
    finally:
        conn.close()


def test_a_killed_import_leaves_whole_articles_and_can_be_finished(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    load_bench().generate(source, COUNT, 8)  # type: ignore[attr-defined]
    db, data = tmp_path / "reader.sqlite3", tmp_path / "data"
    data.mkdir()

    for stop_at in (25, 120):
        kill_after(start_import(source, db, data), db, stop_at)
        count = check_consistent(db, data / "media")
        assert stop_at <= count < COUNT

    finish = start_import(source, db, data)
    out, err = finish.communicate(timeout=300)
    assert finish.returncode == 0, err.decode()
    summary = out.decode().strip().splitlines()[-1]
    imported, updated = (int(n) for n in re.findall(r"(?:imported|updated) (\d+)", summary))
    assert imported + updated == COUNT and imported == COUNT - count and "failed 0" in summary
    assert check_consistent(db, data / "media") == COUNT
    for file in (data / "media").iterdir():  # a write cut short never kept the real name
        if not file.name.endswith(".part"):
            with PILImage.open(file) as picture:
                picture.load()
