"""One corpus in both engines, the same answers: for a table of Vietnamese and
English queries typed with and without tone marks, d for đ, old and new tone
placement and decomposed text, SQLite (FTS5) and PostgreSQL (tsvector + GIN)
find exactly the same articles for each UI language, the same newest-first
first page, and the same related articles' candidates."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from reader import search
from reader.models import ArticleInput
from reader.samples import load_samples, sample_words
from reader.store import Store, open_store

from .pg import Cluster

SYNTHETIC = 400

QUERIES = [
    "hội nghị", "hoi nghi", "HOI NGHI", unicodedata.normalize("NFD", "hội nghị"),
    "đường", "duong", "Đường lên", "duong len",
    "hoà", "hòa", "hoa", "văn hoá", "van hoa",
    "thuỷ lợi", "thủy lợi", "thuy loi", "thuy",
    "hoàng liên", "hoang lien", "sa pa", "Sa Pa",
    "chè", "che", "bản", "ban", "người dân", "nguoi dan",
    "tea", "Tea", "conference", "district", "the", "road", "farmers", "Fansipan",
    "m³", "2023", "cooperation sa pa",
    "không có từ này", "zzzz",
]


def corpus() -> list[ArticleInput]:
    """Articles from the samples' own words, some in old tone placement or
    decomposed, one story in five translated."""
    rng = random.Random(17)
    words = sample_words()
    weights = {lang: [1 / (rank + 1) for rank in range(len(ws))] for lang, ws in words.items()}
    old_style = {"hòa": "hoà", "thủy": "thuỷ", "hóa": "hoá", "khỏe": "khoẻ"}
    items = []
    start = datetime(2020, 1, 1, tzinfo=UTC)
    for n in range(SYNTHETIC):
        group = f"g{n // 2}" if n % 10 < 2 else None
        lang = ("vi", "en")[n % 2] if group else rng.choice(["vi", "vi", "en"])

        def text(count: int, lang: str = lang) -> str:
            chosen = rng.choices(words[lang], weights=weights[lang], k=count)
            if lang == "vi" and rng.random() < 0.3:
                chosen = [old_style.get(w, w) for w in chosen] + [rng.choice(list(old_style))]
            joined = " ".join(chosen)
            return unicodedata.normalize("NFD", joined) if rng.random() < 0.1 else joined

        items.append(ArticleInput(
            slug=f"bai-{n}", lang=lang, title=text(rng.randint(4, 9)), summary=text(rng.randint(10, 20)),
            body_html="".join(f"<p>{text(rng.randint(20, 40))}.</p>" for _ in range(3)), author="",
            published_at=start + timedelta(hours=rng.randint(0, 30_000)), translation_group=group))
    return items


@pytest.fixture(scope="module")
def stores(pg_cluster: Cluster, tmp_path_factory: pytest.TempPathFactory,
           media_dir: Path) -> Iterator[dict[str, Store]]:
    folder = tmp_path_factory.mktemp("search-backends")
    pg_cluster.drop_database("search_backends")
    opened = {"sqlite": open_store(folder / "reader.sqlite3"),
              "postgresql": open_store(pg_cluster.create_database("search_backends"))}
    articles = corpus()
    for store in opened.values():
        load_samples(store, media_dir)
        for item in articles:
            store.save(item)
    yield opened
    for store in opened.values():
        store.close()
    pg_cluster.drop_database("search_backends")


@pytest.mark.parametrize("locale", ["vi", "en"])
@pytest.mark.parametrize("query", QUERIES)
def test_both_engines_find_the_same_articles(stores: dict[str, Store], query: str, locale: str) -> None:
    words = search.terms(query)
    lite, pg = stores["sqlite"], stores["postgresql"]
    found, capped = lite.search_matches(words, locale, search.RESULT_CAP, search.RESULT_CAP)  # type: ignore[arg-type]
    assert not capped
    assert (found, False) == pg.search_matches(words, locale, search.RESULT_CAP, search.RESULT_CAP)  # type: ignore[arg-type]
    assert found == sorted(found, reverse=True)  # newest first: the top 10 past the cap agree too
    # Past a small cap, the newest of the same matches (PostgreSQL's second step).
    small = (found[:10], True) if len(found) > 20 else (found, False)
    assert lite.search_matches(words, locale, 20, 10) == pg.search_matches(words, locale, 20, 10) == small  # type: ignore[arg-type]


def test_the_table_reaches_broad_narrow_and_empty_answers(stores: dict[str, Store]) -> None:
    """So the comparison above means something: some queries match many, some a few, some none."""
    counts = {q: len(stores["sqlite"].search_matches(search.terms(q), "vi", 2000, 2000)[0]) for q in QUERIES}
    assert counts["the"] > 100 and counts["zzzz"] == 0 and 0 < counts["thuỷ lợi"] < 100
    assert counts["hoà"] == counts["hòa"] > 0 and counts["duong"] == counts["đường"] > 0
    assert counts[unicodedata.normalize("NFD", "hội nghị")] == counts["hoi nghi"] > 0
    assert counts["m³"] > 0  # "450.000 m³" (the dam sample and its words): PostgreSQL's parser would split it


@pytest.mark.parametrize("query", ["hoi nghi", "the", "thuy", "sa pa"])
def test_pages_past_the_cap_agree_newest_first(stores: dict[str, Store], query: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "RESULT_CAP", 20)
    assert all(search.search(s, query, "en", 1, 7).capped for s in stores.values())
    pages = [[[h.item.slug for h in search.search(s, query, "en", n, 7).hits] for n in (1, 2, 3)]
             for s in stores.values()]
    assert pages[0] == pages[1] and len(pages[0][0]) == 7


def test_the_search_page_shows_the_same_results_and_highlights(stores: dict[str, Store]) -> None:
    """Ranking differs (bm25 against ts_rank), so compare what a reader gets for
    queries narrow enough that the first page holds every match."""
    for query in ("thuỷ lợi", "hoang lien", "conference"):
        results = [search.search(s, query, "vi", 1, 50) for s in stores.values()]
        assert results[0].page.total == results[1].page.total
        assert {h.item.slug: (h.title, h.snippet) for h in results[0].hits} == \
            {h.item.slug: (h.title, h.snippet) for h in results[1].hits}


def test_related_candidates_agree(stores: dict[str, Store]) -> None:
    for slug in ("chung-day-hoang-lien-chung-niem-khat-vong", "bai-3", "bai-10"):
        article = stores["sqlite"].article(slug)
        assert article is not None
        words = [w for w in search.terms(article.title) if len(w) > 1][:4]
        assert [s.headline_word_count(w, 401) for w in words for s in [stores["sqlite"]]] == \
            [stores["postgresql"].headline_word_count(w, 401) for w in words]
        assert {a.slug for a in stores["sqlite"].related(article, words, "vi", 400)} == \
            {a.slug for a in stores["postgresql"].related(article, words, "vi", 400)}
