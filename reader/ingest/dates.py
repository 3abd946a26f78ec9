"""Dates as Vietnamese portals print them, read as Vietnam time.

Portals print local wall-clock times with no offset (``17/01/2024``,
``Thứ tư - 17/01/2024 15:30``, ``15:30 ngày 17/01/2024``); reading them as UTC
would move an evening article to the next morning, so a time without an offset
is Asia/Ho_Chi_Minh.  Day first, always: ``05/12/2023`` is 5 December.
English pages print the month's name (``March 25, 2015``, ``25 Mar 2015``),
which leaves no doubt about the order.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

_DMY = re.compile(r"(?<!\d)(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})(?!\d)")
_WORDS = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s*(?:năm|,)\s*(\d{4})", re.I)
_TIME = re.compile(r"(?<!\d)(\d{1,2})\s*(?::|h|giờ)\s*(\d{2})(?:\s*:\s*(\d{2}))?(?!\d)", re.I)
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?")
_PM = re.compile(r"\b(pm|p\.m\.|chiều|tối)(?!\w)", re.I)
MONTHS = {name: number for number, names in enumerate(
    ("jan january", "feb february", "mar march", "apr april", "may", "jun june", "jul july",
     "aug august", "sep sept september", "oct october", "nov november", "dec december"), start=1)
    for name in names.split()}
_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_NAMED = re.compile(rf"\b(?P<month>{_NAMES})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b"
                    rf"|\b(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month2>{_NAMES})\.?,?\s+(?P<year2>\d{{4}})\b",
                    re.I)


def parse_date(text: str) -> datetime | None:
    """The first date (with its time, when one is printed next to it) in
    ``text``, time-zone aware; None when there is none."""
    text = text.strip()
    iso = _ISO.search(text)
    if iso:
        try:
            moment = datetime.fromisoformat(iso.group(0).replace("Z", "+00:00"))
        except ValueError:
            moment = None
        if moment is not None:
            return moment if moment.tzinfo else moment.replace(tzinfo=VIETNAM)
    found = _DMY.search(text) or _WORDS.search(text)
    named = _NAMED.search(text) if found is None else None
    if found is None and named is None:
        return None
    try:
        if named is not None:
            month = MONTHS[(named.group("month") or named.group("month2")).lower()]
            day = date(int(named.group("year") or named.group("year2")), month,
                       int(named.group("day") or named.group("day2")))
            found = named
        else:
            assert found is not None
            day = date(int(found.group(3)), int(found.group(2)), int(found.group(1)))
    except ValueError:
        return None
    # The time is printed after the date ("17/01/2024 15:30") or before it
    # ("15:30 ngày 17/01/2024"); take the one nearest the date.
    clock = time(0, 0)
    after = _TIME.search(text, found.end())
    before = [m for m in _TIME.finditer(text[: found.start()])]
    candidate = after if after and after.start() - found.end() < 12 else (before[-1] if before else None)
    if candidate is not None:
        hour, minute = int(candidate.group(1)), int(candidate.group(2))
        second = int(candidate.group(3) or 0)
        if hour < 12 and _PM.search(text):
            hour += 12
        if hour < 24 and minute < 60 and second < 60:
            clock = time(hour, minute, second)
    return datetime.combine(day, clock, tzinfo=VIETNAM)
