"""Dates and clock times as Vietnamese news writes them, in words.

Dates: "17/01/2024", "1-7-2024", "01.07.2024", "2024-01-17", "tháng 3/2023",
"quý 3/2024", "tháng 1 2024"; a date already preceded by "ngày" (or "mùng",
"hôm") does not say "ngày" twice.  Short dates ("2/9") are told apart from
fractions in quantities.py.  Times: "19:30", "5:20:35", "19h30", "14g30",
"7h", "3p20s", with a time zone after them spelled in capitals.
"""

from __future__ import annotations

import re

from .context import spoken, word_before
from .numbers import cardinal, integer, month

DAY_WORDS = frozenset({"ngày", "mùng", "mồng", "hôm"})  # a date after these does not repeat "ngày"
END = r"(?![\w/]|[.,/:-]\d)"  # a number ends here: no letter, no further digits after a separator
START = r"(?<![\w.,/:-])"

FULL_DATES = re.compile(  # "23/12/2023 - 5/1/2024": the dash between two dates is "đến"
    r"(\d{1,2}([/.-])\d{1,2}\2\d{4})\s?[-–]\s?(?=\d{1,2}([/.-])\d{1,2}\3\d{4}(?!\d))")
FULL_DATE = re.compile(rf"{START}(\d{{1,2}})([/.-])(\d{{1,2}})\2(\d{{4}}|\d{{2}}){END}")
ISO_DATE = re.compile(rf"{START}(\d{{4}})-(\d{{2}})-(\d{{2}}){END}")
DOC_NUMBER = re.compile(rf"{START}(\d{{1,5}})/(\d{{4}})/(?=[^\W\d_])")  # "15/2023/NĐ-CP"
DAY_RANGE = re.compile(rf"{START}(\d{{1,2}})\s?[-–]\s?(\d{{1,2}})/(\d{{1,2}})(?:/(\d{{4}}))?{END}")
DATE_RANGE = re.compile(
    rf"{START}(\d{{1,2}})/(\d{{1,2}})\s?[-–]\s?(\d{{1,2}})/(\d{{1,2}})(?:/(\d{{4}}))?{END}")
SEASON = re.compile(rf"{START}((?:19|20)\d\d)/(\d\d){END}")  # "2023/24": a season, one year to the next
MONTH_YEAR = re.compile(rf"{START}(\d{{1,2}})([/.-])(\d{{4}}){END}")
MONTH_SPACE_YEAR = re.compile(r"(?<=\b[Tt]háng )(\d{1,2}) (\d{4})(?![\w]|[.,]\d)")

ZONES = r"gmt|utc|ict|cst|pst|est|edt|pdt|cet|jst|bst"
ZONE = rf"(?:\s?(?P<zone>(?i:{ZONES}))(?!\w))?"
CLOCK = re.compile(rf"(?<![\w.,:/])(\d{{1,2}}):(\d{{2}})(?::(\d{{2}}))?(?!\d|[.,:]\d){ZONE}")
H_CLOCK = re.compile(rf"(?<![\w.,:/])(\d{{1,2}})[hHgG](\d{{2}})(?:['’]|ph?)?(?![\w]|[.,:]\d){ZONE}")
HOURS = re.compile(rf"(?<![\w.,:/])(\d{{1,3}})[hH](?![\w]|[.,:]\d){ZONE}")
MIN_SEC = re.compile(r"(?<![\w.,:/])(\d{1,3})p(\d{1,2})s(?!\w)")


def date_words(day: int, mon: int, year: str | None, said_day: bool) -> str | None:
    """"ngày D tháng M năm Y", or None when it is no calendar date."""
    if not (1 <= day <= 31 and 1 <= mon <= 12):
        return None
    words = f"{cardinal(day)} tháng {month(mon)}"
    if year:
        words += f" năm {integer(year.lstrip('0') or '0')}"
    return words if said_day else f"ngày {words}"


def _full_date(match: re.Match[str]) -> str:
    if len(match[4]) == 2 and match[2] != "/":  # "1.12.23" is a version, not a date
        return match[0]
    said = word_before(match.string, match.start()) in DAY_WORDS
    return date_words(int(match[1]), int(match[3]), match[4], said) or match[0]


