"""reader/progress.py: a bar only on a terminal; messages and the summary always."""

from __future__ import annotations

import io
import os
import pty
import select

from reader.progress import progress, summary


def test_a_log_gets_lines_and_the_summary_never_a_bar() -> None:
    err, out = io.StringIO(), io.StringIO()
    with progress(3, job="sync", stream=err) as bar:
        assert not bar.shown
        bar.advance(1, "first")
        bar.message("sync: error: https://example.invalid/feed: timed out")
        bar.advance(2, "rest")
    summary("synced 2, failed 1", out)
    assert err.getvalue() == "sync: error: https://example.invalid/feed: timed out\n"
    assert out.getvalue() == "synced 2, failed 1\n"


def test_a_terminal_gets_a_bar_that_reaches_the_end_with_messages_above_it() -> None:
    master, slave = pty.openpty()
    terminal = os.fdopen(slave, "w", encoding="utf-8")
    with progress(None, job="copy", stream=terminal, unit="B") as bar:
        assert bar.shown
        bar.set_total(4096)
        bar.advance(1024, "articles")
        bar.message("copy: warning: 1 image missing")
        bar.advance(3072, "images")
    terminal.flush()
    terminal.close()
    drawn = b""
    while True:  # until the terminal is drained: one read may return part of what was drawn
        ready, _, _ = select.select([master], [], [], 1.0)
        if not ready:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the other end is closed and everything was read
            break
        if not chunk:
            break
        drawn += chunk
    os.close(master)
    text = drawn.decode()
    assert "\r" in text and "copy: 100%" in text and "4.00k/4.00k" in text
    assert "copy: warning: 1 image missing\r\n" in text
