"""Amounts in Vietnamese news text: fractions or dates, ranges, money, measures.

The hard calls are made here, from the words around a number:

- "a/b": a date in news far more often than a fraction ("sáng 4/9", "(2/9)"),
  but "1/2", "2/3", "3/4" alone, "3/4 số hộ", "chiếm 1/3", "-3/4", "1/2kg" and
  anything that is no calendar date are fractions.  "d-m" is a date only after
  a word that announces one ("ngày 1-7"); otherwise the dash is a range.
- "a-b" is a range ("5-7 km", "20-25°C", "7h-9h", "50.000đ-100.000đ") read
  with "đến", except a score ("thắng 2-1", or a first number not below the second).
- money: "50.000đ", "$5", "5 USD", "10 triệu đồng", "5,99$" (dollars and cents),
  "1tr5", "10k", with "/kg" read "một ki lô gam" and "/ngày" read "trên ngày".
- measures: the unit spelled after the number, glued or spaced ("5kg", "3 m²",
  "20km/h", "500mg", "-5°C").
"""

from __future__ import annotations

import re

from .characters import VULGAR, VULGAR_FRACTIONS
from .context import char_before, spoken, word_after, words_before
from .numbers import amount, cardinal, denominator, month
from .units import CENTS, CURRENCIES, PER_WORDS, PREFIX_CURRENCIES, SCALES, SPACED, UNITS, alternatives

START = r"(?<![\w.,/:-])"
SIGNS = {None: "", "-": "âm ", "+": "cộng "}
END = r"(?![\w/]|[.,/:-]\d)"
NUMBER = r"\d+(?:[.,]\d+)*"
UNIT = alternatives(UNITS)
UNIT_END = r"(?![\w²³])"

DATE_CUES = frozenset({
    "ngày", "hôm", "sáng", "trưa", "chiều", "tối", "đêm", "khuya", "rạng", "mùng", "mồng", "dịp", "lễ",
    "từ", "đến", "tới", "trước", "sau", "vào", "đầu", "cuối", "hạn", "nhật", "tết", "kể", "giữa", "hết",
})
DAY_CUES = frozenset({"ngày", "hôm", "sáng", "trưa", "chiều", "tối", "đêm", "khuya", "rạng", "mùng", "mồng"})
WEEKDAY = re.compile(r"^(?:hai|ba|tư|năm|sáu|bảy|\d)$")
FRACTION_CUES_BEFORE = frozenset({
    "chiếm", "khoảng", "gần", "hơn", "còn", "bằng", "được", "mất", "giảm", "tăng", "quá", "già", "non",
    "dưới", "trên", "của", "cả", "lên", "xuống", "tỷ", "tỉ", "lệ", "phân", "đạt",
})
FRACTION_CUES_AFTER = frozenset({  # "3/4 số hộ", "1/3 dân số": a part of a whole
    "số", "dân", "diện", "tổng", "lượng", "trong", "các", "những", "thời", "quãng", "quỹ", "phần", "chặng",
    "cốc", "chén", "bát", "thìa", "muỗng", "quả", "cái", "chiếc", "mét", "lít", "giờ", "vòng", "đoạn",
})
COUNT_NOUNS = frozenset({  # "5/5 xã đạt chuẩn", "3/63 tỉnh": so many out of so many, said "trên"
    "xã", "phường", "thị", "tỉnh", "huyện", "quận", "thôn", "bản", "trường", "lớp", "người", "hộ", "học",
    "đơn", "dự", "trận", "câu", "môn", "bài", "mẫu", "phiếu", "doanh", "cơ", "đội", "nước", "chỉ", "thành",
    "địa", "bộ", "ngành", "thí", "bệnh", "ca", "lần", "đại", "ủy", "hạng", "gia", "tiêu", "nhiệm",
})
ADDRESS_CUES = frozenset({"ngõ", "ngách", "hẻm", "kiệt", "nhà"})
SCORE_CUES = frozenset({"thắng", "thua", "hòa", "hoà", "số", "bại", "tỷ", "tỉ", "cách", "biệt", "tiếp"})

FRACTION = re.compile(
    rf"{START}(?P<neg>-)?(?P<a>\d{{1,3}})(?P<sep>[/-])(?P<b>\d{{1,3}})"
    rf"(?:(?P<space>\s?)(?P<unit>{UNIT}){UNIT_END}|{END})")
MIXED = re.compile(rf"{START}(?P<neg>-)?(?P<whole>\d{{1,3}}) (?P<a>\d{{1,2}})/(?P<b>\d{{1,2}}){END}")


def fraction_words(a: int, b: int, negative: bool = False) -> str:
    return ("âm " if negative else "") + f"{cardinal(a)} phần {denominator(b)}"


