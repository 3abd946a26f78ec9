"""An article's title, byline, date and lead, declared or printed, from
team-written pages in tests/fixtures/import/generic and .../vietnamese."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from reader.ingest.dates import VIETNAM, parse_date
from reader.ingest.metadata import clean_byline
from reader.ingest.portal import read_portal

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"


def draft_of(name: str):  # type: ignore[no-untyped-def]
    path = FIXTURES / name
    return read_portal(path.read_text(encoding="utf-8"), path)


def paragraphs(html: str) -> list[str]:
    return [" ".join(p.get_text(" ").split()) for p in BeautifulSoup(html, "html.parser")("p")]


def test_a_site_name_heading_is_never_the_title() -> None:
    draft = draft_of("generic/site-name-heading.html")
    assert draft.title == "Solar lamps light up Sin Ho's night school"
    assert "Highland Herald" not in draft.body_html


def test_a_site_name_h1_in_the_banner_loses_to_the_article_heading_on_a_vietnamese_page() -> None:
    assert draft_of("vietnamese/tuoitre-style.html").title == "Học sinh bán trú vùng cao có thêm nhà ăn mới"


def test_a_page_without_h1_or_title_gets_a_title_from_its_text() -> None:
    draft = draft_of("generic/no-headline.html")
    assert draft.title == "The community library in Ban Ho opened its doors on Saturday with…"
    assert draft.body_html.count("<p>") == 3  # the first paragraph stays in the body


def test_a_page_without_h1_takes_the_title_element_without_the_site_name() -> None:
    assert draft_of("generic/preformatted.html").title == "Notice: water supply schedule for the dry season"


def test_the_byline_loses_its_date_and_the_date_is_read() -> None:
    draft = draft_of("generic/byline-with-date.html")
    assert draft.author == "Minh Chau"
    assert draft.published == datetime(2024, 3, 5, 18, 0, tzinfo=VIETNAM)
    assert "Minh Chau" not in draft.body_html and "March 5" not in draft.body_html


@pytest.mark.parametrize(("printed", "name"), [
    ("By Minh Chau | March 5, 2024, 6:00 PM", "Minh Chau"),
    ("by Lucas Nolan22 Dec 2016", "Lucas Nolan"),
    ("By Nathan Willis\n March 25, 2015", "Nathan Willis"),
    ("Tác giả: Hoàng Thu Trang - 12/03/2024", "Hoàng Thu Trang"),
    ("Bởi Nguyễn An, cập nhật 08:15 ngày 18/01/2024", "Nguyễn An"),
    ("Jane Doe Updated April 29, 2019 at 3:33 pm", "Jane Doe"),
    ("Written by Rob Ewaschuk", "Rob Ewaschuk"),
])
def test_bylines_are_names_only(printed: str, name: str) -> None:
    assert clean_byline(printed) == name


def test_json_ld_gives_title_authors_and_date() -> None:
    draft = draft_of("generic/json-ld.html")
    assert draft.title == "Clinic boat reaches the lake villages"
    assert draft.author == "Ha Phuong, David Moore"
    assert draft.published == datetime(2024, 6, 12, 8, 30, tzinfo=VIETNAM)


def test_a_by_line_above_the_text_is_the_byline() -> None:
    draft = draft_of("generic/teaser-first.html")
    assert draft.author == "Linh Tran"
    assert "By Linh Tran" not in draft.body_html


@pytest.mark.parametrize(("name", "author", "published", "lead"), [
    ("vietnamese/vnexpress-style.html", "Giàng Seo Dơ", datetime(2024, 9, 21, 7, 15, tzinfo=VIETNAM),
     "Những thửa ruộng bậc thang ở Mù Cang Chải đã chuyển màu vàng óng, đón hàng nghìn du khách lên săn ảnh "
     "mỗi cuối tuần."),
    ("vietnamese/tuoitre-style.html", "Lý Thị Hoa", datetime(2024, 10, 8, 16, 40, tzinfo=VIETNAM),
     "Nhà ăn rộng 200 m² vừa được bàn giao cho Trường phổ thông dân tộc bán trú xã Pà Vầy Sủ, thay cho căn lán "
     "tạm lợp tôn mà hơn 300 học sinh đã dùng suốt sáu năm."),
])
def test_vietnamese_pages_give_sapo_author_and_date(name: str, author: str, published: datetime,
                                                    lead: str) -> None:
    draft = draft_of(name)
    assert (draft.author, draft.published, draft.lead) == (author, published, lead)
    assert author not in paragraphs(draft.body_html) and lead not in draft.body_html  # each shown once


def test_english_dates_with_month_names() -> None:
    assert parse_date("March 25, 2015") == datetime(2015, 3, 25, tzinfo=VIETNAM)
    assert parse_date("22 Dec 2016, 3:46 PM") == datetime(2016, 12, 22, 15, 46, tzinfo=VIETNAM)
    assert parse_date("Sept. 3rd, 2019") == datetime(2019, 9, 3, tzinfo=VIETNAM)
    assert parse_date("May be later") is None
