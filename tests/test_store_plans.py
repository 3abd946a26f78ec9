"""Every query the article, list, search, feed and related paths run uses an
index, on both engines: the test records the SQL the store runs while real
pages are rendered, then asks each engine for its plan.

SQLite: no table is scanned except through an index (FTS5 answers from its
own index).  PostgreSQL: plans are asked with sequential scans priced out
(on a small table a Seq Scan may be the right choice; one that is still
chosen means no index can serve the query).  These are the plans that keep
pages fast at a million articles (benchmarks/search_bench.py measures it)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from reader.models import ArticleInput

pytestmark = pytest.mark.both_backends

SAPA = "chung-day-hoang-lien-chung-niem-khat-vong"
PAGES = {
    "article": [f"/vi/articles/{SAPA}", "/en/articles/one-hoang-lien-range-one-shared-ambition"],
    "list": ["/vi/", "/en/?page=2"],
    "search": ["/vi/search?q=hoi+nghi", "/en/search?q=sa+pa&page=2", "/vi/search?q=the"],
    "feed": ["/vi/feed.xml", "/en/feed.xml"],
}
# What each path must be seen using, by engine (an index by its name).
EXPECTED = {
    "sqlite": {"article": ["sqlite_autoindex_articles_1", "images_by_article"],
               "list": ["articles_by_date"], "search": ["VIRTUAL TABLE INDEX"],
               "feed": ["articles_by_date"]},
    # Search: the GIN index of the first range of the search index (this small
    # table's only one), or its primary key walked newest first for the newest page.
    "postgresql": {"article": ["articles_slug_key", "images_by_article"],
                   "list": ["articles_by_date"], "search": ["search_index_p0_doc_idx|search_index_p0_pkey"],
                   "feed": ["articles_by_date"]},
}


def unindexed(backend: str, plan: str) -> list[str]:
    """The lines of a plan that read a table without an index."""
    if backend == "sqlite":
        # "SCAN (subquery-1)" walks a bounded result, not a table
        return [line for line in plan.splitlines() if re.match(r"\s*SCAN \w", line)
                and "USING INDEX" not in line and "USING COVERING INDEX" not in line
                and "VIRTUAL TABLE INDEX" not in line]
    return [line for line in plan.splitlines() if "Seq Scan" in line]


def test_every_page_query_uses_an_index(make_app: Callable[..., Starlette], db_backend: str) -> None:
    app = make_app()
    store = app.state.services.store
    start = datetime(2024, 1, 1, tzinfo=UTC)
    for n in range(40):  # enough for a second page and a capped search
        store.save(ArticleInput(slug=f"bai-{n}", lang="en" if n % 2 else "vi", title=f"The news {n} hội nghị",
                                summary="the summary", body_html=f"<p>The body {n}.</p>", author="",
                                published_at=start + timedelta(days=n),
                                translation_group=f"g{n // 2}" if n < 10 else None))
    seen: dict[str, set[str]] = {}
    with TestClient(app) as client:
        client.cookies.set("reader_lang", "vi")
        for path_family, urls in PAGES.items():
            queries: list[tuple[str, object]] = []
            for url in urls:
                app.state.services.cache.clear()
                with store.trace() as traced:
                    assert client.get(url).status_code == 200, url
                queries += traced
            assert queries, path_family
            plans = []
            for sql, params in queries:
                plan = store.plan(sql, params)
                assert unindexed(db_backend, plan) == [], f"{path_family}: {sql}\n{plan}"
                plans.append(plan)
            seen[path_family] = set(plans)
    for path_family, names in EXPECTED[db_backend].items():
        for name in names:
            found = any(alternative in plan for alternative in name.split("|") for plan in seen[path_family])
            assert found, (path_family, name, seen[path_family])


def test_the_check_finds_an_unindexed_plan(db_backend: str) -> None:
    """The detector itself: a plan that reads a whole table is reported."""
    plan = {"sqlite": "SCAN a", "postgresql": "Seq Scan on articles a  (cost=0.00..1.01)"}[db_backend]
    assert unindexed(db_backend, plan) == [plan]
