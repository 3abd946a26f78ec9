"""Written text -> the words a voice should say, for Vietnamese and English.

eSpeak reads "12.000" as twelve point zero, "17/01/2024" as a fraction and
"UBND" as English letters; a listener needs "mười hai nghìn", a date and
"Ủy ban nhân dân".  The number spellers are our own because ``num2words`` is
wrong for Vietnamese decimals and years (see FACTS.md).  This module is the
built-in normaliser plugin: it registers through the same hook a third party
uses (``register_normalisers``).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

from .hookspecs import hookimpl

GLOSSARY_FILE = Path(__file__).with_name("glossary_vi.toml")


@cache
def glossary() -> dict[str, str]:
    """Abbreviation -> expansion, from the data file (read once)."""
    with GLOSSARY_FILE.open("rb") as fh:
        data = tomllib.load(fh)
    return {str(k): str(v) for k, v in data.get("abbreviations", {}).items()}


@cache
def glossary_pattern() -> re.Pattern[str]:
    """Whole-word matches, longest key first so "UBMTTQVN" is not read as "UBMTTQ" + "VN"."""
    keys = sorted(glossary(), key=len, reverse=True)
    alternatives = "|".join(re.escape(k) for k in keys)
    return re.compile(rf"(?<![\w.])(?:{alternatives})(?![\w])")


# -- Vietnamese numbers -------------------------------------------------------------
VI_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
VI_GROUPS = ("", "nghìn", "triệu", "tỷ")


def _vi_below_hundred(n: int) -> str:
    tens, units = divmod(n, 10)
    if tens == 0:
        return VI_DIGITS[units]
    head = "mười" if tens == 1 else f"{VI_DIGITS[tens]} mươi"
    if units == 0:
        return head
    if units == 5:
        tail = "lăm"
    elif units == 1 and tens > 1:
        tail = "mốt"
    elif units == 4 and tens > 1:
        tail = "tư"
    else:
        tail = VI_DIGITS[units]
    return f"{head} {tail}"


def _vi_below_thousand(n: int, full: bool) -> str:
    """``full``: a group after a bigger one says its zero hundreds ("không trăm")."""
    hundreds, rest = divmod(n, 100)
    if hundreds == 0 and not full:
        return _vi_below_hundred(rest)
    words = f"{VI_DIGITS[hundreds]} trăm"
    if rest == 0:
        return words
    if rest < 10:
        return f"{words} linh {VI_DIGITS[rest]}"
    return f"{words} {_vi_below_hundred(rest)}"


def vi_number(n: int) -> str:
    """An integer in Vietnamese words: 2024 -> "hai nghìn không trăm hai mươi tư"."""
    if n < 0:
        return "âm " + vi_number(-n)
    if n == 0:
        return VI_DIGITS[0]
    if n >= 1000**4:  # past "tỷ", Vietnamese repeats it: read the digits instead
        return " ".join(VI_DIGITS[int(d)] for d in str(n))
    groups: list[int] = []
    while n:
        n, group = divmod(n, 1000)
        groups.append(group)
    words: list[str] = []
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            continue
        full = index < len(groups) - 1
        words.append(_vi_below_thousand(group, full))
        if VI_GROUPS[index]:
            words.append(VI_GROUPS[index])
    return " ".join(words)


def vi_decimal_part(digits: str) -> str:
    """After "phẩy": a number ("524,5" -> năm; "3,25" -> hai mươi lăm), but leading
    zeros are read one by one ("0,05" -> không năm)."""
    zeros = len(digits) - len(digits.lstrip("0"))
    rest = digits[zeros:]
    words = [VI_DIGITS[0]] * zeros
    if rest:
        words.append(vi_number(int(rest)) if len(rest) <= 3 else " ".join(VI_DIGITS[int(d)] for d in rest))
    return " ".join(words)


VI_MONTHS = ("", "một", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười", "mười một",
             "mười hai")

VI_UNITS = {
    "km²": "ki lô mét vuông", "km2": "ki lô mét vuông", "m²": "mét vuông", "m2": "mét vuông",
    "m³": "mét khối", "m3": "mét khối", "ha": "héc ta", "km": "ki lô mét", "cm": "xăng ti mét",
    "mm": "mi li mét", "m": "mét", "kg": "ki lô gam", "g": "gam", "l": "lít", "MW": "mê ga oát",
    "kW": "ki lô oát", "°C": "độ C", "%": "phần trăm", "km/h": "ki lô mét một giờ",
}
EN_UNITS = {
    "km²": ("square kilometre", "square kilometres"), "m²": ("square metre", "square metres"),
    "m2": ("square metre", "square metres"), "ha": ("hectare", "hectares"),
    "km": ("kilometre", "kilometres"), "cm": ("centimetre", "centimetres"),
    "mm": ("millimetre", "millimetres"), "m": ("metre", "metres"), "kg": ("kilogram", "kilograms"),
    "g": ("gram", "grams"), "l": ("litre", "litres"), "MW": ("megawatt", "megawatts"),
    "°C": ("degree Celsius", "degrees Celsius"), "%": ("per cent", "per cent"),
    "km/h": ("kilometre an hour", "kilometres an hour"),
}


def _unit_pattern(units: Iterable[str]) -> str:
    keys = sorted(units, key=len, reverse=True)
    return "|".join(re.escape(k) for k in keys)


# A number as written in Vietnamese: "12.000", "524,5", "06", "-3".
VI_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
VI_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?:/(\d{4}))?(?![\d/])")
VI_QUANTITY = re.compile(
    rf"(?<![\w.,])({VI_NUMBER})(?:\s?({_unit_pattern(VI_UNITS)})(?![\w²³]))?(?![\d])")
VI_RANGE = re.compile(rf"(?<![\w.,])({VI_NUMBER})\s?[-–]\s?(?=(?:{VI_NUMBER})(?![\w]))")
VI_TIME = re.compile(r"(?<![\d:])(\d{1,2})(?:h|:)(\d{2})(?![\d:])")


def vi_amount(written: str) -> str:
    whole, _, fraction = written.partition(",")
    words = vi_number(int(whole.replace(".", "")))
    if fraction:
        words += " phẩy " + vi_decimal_part(fraction)
    return words


def _vi_date(match: re.Match[str]) -> str:
    day, month, year = int(match[1]), int(match[2]), match[3]
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return match[0]
    spoken = f"ngày {vi_number(day)} tháng {VI_MONTHS[month]}"
    return spoken + (f" năm {vi_number(int(year))}" if year else "")


def _vi_quantity(match: re.Match[str]) -> str:
    words = vi_amount(match[1])
    return f"{words} {VI_UNITS[match[2]]}" if match[2] else words


def expand_abbreviations(text: str) -> str:
    table = glossary()
    return glossary_pattern().sub(lambda m: table[m[0]], text)


def normalise_vi(text: str) -> str:
    """Vietnamese: glossary, dates, times, ranges, numbers with their units."""
    text = expand_abbreviations(text)
    text = VI_DATE.sub(_vi_date, text)
    text = VI_TIME.sub(lambda m: f"{vi_number(int(m[1]))} giờ {vi_number(int(m[2]))}"
                       if int(m[2]) else f"{vi_number(int(m[1]))} giờ", text)
    text = VI_RANGE.sub(lambda m: f"{m[1]} đến ", text)
    return VI_QUANTITY.sub(_vi_quantity, text)


# -- English numbers ----------------------------------------------------------------
EN_SMALL = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
            "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
            "nineteen")
EN_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
EN_GROUPS = ("", "thousand", "million", "billion")
EN_ORDINAL_EXCEPTIONS = {"one": "first", "two": "second", "three": "third", "five": "fifth",
                         "eight": "eighth", "nine": "ninth", "twelve": "twelfth"}
EN_MONTHS = ("", "January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")


def _en_below_thousand(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    words = [f"{EN_SMALL[hundreds]} hundred"] if hundreds else []
    if rest >= 20:
        tens, units = divmod(rest, 10)
        words.append(EN_TENS[tens] + (f"-{EN_SMALL[units]}" if units else ""))
    elif rest:
        words.append(EN_SMALL[rest])
    return " ".join(words)


def en_number(n: int) -> str:
    """An integer in English words, without "and": 1250 -> "one thousand two hundred fifty"."""
    if n < 0:
        return "minus " + en_number(-n)
    if n == 0:
        return "zero"
    if n >= 1000**4:
        return " ".join(EN_SMALL[int(d)] for d in str(n))
    groups: list[int] = []
    while n:
        n, group = divmod(n, 1000)
        groups.append(group)
    words = []
    for index in range(len(groups) - 1, -1, -1):
        if groups[index]:
            words.append(_en_below_thousand(groups[index]) + (f" {EN_GROUPS[index]}" if index else ""))
    return " ".join(words)


def en_ordinal(n: int) -> str:
    head, last = re.fullmatch(r"(.*[ -])?(\w+)", en_number(n)).groups(default="")  # type: ignore[union-attr]
    if last in EN_ORDINAL_EXCEPTIONS:
        last = EN_ORDINAL_EXCEPTIONS[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return head + last


def en_year(n: int) -> str:
    """Years as people say them: 1998 -> nineteen ninety-eight, 2005 -> two thousand five,
    2024 -> twenty twenty-four."""
    if 2000 <= n <= 2009 or n % 1000 == 0 or not 1100 <= n <= 2099:
        return en_number(n)
    head, tail = divmod(n, 100)
    if tail == 0:
        return f"{en_number(head)} hundred"
    return f"{en_number(head)} {'oh ' + EN_SMALL[tail] if tail < 10 else en_number(tail)}"


EN_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
EN_MONTH = "|".join(EN_MONTHS[1:])
EN_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}}) ({EN_MONTH})(?:,? (\d{{4}}))?\b")
EN_MONTH_DAY_YEAR = re.compile(rf"\b({EN_MONTH}) (\d{{1,2}})(?:, (\d{{4}}))?\b")
EN_NUMERIC_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])")
EN_YEAR = re.compile(r"(?<![\w.,])((?:1[1-9]|20)\d\d)(?![\w.,]\d)(?!\s?(?:" +
                     _unit_pattern(EN_UNITS) + r")\b)")
EN_QUANTITY = re.compile(
    rf"(?<![\w.,])({EN_NUMBER})(?:\s?({_unit_pattern(EN_UNITS)})(?![\w²³]))?(?![\d])")
EN_ORDINAL = re.compile(r"(?<![\w.,])(\d+)(?:st|nd|rd|th)\b")
EN_PER_UNIT = re.compile(rf"\bper ({_unit_pattern(EN_UNITS)})(?![\w²³])")
EN_RANGE = re.compile(rf"(?<![\w.,])({EN_NUMBER})\s?[-–]\s?(?=(?:{EN_NUMBER})(?![\w]))")


def en_amount(written: str) -> str:
    whole, _, fraction = written.partition(".")
    words = en_number(int(whole.replace(",", "")))
    if fraction:
        words += " point " + " ".join(EN_SMALL[int(d)] for d in fraction)
    return words


def _en_date(day: int, month: int, year: str | None) -> str | None:
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    spoken = f"the {en_ordinal(day)} of {EN_MONTHS[month]}"
    return spoken + (f", {en_year(int(year))}" if year else "")


def _en_quantity(match: re.Match[str]) -> str:
    words = en_amount(match[1])
    if not match[2]:
        return words
    singular, plural = EN_UNITS[match[2]]
    return f"{words} {singular if match[1] == '1' else plural}"


def normalise_en(text: str) -> str:
    """English: VND, dates (numeric, "17 January 2024", "January 17, 2024"), years, ranges,
    numbers with their units."""
    text = re.sub(r"\bVND ([\d.,]+(?: (?:million|billion|thousand))?)", r"\1 dong", text)
    text = EN_NUMERIC_DATE.sub(lambda m: _en_date(int(m[1]), int(m[2]), m[3]) or m[0], text)
    text = EN_DAY_MONTH_YEAR.sub(
        lambda m: _en_date(int(m[1]), EN_MONTHS.index(m[2]), m[3]) or m[0], text)
    text = EN_MONTH_DAY_YEAR.sub(
        lambda m: _en_date(int(m[2]), EN_MONTHS.index(m[1]), m[3]) or m[0], text)
    text = EN_YEAR.sub(lambda m: en_year(int(m[1])), text)
    text = EN_ORDINAL.sub(lambda m: en_ordinal(int(m[1])), text)
    text = EN_RANGE.sub(lambda m: f"{m[1]} to ", text)
    text = EN_PER_UNIT.sub(lambda m: f"per {EN_UNITS[m[1]][0]}", text)
    return EN_QUANTITY.sub(_en_quantity, text)


BUILT_IN: dict[str, Callable[[str], str]] = {"vi": normalise_vi, "en": normalise_en}


@hookimpl(trylast=True)
def register_normalisers(register: Callable[..., None]) -> None:
    for lang, normalise in BUILT_IN.items():
        register(normalise, languages=(lang,))
