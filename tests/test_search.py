"""Search as a reader meets it: Vietnamese typed any way a phone allows, the
results page with and without htmx, bad input, related articles, and the
index kept in step with the articles (reader/search.py, reader/views/search.py)."""

from __future__ import annotations

import sqlite3
import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from starlette.applications import Starlette
from starlette.testclient import TestClient

from reader import search
from reader.models import ArticleInput
from reader.store import Store
from reader.store.sqlite import MIGRATIONS, SQLiteStore, match_expression

pytestmark = pytest.mark.both_backends  # routes on SQLite and on PostgreSQL

SAPA = "chung-day-hoang-lien-chung-niem-khat-vong"
SAPA_EN = "one-hoang-lien-range-one-shared-ambition"
ROAD = "thong-xe-con-duong-moi-len-xa-ta-giang-phinh"
DAM = "hoan-thanh-cong-trinh-thuy-loi-chong-lu-o-tam-duong"  # "thuỷ lợi": old tone placement
FISH = "nuoi-ca-long-tren-long-ho-thuy-dien-ban-chat"  # "thủy điện": new tone placement
FESTIVAL = "sa-pa-ron-rang-ngay-hoi-van-hoa-du-lich-mua-he"  # "văn hóa" and "hoà mình"
FROST = "frost-turns-the-slopes-of-fansipan-white"  # "Hoàng Liên Sơn"


def soup(response: object) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")  # type: ignore[attr-defined]


def found(response: object) -> list[str]:
    return [str(a["href"]).rsplit("/", 1)[1] for a in soup(response).select("#search-results li h2 a")]


def marked(response: object) -> list[str]:
    return [m.get_text() for m in soup(response).select("#search-results mark")]


# -- folding -------------------------------------------------------------------------
@pytest.mark.parametrize(("old", "new"), [
    ("hoà", "hòa"), ("Hoá", "Hóa"), ("HOẢ", "HỎA"), ("hoè", "hòe"), ("khoẻ", "khỏe"),
    ("thuỷ", "thủy"), ("Tuỳ", "Tùy"), ("huỵ", "hụy"), ("hoà.", "hòa."),
])
def test_old_tone_placement_folds_to_the_new_one(old: str, new: str) -> None:
    assert search.fold(old) == search.fold(new) == new


@pytest.mark.parametrize("word", ["hoàng", "hoàn", "quý", "quà", "thuyền", "khuya", "toàn"])
def test_tone_placement_is_left_alone_where_both_styles_agree(word: str) -> None:
    assert search.fold(word) == word


def test_folding_keeps_one_character_for_one_so_highlights_map_back() -> None:
    text = "Đường lên Tả Giàng Phình, thuỷ lợi và HOÀ BÌNH; ĐƯỜNG MỚI"
    assert len(search.fold(text)) == len(text)
    assert search.fold("đường Đường") == "dường Dường"
    assert search.fold(unicodedata.normalize("NFD", text)) == search.fold(text)


def test_query_words_are_quoted_so_fts_syntax_is_just_text() -> None:
    words = search.terms('hoi AND "nghi" OR x* NEAR(a b) col:^y')
    assert words == ["hoi", "and", "nghi", "or", "x", "near", "a", "b", "col", "y"]
    assert match_expression(["hoi", "nghi"]) == '"hoi" "nghi"'


def test_highlight_marks_whole_words_on_the_original_text() -> None:
    segments = search.highlight("Hồ thủy điện và đập thuỷ lợi, thuyền", search.terms("thuy"))
    assert [text for text, is_match in segments if is_match] == ["thủy", "thuỷ"]
    assert "".join(text for text, _ in segments) == "Hồ thủy điện và đập thuỷ lợi, thuyền"
    old_style = search.highlight("Du khách được hoà mình, văn hóa", search.terms("hòa"))
    assert [text for text, is_match in old_style if is_match] == ["hoà", "hóa"]