def _is_date(match: re.Match[str], a: int, b: int) -> bool:
    """Whether "a/b" (or "a-b") at ``match`` is a day and a month."""
    if match["neg"] or match["unit"] or a == 0 or not (1 <= a <= 31 and 1 <= b <= 12):
        return False
    text = match.string
    earlier, before = words_before(text, match.start())
    if match["sep"] == "-":  # "ngày 1-7", "hôm nay (24-3)" are dates; "từ 4-6 triệu", "5-11 tuổi" ranges
        return before in DAY_CUES or (before in {"nay", "qua", "mai"} and char_before(text, match.start()) == "(")
    if before in DATE_CUES or (earlier == "thứ" and WEEKDAY.match(before)) or earlier + before == "chủnhật":
        return True
    if match["a"].startswith("0") or match["b"].startswith("0") or char_before(text, match.start()) == "(":
        return True
    if before in FRACTION_CUES_BEFORE or word_after(text, match.end()) in FRACTION_CUES_AFTER | COUNT_NOUNS:
        return False
    return not a < b <= 4  # halves, thirds and quarters standing alone are fractions


def _fraction_or_date(match: re.Match[str]) -> str:
    a, b = int(match["a"]), int(match["b"])
    if match["sep"] == "/" and (match["a"], match["b"]) == ("24", "7"):
        return "hai mươi tư trên bảy"  # "24/7": round the clock
    if match["sep"] == "/" and words_before(match.string, match.start())[1] in ADDRESS_CUES:
        return f"{cardinal(a)} trên {cardinal(b)}"  # "ngõ 29/70", "hẻm 12/3": an alley off an alley
    if _is_date(match, a, b):
        said = words_before(match.string, match.start())[1] in {"ngày", "mùng", "mồng", "hôm"}
        rest = (match["space"] or "") + (match["unit"] or "")
        return ("" if said else "ngày ") + f"{cardinal(a)} tháng {month(b)}" + rest
    if match["sep"] == "-" or b == 0:
        return match[0]
    if not match["unit"] and word_after(match.string, match.end()) in COUNT_NOUNS:
        return f"{cardinal(a)} trên {cardinal(b)}"
    words = fraction_words(a, b, bool(match["neg"]))
    if match["unit"]:
        if match["space"] and match["unit"] not in SPACED:
            return words + match["space"] + match["unit"]
        words += f" {UNITS[match['unit']]}"
    return words


def _mixed(match: re.Match[str]) -> str:
    a, b = int(match["a"]), int(match["b"])
    if not 0 < a < b or words_before(match.string, match.start())[1] in DATE_CUES | {"tháng", "năm", "số"}:
        return match[0]
    sign = "âm " if match["neg"] else ""
    return f"{sign}{cardinal(int(match['whole']))} và {fraction_words(a, b)}"


def _vulgar(match: re.Match[str]) -> str:
    a, b = VULGAR_FRACTIONS[match[2]]
    words = fraction_words(a, b)
    return f"{match[1]} và {words}" if match[1] else words


def fractions(text: str) -> str:
    """Vulgar fractions, mixed numbers ("5 1/2"), and "a/b" as a fraction or a date."""
    if "/" not in text and "-" not in text and not VULGAR.search(text):
        return text
    text = VULGAR.sub(spoken(_vulgar), text)
    text = MIXED.sub(spoken(_mixed), text)
    return FRACTION.sub(spoken(_fraction_or_date), text)


# -- ranges ---------------------------------------------------------------------------
# One end of a range: a number with what may follow it glued ("7h30", "50.000đ", "3kg", "25°C"),
# never any letters ("29C-123.45" is a number plate, not a range).
TOKEN = (rf"(?:US\$|[$€£¥₹])?\d+(?:[.,:]\d+)*"
         rf"(?:[hHgG]\d{{2}}|{alternatives(set(UNITS) | {'k', 'tr', 't', 'đ', '₫', '$', '€', '£', '¥', '₹'})})?")
RANGE = re.compile(rf"{START}({TOKEN})(\s?[-–]\s?)({TOKEN})(?![\w/]|[.,:-]\d)")
PLAIN = re.compile(r"\d+")


def _range(match: re.Match[str]) -> str:
    left, right = match[1], match[3]
    earlier, before = words_before(match.string, match.start())
    if before in SCORE_CUES or earlier in {"tỷ", "tỉ"}:
        return match[0]
    if PLAIN.fullmatch(left) and PLAIN.fullmatch(right):
        if int(left) >= int(right) or (left.startswith("0") and len(left) > 2):
            return match[0]  # a score ("2-1") or a code, not a range
    return f"{left} đến {right}"


def ranges(text: str) -> str:
    return RANGE.sub(spoken(_range), text) if "-" in text or "–" in text else text


