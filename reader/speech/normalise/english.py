"""English: written news text -> the words an English voice should say.

Dates ("17 January 2024", "January 17, 2024", "17/01/2024" read day first, as
our Vietnamese sources write them), years as people say them, ordinals,
ranges, money ("$5", "VND 150 million"), negative numbers, clock times, numbers
with their units and thousands separators; then every number left, with a
space wherever a number touches a letter ("G7" -> "G seven").
"""

from __future__ import annotations

import re

from .characters import prepare
from .context import spoken
from .units import alternatives

SMALL = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
         "nineteen")
TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
GROUPS = ("", "thousand", "million", "billion")
ORDINAL_EXCEPTIONS = {"one": "first", "two": "second", "three": "third", "five": "fifth",
                      "eight": "eighth", "nine": "ninth", "twelve": "twelfth"}
MONTHS = ("", "January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
MAX_DIGITS = 12  # up to hundreds of billions in words; longer runs are read digit by digit

UNITS = {
    "km²": ("square kilometre", "square kilometres"), "m²": ("square metre", "square metres"),
    "m2": ("square metre", "square metres"), "ha": ("hectare", "hectares"),
    "km": ("kilometre", "kilometres"), "cm": ("centimetre", "centimetres"),
    "mm": ("millimetre", "millimetres"), "m": ("metre", "metres"), "kg": ("kilogram", "kilograms"),
    "mg": ("milligram", "milligrams"), "g": ("gram", "grams"), "l": ("litre", "litres"),
    "ml": ("millilitre", "millilitres"), "MW": ("megawatt", "megawatts"), "kW": ("kilowatt", "kilowatts"),
    "kWh": ("kilowatt hour", "kilowatt hours"), "°C": ("degree Celsius", "degrees Celsius"),
    "°F": ("degree Fahrenheit", "degrees Fahrenheit"), "%": ("per cent", "per cent"),
    "km/h": ("kilometre an hour", "kilometres an hour"),
}
CURRENCIES = {"$": ("dollar", "dollars"), "US$": ("dollar", "dollars"), "€": ("euro", "euros"),
              "£": ("pound", "pounds"), "¥": ("yen", "yen")}
CENTS = ("cent", "cents")


def spelled_digits(written: str) -> str:
    return " ".join(SMALL[int(d)] for d in written if d.isdigit())


def _below_thousand(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    words = [f"{SMALL[hundreds]} hundred"] if hundreds else []
    if rest >= 20:
        tens, units = divmod(rest, 10)
        words.append(TENS[tens] + (f"-{SMALL[units]}" if units else ""))
    elif rest:
        words.append(SMALL[rest])
    return " ".join(words)


def number(n: int) -> str:
    """An integer in words, without "and": 1250 -> "one thousand two hundred fifty"."""
    if n < 0:
        return "minus " + number(-n)
    if n == 0:
        return "zero"
    if n >= 1000**4:
        return spelled_digits(str(n))
    groups: list[int] = []
    while n:
        n, group = divmod(n, 1000)
        groups.append(group)
    words = []
    for index in range(len(groups) - 1, -1, -1):
        if groups[index]:
            words.append(_below_thousand(groups[index]) + (f" {GROUPS[index]}" if index else ""))
    return " ".join(words)


def ordinal(n: int) -> str:
    head, _, last = number(n).rpartition(" ")
    prefix, hyphen, last = last.rpartition("-")
    if last in ORDINAL_EXCEPTIONS:
        last = ORDINAL_EXCEPTIONS[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return (head + " " if head else "") + prefix + hyphen + last


def year(n: int) -> str:
    """Years as people say them: 1998 -> nineteen ninety-eight, 2005 -> two thousand five,
    2024 -> twenty twenty-four."""
    if 2000 <= n <= 2009 or n % 1000 == 0 or not 1100 <= n <= 2099:
        return number(n)
    head, tail = divmod(n, 100)
    if tail == 0:
        return f"{number(head)} hundred"
    return f"{number(head)} {'oh ' + SMALL[tail] if tail < 10 else number(tail)}"


def integer(written: str) -> str:
    if len(written) > MAX_DIGITS or (len(written) > 2 and written[0] == "0"):
        return spelled_digits(written)
    return number(int(written))


def amount(written: str) -> str:
    """"1,250.5" -> one thousand two hundred fifty point five; other shapes part by part."""
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?", written):
        whole, _, fraction = written.partition(".")
        words = integer(whole.replace(",", ""))
        return words + (" point " + spelled_digits(fraction) if fraction else "")
    return " ".join("point" if p == "." else integer(p) for p in re.split(r"([.])|,", written) if p)


NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
MONTH = "|".join(MONTHS[1:])
DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}}) ({MONTH})(?:,? (\d{{4}}))?\b")
MONTH_DAY_YEAR = re.compile(rf"\b({MONTH}) (\d{{1,2}})(?:, (\d{{4}}))?\b")
NUMERIC_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])")
YEAR = re.compile(r"(?<![\w.,])((?:1[1-9]|20)\d\d)(?![\w.,]\d)(?!\s?(?:" + alternatives(UNITS) + r")\b)")
SIGN = r"(?P<sign>(?<![\w.,)\]])-(?=\d))?"
QUANTITY = re.compile(
    rf"(?<![\w.,]){SIGN}(?<![\w.,])(?P<num>{NUMBER})(?:\s?(?P<unit>{alternatives(UNITS)})(?![\w²³]))?"
    r"(?![\d]|[.,]\d)")
