"""Reader at scale, SQLite and PostgreSQL side by side: search, an article by
slug and a list page at up to a million articles.

    .venv/bin/python benchmarks/search_bench.py --backend both --articles 1000000
    .venv/bin/python benchmarks/search_bench.py [--backend sqlite] [--sizes 1000,10000,100000]

For each size it builds, for each engine, a fresh database: the 17 bundled
samples (through Store.save, like an import), then N synthetic articles in
batches (SQLite: executemany, then the FTS5 index in one INSERT ... SELECT
through the app's folding; PostgreSQL: COPY of the articles and of their
index entries, built in Python by the store's own tsvector(), the GIN index
made after the load, the maintained counts recounted once).  PostgreSQL is a
throwaway cluster (tests/pg.py) on a private socket.  The synthetic text is
drawn from the samples' own words with a Zipf distribution (a few words in
every article, most words rare), Vietnamese and English, one story in ten
translated.  The same articles go into both engines.

Then it times, one at a time, in one process:
  - the store calls behind the targets: ``search`` (reader.search.search:
    the store's queries plus snippets and highlights), ``article by slug``
    (Store.article), ``list page`` (Store.latest, pages 1-100);
  - the same pages rendered in-process through ASGI with the render cache
    emptied before each (database + template + compression), for context.
Search queries rotate over two-word pairs of mid-frequency words and the
issue's Vietnamese examples.

Targets at 1,000,000 articles on PostgreSQL: search p50 <= 10 ms and
p95 <= 50 ms, article by slug p50 <= 1 ms, list page p50 <= 5 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
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
from reader.samples import load_samples, sample_words  # noqa: E402
from reader.search import plain_text  # noqa: E402
from reader.store import Store, open_store  # noqa: E402

HEADERS = {"accept-encoding": "br, gzip", "cookie": "reader_lang=vi"}
FIXED_QUERIES = ["hội nghị", "HOI NGHI", "hoàng lien", "duong", "thuy", "thủy lợi", "hoà bình"]
BATCH = 20_000
Row = tuple[int, str, str, str, str, str, str, datetime, datetime, str | None, int]


# -- synthetic articles ---------------------------------------------------------------
def _cumulative(n: int) -> list[float]:
    total, out = 0.0, []
    for rank in range(1, n + 1):
        total += 1 / rank  # Zipf, s = 1
        out.append(total)
    return out


class Writer:
    def __init__(self, seed: int = 6) -> None:
        self.random = random.Random(seed)
        self.words = sample_words()
        self.weights = {lang: _cumulative(len(ws)) for lang, ws in self.words.items()}

    def sentence(self, lang: str, count: int) -> str:
        text = " ".join(self.random.choices(self.words[lang], cum_weights=self.weights[lang], k=count))
        return text[:1].upper() + text[1:]

    def body(self, lang: str) -> str:
        return "".join(f"<p>{self.sentence(lang, self.random.randint(25, 45))}.</p>"
                       for _ in range(self.random.randint(3, 5)))

    def rows(self, size: int, first_id: int) -> Iterator[list[Row]]:
        """Batches of article rows, ids from ``first_id``, one story in ten in both languages."""
        start = datetime(2015, 1, 1, tzinfo=UTC)
        now = datetime.now(UTC).replace(microsecond=0)
        batch: list[Row] = []
        n = 0
        while n < size:
            published = start + timedelta(minutes=self.random.randint(0, 10 * 365 * 24 * 60))
            group = f"g{n}" if self.random.random() < 0.1 and n + 1 < size else None
            for lang in (["vi", "en"] if group else [self.random.choice(["vi", "vi", "en"])]):
                body = self.body(lang)
                title = self.sentence(lang, self.random.randint(6, 11))
                batch.append((first_id + n, f"bai-{n}-{lang}", lang, title,
                              self.sentence(lang, self.random.randint(18, 30)) + ".", body, "Reader",
                              published, now, group, body.count(" ") + 1))
                n += 1
            if len(batch) >= BATCH:
                yield batch
                batch = []
        if batch:
            yield batch


# -- loading each engine --------------------------------------------------------------
class SQLiteLoader:
    name = "sqlite"

    def __init__(self, folder: Path, built: bool = False) -> None:
        self.path = folder / "reader.sqlite3"
        self.target = str(self.path)
        self.conn: sqlite3.Connection | None = None

    def start(self, media: Path) -> None:
        store = open_store(self.path)
        load_samples(store, media)
        store.close()
        self.conn = sqlite3.connect(self.path, isolation_level=None)

    def add(self, batch: list[Row]) -> None:
        assert self.conn is not None
        self.conn.execute("BEGIN")
        self.conn.executemany(
            "INSERT INTO articles (id, slug, lang, title, summary, body_html, author, published_at, updated_at, "
            "translation_group, word_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(*r[:7], r[7].isoformat(timespec="seconds"), r[8].isoformat(timespec="seconds"), *r[9:])
             for r in batch])
        self.conn.execute("COMMIT")

    def finish(self) -> None:
        from reader.search import fold

        assert self.conn is not None
        self.conn.create_function("reader_fold", 1, fold, deterministic=True)
        self.conn.create_function("reader_text", 1, plain_text, deterministic=True)
        self.conn.execute("BEGIN")
        self.conn.execute(
            "INSERT INTO articles_fts (rowid, title, summary, body) "
            "SELECT id, reader_fold(title), reader_fold(summary), reader_fold(reader_text(body_html)) "
            "FROM articles WHERE slug LIKE 'bai-%'")
        self.conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('optimize')")
        self.conn.execute("COMMIT")
        self.conn.execute("ANALYZE")
        self.conn.close()

    def size(self) -> str:
        return f"{self.path.stat().st_size / 1e9:.2f} GB"

    def close(self, keep: bool = False) -> None:
        pass


class PostgresLoader:
    name = "postgresql"

    def __init__(self, folder: Path, built: bool = False, shared_buffers: str = "1GB") -> None:
        from tests.pg import Cluster

        self.cluster = Cluster(folder / "pg", shared_buffers=shared_buffers)
        if built:  # a kept cluster: started again on a new port
            self.cluster.configure()
            self.cluster.start()
            self.target = self.cluster.url("bench")
        else:
            self.cluster.init().start()
            self.target = self.cluster.create_database("bench")
        self.conn: Any = None

    def start(self, media: Path) -> None:
        import psycopg

        store = open_store(self.target)
        load_samples(store, media)
        store.close()
        self.conn = psycopg.connect(self.target, autocommit=True)
        # A bulk load: the count trigger is row by row (recounted once at the end)
        # and the GIN index is faster to build once than to grow a million times.
        self.conn.execute("ALTER TABLE articles DISABLE TRIGGER articles_story_counts")
        self.conn.execute("DROP INDEX search_index_doc")

    def add(self, batch: list[Row]) -> None:
        from reader.store.postgres import tsvector

        with self.conn.transaction():
            for first in {batch[0][0], batch[-1][0]}:  # the search index's ranges (a batch is smaller)
                self.conn.execute("SELECT reader_search_range(%s)", (first,))
            with self.conn.cursor().copy(
                    "COPY articles (id, slug, lang, title, summary, body_html, author, published_at, updated_at, "
                    "translation_group, word_count) FROM STDIN") as copy:
                for row in batch:
                    copy.write_row(row)
            with self.conn.cursor().copy("COPY search_index (article_id, doc) FROM STDIN") as copy:
                for row in batch:
                    copy.write_row((row[0], tsvector(row[3], row[4], plain_text(row[5]))))

    def finish(self) -> None:
        conn = self.conn
        conn.execute("SET maintenance_work_mem = '1GB'")
        conn.execute("CREATE INDEX search_index_doc ON search_index USING GIN (doc)")
        conn.execute("SELECT setval(pg_get_serial_sequence('articles', 'id'), (SELECT max(id) FROM articles))")
        conn.execute("UPDATE story_counts SET articles = (SELECT count(*) FROM articles), "
                     "pairs = (SELECT count(*) FROM articles a WHERE a.lang = 'vi' AND EXISTS ("
                     "SELECT 1 FROM articles b WHERE b.translation_group = a.translation_group "
                     "AND b.lang = 'en'))")
        conn.execute("ALTER TABLE articles ENABLE TRIGGER articles_story_counts")
        conn.execute("VACUUM ANALYZE")
        conn.close()

    def warm(self) -> None:
        """The steady state of a running server: vacuumed, as autovacuum leaves
        the tables (the visibility map lets search check articles from an
        index alone; a vacuum right after the bulk load can still leave it
        unset), and the tables and indexes in shared buffers (pg_prewarm, from
        PostgreSQL's own contrib modules), as traffic would put them: the
        SQLite file is in the operating system's cache after the build."""
        import psycopg

        with psycopg.connect(self.target, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
            conn.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
            toast = "SELECT reltoastrelid FROM pg_class WHERE relnamespace = 'public'::regnamespace"
            conn.execute("SELECT pg_prewarm(oid) FROM pg_class WHERE relnamespace = 'public'::regnamespace "
                         "AND relkind IN ('r', 'i') "
                         f"UNION ALL SELECT pg_prewarm(oid) FROM pg_class WHERE oid IN ({toast}) "
                         f"UNION ALL SELECT pg_prewarm(indexrelid) FROM pg_index WHERE indrelid IN ({toast})")

    def size(self) -> str:
        import psycopg

        with psycopg.connect(self.target) as conn:
            return str(conn.execute("SELECT pg_size_pretty(pg_database_size('bench'))").fetchone()[0])  # type: ignore[index]

    def close(self, keep: bool = False) -> None:
        if keep:
            self.cluster.stop()
        else:
            self.cluster.remove()


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


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered) * 1000, ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000


def timed(calls: list[Callable[[], object]], before: Callable[[], None] = lambda: None) -> list[float]:
    samples = []
    for call in calls:
        before()
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return samples


def search_queries(writer: Writer, count: int) -> list[str]:
    """Two-word queries of mid-frequency words (ranks 30-400) plus the fixed ones."""
    mid = writer.words["vi"][30:400]
    pairs = [f"{writer.random.choice(mid)} {writer.random.choice(mid)}" for _ in range(count)]
    return [FIXED_QUERIES[i % len(FIXED_QUERIES)] if i % 3 == 0 else pairs[i] for i in range(count)]


def measure(store: Store, app: Any, slugs: list[str], queries: list[str],
            requests: int) -> dict[str, tuple[float, float]]:
    picker = random.Random(len(slugs))
    chosen = picker.sample(slugs, min(requests, len(slugs)))
    # List pages 1-100, or as many as a small database has (past the end is a 404).
    last = max(1, min(100, store.latest("vi", 1, app.state.services.settings.page_size).count))
    pages = [picker.randint(1, last) for _ in range(requests)]
    cache = app.state.services.cache
    loop = asyncio.new_event_loop()

    def get(url: str) -> Callable[[], object]:
        def call() -> None:
            status = loop.run_until_complete(asgi_get(app, url))[0]
            if status != 200:
                raise SystemExit(f"{url} answered {status}")
        return call

    for query in queries[:20]:  # warm the caches of the engine, the templates and the folding
        search.search(store, query, "vi", 1, 10)
    results = {
        "search": timed([lambda q=q: search.search(store, q, "vi", 1, 10) for q in queries]),
        "article by slug": timed([lambda s=s: store.article(s) for s in chosen]),
        "list page": timed([lambda p=p: store.latest("vi", p, 10) for p in pages]),
        "search page (ASGI)": timed([get("/vi/search?" + str(httpx.QueryParams({"q": q}))) for q in queries],
                                    cache.clear),
        "article page (ASGI)": timed([get(f"/vi/articles/{s}") for s in chosen], cache.clear),
        "list page (ASGI)": timed([get(f"/vi/?page={p}") for p in pages], cache.clear),
    }
    loop.close()
    return {name: percentiles(samples) for name, samples in results.items()}


def run_size(size: int, requests: int, backends: list[str], keep: Path | None, shared_buffers: str) -> None:
    """``keep``: build the databases in this folder and leave them there; a later
    run with the same folder measures them again without building."""
    folder = keep / str(size) if keep else Path(tempfile.mkdtemp(prefix=f"reader-bench-{size}-"))
    built = keep is not None and (folder / "built").exists()
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o755)
    loaders: list[Any] = []
    try:
        settings = replace(load_settings({"READER_DATA_DIR": str(folder / "data")}),
                           static_dir_override=folder / "static", load_samples=False)
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        loaders = [SQLiteLoader(folder, built) if b == "sqlite" else PostgresLoader(folder, built, shared_buffers)
                   for b in backends]
        if built:
            print(f"\n== {size:,} synthetic articles (+17 samples), kept in {folder} ==", flush=True)
            store = open_store(loaders[0].target)
            slugs = [s for s in store.slugs(10_000) if s.startswith("bai-")]
            store.close()
        else:
            slugs = build(loaders, size, settings.media_dir)
            if keep:
                (folder / "built").touch()
        for loader in loaders:
            if hasattr(loader, "warm"):
                loader.warm()
        measure_all(loaders, settings, slugs, size, requests)
    finally:
        for loader in loaders:
            loader.close(keep=keep is not None)
        if keep is None:
            shutil.rmtree(folder, ignore_errors=True)


