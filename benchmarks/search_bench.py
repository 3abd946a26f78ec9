"""Reader at scale: latency of the home page, an article and a search with
1,000, 10,000 and 100,000 articles, in-process and over HTTP.

    /work/venv/bin/python benchmarks/search_bench.py [--sizes 1000,10000,100000] [--requests 300]

For each size it builds a fresh database in a temporary folder: the 17 bundled
samples (through Store.save, like an import), then N synthetic articles
written with executemany in one transaction, then the search index in one
INSERT ... SELECT through the same folding the app uses, then FTS5 'optimize'.
The synthetic text is drawn from the samples' own words with a Zipf
distribution (a few words in every article, most words rare), Vietnamese and
English, one story in ten translated.

Then it times GET requests one at a time:
  - in-process: the Starlette app called directly through ASGI (no client
    library in the way);
  - over HTTP: the same app under uvicorn on loopback, with an httpx client
    keeping its connection open.
The render cache is emptied before every timed request, so "home" and
"article" are full renders (database + template + compression), each article a
different one; "article (cached)" repeats one article to show the cache.
Search is never cached: queries rotate over two-word pairs of mid-frequency
words and the issue's Vietnamese examples.

Targets at 100,000 articles, in-process: search p50 < 10 ms, article p50 < 5 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import shutil
import socket
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx2 as httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader import search  # noqa: E402
from reader.app import create_app  # noqa: E402
from reader.config import load_settings  # noqa: E402
from reader.samples import ARTICLES_DIR, load_samples  # noqa: E402
from reader.store import Store, connect  # noqa: E402

HEADERS = {"accept-encoding": "br, gzip", "cookie": "reader_lang=vi"}
FIXED_QUERIES = ["hội nghị", "HOI NGHI", "hoàng lien", "duong", "thuy", "thủy lợi", "hoà bình"]


# -- synthetic articles ---------------------------------------------------------------
def vocabulary() -> dict[str, list[str]]:
    """The samples' words per language, most frequent first."""
    words: dict[str, Counter[str]] = {"vi": Counter(), "en": Counter()}
    for source in ARTICLES_DIR.glob("*.html"):
        text = source.read_text(encoding="utf-8")
        lang = "en" if 'lang = "en"' in text else "vi"
        body = re.sub(r"<[^>]+>", " ", text.split("+++", 2)[2])
        words[lang].update(w.lower() for w in re.findall(r"[^\W\d_]+", body))
    return {lang: [w for w, _ in counter.most_common()] for lang, counter in words.items()}


class Writer:
    def __init__(self, seed: int = 6) -> None:
        self.random = random.Random(seed)
        self.words = vocabulary()
        self.weights = {lang: list(_cumulative(len(ws))) for lang, ws in self.words.items()}

    def words_of(self, lang: str, count: int) -> list[str]:
        return self.random.choices(self.words[lang], cum_weights=self.weights[lang], k=count)

    def sentence(self, lang: str, count: int) -> str:
        text = " ".join(self.words_of(lang, count))
        return text[:1].upper() + text[1:]

    def body(self, lang: str) -> str:
        return "".join(f"<p>{self.sentence(lang, self.random.randint(25, 45))}.</p>"
                       for _ in range(self.random.randint(3, 5)))


def _cumulative(n: int) -> list[float]:
    total, out = 0.0, []
    for rank in range(1, n + 1):
        total += 1 / rank  # Zipf, s = 1
        out.append(total)
    return out


