"""Speech text: ``normalise_text`` is exactly what a voice is given, the plugin chain
included; English reads right; and no input makes it raise, leave a digit for the
voice to guess, or glue a number word to a letter."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from reader.speech import installed_normalisers, normalise_text
from reader.speech.normalise import (
    en_number,
    en_year,
    english,
    normalise_en,
    normalise_vi,
    numbers,
    units,
    vi_number,
)
from reader.speech.normalise.glossary import glossary
from tests.test_speech_plugins import install_plugin

VI = [  # the sample article's forms, from before this package
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
    ("-3°C", "minus three degrees Celsius"),
    ("40 kg", "forty kilograms"),
    ("17 January 2024", "the seventeenth of January, twenty twenty-four"),
    ("January 17, 2024", "the seventeenth of January, twenty twenty-four"),
    ("17/01/2024", "the seventeenth of January, twenty twenty-four"),
    ("9 May", "the ninth of May"),
    ("in 2023.", "in twenty twenty-three."),
    ("in 2005", "in two thousand five"),
    ("the 1990s", "the nineteen nineties"),
    ("the 21st", "the twenty-first"),
    ("VND 150 million", "one hundred fifty million dong"),
    ("$5", "five dollars"),
    ("$2.5 million", "two point five million dollars"),
    ("$4.99", "four dollars and ninety-nine cents"),
    ("£1", "one pound"),
    ("9,500 per kg", "nine thousand five hundred per kilogram"),
    ("2-3 days", "two to three days"),
    ("won 2-1", "won two - one"),
    ("at 7:30", "at seven thirty"),
    ("at 9:05", "at nine oh five"),
    ("at 10:00", "at ten o'clock"),
    ("version 3.11.2", "version three point eleven point two"),
    ("G7 and COVID-19", "G seven and COVID nineteen"),
    ("I think Vitamin C and the MC's CD help", "I think Vitamin C and the MC's CD help"),
]


@pytest.mark.parametrize(("written", "spoken"), VI)
def test_vietnamese(written: str, spoken: str) -> None:
    assert normalise_vi(written) == spoken


@pytest.mark.parametrize(("written", "spoken"), EN)
def test_english(written: str, spoken: str) -> None:
    assert normalise_text(written, "en") == spoken


def test_number_spellers_cover_the_awkward_cases() -> None:
    assert vi_number(0) == "không"
    assert vi_number(10) == "mười"
    assert vi_number(1_000_000_000) == "một tỷ"
    assert vi_number(2024) == "hai nghìn không trăm hai mươi tư"
    assert vi_number(1_200_345) == "một triệu hai trăm nghìn ba trăm bốn mươi lăm"
    assert vi_number(5_000_000_000_000) == "năm nghìn tỷ"
    assert vi_number(2 * 10**18) == "hai tỷ tỷ"
    assert vi_number(-15) == "âm mười lăm"
    assert en_number(1_000_001) == "one million one"
    assert en_year(1998) == "nineteen ninety-eight"
    assert en_year(1905) == "nineteen oh five"


def test_the_built_in_normalisers_are_what_normalise_text_runs() -> None:
    assert normalise_text("ngày 2/9 lúc 7h", "vi") == normalise_vi("ngày 2/9 lúc 7h")
    assert normalise_text("on 2 September at 7:30", "en") == normalise_en("on 2 September at 7:30")


def test_language_tags_and_unknown_languages() -> None:
    assert normalise_text("UBND  có 12.000 cây", "vi-VN") == "Ủy ban nhân dân có mười hai nghìn cây"
    assert normalise_text("12.000", "VI") == "mười hai nghìn"
    assert normalise_text("3 km", "en-GB") == "three kilometres"
    assert normalise_text("  il y a  12 km ", "fr") == "il y a 12 km"  # no normaliser: spacing only
    assert normalise_text("", "vi") == "" and normalise_text("", "en") == ""


@pytest.mark.parametrize(("slug", "lang"), [("chung-day-hoang-lien-chung-niem-khat-vong", "vi"),
                                            ("one-hoang-lien-range-one-shared-ambition", "en")])
def test_normalise_text_returns_what_the_app_gives_the_voice(client: TestClient, slug: str, lang: str) -> None:
    segments = client.get(f"/{lang}/articles/{slug}/speech.json").json()["segments"]
    assert len(segments) > 10
    for segment in segments:
        assert segment["text"] == normalise_text(segment["written"], segment["lang"])
    spoken = " ".join(s["text"] for s in segments)
    assert not re.search(r"\d", spoken)


NORMALISER_PLUGIN = '''
from reader.speech.hookspecs import hookimpl

def expand_place(text):
    return text.replace("Sa Pa", "thị xã Sa Pa (2020)")

@hookimpl
def register_normalisers(register):
    register(expand_place, languages=("vi",))
'''


@pytest.fixture
def fresh_chain() -> Iterator[None]:
    installed_normalisers.cache_clear()
    yield
    installed_normalisers.cache_clear()


def test_an_installed_plugin_normaliser_runs_before_the_built_in(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_chain: None) -> None:
    assert normalise_text("Sa Pa", "vi") == "Sa Pa"
    installed_normalisers.cache_clear()
    install_plugin(tmp_path, monkeypatch, "reader_test_place_names", NORMALISER_PLUGIN)
    # the plugin's digits come out as words: the built-in ran after it
    assert normalise_text("Sa Pa", "vi") == "thị xã Sa Pa (hai nghìn không trăm hai mươi)"
    assert normalise_text("Sa Pa", "en") == "Sa Pa"


# -- bad input ------------------------------------------------------------------------
ODD = [
    ("", ""),
    ("   ", ""),
    ("٢٠٢٤", "hai nghìn không trăm hai mươi tư"),  # Arabic-Indic digits
    ("１２ người", "mười hai người"),  # full-width digits
    ("năm ２０２４年", "năm hai nghìn không trăm hai mươi tư 年"),
    ("50.000\u00a0đ", "năm mươi nghìn đồng"),  # a no-break space inside
    ("12\u200b000 cây", "mười hai nghìn cây"),  # a zero-width space inside
    ("\u22125°C", "âm năm độ C"),  # the real minus sign
    ("3.11.2", "ba chấm mười một chấm hai"),
    ("192.168.1.1", "một trăm chín mươi hai chấm một trăm sáu mươi tám chấm một chấm một"),
    ("QL4D", "Quốc lộ bốn D"),
    ("COVID-19", "COVID mười chín"),
    ("Covid-19", "Covid mười chín"),
    ("G7", "G bảy"),
    ("abc123def", "abc một trăm hai mươi ba def"),
    ("H5N1", "H năm N một"),
    ("x²", "x²"),
    ("007", "không không bảy"),
    ("99:99", "chín mươi chín: chín mươi chín"),
    ("32/13", "ba mươi hai phần mười ba"),
]


@pytest.mark.parametrize(("written", "spoken"), ODD)
def test_odd_input(written: str, spoken: str) -> None:
    assert normalise_text(written, "vi") == spoken


def test_very_long_numbers_are_read_digit_by_digit_and_fast() -> None:
    long = "9" * 10_000  # past Python's int() limit for str: must not raise
    for lang in ("vi", "en"):
        spoken = normalise_text(long, lang).split()
        assert len(spoken) == 10_000 and set(spoken) == {"chín" if lang == "vi" else "nine"}
    assert normalise_text("1" * 30, "vi").split() == ["một"] * 30
    many = "Giá 12.000đ, ngày 2/9, 7h30. " * 2_000
    assert not re.search(r"\d", normalise_text(many, "vi"))


def _words(text: str) -> set[str]:
    return set("".join(ch if ch.isalpha() else " " for ch in text).split())


def _vocabulary() -> set[str]:
    """Every word the normalisers can say that is not in their input."""
    said = " ".join([
        *numbers.DIGITS, *numbers.MONTHS, *units.UNITS.values(), *units.CURRENCIES.values(),
        *glossary().abbreviations.values(), *glossary().titles.values(), *glossary().before_number.values(),
        "mười mươi mốt tư lăm linh trăm nghìn triệu tỷ âm cộng phẩy chấm phần và đến ngày tháng năm giờ",
        "phút giây nhất trên một xu khoảng xấp xỉ số GMT UTC ICT CST PST EST EDT PDT CET JST BST",
        *english.SMALL, *english.TENS, *english.GROUPS, *english.MONTHS,
        *(" ".join(v) for v in english.UNITS.values()), *(" ".join(v) for v in english.CURRENCIES.values()),
        "hundred point minus first second third fifth eighth ninth twelfth o clock oh and cents cent to per",
        "the of dong fourth sixth seventh tenth eleventh thirteenth twentieth thirtieth",
    ])
    return _words(said) | {w.lower() for w in _words(said)}


VOCABULARY = _vocabulary()
PIECES = ["0", "1", "2", "4", "5", "7", "9", "12", "24", "31", "2024", "0912", "345", "000", ".", ",", "/",
          "-", "–", ":", "h", "g", "p", "s", "k", "tr", "t", "đ", "$", "€", "%", "°C", "m", "kg", "km/h",
          "m²", " ", "ngày", "tháng", "năm", "thứ", "quý", "thế kỷ", "XIII", "IV", "ix", "mục", "cd", "V.League",
          "UBND", "GS.TS", "Q.", "P.", "TP.HCM", "COVID", "G", "QL", "(", ")", "+", "~", "#", "&", "½", "١",
          "５", "\u00a0", "−", "ABC", "abc", "Đại hội", "từ", "đến", "số", "x", "²", "vnd", "USD", "tỷ",
          "triệu", "lần", "điện thoại", "hotline", "1tr5", "10k", "1m65", "\n", "é", "ệ", "Ω", "🙂"]
odd_text = st.one_of(st.lists(st.sampled_from(PIECES), max_size=16).map("".join),
                     st.text(max_size=40))


@settings(max_examples=300, deadline=None, derandomize=True)
@given(odd_text, st.sampled_from(["vi", "en"]))
def test_any_text_gives_words_never_an_error_a_digit_or_a_glued_number(text: str, lang: str) -> None:
    spoken = normalise_text(text, lang)
    assert not any(ch.isdecimal() for ch in spoken), spoken
    written = _words(text.replace("\u200b", ""))
    glued = [w for w in _words(spoken) if w not in written and w not in VOCABULARY and w.lower() not in VOCABULARY]
    assert not glued, (text, spoken)