def build(loaders: list[Any], size: int, media: Path) -> list[str]:
    slugs: list[str] = []
    started = time.perf_counter()
    for loader in loaders:
        loader.start(media)
    spent = {loader.name: 0.0 for loader in loaders}
    generating = 0.0
    rows = Writer().rows(size, first_id=1000)
    while True:
        tick = time.perf_counter()
        batch = next(rows, None)
        generating += time.perf_counter() - tick
        if batch is None:
            break
        slugs += [r[1] for r in batch]
        for loader in loaders:
            tick = time.perf_counter()
            loader.add(batch)
            spent[loader.name] += time.perf_counter() - tick
    for loader in loaders:
        tick = time.perf_counter()
        loader.finish()
        spent[loader.name] += time.perf_counter() - tick
    print(f"\n== {size:,} synthetic articles (+17 samples), built in {time.perf_counter() - started:.0f} s "
          f"(generating the text {generating:.0f} s; "
          + "; ".join(f"{loader.name} {spent[loader.name]:.0f} s, {loader.size()}" for loader in loaders)
          + ") ==", flush=True)
    return slugs


def measure_all(loaders: list[Any], settings: Any, slugs: list[str], size: int, requests: int) -> None:
    queries = search_queries(Writer(seed=size), requests)
    figures = {}
    for loader in loaders:
        app = create_app(replace(settings, db=loader.target))
        store = app.state.services.store
        hits = sum(len(search.search(store, q, "vi", 1, 10).hits) > 0 for q in queries)
        print(f"   {loader.name}: search queries with at least one result: {hits} of {len(queries)}", flush=True)
        figures[loader.name] = measure(store, app, slugs, queries, requests)
        store.close()
    names = [loader.name for loader in loaders]
    print("   " + f"{'':22}" + "".join(f"{name + ' p50 / p95 (ms)':>30}" for name in names))
    for case in figures[names[0]]:
        print("   " + f"{case:22}" + "".join(f"{figures[n][case][0]:>18.2f} / {figures[n][case][1]:>8.2f}"
                                            for n in names))
    if "postgresql" in figures:
        pg = figures["postgresql"]
        print(f"   targets (PostgreSQL, at 1M): search p50 <= 10 ({pg['search'][0]:.2f}), p95 <= 50 "
              f"({pg['search'][1]:.2f}); article p50 <= 1 ({pg['article by slug'][0]:.2f}); "
              f"list p50 <= 5 ({pg['list page'][0]:.2f})")


