"""Vietnamese number words: cardinals, digits, decimals, ordinals, months, fractions, Roman numerals.

Our own spellers, because ``num2words`` (vi) is wrong for decimals and years
(FACTS.md).  The rules a listener notices: "mốt" for a final 1 and "tư" for a
final 4 after "mươi", "lăm" for a final 5 after a ten, "mười" (never "một
mươi"), "linh" before a lone unit after hundreds, "không trăm" for zero
hundreds inside a bigger number, and "tỷ" repeating past a thousand billion
("một nghìn tỷ", "một tỷ tỷ").
"""

from __future__ import annotations

import re

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
GROUPS = ("", "nghìn", "triệu")  # below a billion; "tỷ" is applied recursively
BILLION = 10**9
MAX_CARDINAL_DIGITS = 21  # past "nghìn tỷ tỷ" a listener is better served digit by digit
MONTHS = ("", "một", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười", "mười một",
          "mười hai")


def _below_hundred(n: int) -> str:
    tens, units = divmod(n, 10)
    if tens == 0:
        return DIGITS[units]
    head = "mười" if tens == 1 else f"{DIGITS[tens]} mươi"
    if units == 0:
        return head
    if units == 5:
        tail = "lăm"
    elif units == 1 and tens > 1:
        tail = "mốt"
    elif units == 4 and tens > 1:
        tail = "tư"
    else:
        tail = DIGITS[units]
    return f"{head} {tail}"


def _below_thousand(n: int, full: bool) -> str:
    """``full``: a group after a bigger one says its zero hundreds ("không trăm")."""
    hundreds, rest = divmod(n, 100)
    if hundreds == 0 and not full:
        return _below_hundred(rest)
    words = f"{DIGITS[hundreds]} trăm"
    if rest == 0:
        return words
    if rest < 10:
        return f"{words} linh {DIGITS[rest]}"
    return f"{words} {_below_hundred(rest)}"


def _below_billion(n: int, full: bool) -> str:
    """``full``: this follows a bigger group ("tỷ"), so the last group says its zero
    hundreds.  Groups followed by "nghìn" or "triệu" never do: 1.001.001 is "một triệu
    một nghìn không trăm linh một", as people say it, not "... không trăm linh một nghìn ..."."""
    groups = [n // 1_000_000, n // 1000 % 1000, n % 1000]
    words: list[str] = []
    for index, group in enumerate(groups):
        if group == 0:
            continue
        last = index == 2
        words.append(_below_thousand(group, last and (full or bool(words))))
        if GROUPS[2 - index]:
            words.append(GROUPS[2 - index])
    return " ".join(words)


def cardinal(n: int) -> str:
    """An integer in words: 2024 -> "hai nghìn không trăm hai mươi tư"; 10**12 -> "một nghìn tỷ"."""
    if n < 0:
        return "âm " + cardinal(-n)
    if n == 0:
        return DIGITS[0]
    if n >= 10**MAX_CARDINAL_DIGITS:
        return digits(str(n))
    return _cardinal(n, full=False)


def _cardinal(n: int, full: bool) -> str:
    if n < BILLION:
        return _below_billion(n, full)
    high, low = divmod(n, BILLION)
    words = f"{_cardinal(high, full)} tỷ"
    return f"{words} {_below_billion(low, True)}" if low else words


def digits(written: str) -> str:
    """Digit by digit, for phone numbers, codes and long digit strings: "0912" -> "không chín một hai"."""
    return " ".join(DIGITS[int(d)] for d in written if d.isdigit())


def integer(written: str) -> str:
    """A written run of digits: a cardinal, but codes with a leading zero ("007") and
    runs too long to be amounts are read digit by digit.  "05" is five."""
    if not written:
        return ""
    if (len(written) > 2 and written[0] == "0") or len(written) > MAX_CARDINAL_DIGITS:
        return digits(written)
    return cardinal(int(written))


def fraction_digits(written: str) -> str:
    """What follows "phẩy", as school books and news readers say it: up to three digits
    as a number ("37,42" -> ba mươi bảy phẩy bốn mươi hai, "3,14" -> ba phẩy mười bốn),
    leading zeros one by one ("0,05" -> không phẩy không năm, "7,09" -> bảy phẩy không
    chín), longer runs digit by digit.  NeMo reads every decimal digit by digit ("ba
    phẩy một bốn"): understood, but not how Vietnamese is read aloud."""
    rest = written.lstrip("0")
    zeros = [DIGITS[0]] * (len(written) - len(rest))
    if not rest:
        return " ".join(zeros)
    if len(rest) > 3:
        return " ".join([*zeros, digits(rest)])
    return " ".join([*zeros, cardinal(int(rest))])


def decimal(whole: str, fraction: str, point: str = "phẩy") -> str:
    """``whole`` digits (separators already removed) and the ``fraction`` digits."""
    words = integer(whole) if whole else DIGITS[0]
    return f"{words} {point} {fraction_digits(fraction)}" if fraction else words


def ordinal(n: int) -> str:
    """After "thứ": "nhất" and "tư" for 1 and 4, the cardinal otherwise (thứ hai, thứ mười bốn)."""
    return {1: "nhất", 4: "tư"}.get(n) or cardinal(n)


def month(n: int) -> str:
    """After "tháng": "tháng tư" for April."""
    return MONTHS[n] if 1 <= n <= 12 else cardinal(n)


def denominator(n: int) -> str:
    """After "phần": "một phần tư" for a quarter."""
    return "tư" if n == 4 else cardinal(n)


ROMAN = re.compile(r"M{0,4}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman(written: str) -> int | None:
    """The value of a well-formed Roman numeral in one case ("XIII", "xiii"), else None."""
    if not written or not (written.isupper() or written.islower()):
        return None
    upper = written.upper()
    if not ROMAN.fullmatch(upper):
        return None
    total = 0
    for index, letter in enumerate(upper):
        value = ROMAN_VALUES[letter]
        following = ROMAN_VALUES[upper[index + 1]] if index + 1 < len(upper) else 0
        total += -value if value < following else value
    return total


THOUSANDS_DOT = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")  # Vietnamese: 1.234.567,5
THOUSANDS_COMMA = re.compile(r"\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?")  # English style, two groups or more
SEPARATOR = re.compile(r"([.,])")


def amount(written: str, point: str = "phẩy") -> str:
    """A written number as Vietnamese writes it: dots group thousands, a comma is the
    decimal point ("12.000" -> mười hai nghìn, "524,5" -> năm trăm hai mươi tư phẩy năm).
    A lone dot that does not group thousands is said ``point`` ("4.0" -> bốn chấm
    không); more dots than that are a version or an address, said part by part."""
    if "." not in written and "," not in written:
        return integer(written)
    if THOUSANDS_DOT.fullmatch(written):
        whole, _, fraction = written.partition(",")
        return decimal(whole.replace(".", ""), fraction)
    if THOUSANDS_COMMA.fullmatch(written):
        whole, _, fraction = written.partition(".")
        return decimal(whole.replace(",", ""), fraction)
    parts = SEPARATOR.split(written)
    if len(parts) == 3:
        return decimal(parts[0], parts[2], "phẩy" if parts[1] == "," else point)
    return " ".join("chấm" if p == "." else "phẩy" if p == "," else integer(p) for p in parts if p)


def number_value(written: str) -> int | None:
    """The integer a plain digit run stands for, or None when it is too long to be one."""
    return int(written) if written.isdigit() and len(written) <= MAX_CARDINAL_DIGITS else None
