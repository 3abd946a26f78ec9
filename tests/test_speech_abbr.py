"""``<abbr>`` in the page says what the voice says for the same letters."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from reader.speech import normalise_text
from reader.speech.abbr import mark_text
from reader.speech.segment import segment


@pytest.mark.parametrize(("text", "marked"), [
    ("GS.TS Nguyễn Văn A", '<abbr title="Giáo sư, Tiến sĩ">GS.TS</abbr> Nguyễn Văn A'),
    ("PGS.TS", '<abbr title="Phó Giáo sư, Tiến sĩ">PGS.TS</abbr>'),
    ("ThS Lê", '<abbr title="Thạc sĩ">ThS</abbr> Lê'),
    ("TP.HCM", '<abbr title="Thành phố Hồ Chí Minh">TP.HCM</abbr>'),
    ("Bộ GD-ĐT", 'Bộ <abbr title="Giáo dục và Đào tạo">GD-ĐT</abbr>'),
    ("Bộ GD&ĐT", 'Bộ <abbr title="Giáo dục và Đào tạo">GD&amp;ĐT</abbr>'),
    ("ĐBSCL", '<abbr title="Đồng bằng sông Cửu Long">ĐBSCL</abbr>'),
    ("TAND và VKSND", '<abbr title="Tòa án nhân dân">TAND</abbr> và '
                      '<abbr title="Viện Kiểm sát nhân dân">VKSND</abbr>'),
    ("Q.1, P.5", '<abbr title="Quận">Q.</abbr>1, <abbr title="Phường">P.</abbr>5'),
    ("CSGT, BHXH, THCS", '<abbr title="Cảnh sát giao thông">CSGT</abbr>, '
                         '<abbr title="Bảo hiểm xã hội">BHXH</abbr>, <abbr title="Trung học cơ sở">THCS</abbr>'),
    ("P. Nguyễn", "P. Nguyễn"),  # an initial: only a number after "P." makes it a ward
    ("THCS2 và XUBND", "THCS2 và XUBND"),  # someone else's codes
])
def test_marks(text: str, marked: str) -> None:
    assert mark_text(text, "vi") == marked


def test_the_title_is_what_the_voice_says() -> None:
    text = "PGS.TS Trần B (Bộ GD-ĐT) làm việc với CSGT Q.3 và UBND P.5"
    soup = BeautifulSoup(mark_text(text, "vi"), "html.parser")
    spoken = normalise_text(text, "vi")
    for abbr in soup.find_all("abbr"):
        assert abbr["title"] in spoken
        assert abbr.get_text() not in spoken.replace("Ủy", "")  # the letters themselves are not read out


def test_english_text_is_not_marked_and_markup_is_escaped() -> None:
    assert mark_text("GS.TS <b>", "en") == "GS.TS &lt;b&gt;"
    result = segment("T", "", '<p lang="en">UBND</p><p>Trường <em>THCS</em> Q.1</p>', "vi")
    soup = BeautifulSoup(result.body_html, "html.parser")
    assert [(a.get_text(), a["title"]) for a in soup.find_all("abbr")] == [
        ("THCS", "Trung học cơ sở"), ("Q.", "Quận")]