def _iso_date(match: re.Match[str]) -> str:
    said = word_before(match.string, match.start()) in DAY_WORDS
    return date_words(int(match[3]), int(match[2]), match[1], said) or match[0]


def _day_range(match: re.Match[str]) -> str:
    """"26-27/6": the twenty-sixth to the twenty-seventh of June."""
    first, last, mon = int(match[1]), int(match[2]), int(match[3])
    said = word_before(match.string, match.start()) in DAY_WORDS
    end = date_words(last, mon, match[4], True)
    if end is None or not 1 <= first < last:
        return match[0]
    return ("" if said else "ngày ") + f"{cardinal(first)} đến {end}"


def _date_range(match: re.Match[str]) -> str:
    """"28/2-3/3": from one date to another (the year, if any, written once at the end)."""
    said = word_before(match.string, match.start()) in DAY_WORDS
    start = date_words(int(match[1]), int(match[2]), None, said)
    end = date_words(int(match[3]), int(match[4]), match[5], False)
    return f"{start} đến {end}" if start and end else match[0]


def _season(match: re.Match[str]) -> str:
    first = int(match[1])
    if (first + 1) % 100 != int(match[2]):
        return match[0]
    return f"{cardinal(first)} - {cardinal(int(match[2]))}"


def _month_year(match: re.Match[str]) -> str:
    mon, year = int(match[1]), cardinal(int(match[3]))
    before = word_before(match.string, match.start())
    if before == "tháng" and 1 <= mon <= 12:
        return f"{month(mon)} năm {year}"
    if before in {"quý", "số", "đợt", "kỳ", "kì"}:
        return f"{cardinal(mon)} năm {year}"
    if match[2] == "/" and 1 <= mon <= 12:
        return f"tháng {month(mon)} năm {year}"
    return match[0]


def dates(text: str) -> str:
    text = FULL_DATES.sub(r"\1 đến ", text)
    text = ISO_DATE.sub(spoken(_iso_date), text)
    text = FULL_DATE.sub(spoken(_full_date), text)
    text = DATE_RANGE.sub(spoken(_date_range), text)
    text = DAY_RANGE.sub(spoken(_day_range), text)
    text = DOC_NUMBER.sub(spoken(lambda m: f"{integer(m[1])} năm {cardinal(int(m[2]))} "), text)
    text = SEASON.sub(spoken(_season), text)
    text = MONTH_YEAR.sub(spoken(_month_year), text)
    return MONTH_SPACE_YEAR.sub(spoken(
        lambda m: f"{month(int(m[1]))} năm {cardinal(int(m[2]))}" if 1 <= int(m[1]) <= 12 else m[0]), text)


def clock_words(hours: int, minutes: int = 0, seconds: int = 0) -> str:
    words = f"{cardinal(hours)} giờ"
    if minutes:
        words += f" {cardinal(minutes)} phút"
    if seconds:
        words += f" {cardinal(seconds)} giây"
    return words


def _zone(match: re.Match[str]) -> str:
    return f" {match['zone'].upper()}" if match["zone"] else ""


def _clock(match: re.Match[str]) -> str:
    """"19:30", "5:20:35", and (without seconds) "19h30", "14g30"."""
    hours, minutes = int(match[1]), int(match[2])
    seconds = int(match[3]) if match.re is CLOCK and match[3] else 0
    if hours > 24 or minutes > 59 or seconds > 59:
        return match[0]
    return clock_words(hours, minutes, seconds) + _zone(match)


def _hours(match: re.Match[str]) -> str:
    return f"{cardinal(int(match[1]))} giờ" + _zone(match)


def _min_sec(match: re.Match[str]) -> str:
    seconds = int(match[2])
    return f"{cardinal(int(match[1]))} phút" + (f" {cardinal(seconds)} giây" if seconds else "")


def times(text: str) -> str:
    text = CLOCK.sub(spoken(_clock), text)
    text = H_CLOCK.sub(spoken(_clock), text)
    text = HOURS.sub(spoken(_hours), text)
    return MIN_SEC.sub(spoken(_min_sec), text)