# -- money ----------------------------------------------------------------------------
CURRENCY = alternatives(list(CURRENCIES) + ["vnd", "vnđ"])
SCALE = "|".join(SCALES)
PER_UNIT = rf"(?:/(?P<per>{alternatives(list(UNITS) + list(PER_WORDS))}|[^\W\d_]+){UNIT_END})?"
MAGNITUDES = {"k": ("nghìn", 10**3), "tr": ("triệu", 10**6), "t": ("tỷ", 10**9)}
SHORT = r"(?P<sn>\d+(?:[.,]\d+)?)(?P<mag>k|tr|t)(?P<rest>\d{1,3})?"
PREFIX_MONEY = re.compile(
    rf"(?<![\w.,])(?P<cur>{alternatives(PREFIX_CURRENCIES)})\s?(?P<num>{NUMBER})(?:\s?(?P<scale>{SCALE})\b)?")
SUFFIX_MONEY = re.compile(
    rf"(?<![\w.,/])(?P<sign>[-+])?(?:{SHORT}|(?P<num>{NUMBER}))(?:\s?(?P<scale>{SCALE})\b)?"
    rf"\s?(?P<cur>{CURRENCY})(?![^\W\d_]){PER_UNIT}")
SHORT_AMOUNT = re.compile(rf"(?<![\w.,/])(?P<sign>[-+])?{SHORT}(?![^\W\d_])")


def short_amount(match: re.Match[str]) -> str:
    """"10k" -> mười nghìn, "1tr5" -> một triệu năm trăm nghìn, "2t3" -> hai tỷ ba trăm triệu."""
    name, size = MAGNITUDES[match["mag"]]
    if match["rest"]:
        whole = match["sn"].replace(",", "").replace(".", "")
        value = int(whole) * size + int(match["rest"].ljust(3, "0")) * (size // 1000)
        return cardinal(value)
    return f"{amount(match['sn'])} {name}"


def _currency_words(number: str, cur: str, scale: str | None) -> str:
    name = CURRENCIES.get(cur) or "đồng"
    whole, sep, cents = number.rpartition(",") if "," in number else number.rpartition(".")
    if cur in CENTS and not scale and sep and 1 <= len(cents) <= 2 and not (sep == "." and len(cents) == 3):
        dollars, cents_value = int(whole.replace(".", "").replace(",", "") or 0), int(cents.ljust(2, "0"))
        parts = [f"{cardinal(dollars)} {name}"] if dollars or not cents_value else []
        if cents_value:
            parts.append(f"{cardinal(cents_value)} xu")
        return " ".join(parts)
    return f"{amount(number)}{' ' + scale if scale else ''} {name}"


def _per(unit: str | None, after_money: bool) -> str:
    if not unit:
        return ""
    if after_money and unit in UNITS and unit not in PER_WORDS:
        return f" một {UNITS[unit]}"  # "đồng/kg": đồng một ki lô gam
    return f" trên {PER_WORDS.get(unit) or UNITS.get(unit) or unit}"


def _suffix_money(match: re.Match[str]) -> str:
    cur = match["cur"]
    cur = {"vnd": "đ", "vnđ": "đ"}.get(cur, cur)
    sign = SIGNS[match["sign"]]
    if match["mag"]:
        words = short_amount(match) + (f" {match['scale']}" if match["scale"] else "")
        words += f" {CURRENCIES[cur]}"
    else:
        words = _currency_words(match["num"], cur, match["scale"])
    return sign + words + _per(match["per"], after_money=True)


def money(text: str) -> str:
    text = PREFIX_MONEY.sub(spoken(
        lambda m: _currency_words(m["num"], "$" if m["cur"] == "US$" else m["cur"], m["scale"])), text)
    text = SUFFIX_MONEY.sub(spoken(_suffix_money), text)
    return SHORT_AMOUNT.sub(spoken(lambda m: SIGNS[m["sign"]] + short_amount(m)), text)


# -- measures -------------------------------------------------------------------------
MEASURE = re.compile(
    rf"(?<![\w.,/])(?P<sign>(?<![\w.,)\]-])[-+])?(?<![\w.,/])(?P<num>{NUMBER})(?P<space>\s?)(?P<unit>{UNIT})"
    rf"{UNIT_END}{PER_UNIT}")
PER_TIME = "năm|tháng|quý|tuần|ngày|giờ|phút|giây|người|lượt|lần|hộ|ca|con|chiếc|tấn|cây"
WORD_PER_UNIT = re.compile(rf"(?<=[^\W\d_])/(?P<per>{UNIT}|{PER_TIME}){UNIT_END}")
HEIGHT = re.compile(r"(?<![\w.,])(\d)m(\d{1,2})(?!\w)")  # "1m65": một mét sáu mươi lăm


def _measure(match: re.Match[str]) -> str:
    unit = match["unit"]
    if match["space"] and unit not in SPACED:
        return match[0]
    sign = SIGNS[match["sign"]]
    return f"{sign}{amount(match['num'])} {UNITS[unit]}" + _per(match["per"], after_money=False)


def measures(text: str) -> str:
    text = HEIGHT.sub(spoken(lambda m: f"{cardinal(int(m[1]))} mét {cardinal(int(m[2]))}"), text)
    text = MEASURE.sub(spoken(_measure), text)
    return WORD_PER_UNIT.sub(spoken(lambda m: _per(m["per"], after_money=False)), text)