# -- the Done-when table ------------------------------------------------------------
@pytest.mark.parametrize(("query", "expected", "marks"), [
    ("hoi nghi", {SAPA}, {"Hội", "nghị"}),
    ("HOI NGHI", {SAPA}, {"Hội", "nghị"}),
    ("hội nghị", {SAPA}, {"Hội", "nghị"}),
    (unicodedata.normalize("NFD", "hội nghị"), {SAPA}, {"Hội", "nghị"}),
    ("hoàng lien", {SAPA, FROST}, {"Hoàng", "Liên"}),
    ("duong", {ROAD, DAM}, {"đường", "Đường"}),
    ("thuy", {DAM, FISH}, {"thuỷ", "thủy"}),
    ("thủy lợi", {DAM}, {"thuỷ", "lợi"}),
    ("hoà", {FESTIVAL}, {"hóa"}),  # the snippet is cut around the first match, "văn hóa"
    ("hòa", {FESTIVAL}, {"hóa"}),
])
def test_vietnamese_typed_any_way_finds_the_article_with_highlights(
    client: TestClient, query: str, expected: set[str], marks: set[str]
) -> None:
    response = client.get("/vi/search", params={"q": query})
    assert response.status_code == 200
    slugs = found(response)
    assert expected <= set(slugs), slugs
    assert marks <= set(marked(response)), marked(response)
    # The article the words are in is the first result when it is the only expected one.
    if len(expected) == 1:
        assert slugs[0] in expected


def test_the_best_match_comes_first_and_results_look_like_the_home_list(client: TestClient) -> None:
    page = soup(client.get("/en/search", params={"q": "thuy loi"}))
    first = page.select_one("#search-results li")
    assert first is not None
    link = first.select_one("h2 a")
    assert link is not None and link["href"] == f"/en/articles/{DAM}"
    assert first.get("lang") == "vi"  # a Vietnamese article in the English UI says so
    assert first.select_one(".meta time[datetime]") is not None
    assert first.select_one(".badge").get_text() == "In Vietnamese"  # type: ignore[union-attr]
    assert first.select_one(".summary mark") is not None
    count = page.select_one("#search-count[role=status]")
    assert count is not None and count.get_text() == "1 article found for “thuy loi”."


def test_each_ui_language_searches_the_articles_it_lists(client: TestClient) -> None:
    """Like the home page: a story translated into the UI language is found in
    that language only, so it is never listed twice."""
    assert SAPA in found(client.get("/vi/search", params={"q": "hoang lien"}))
    english = found(client.get("/en/search", params={"q": "hoang lien"}))
    assert SAPA_EN in english and SAPA not in english


def test_english_articles_are_found_in_english(client: TestClient) -> None:
    response = client.get("/en/search", params={"q": "Conference Sa Pa"})
    assert SAPA_EN in found(response)
    assert "conference" in {m.lower() for m in marked(response)}


# -- the page, with and without htmx ------------------------------------------------
def test_every_page_has_a_search_form_that_works_without_javascript(client: TestClient) -> None:
    for path in ("/vi/", f"/vi/articles/{SAPA}", "/en/settings", "/en/accessibility"):
        form = soup(client.get(path)).select_one("form[role=search]")
        assert form is not None, path
        assert form["method"] == "get" and form["action"] == path[:3] + "/search"
        field = form.select_one("input[name=q]")
        assert field is not None and form.select_one(f"label[for={field['id']}]") is not None
        assert form.select_one("button[type=submit]") is not None


def test_the_search_page_names_its_input_for_htmx(client: TestClient) -> None:
    page = soup(client.get("/vi/search", params={"q": "chè"}))
    field = page.select_one("#q")
    assert field is not None
    assert field["value"] == "chè"
    assert field["hx-get"] == "/vi/search"
    assert field["hx-trigger"] == "input changed delay:300ms, search"
    assert field["hx-target"] == "#search-results" and field["hx-push-url"] == "true"
    assert len(page.select("form[role=search]")) == 1  # the header form gives way to this one
    assert page.select_one("label[for=q]") is not None


