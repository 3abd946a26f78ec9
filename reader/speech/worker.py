"""One daemon thread that runs jobs in order.

Used twice: the eSpeak NG library has global state, so every call into it
goes through one thread (reader/speech/espeak.py); and each app makes one
article's audio at a time (reader/speech/__init__.py).  A daemon thread, not
a ThreadPoolExecutor, so a voice that hangs forever cannot keep the process
from exiting (the executor's threads are joined at exit).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

T = TypeVar("T")


class SerialWorker:
    def __init__(self, name: str) -> None:
        self.name = name
        self._jobs: queue.Queue[tuple[Callable[[], Any], Future[Any]]] = queue.Queue()
        self._start = threading.Lock()
        self._thread: threading.Thread | None = None

    def submit(self, job: Callable[[], T]) -> Future[T]:
        with self._start:  # started on first use (and again if it ever died)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._serve, name=self.name, daemon=True)
                self._thread.start()
        future: Future[T] = Future()
        self._jobs.put((job, future))
        return future

    def _serve(self) -> None:
        while True:
            job, future = self._jobs.get()
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(job())
            except BaseException as exc:  # handed to the caller, who decides
                future.set_exception(exc)