def build(path: Path, media: Path, size: int) -> tuple[float, list[str]]:
    """A database at ``path`` with the samples and ``size`` synthetic articles.
    Returns the seconds it took and the synthetic slugs."""
    started = time.perf_counter()
    store = Store.open(path)
    load_samples(store, media)
    store.close()
    writer = Writer()
    start = datetime(2015, 1, 1, tzinfo=UTC)
    rows: list[tuple[object, ...]] = []
    slugs: list[str] = []
    now = datetime.now(UTC).isoformat(timespec="seconds")
    n = 0
    while n < size:
        published = start + timedelta(minutes=writer.random.randint(0, 10 * 365 * 24 * 60))
        group = f"g{n}" if writer.random.random() < 0.1 and n + 1 < size else None
        for lang in (["vi", "en"] if group else [writer.random.choice(["vi", "vi", "en"])]):
            slug = f"bai-{n}-{lang}"
            body = writer.body(lang)
            rows.append((slug, lang, writer.sentence(lang, writer.random.randint(6, 11)),
                         writer.sentence(lang, writer.random.randint(18, 30)) + ".", body,
                         "Reader", published.isoformat(timespec="seconds"), now, group,
                         body.count(" ") + 1))
            slugs.append(slug)
            n += 1
    conn, _ = connect(path)
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO articles (slug, lang, title, summary, body_html, author, published_at, updated_at, "
        "translation_group, word_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.execute("COMMIT")
    conn.execute("BEGIN")
    conn.execute(
        "INSERT INTO articles_fts (rowid, title, summary, body) "
        "SELECT id, reader_fold(title), reader_fold(summary), reader_fold(reader_text(body_html)) "
        "FROM articles WHERE slug LIKE 'bai-%'")
    conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('optimize')")
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()
    return time.perf_counter() - started, slugs


def search_queries(writer: Writer, count: int) -> list[str]:
    """Two-word queries of mid-frequency words (ranks 30-400) plus the fixed ones."""
    mid = writer.words["vi"][30:400]
    pairs = [f"{writer.random.choice(mid)} {writer.random.choice(mid)}" for _ in range(count)]
    return [FIXED_QUERIES[i % len(FIXED_QUERIES)] if i % 3 == 0 else pairs[i] for i in range(count)]


# -- timing -------------------------------------------------------------------------------
async def asgi_get(app: Any, url: str) -> tuple[int, bytes]:
    """One GET through the ASGI interface, the way a server calls the app."""
    path, _, query = url.partition("?")
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
        "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": query.encode(),
        "root_path": "", "headers": [(k.encode(), v.encode()) for k, v in HEADERS.items()]
        + [(b"host", b"bench")], "client": ("127.0.0.1", 1), "server": ("bench", 80), "state": {},
    }
    status, chunks = 0, []

    async def receive() -> dict[str, object]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return status, b"".join(chunks)


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p50 = statistics.median(ordered) * 1000
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000
    return f"p50 {p50:7.2f} ms   p95 {p95:7.2f} ms"


def timed(get: Callable[[str], int], urls: list[str], before: Callable[[], None]) -> list[float]:
    samples = []
    for url in urls:
        before()
        started = time.perf_counter()
        status = get(url)
        samples.append(time.perf_counter() - started)
        if status != 200:
            raise SystemExit(f"{url} answered {status}")
    return samples


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run_size(size: int, requests: int, http: bool) -> None:
    folder = Path(tempfile.mkdtemp(prefix=f"reader-bench-{size}-"))
    try:
        settings = load_settings({"READER_DATA_DIR": str(folder)})
        folder.mkdir(exist_ok=True)
        settings = replace(settings, static_dir_override=folder / "static")
        seconds, slugs = build(settings.db_path, settings.media_dir, size)
        app = create_app(settings)
        print(f"\n== {size:,} synthetic articles (+17 samples): built in {seconds:.1f} s, "
              f"{settings.db_path.stat().st_size / 1e6:.0f} MB ==")
        picker = random.Random(size)
        articles = [f"/vi/articles/{s}" for s in picker.sample(slugs, min(requests, len(slugs)))]
        queries = search_queries(Writer(seed=size), requests)
        searches = ["/vi/search?" + str(httpx.QueryParams({"q": q})) for q in queries]
        cache = app.state.services.cache
        store = app.state.services.store
        hits = [len(search.search(store, q, "vi", 1, 10).hits) > 0 for q in queries]
        print(f"   search queries with at least one result: {sum(hits)} of {len(hits)}")
        cases: list[tuple[str, list[str], Callable[[], None]]] = [
            ("home", ["/vi/"] * requests, cache.clear),
            ("article", articles, cache.clear),
            ("article (cached)", [articles[0]] * requests, lambda: None),
            ("search", searches, cache.clear),
        ]
        loop = asyncio.new_event_loop()

        def in_process(url: str) -> int:
            return loop.run_until_complete(asgi_get(app, url))[0]

        for url in ("/vi/", articles[0], searches[0]):  # warm up templates and SQLite pages
            in_process(url)
        for name, urls, before in cases:
            print(f"   in-process  {name:17} {percentiles(timed(in_process, urls, before))}")
        loop.close()
        if http:
            import uvicorn

            port = free_port()
            server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                                   lifespan="off", access_log=False))
            thread = threading.Thread(target=server.run, daemon=True)
            thread.start()
            while not server.started:
                time.sleep(0.02)
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=HEADERS) as client:
                def over_http(url: str) -> int:
                    return client.get(url).status_code

                for url in ("/vi/", articles[0], searches[0]):
                    over_http(url)
                for name, urls, before in cases:
                    print(f"   over HTTP   {name:17} {percentiles(timed(over_http, urls, before))}")
            server.should_exit = True
            thread.join(10)
        store.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000",
                        help="comma-separated article counts (default 1000,10000,100000)")
    parser.add_argument("--requests", type=int, default=300, help="timed requests per case (default 300)")
    parser.add_argument("--no-http", action="store_true", help="skip the uvicorn/httpx runs")
    args = parser.parse_args()
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    print(f"Reader search benchmark: {args.requests} sequential GETs per case, one process, "
          f"SQLite {sqlite3.sqlite_version}")
    for size in sizes:
        run_size(size, args.requests, not args.no_http)


if __name__ == "__main__":
    main()