def test_htmx_gets_the_partial_and_the_count_out_of_band(client: TestClient) -> None:
    response = client.get("/vi/search", params={"q": "thuy"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "HX-Request" in response.headers["vary"]
    assert "<html" not in response.text and "<h1" not in response.text
    count = soup(response).select_one("#search-count")
    assert count is not None and count["hx-swap-oob"] == "innerHTML"
    assert count.get_text() == "Tìm thấy 3 bài viết cho “thuy”."
    assert DAM in found_in_fragment(response)


def found_in_fragment(response: object) -> list[str]:
    return [str(a["href"]).rsplit("/", 1)[1] for a in soup(response).select("li h2 a")]


def test_a_history_restore_gets_the_full_page(client: TestClient) -> None:
    response = client.get("/vi/search", params={"q": "thuy"},
                          headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in response.text and "HX-Request" in response.headers["vary"]


def test_empty_query_shows_the_form_and_a_hint(client: TestClient) -> None:
    for url in ("/vi/search", "/vi/search?q=", "/en/search?q=%20%20"):
        response = client.get(url)
        assert response.status_code == 200
        page = soup(response)
        assert page.select_one("#q") is not None
        assert found(response) == []
        assert page.select_one("#search-results p") is not None  # the hint


def test_pagination_keeps_the_query(make_app: Callable[..., Starlette]) -> None:
    with TestClient(make_app(page_size=2)) as client:
        first = soup(client.get("/vi/search", params={"q": "sa pa"}))
        link = first.select_one(".pagination a[rel=next]")
        assert link is not None and link["href"] == "?q=sa+pa&page=2"
        second = client.get("/vi/search" + str(link["href"]))
        assert second.status_code == 200
        assert found(second) and set(found(second)).isdisjoint(
            str(a["href"]).rsplit("/", 1)[1] for a in first.select("#search-results li h2 a"))
        last = client.get("/vi/search", params={"q": "sa pa", "page": "999"})
        assert last.status_code == 200 and found(last)  # past the end: the last page


def test_a_query_matching_too_many_is_counted_up_to_the_cap_newest_first(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "RESULT_CAP", 3)
    response = client.get("/vi/search", params={"q": "sa pa"})
    page = soup(response)
    assert page.select_one("#search-count").get_text() == "Tìm thấy hơn 3 bài viết cho “sa pa”."  # type: ignore[union-attr]
    assert page.select_one("#search-results .notice") is not None
    slugs = found(response)
    assert len(slugs) == 3  # the cap bounds the pages too
    ids = [client.app.state.services.store.article(s).id for s in slugs]  # type: ignore[attr-defined]
    assert ids == sorted(ids, reverse=True)


# -- bad input ------------------------------------------------------------------------
BAD_QUERIES = [
    "q=%22", "q=%22hoi", "q=hoi+AND", "q=OR", "q=NEAR(hoi+nghi)", "q=*", "q=hoi*", "q=title:hoi",
    "q=%5Ehoi", "q=(hoi", "q=)", "q=hoi%22+OR+%22nghi", "q=" + "a" * 10_000, "q=" + "hội " * 3000,
    "q=", "page=-1", "page=abc", "q=hoi&page=-1", "q=hoi&page=abc", "q=hoi&page=99999999999",
    "q=%00%01%1b%7f", "q=hoi%0Anghi%09", "q=%FF", "q=%C3%28", "q=%ED%A0%80", "q=<script>alert(1)</script>",
    "q=%E2%80%8B", "q=-", "q=%26%23", "q=hoi&q=nghi",
]


@pytest.mark.parametrize("query", BAD_QUERIES)
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_bad_input_never_gives_a_server_error(client: TestClient, query: str, htmx: bool) -> None:
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.get(f"/vi/search?{query}", headers=headers)
    assert response.status_code == 200, response.text[:500]
    assert "<script>alert" not in response.text
    assert "\x00" not in response.text and "\x1b" not in response.text


def test_a_very_long_query_is_cut_and_the_reader_told(client: TestClient) -> None:
    response = client.get("/en/search", params={"q": "hoi nghi " + "x" * 10_000})
    page = soup(response)
    assert "first 200 characters" in page.select_one("#search-results .notice").get_text()  # type: ignore[union-attr]
    value = page.select_one("#q")["value"]  # type: ignore[index]
    assert len(value) <= search.MAX_QUERY_LENGTH and str(value).startswith("hoi nghi")


def test_the_query_is_shown_escaped(client: TestClient) -> None:
    response = client.get("/en/search", params={"q": '<b>"hoi"</b> & nghi'})
    assert "<b>" not in response.text
    assert soup(response).select_one("#q")["value"] == '<b>"hoi"</b> & nghi'  # type: ignore[index]


# -- related articles ---------------------------------------------------------------------
def related(client: TestClient, locale: str, slug: str) -> list[tuple[str, str | None]]:
    aside = soup(client.get(f"/{locale}/articles/{slug}")).select_one("aside.related")
    if aside is None:
        return []
    assert aside.select_one("h2") is not None
    return [(str(li.a["href"]), li.get("lang")) for li in aside.select("li")]  # type: ignore[index]


def test_related_articles_share_words_and_skip_the_article_and_its_translation(client: TestClient) -> None:
    items = related(client, "vi", SAPA)
    hrefs = [href for href, _ in items]
    assert 1 <= len(items) <= search.RELATED_LIMIT
    assert f"/vi/articles/{SAPA}" not in hrefs and f"/vi/articles/{SAPA_EN}" not in hrefs
    assert f"/vi/articles/{FROST}" in hrefs  # "Hoàng Liên"
    assert (f"/vi/articles/{FROST}", "en") in items  # marked with its language


def test_related_articles_are_in_the_readers_languages(client: TestClient) -> None:
    """An English reader gets the English version of a story, not its Vietnamese twin."""
    hrefs = [href for href, _ in related(client, "en", FISH)] + [href for href, _ in related(client, "en", DAM)]
    assert f"/en/articles/{FISH}" not in [href for href, _ in related(client, "en", DAM)]
    assert all("nuoi-ca-long" not in href for href in hrefs)


@pytest.mark.both_backends
def test_related_is_at_most_five(make_store: Callable[..., Store]) -> None:
    store = make_store()
    for n in range(9):
        store.save(sample(f"bai-{n}", title=f"Mùa lúa chín ở Mường Hum {n}"))
    article = store.article("bai-0")
    assert article is not None
    items = search.related(store, article, "vi")
    assert len(items) == 5 and "bai-0" not in {i.slug for i in items}


@pytest.mark.both_backends
def test_related_follows_new_articles(make_store: Callable[..., Store]) -> None:
    store = make_store()
    store.save(sample("lua-chin", title="Mùa lúa chín ở Mường Hum"))
    store.save(sample("cho-phien", title="Chợ phiên Bắc Hà"))
    article = store.article("lua-chin")
    assert article is not None
    assert search.related(store, article, "vi") == []
    store.save(sample("gat-lua", title="Bà con Mường Hum gặt lúa"))
    assert [i.slug for i in search.related(store, article, "vi")] == ["gat-lua"]


# -- the index follows the articles --------------------------------------------------
def sample(slug: str, **changes: object) -> ArticleInput:
    values: dict[str, object] = {
        "slug": slug, "lang": "vi", "title": "Bài một", "summary": "",
        "body_html": "<p>Một hai ba.</p>", "author": "", "published_at": datetime(2024, 1, 1, tzinfo=UTC),
    }
    values.update(changes)
    return ArticleInput(**values)  # type: ignore[arg-type]


def slugs(store: Store, query: str) -> list[str]:
    return [h.item.slug for h in search.search(store, query, "vi", 1, 10).hits]


@pytest.mark.both_backends
def test_saving_again_reindexes_the_article(make_store: Callable[..., Store]) -> None:
    store = make_store()
    store.save(sample("bai", body_html="<p>Cầu treo <b>Đông Hồ</b> &amp; suối</p>"))
    assert slugs(store, "dong ho") == ["bai"]
    assert slugs(store, "amp") == [] and slugs(store, "b") == []  # tags and entities are not words
    store.save(sample("bai", body_html="<p>Chợ phiên Bắc Hà</p>"))
    assert slugs(store, "dong ho") == []
    assert slugs(store, "bac ha") == ["bai"]


def test_migrating_a_schema_2_database_indexes_its_articles(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    for statement in ";".join(MIGRATIONS[:2]).split(";"):
        if statement.strip():
            conn.execute(statement)
    conn.execute(
        "INSERT INTO articles (slug, lang, title, body_html, published_at, updated_at) "
        "VALUES ('cu', 'vi', 'Nhà máy thuỷ điện', '<p>Đường vào bản</p>', '2024-01-01T00:00:00+00:00', "
        "'2024-01-01T00:00:00+00:00')")
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    store = SQLiteStore.open(path)
    assert slugs(store, "thủy dien") == ["cu"] and slugs(store, "duong") == ["cu"]


def test_words_side_by_side_come_before_the_same_syllables_scattered(client: TestClient) -> None:
    slugs = found(client.get("/vi/search", params={"q": "hoi nghi"}))
    # Both "Hội nghị" articles (the Sa Pa one and "hội nghị kết nối" in the
    # cardamom one) before the weaving one, which has only "nghỉ hè" and "hội chợ".
    assert set(slugs[:2]) == {SAPA, "thao-qua-duoc-gia-ba-con-vung-cao-phan-khoi"}, slugs
    assert slugs[2] == "hop-tac-xa-tho-cam-giu-nghe-det-cua-phu-nu-mong"
