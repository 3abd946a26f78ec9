"""Vietnamese: written news text -> the words a Vietnamese voice should say.

The passes run in a fixed order, each turning what it recognises into words
(so no later pass can read the same digits again): abbreviations and Roman
numerals over the whole text, then, only in the stretches around digits:
phone numbers and number plates, dates, fractions, ranges, clock times, money,
measures, ordinals and months, every number left, and last a guard that no
digit survives.  Every replacement goes through ``context.spoken``, so no
number word is glued to a letter ("G7" -> "G bảy", "COVID-19" -> "COVID mười
chín").  Nothing here raises on any input.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from . import calendar, quantities
from .characters import VULGAR_CHARS, prepare
from .context import char_before, spoken, word_after
from .glossary import glossary
from .numbers import amount, cardinal, digits, month, ordinal, roman
from .units import SCALES

DIGIT = re.compile(r"\d")
NUMERAL = re.compile(rf"[\d{VULGAR_CHARS}]")  # what the number rules start from

# -- phone numbers and other numbers read digit by digit ------------------------------
PHONE = re.compile(
    r"(?<![\w.,/+-])(?:"
    r"(?P<intl>\+\s?84[ .-]?\(?0?\)?\d{1,3}(?:[ .-]?\d{2,4}){2,3})"
    r"|(?P<local>\(?0\d{1,3}\)?(?:[ .-]?\d{2,4}){2,3})"
    r"|(?P<service>1[89]00[ .-]?\d{2,4}(?:[ .-]?\d{2,4}){0,2})"
    r")(?![\w]|[.,-]\d)")
PHONE_NUMBER = r"\+?\d(?:[ .-]?\d)+(?![\w]|[.,-]\d)"
PHONE_CONTEXT = re.compile(
    r"(?<!\w)(?i:(?:điện thoại|đường dây nóng|hotline|tổng đài|tel|fax|đt|sđt)\s*:?\s*)"
    rf"(?P<number>{PHONE_NUMBER}(?:\s*(?:,|hoặc|và|/)\s*{PHONE_NUMBER})*)")


# Account numbers, tax codes, ID cards, one-time codes: digit by digit after the word that
# names them, when they are long enough not to be an amount ("tài khoản 500 triệu" is money).
ID_CONTEXT = re.compile(
    r"(?<!\w)(?i:(?:số tài khoản|tài khoản|stk|mã số thuế|mst|mã số|mã|cccd|cmnd|căn cước|hộ chiếu|imei|otp|"
    r"số seri|serial|số hiệu)\s*:?\s*)(?P<number>\d(?:[ .-]?\d){5,})(?![\w]|[.,-]\d)")


def _phone_words(written: str) -> str:
    """Digit by digit, keeping what sits between numbers ("113, 114" -> "một một ba, một một bốn")."""
    spaced = re.sub(r"(?<=\d)[ .-](?=\d)|(?<=\+)\s?", " ", written)
    return re.sub(r"\+|\d+", lambda m: "cộng" if m[0] == "+" else digits(m[0]), spaced)


def _phone(match: re.Match[str]) -> str:
    count = sum(ch.isdigit() for ch in match[0])
    if match["local"] and not 9 <= count <= 11:
        return match[0]
    if match["service"] and not 8 <= count <= 10:
        return match[0]
    return _phone_words(match[0])


def _phone_after_word(match: re.Match[str]) -> str:
    """"hotline: 1900 1234", "Điện thoại 113": the word kept, the number digit by digit."""
    word = match[0][:match.start("number") - match.start()]
    return word + ("" if word[-1:].isspace() or word.endswith(":") else " ") + _phone_words(match["number"])


# Number plates: "29C-123.45", "51F-678.90", "30A-1234", "59-P1 123.45": the province code as a
# number, the series letters, then the digits one by one, as police and drivers say them.
PLATE = re.compile(r"(?<![\w.,/-])(\d{2})[- ]?([A-Z]{1,2}\d?)[- .]?(\d{3}\.\d{2}|\d{4,5})(?![\w]|[.,]\d)")


def _plate(match: re.Match[str]) -> str:
    series = re.sub(r"\d", lambda m: f" {digits(m[0])}", match[2])
    return f"{cardinal(int(match[1]))} {series} {digits(match[3])}"


def phones(text: str) -> str:
    text = PHONE_CONTEXT.sub(spoken(_phone_after_word), text)
    text = ID_CONTEXT.sub(spoken(_phone_after_word), text)
    text = PLATE.sub(spoken(_plate), text)
    return PHONE.sub(spoken(_phone), text)


# -- Roman numerals -------------------------------------------------------------------
# Words after which a Roman numeral is a number: "thế kỷ XXI", "Đại hội XIII", "khóa XV",
# "quý III/2024", "Chương IV".  Single letters and lower case only after the structural ones.
ROMAN_CONTEXT = (r"thế kỷ|thế kỉ|đại hội|khóa|khoá|quý|chương|phần|mục|điều|khoản|đoạn|phụ lục|thứ|số|tập|"
                 r"kỳ|kì|cấp|hạng|giai đoạn|nhóm|loại|quân khu|vùng|thế chiến|năm|bậc|độ|hội nghị|"
                 r"kỳ họp|kì họp|phiên|mùa|tiết|bài|lớp|trung ương|đảng|vua|giáo hoàng|trường|khu vực")
STRUCTURAL = frozenset({"chương", "phần", "mục", "điều", "khoản", "đoạn", "phụ lục"})
SINGLE_LETTER = STRUCTURAL | {"thứ", "số", "tập", "khóa", "khoá", "quý", "thế kỷ", "thế kỉ", "cấp", "loại",
                              "nhóm", "giai đoạn", "vùng", "khu vực", "hạng", "độ"}
LOWER_CONTEXT = STRUCTURAL - {"điều"} | {"thế kỷ", "thế kỉ", "khóa", "khoá", "thứ", "số", "năm"}
NOT_LOWER_ROMAN = frozenset({"di", "mi", "li", "lil", "mix", "dc", "cd", "mc", "cm", "dm", "mm", "ml", "cl"})
# The numeral first (a character class lets the regex engine skip ahead fast), its
# surroundings checked in Python.
ROMAN = re.compile(r"(?P<roman>[IVXLCDMivxlcdm](?<![\w.-].)[IVXLCDMivxlcdm]*)(?![\w-]|\.\w)"
                   r"(?:/(?P<year>\d{4})(?!\w))?")
CONTEXT_BEFORE = re.compile(rf"(?<!\w)(?P<ctx>(?i:{ROMAN_CONTEXT}))\s+$")
WORD_BEFORE = re.compile(r"(\S+)\s+$")
WORD_AFTER = re.compile(r"\s+(\S+)")


def _roman_allowed(context: str, written: str, value: int) -> bool:
    if context == "năm" and value < 1000:
        return False  # "năm X" is not the year ten
    if written.islower():
        return context in LOWER_CONTEXT and written not in NOT_LOWER_ROMAN and (
            len(written) > 1 or written in "ivx") and (context != "năm" or len(written) > 1)
    if len(written) == 1:  # "Phần C", "mục D" are lettered, not numbered: only I, V and X alone
        return context in SINGLE_LETTER and written in "IVX"
    return True


def _roman(match: re.Match[str]) -> str:
    text, start, written = match.string, match.start(), match["roman"]
    value = roman(written)
    if value is None:
        return match[0]
    year = f" năm {cardinal(int(match['year']))}" if match["year"] else ""
    context = CONTEXT_BEFORE.search(text, max(0, start - 24), start)
    if context:
        name = context["ctx"].lower()
        if not _roman_allowed(name, written, value):
            return match[0]
        return (ordinal(value) if name == "thứ" else cardinal(value)) + year
    # Without a context word: "Elizabeth II", "Đảng XIII", but only I, V and X, two or more,
    # after a word in lower case and not among acronyms ("MC", "CD", "Vitamin C" stay).
    if len(written) < 2 or not written.isupper() or set(written) - set("IVX"):
        return match[0]
    word = WORD_BEFORE.search(text, max(0, start - 40), start)
    after = WORD_AFTER.match(text, match.end())
    if not word or not any(ch.islower() for ch in word[1]) or (
            after and after[1].isupper() and len(after[1]) > 1):
        return match[0]
    return cardinal(value) + year


def romans(text: str) -> str:
    return ROMAN.sub(spoken(_roman), text)


# -- ordinals and months --------------------------------------------------------------
AFTER_THU = re.compile(r"(?<=\b[Tt]hứ )(\d{1,4})(?![\w]|[.,/:-]\d)")
AFTER_THANG = re.compile(r"(?<=\b[Tt]háng )(\d{1,2})(?![\w]|[.,/:-]\d)")


def ordinals(text: str) -> str:
    text = AFTER_THU.sub(spoken(lambda m: ordinal(int(m[1]))), text)
    return AFTER_THANG.sub(spoken(lambda m: month(int(m[1]))), text)


# -- symbols and every number left ----------------------------------------------------
SYMBOLS = re.compile(
    r"(?P<approx>~|≈)\s?(?=\d)|(?P<hash>#)(?=\d)|(?<=\s)(?P<amp>&)(?=\s)|(?<=\s)(?P<equals>=)(?=\s)"
    r"|(?<=[\dA-Z])(?P<plus>\+)(?=\d)"  # "Km 15+300", "GMT+7"
    r"|(?<=\s)(?P<percent>%)(?!\w)")  # "0,25 điểm %"
SYMBOL_WORDS = {"approx": "khoảng ", "hash": "số ", "amp": "và", "equals": "bằng", "plus": " cộng ",
                "percent": "phần trăm"}
NUMBER = re.compile(
    r"(?:(?P<join>(?<=[^\W\d_])[-–])|(?P<dash>(?<=\d)[-–])|(?P<sign>(?<![\w.,)\]])[-+](?=\d)))?(?<!\d)"
    r"(?P<num>\d+(?:[.,]\d+)*)(?P<tail>[-–/](?=[^\W\d_]))?")
POINT_WORDS = frozenset(SCALES) | {"lần", "phần"}


def _number(match: re.Match[str]) -> str:
    text = match.string
    point = "phẩy" if word_after(text, match.end()) in POINT_WORDS else "chấm"
    words = amount(match["num"], point)
    if match["sign"] == "-":
        words = "âm " + words
    elif match["sign"] == "+":
        words = "cộng " + words
    if match["dash"]:  # "2-1" that is no range (a score): "hai - một"
        words = " - " + words
    elif match["join"] or char_before(text, match.start()) in ("/", ":"):  # "COVID-19", "3:1"
        words = " " + words
    return words + (" " if match["tail"] else "")  # "19-nCoV", "123/QĐ"


def _symbol(match: re.Match[str]) -> str:
    if match["approx"] == "≈":
        return "xấp xỉ "
    return SYMBOL_WORDS[match.lastgroup or "amp"]


def numbers(text: str) -> str:
    if any(ch in text for ch in "~≈#&=+%"):
        text = SYMBOLS.sub(spoken(_symbol), text)
    text = NUMBER.sub(spoken(_number), text)
    # Any digit still there (none should be) is read out, never left for the voice to guess.
    return DIGIT.sub(spoken(lambda m: f" {digits(m[0])} "), text) if DIGIT.search(text) else text


MARGIN = 64  # characters of context kept around digits: more than any rule looks at
NUMERALS = re.compile(rf"[\d{VULGAR_CHARS}]+")


def around_digits(text: str, work: Callable[[str], str]) -> str:
    """``work`` applied to the stretches of ``text`` near digits only, each cut at spaces.

    Every number rule needs a digit and looks at most a few words around it, so
    a long sentence with one date costs one short stretch, not every rule over
    the whole sentence (this keeps an article's speech text to a few ms)."""
    spans: list[list[int]] = []
    for match in NUMERALS.finditer(text):
        start = text.rfind(" ", 0, max(0, match.start() - MARGIN)) + 1
        end = text.find(" ", min(len(text), match.end() + MARGIN))
        end = len(text) if end == -1 else end
        if spans and start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    out: list[str] = []
    last = 0
    for start, end in spans:
        out.append(text[last:start])
        out.append(work(text[start:end]))
        last = end
    out.append(text[last:])
    return "".join(out)


# Each rule runs only where a cheap look finds what it needs.
RULES: tuple[tuple[re.Pattern[str], Callable[[str], str]], ...] = (
    (re.compile(r"\d(?:[ .-]?\d){5}|\+|\d\d[- ]?[A-Z]|(?i:thoại|nóng|hotline|tổng đài|tel|fax|đt)"), phones),
    (re.compile(r"\d[/-]\d|\d\.\d\d?\.\d|[Tt]háng"), calendar.dates),
    (re.compile(rf"\d[/-]|[{VULGAR_CHARS}]"), quantities.fractions),
    (re.compile(r"[-–]"), quantities.ranges),
    (re.compile(r"\d[:hHgGp]"), calendar.times),
    (re.compile(rf"[$€£¥₹₫₩฿]|\d\s?(?:(?:{'|'.join(SCALES)})\s?)?(?:đ(?:ồng)?(?![^\W\d_])|[A-Z]{{3}}|usd|Usd|vn)"
                r"|\d(?:k|tr|t)(?![^\W\d_])"), quantities.money),
    (re.compile(rf"\d\s?(?:{quantities.UNIT})(?![\w²³])|/|\dm\d"), quantities.measures),
    (re.compile(r"[Tt]h[ứá]"), ordinals),
)


def _numbers_in(text: str) -> str:
    """Every rule that starts from a digit, in order."""
    for gate, rule in RULES:
        if gate.search(text):
            text = rule(text)
    return numbers(text)


def normalise_vi(text: str) -> str:
    """Vietnamese text -> what the voice should say."""
    text = romans(glossary().expand(prepare(text)))
    return around_digits(text, _numbers_in) if NUMERAL.search(text) else text

