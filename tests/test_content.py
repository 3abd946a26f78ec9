"""Which part of a page becomes the article: every failure mode measured on
real pages has a small team-written page here (tests/fixtures/import/generic
and .../vietnamese), imported through the real path into a temporary store."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from reader.ingest.portal import read_portal
from reader.ingest.run import Importer
from reader.models import Article
from reader.store import Store

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"


pytestmark = pytest.mark.both_backends  # import tests run on SQLite and on PostgreSQL


@pytest.fixture
def store(make_store: Callable[..., Store]) -> Store:
    return make_store()


def imported(store: Store, tmp_path: Path, name: str) -> Article:
    report = Importer(store, tmp_path / "media").run([FIXTURES / name])
    [result] = report.results
    assert result.status == "imported", result.reason
    article = store.article(result.slug)
    assert article is not None
    return article


def text(html: str) -> str:
    return " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())


def paragraphs(html: str) -> list[str]:
    return [" ".join(p.get_text(" ").split()) for p in BeautifulSoup(html, "html.parser").find_all("p")]


def test_the_article_wins_over_a_teaser_that_comes_first(tmp_path: Path, store: Store) -> None:
    article = imported(store, tmp_path, "generic/teaser-first.html")
    body = text(article.body_html)
    assert body.startswith("The ferry across the Da river at Muong Te")
    assert "department said it will add a second boat" in body  # the last paragraph, past the subheading
    assert '<h2 id="a-lifeline-for-the-market">' in article.body_html
    for teaser in ("Tea prices", "Growers in Tam Duong", "More news", "New roof", "Road works", "festival",
                   "All rights reserved", "Travel"):
        assert teaser not in body, teaser


def test_text_in_divs_and_line_breaks_is_the_article(tmp_path: Path, store: Store) -> None:
    article = imported(store, tmp_path, "generic/text-without-paragraphs.html")
    body = text(article.body_html)
    assert body.startswith("Every spring, before the water is let in")
    assert body.endswith("first planting at the end of the month.")
    assert "Archive" not in body and "Mountain Notes" not in body
    assert article.title == "How the terrace fields are repaired each spring"


def test_preformatted_text_is_the_article(tmp_path: Path, store: Store) -> None:
    article = imported(store, tmp_path, "generic/preformatted.html")
    assert "<pre>" in article.body_html  # kept as written, line breaks and all
    assert "reviewed at the commune meeting in April" in text(article.body_html)
    assert article.title == "Notice: water supply schedule for the dry season"


def test_a_list_article_keeps_every_item_and_no_sidebar(tmp_path: Path, store: Store) -> None:
    article = imported(store, tmp_path, "generic/list-article.html")
    items = [" ".join(li.get_text(" ").split()) for li in BeautifulSoup(article.body_html, "html.parser")("li")]
    assert [i.split(".")[0] for i in items] == ["Thang co", "Corn wine", "Sticky rice in five colours",
                                                "Grilled stream fish", "Buckwheat cake"]
    assert "<ol>" in article.body_html
    assert "Popular" not in text(article.body_html) and "Noodle soups" not in text(article.body_html)
    assert article.title == "Five dishes to try at a highland market"


@pytest.mark.parametrize(("name", "first", "title"), [
    ("vietnamese/vnexpress-style.html", "Từ giữa tháng 9, lúa trên các sườn đồi",
     "Mùa lúa chín trên ruộng bậc thang Mù Cang Chải"),
    ("vietnamese/tuoitre-style.html", "Công trình do một nhóm doanh nghiệp",
     "Học sinh bán trú vùng cao có thêm nhà ăn mới"),
])
def test_vietnamese_news_pages_keep_the_article_and_drop_the_boxes(
        name: str, first: str, title: str, tmp_path: Path, store: Store) -> None:
    article = imported(store, tmp_path, name)
    body = text(article.body_html)
    assert article.title == title and article.lang == "vi"
    assert paragraphs(article.body_html)[0] == first + paragraphs(article.body_html)[0][len(first):]
    for chrome in ("Mùa nước đổ", "Khau Phạ", "Ý kiến", "Tin mới nhất", "Xem nhiều", "Facebook", "Zalo",
                   "Áo ấm cho học trò", "Điểm trường mới", "Từ khóa", "Tin cùng chuyên mục", "Thư viện xanh",
                   "Giấy phép", "Thời sự", "Giáo dục"):
        assert chrome not in body, chrome
    assert article.summary not in body  # the sapo is the summary, shown once
    assert article.author not in paragraphs(article.body_html)  # the signature line is the byline


def test_the_vnexpress_style_caption_stays_with_its_photo(tmp_path: Path, store: Store) -> None:
    article = imported(store, tmp_path, "vietnamese/vnexpress-style.html")
    assert "Ruộng bậc thang ở xã La Pán Tẩn lúc sáng sớm" in text(article.body_html)
    assert re.search(r"<figure>.*La Pán Tẩn lúc sáng sớm.*</figure>", article.body_html, re.S)


def test_a_page_with_a_few_words_still_imports_them(tmp_path: Path, store: Store) -> None:
    page = tmp_path / "short.html"
    page.write_text("<!DOCTYPE html><html><body>Test</body></html>", encoding="utf-8")
    report = Importer(store, tmp_path / "media").run([page])
    [result] = report.results
    assert result.status == "imported", result.reason
    article = store.article(result.slug)
    assert article is not None and article.title == "Test" and text(article.body_html) == "Test"


def test_a_fetched_page_has_absolute_links_and_images() -> None:
    """The entry point for pages fetched from the web: the caller downloads
    the images, so their addresses must be absolute."""
    html = (FIXTURES / "vietnamese" / "vnexpress-style.html").read_text(encoding="utf-8")
    draft = read_portal(html, "https://news.example.vn/du-lich/mua-lua-chin-4790.html")
    soup = BeautifulSoup(draft.body_html, "html.parser")
    assert [img["src"] for img in soup("img")] == ["https://news.example.vn/du-lich/anh/ruong-bac-thang.jpg"]
    assert draft.source_url == "https://news.example.vn/du-lich/mua-lua-chin-4790.html"
    rooted = read_portal('<html><head><base href="/"><title>Tiêu đề bài</title></head><body><article>'
                         "<h1>Tiêu đề bài</h1><p>Một đoạn văn đủ dài để làm bài viết của trang này.</p>"
                         "</article></body></html>", "https://news.example.vn/x/bai-2.html")
    assert rooted.source_url == "https://news.example.vn/x/bai-2.html"  # its own address, not its <base>
    lazy = read_portal('<html><body><article><h1>Tiêu đề bài</h1><p>Một đoạn văn đủ dài để làm bài viết, có '
                       'ảnh ở dưới.</p><img src="data:image/gif;base64,R0lGOD" data-src="/img/a.jpg" alt="a">'
                       "</article></body></html>", "https://news.example.vn/x/bai.html")
    assert 'src="https://news.example.vn/img/a.jpg"' in lazy.body_html
