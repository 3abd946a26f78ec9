"""Speech text: what the voice says for what is written, in Vietnamese and English."""

from __future__ import annotations

import pytest

from reader.speech.normalise import en_number, en_year, normalise_en, normalise_vi, vi_number

VI = [
    ("12.000", "mười hai nghìn"),
    ("524,5", "năm trăm hai mươi tư phẩy năm"),
    ("06", "sáu"),
    ("02 huyện", "hai huyện"),
    ("988 lượt", "chín trăm tám mươi tám lượt"),
    ("21", "hai mươi mốt"),
    ("15", "mười lăm"),
    ("14", "mười bốn"),
    ("105", "một trăm linh năm"),
    ("1.005", "một nghìn không trăm linh năm"),
    ("2.000.500", "hai triệu năm trăm"),
    ("0,05", "không phẩy không năm"),
    ("17/01/2024", "ngày mười bảy tháng một năm hai nghìn không trăm hai mươi tư"),
    ("8/6/2024", "ngày tám tháng sáu năm hai nghìn không trăm hai mươi tư"),
    ("7/12", "ngày bảy tháng mười hai"),
    ("năm 2023", "năm hai nghìn không trăm hai mươi ba"),
    ("524,5 ha", "năm trăm hai mươi tư phẩy năm héc ta"),
    ("3,5 km", "ba phẩy năm ki lô mét"),
    ("30 m²", "ba mươi mét vuông"),
    ("40 kg", "bốn mươi ki lô gam"),
    ("30°C", "ba mươi độ C"),
    ("15%", "mười lăm phần trăm"),
    ("1-2 km", "một đến hai ki lô mét"),
    ("lúc 07:00", "lúc bảy giờ"),
    ("Chủ tịch UBND", "Chủ tịch Ủy ban nhân dân"),
    ("HĐND huyện", "Hội đồng nhân dân huyện"),
    ("Ủy viên BCH", "Ủy viên Ban Chấp hành"),
    ("UBMTTQVN", "Ủy ban Mặt trận Tổ quốc Việt Nam"),
    ("TTĐT Sa Pa", "Trang thông tin điện tử Sa Pa"),
    ("TUV", "Tỉnh ủy viên"),
    ("(PCI)", "(Chỉ số năng lực cạnh tranh cấp tỉnh)"),
    ("học sinh THPT", "học sinh Trung học phổ thông"),
    ("TP.HCM", "Thành phố Hồ Chí Minh"),
    ("UBNDX", "UBNDX"),  # not a word in the glossary: left alone
]

EN = [
    ("1,250 people", "one thousand two hundred fifty people"),
    ("524.5 ha", "five hundred twenty-four point five hectares"),
    ("3.5 km", "three point five kilometres"),
    ("1 km", "one kilometre"),
    ("2°C", "two degrees Celsius"),
    ("40 kg", "forty kilograms"),
    ("17 January 2024", "the seventeenth of January, twenty twenty-four"),
    ("January 17, 2024", "the seventeenth of January, twenty twenty-four"),
    ("17/01/2024", "the seventeenth of January, twenty twenty-four"),
    ("9 May", "the ninth of May"),
    ("in 2023.", "in twenty twenty-three."),
    ("in 2005", "in two thousand five"),
    ("the 21st", "the twenty-first"),
    ("VND 150 million", "one hundred fifty million dong"),
    ("9,500 per kg", "nine thousand five hundred per kilogram"),
    ("2-3 days", "two to three days"),
]


@pytest.mark.parametrize(("written", "spoken"), VI)
def test_vietnamese(written: str, spoken: str) -> None:
    assert normalise_vi(written) == spoken


@pytest.mark.parametrize(("written", "spoken"), EN)
def test_english(written: str, spoken: str) -> None:
    assert normalise_en(written) == spoken


def test_number_spellers_cover_the_awkward_cases() -> None:
    assert vi_number(0) == "không"
    assert vi_number(10) == "mười"
    assert vi_number(1_000_000_000) == "một tỷ"
    assert vi_number(2024) == "hai nghìn không trăm hai mươi tư"
    assert vi_number(1_200_345) == "một triệu hai trăm nghìn ba trăm bốn mươi lăm"
    assert en_number(1_000_001) == "one million one"
    assert en_year(1998) == "nineteen ninety-eight"
    assert en_year(1905) == "nineteen oh five"