DECADE = re.compile(r"(?<![\w.,])([1-9]\d{0,2}0)s\b")  # "the 1990s", "the 80s"
ORDINAL = re.compile(r"(?<![\w.,])(\d{1,9})(?:st|nd|rd|th)\b")
PER_UNIT = re.compile(rf"\bper ({alternatives(UNITS)})(?![\w²³])")
RANGE = re.compile(rf"(?<![\w.,])({NUMBER})\s?[-–]\s?(?=({NUMBER})(?![\w]|[.,-]\d))")
MONEY = re.compile(
    rf"(?<![\w.,])(?P<cur>US\$|[$€£¥])\s?(?P<num>{NUMBER})(?:\s?(?P<scale>thousand|million|billion|trillion)\b)?")
CLOCK = re.compile(r"(?<![\w.,:])(\d{1,2}):(\d{2})(?!\d|[.,:]\d)")
LEFT = re.compile(r"(?:(?P<join>(?<=[^\W\d_])-)|(?P<sign>(?<![\w.,)\]])-(?=\d)))?(?<!\d)(?P<num>\d+(?:[.,]\d+)*)")
DIGIT = re.compile(r"\d")
LETTER_HYPHEN = re.compile(r"(?<=[^\W\d_])-(?=\d)")


def _date(day: int, month: int, year_written: str | None) -> str | None:
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    words = f"the {ordinal(day)} of {MONTHS[month]}"
    return words + (f", {year(int(year_written))}" if year_written else "")


def _quantity(match: re.Match[str]) -> str:
    words = ("minus " if match["sign"] else "") + amount(match["num"])
    if not match["unit"]:
        return words
    singular, plural = UNITS[match["unit"]]
    return f"{words} {singular if match['num'] == '1' and not match['sign'] else plural}"


def _money(match: re.Match[str]) -> str:
    singular, plural = CURRENCIES[match["cur"]]
    written, scale = match["num"], match["scale"]
    whole, _, cents = written.partition(".")
    if scale or not cents or len(cents) != 2:
        words = amount(written) + (f" {scale}" if scale else "")
        return f"{words} {singular if written == '1' and not scale else plural}"
    dollars = int(whole.replace(",", "")) if len(whole) <= MAX_DIGITS else 0
    words = f"{amount(whole)} {singular if dollars == 1 else plural}"
    if int(cents):
        words += f" and {number(int(cents))} {CENTS[int(cents) != 1]}"
    return words


def _clock(match: re.Match[str]) -> str:
    hours, minutes = int(match[1]), int(match[2])
    if hours > 24 or minutes > 59:
        return match[0]
    if minutes == 0:
        return f"{number(hours)} o'clock"
    return f"{number(hours)} {'oh ' + SMALL[minutes] if minutes < 10 else number(minutes)}"


def _range(match: re.Match[str]) -> str:
    """"2-3 days" is a range; "beat Thailand 2-1" is a score, left for the voice as "two-one"."""
    left, right = match[1], match[2]
    if left.isdigit() and right.isdigit() and len(left) < 10 and len(right) < 10 and int(left) >= int(right):
        return match[0]
    return f"{left} to "


def _decade(match: re.Match[str]) -> str:
    n = int(match[1])
    words = year(n) if len(match[1]) == 4 else number(n)
    return words[:-1] + "ies" if words.endswith("y") else words + "s"


def _left(match: re.Match[str]) -> str:
    return (" " if match["join"] else "") + ("minus " if match["sign"] else "") + amount(match["num"])


def normalise_en(text: str) -> str:
    """English text -> what the voice should say."""
    text = prepare(text)
    text = re.sub(r"\bVND ([\d.,]+(?: (?:million|billion|thousand))?)", r"\1 dong", text)
    if not DIGIT.search(text):
        return text
    text = LETTER_HYPHEN.sub(" ", text)  # "COVID-19": COVID nineteen
    text = NUMERIC_DATE.sub(spoken(lambda m: _date(int(m[1]), int(m[2]), m[3]) or m[0]), text)
    text = DAY_MONTH_YEAR.sub(spoken(lambda m: _date(int(m[1]), MONTHS.index(m[2]), m[3]) or m[0]), text)
    text = MONTH_DAY_YEAR.sub(spoken(lambda m: _date(int(m[2]), MONTHS.index(m[1]), m[3]) or m[0]), text)
    text = CLOCK.sub(spoken(_clock), text)
    text = MONEY.sub(spoken(_money), text)
    text = DECADE.sub(spoken(_decade), text)
    text = YEAR.sub(spoken(lambda m: year(int(m[1]))), text)
    text = ORDINAL.sub(spoken(lambda m: ordinal(int(m[1]))), text)
    text = RANGE.sub(spoken(_range), text)
    text = PER_UNIT.sub(spoken(lambda m: f"per {UNITS[m[1]][0]}"), text)
    text = QUANTITY.sub(spoken(_quantity), text)
    text = LEFT.sub(spoken(_left), text)
    return DIGIT.sub(spoken(lambda m: f" {SMALL[int(m[0])]} "), text) if DIGIT.search(text) else text
