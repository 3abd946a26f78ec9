"""One way to show progress on long jobs: import, sync, audio builds, voice
downloads and database copies.

A bar (tqdm) is drawn on stderr only when stderr is a terminal: a log file,
systemd's journal or CI gets the messages and the summary, never carriage
returns.  Messages (errors, warnings) go above the bar, so they are not
overwritten.  Every job ends with one summary line, always printed, terminal
or not: ``<job>: <what happened>`` (for example ``import: imported 3,
updated 1, failed 0, warnings 2``), so a person or a script reading the last
line of any job finds the same shape.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from tqdm import tqdm


class Progress:
    """A bar over ``total`` items (or bytes, with ``unit="B"``)."""

    def __init__(self, total: int | None, *, job: str, stream: TextIO | None = None, unit: str = "it") -> None:
        self.job = job
        self.stream = stream or sys.stderr
        self.shown = self.stream.isatty()
        # A terminal that reports no size (a bare pty, some serial consoles)
        # gets 80x24: left to itself tqdm reads -1 rows there and draws nothing.
        size = shutil.get_terminal_size()
        self._bar = tqdm(total=total, file=self.stream, disable=not self.shown, unit=unit,
                         unit_scale=unit == "B", unit_divisor=1024 if unit == "B" else 1000,
                         ncols=size.columns, nrows=size.lines, desc=job)

    def set_total(self, total: int) -> None:
        """For jobs that learn their size once they have started (a folder walked, a feed read)."""
        if self._bar.total != total:
            self._bar.total = total
            self._bar.refresh()

    def advance(self, amount: int = 1, label: str = "") -> None:
        """``amount`` more done; ``label`` (a file, a slug) is shown beside the bar."""
        if self.shown:
            if label:
                self._bar.set_postfix_str(label[:40], refresh=False)
            self._bar.update(amount)

    def message(self, text: str) -> None:
        """A line that stays (an error, a warning), above the bar."""
        if self.shown:
            self._bar.write(text, file=self.stream)
        else:
            print(text, file=self.stream, flush=True)

    def close(self) -> None:
        if self.shown:
            self._bar.refresh()  # the last state, even if it came within tqdm's redraw interval
        self._bar.close()


@contextmanager
def progress(total: int | None, *, job: str, stream: TextIO | None = None,
             unit: str = "it") -> Iterator[Progress]:
    bar = Progress(total, job=job, stream=stream, unit=unit)
    try:
        yield bar
    finally:
        bar.close()


def summary(text: str, stream: TextIO | None = None) -> None:
    """The last line of every job, printed whether or not a bar was shown."""
    print(text, file=stream or sys.stdout, flush=True)
