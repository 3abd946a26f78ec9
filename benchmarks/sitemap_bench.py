"""The sitemap at scale: /sitemap.xml and every part for N articles.

    .venv/bin/python benchmarks/sitemap_bench.py [--articles 1000000] [--db PATH]

Builds a database of N articles (a third of them in translated pairs, slugs
as long as real ones; rows written straight into the articles table, since
the sitemap reads nothing else), starts Reader on loopback, then fetches the
sitemap index and every part over HTTP, gzip-compressed as a crawler asks,
reading each response as a stream.  Prints the time of the index query and of
each part, the total, the URLs and bytes, and the server's peak memory, and
checks what a crawler relies on: every article listed once, no part over
50,000 URLs.  ``--db`` keeps the built database for a second run.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
import zlib
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx2 as httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.speed_bench import free_port, start_server  # noqa: E402
from reader.app import create_app  # noqa: E402
from reader.config import load_settings  # noqa: E402
from reader.store import open_store  # noqa: E402
from reader.views.sitemap import URLS_PER_SITEMAP  # noqa: E402

WORDS = ("hoi-nghi danh-gia ket-qua hop-tac phat-trien du-lich nong-nghiep bao-ve rung thi-xa sa-pa "
         "tan-uyen tam-duong lai-chau lao-cai xuan giap-thin che tho-cam thuy-loi").split()


def build(path: Path, count: int) -> float:
    start = time.perf_counter()
    store = open_store(path)
    store.close()
    import sqlite3

    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = OFF")
    base = datetime(2020, 1, 1, tzinfo=UTC)

    def rows():  # type: ignore[no-untyped-def]
        for n in range(1, count + 1):
            slug = "-".join(WORDS[(n * k) % len(WORDS)] for k in (1, 3, 7, 11, 13)) + f"-{n}"
            paired = n % 3 != 0  # two of every three articles are one of a translated pair
            group = f"g{(n + 1) // 2}" if paired and n % 6 in (1, 2, 4, 5) else None
            lang = "vi" if n % 2 else "en"
            moment = (base + timedelta(minutes=n)).isoformat(timespec="seconds")
            yield (slug, lang, slug.replace("-", " "), "<p>…</p>", moment, moment, group)

    conn.execute("BEGIN")
    conn.executemany("INSERT INTO articles (slug, lang, title, body_html, published_at, updated_at, "
                     "translation_group) VALUES (?, ?, ?, ?, ?, ?, ?)", rows())
    conn.execute("COMMIT")
    conn.close()
    return time.perf_counter() - start


def fetch(client: httpx.Client, url: str) -> tuple[float, int, int]:
    """Seconds to the last byte, compressed bytes, and <url> (or <sitemap>) entries."""
    start = time.perf_counter()
    wire = entries = 0
    inflate = zlib.decompressobj(31)
    tail = b""
    with client.stream("GET", url, headers={"Accept-Encoding": "gzip"}) as response:
        assert response.status_code == 200, (url, response.status_code)
        assert response.headers["content-encoding"] == "gzip"
        for chunk in response.iter_raw():
            wire += len(chunk)
            text = tail + inflate.decompress(chunk)
            entries += text.count(b"</url>") + text.count(b"</sitemap>")
            tail = text[-12:]
            entries -= tail.count(b"</url>") + tail.count(b"</sitemap>")  # counted again with the next chunk
        entries += tail.count(b"</url>") + tail.count(b"</sitemap>")
    return time.perf_counter() - start, wire, entries


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, help="database to build (or reuse when it exists)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "sitemap.sqlite3"
        if not db.exists():
            print(f"building {args.articles:,} articles ...", flush=True)
            print(f"  built in {build(db, args.articles):.1f} s")
        settings = replace(load_settings({"READER_DATA_DIR": tmp, "READER_LOAD_SAMPLES": "0",
                                          "READER_PUBLIC_URL": "https://tin.example.vn"}),
                           db_path=db, static_dir_override=Path(tmp) / "static")
        app = create_app(settings)
        store = app.state.services.store
        total = store.count()
        start = time.perf_counter()
        parts = store.sitemap_parts(URLS_PER_SITEMAP)
        print(f"{total:,} articles; index query (parts and their lastmod): "
              f"{(time.perf_counter() - start) * 1000:.0f} ms for {len(parts)} parts")
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        port = free_port()
        server = start_server(app, port)
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(timeout=600) as client:
            seconds, wire, listed = fetch(client, base + "/sitemap.xml")
            kind = "index" if len(parts) > 1 else "urlset"
            print(f"/sitemap.xml ({kind}): {seconds * 1000:.0f} ms, {wire:,} B gzip, {listed:,} entries")
            urls = 0
            wire_total = 0
            slowest = 0.0
            started = time.perf_counter()
            for part, _ in parts if len(parts) > 1 else []:
                seconds, wire, listed = fetch(client, f"{base}/sitemap-{part}.xml")
                assert listed <= URLS_PER_SITEMAP, (part, listed)
                urls += listed
                wire_total += wire
                slowest = max(slowest, seconds)
            elapsed = time.perf_counter() - started
            if len(parts) <= 1:
                urls = listed
        server.should_exit = True  # type: ignore[attr-defined]
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        if len(parts) > 1:
            print(f"all {len(parts)} parts: {elapsed:.1f} s ({elapsed / len(parts) * 1000:.0f} ms a part "
                  f"on average, slowest {slowest * 1000:.0f} ms), {urls:,} URLs, {wire_total / 1e6:.1f} MB gzip")
        print(f"peak memory of the process: {rss_before / 1024:.0f} MB before serving, "
              f"{rss_after / 1024:.0f} MB after")
        assert urls == total, f"{urls} URLs listed for {total} articles"
        print("every article listed once; no part over 50,000 URLs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
