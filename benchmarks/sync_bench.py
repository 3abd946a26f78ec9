"""How fast `reader sync` follows a portal: 1,000 articles from the fake
NukeViet portal (tests/fakeportal.py: RSS feed, article pages, one photo per
article by default), served from its own process on loopback, synced into a
fresh database with the rate limit off (READER_FETCH_DELAY=0), through the
same code the command runs.  Then a second, unchanged sync, counting the
requests it makes.

    .venv/bin/python benchmarks/sync_bench.py [--count 1000] [--photos 0]

``--photos N`` shares N distinct photos among the articles (0: one each).
Prints articles per second (target >= 50/s on the 2-core development
machine), the CPU time per article (in Reader and in the fake portal: a
figure that holds however busy the shared machine is) and the requests of
the second sync (target: one per feed, none per article, when the feed says
nothing changed).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader.ingest.sync import sync_all  # noqa: E402
from reader.ingest.web import WebImporter  # noqa: E402
from reader.store import Store  # noqa: E402
from reader.web.address import AddressPolicy  # noqa: E402
from reader.web.client import Client  # noqa: E402
from tests.fakeportal import Portal  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--photos", type=int, default=0,
                        help="distinct photos shared by the articles (0: one each)")
    args = parser.parse_args()

    context = multiprocessing.get_context("spawn")
    ready = context.Queue()
    server = context.Process(target=serve, args=(args.count, args.photos or args.count, ready), daemon=True)
    server.start()
    port = ready.get(timeout=120)
    feed = f"http://127.0.0.1:{port}{Portal.FEED}"
    try:
        with tempfile.TemporaryDirectory() as folder:
            store = Store.open(Path(folder) / "reader.sqlite3")
            store.add_source(feed, None)
            client = Client(policy=AddressPolicy.parse("127.0.0.1"), delay=0.0)
            importer = WebImporter(store, Path(folder) / "media", client)
            cpu, served = time.process_time(), server_cpu(server.pid)
            first = sync_all(store, importer)
            cpu, served = time.process_time() - cpu, server_cpu(server.pid) - served
            second = sync_all(store, importer)
            store.close()
            client.close()
    finally:
        server.kill()
    imported = first.count("imported")
    print(first.summary())
    print(f"first sync: {imported} articles in {first.seconds:.2f} s: {imported / first.seconds:.0f} articles/s "
          f"(target >= 50/s); {first.requests} requests (robots.txt, the feed, pages, photos)")
    print(f"CPU time per article: {1000 * cpu / imported:.1f} ms in Reader (all its threads), "
          f"{1000 * served / imported:.1f} ms in the fake portal; on an otherwise idle machine with "
          f"{os.cpu_count()} cores that bounds the rate near {os.cpu_count() / ((cpu + served) / imported):.0f} "
          "articles/s at most (a figure that does not depend on how busy the machine was)")
    print(second.summary())
    print(f"second, unchanged sync: {second.requests} requests for 1 feed "
          f"(target: 1, none per article); {second.count('imported') + second.count('updated')} articles changed")
    return 0 if imported == args.count and not first.failed else 1


def server_cpu(pid: int | None) -> float:
    """CPU seconds used so far by the portal's process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def serve(count: int, photos: int, ready: object) -> None:
    from tests.fakeportal import serve_forever

    serve_forever(count, photos, ready)


if __name__ == "__main__":
    started = time.monotonic()
    status = main()
    print(f"({time.monotonic() - started:.0f} s in all)")
    sys.exit(status)
