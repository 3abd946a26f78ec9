"""``reader speech build``: make the server audio for every article ahead of time,
so the first listener does not wait for it."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from ..config import Settings
from ..progress import progress, summary
from ..store import StoreError, open_store
from . import Speech


def build_all(settings: Settings, out: TextIO | None = None) -> int:
    """Returns the exit status: 0, or 1 when some article could not be voiced."""
    out = out or sys.stderr
    try:
        store = open_store(settings.db, replicas=settings.replicas, create=False)
    except StoreError as exc:
        out.write(f"reader: {exc}\n")
        return 1
    try:
        slugs = list(store.slugs())
        speech = Speech(settings.audio_dir, voices_dir=settings.voices_dir)
        failed: list[str] = []
        started = time.monotonic()
        with progress(len(slugs), job="speech", stream=out, unit="article") as bar:
            for done, slug in enumerate(slugs, 1):
                article = store.article(slug)
                if article is None or article.withdrawn:  # taken down: its audio answers 410
                    continue
                try:
                    files = speech.build(article)
                    note = "no server voice" if files is None else f"{files.size // 1024} KiB"
                    if files is None:
                        failed.append(slug)
                except Exception as exc:  # keep going: one bad article must not stop the rest
                    failed.append(slug)
                    note = f"failed: {exc}"
                if not bar.shown:  # a log gets a line per article; a terminal, the bar
                    bar.message(f"{done}/{len(slugs)} {slug}: {note}")
                bar.advance(1, slug)
        for slug in failed:
            bar.message(f"speech: no audio for {slug}")
        summary(f"speech: {len(slugs) - len(failed)} of {len(slugs)} articles have audio in "
                f"{settings.audio_dir} ({time.monotonic() - started:.1f} s)", out)
        return 1 if failed else 0
    finally:
        store.close()
