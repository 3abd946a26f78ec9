"""A full disk during an import: the run stops cleanly, says why, exits
non-zero, and the database stays consistent (every stored article complete).

The full disk is real to the process: RLIMIT_FSIZE makes every write past the
limit fail with EFBIG, as a full file system fails with ENOSPC."""

from __future__ import annotations

import os
import resource
import sqlite3
import subprocess
import sys
from pathlib import Path

from reader.store import open_store


def write_articles(folder: Path, count: int) -> None:
    folder.mkdir()
    for n in range(count):
        words = " ".join(f"từ{n}x{i} nội dung bài viết thứ {n}" for i in range(400))
        (folder / f"bai-{n:03}.md").write_text(
            f"---\ntitle: Bài viết số {n}\nlang: vi\ndate: 2024-01-{1 + n % 28:02}\n---\n\n{words}\n",
            encoding="utf-8")


def test_a_full_disk_stops_the_import_cleanly(tmp_path: Path) -> None:
    db = tmp_path / "reader.sqlite3"
    open_store(db).close()  # an empty database, migrated
    write_articles(tmp_path / "in", 200)
    limit = db.stat().st_size + 200_000  # room for some articles, not all

    def small_disk() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    env = {**os.environ, "READER_DATA_DIR": str(tmp_path / "data")}
    result = subprocess.run([sys.executable, "-m", "reader", "import", "--db", str(db), str(tmp_path / "in")],
                            env=env, capture_output=True, text=True, preexec_fn=small_disk, timeout=120)
    assert result.returncode != 0
    assert "the disk is full" in result.stderr
    assert "stopped early: the disk is full" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if "error:" in line]
    assert len(errors) == 1, errors  # it stopped at the first, not one error per remaining file

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert 0 < stored < 200
    for (body,) in conn.execute("SELECT body_html FROM articles"):
        assert body.count("<p>") >= 1 and body.rstrip().endswith("</p>")
    indexed = conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0]
    assert indexed == stored
    conn.close()
