"""CPU time of a cached article through the fast path, in process (no sockets,
no load generator), so two checkouts can be compared on a busy machine where
wrk's figures swing by 2x from one run to the next.

    .venv/bin/python benchmarks/fastpath_cpu.py [CHECKOUT]   # default: this one

Prints the microseconds of CPU per request (min and median of 5 runs of 20,000).
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.app import create_app  # noqa: E402
from reader.config import load_settings  # noqa: E402

SCOPE = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
         "path": "/vi/articles/chung-day-hoang-lien-chung-niem-khat-vong", "raw_path": b"", "query_string": b"",
         "root_path": "",
         "headers": [(b"accept-encoding", b"br"), (b"cookie", b"reader_lang=vi"), (b"host", b"x")],
         "client": ("127.0.0.1", 1), "server": ("x", 80), "state": {}}


async def receive() -> dict[str, Any]:
    return {"type": "http.request", "body": b"", "more_body": False}


async def send(message: dict[str, Any]) -> None:
    pass


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        settings = load_settings({"READER_DATA_DIR": str(data)})
        app = create_app(replace(settings, static_dir_override=data / "static"))

        async def run(count: int) -> None:
            for _ in range(count):
                await app(dict(SCOPE), receive, send)

        loop = asyncio.new_event_loop()
        loop.run_until_complete(run(2000))  # render once, then warm the memo
        runs = []
        for _ in range(5):
            started = time.process_time()
            loop.run_until_complete(run(20_000))
            runs.append((time.process_time() - started) / 20_000 * 1e6)
        app.state.services.store.close()
    print(f"{ROOT}: {min(runs):.2f} µs CPU per cached article (min), {sorted(runs)[2]:.2f} (median)")


if __name__ == "__main__":
    main()