def default_shared_buffers() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return f"{max(128, min(8192, memory // 4 // 2**20))}MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="sqlite")
    parser.add_argument("--articles", type=int, help="one size (e.g. 1000000); overrides --sizes")
    parser.add_argument("--sizes", default="1000,10000,100000",
                        help="comma-separated article counts (default 1000,10000,100000)")
    parser.add_argument("--requests", type=int, default=300, help="timed calls per case (default 300)")
    parser.add_argument("--keep", type=Path, metavar="FOLDER",
                        help="build the databases in FOLDER and keep them; measure kept ones again next time")
    parser.add_argument("--shared-buffers", default=default_shared_buffers(),
                        help="PostgreSQL's shared_buffers (default: a quarter of this machine's memory, "
                             "at most 8GB, the usual setting for a database server)")
    args = parser.parse_args()
    sizes = [args.articles] if args.articles else [int(s.replace("_", "")) for s in args.sizes.split(",") if s]
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    print(f"Reader search benchmark: {', '.join(backends)}; {args.requests} sequential calls per case, "
          f"one process; SQLite {sqlite3.sqlite_version}"
          + (f"; PostgreSQL shared_buffers {args.shared_buffers}" if "postgresql" in backends else ""), flush=True)
    for size in sizes:
        run_size(size, args.requests, backends, args.keep, args.shared_buffers)


if __name__ == "__main__":
    main()
