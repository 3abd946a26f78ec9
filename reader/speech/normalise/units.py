"""Units and currencies written after a number, and how each is said in Vietnamese.

Keys are matched case-sensitively, longest first, so "mV" (millivolt) and
"MW" (megawatt) stay apart; the lower-case spellings people actually type
("kw", "ghz", "gb") are listed as their own keys.  A unit with no space before
it is always a unit ("5m", "220v"); after a space only the unambiguous ones
are ("5 m", "3 kg", not "lớp 5 A" or "5 t").
"""

from __future__ import annotations

import re

UNITS: dict[str, str] = {
    # length, area, volume
    "km": "ki lô mét", "m": "mét", "dm": "đề xi mét", "cm": "xăng ti mét", "mm": "mi li mét",
    "µm": "mi crô mét", "μm": "mi crô mét", "nm": "na nô mét", "inch": "inch",
    "km²": "ki lô mét vuông", "km2": "ki lô mét vuông", "m²": "mét vuông", "m2": "mét vuông",
    "cm²": "xăng ti mét vuông", "cm2": "xăng ti mét vuông", "ha": "héc ta",
    "m³": "mét khối", "m3": "mét khối", "cm³": "xăng ti mét khối", "cm3": "xăng ti mét khối",
    "l": "lít", "ml": "mi li lít", "mL": "mi li lít",
    # mass
    "kg": "ki lô gam", "g": "gam", "mg": "mi li gam", "µg": "mi crô gam", "μg": "mi crô gam",
    # data
    "kb": "ki lô bai", "KB": "ki lô bai", "kB": "ki lô bai", "Mb": "mê ga bai", "MB": "mê ga bai",
    "mb": "mê ga bai", "gb": "gi ga bai", "GB": "gi ga bai", "Gb": "gi ga bai", "tb": "tê ra bai",
    "TB": "tê ra bai", "Tb": "tê ra bai",
    # power, energy, electricity, frequency (no bare "A": "lớp 12A", "QL1A" are names)
    "W": "oát", "kW": "ki lô oát", "kw": "ki lô oát", "KW": "ki lô oát", "MW": "mê ga oát",
    "GW": "gi ga oát", "TW": "tê ra oát", "tw": "tê ra oát", "kWh": "ki lô oát giờ",
    "kwh": "ki lô oát giờ", "KWh": "ki lô oát giờ", "MWh": "mê ga oát giờ", "GWh": "gi ga oát giờ",
    "V": "vôn", "v": "vôn", "kV": "ki lô vôn", "kv": "ki lô vôn", "mV": "mi li vôn",
    "mA": "mi li am pe", "mAh": "mi li am pe giờ", "Hz": "héc", "hz": "héc", "kHz": "ki lô héc",
    "khz": "ki lô héc", "MHz": "mê ga héc", "Mhz": "mê ga héc", "mhz": "mê ga héc",
    "GHz": "gi ga héc", "ghz": "gi ga héc", "hp": "mã lực", "HP": "mã lực", "CV": "mã lực",
    # temperature, angle, ratio
    "°C": "độ C", "°c": "độ c", "ºC": "độ C", "oC": "độ C", "°F": "độ F", "°f": "độ f",
    "°K": "độ K", "°k": "độ k", "°": "độ", "%": "phần trăm", "‰": "phần nghìn",
    # time (after a number; clock times are read elsewhere)
    "ms": "mi li giây", "s": "giây", "p": "phút", "h": "giờ", "min": "phút",
}

# After a space these are still units; the rest only count when glued to the number.
SPACED = frozenset(k for k in UNITS if len(k) > 1 and k not in {"CV", "ms", "min", "mb", "tb", "tw", "kv"}) | {
    "m", "g", "l", "%", "°", "‰"}

# Where a slash means "per": "km/h", "đồng/kg", "µg/m³".  Beyond the units: time words.
PER_WORDS: dict[str, str] = {"h": "giờ", "s": "giây", "min": "phút", "p": "phút"}

CURRENCIES: dict[str, str] = {
    "đ": "đồng", "₫": "đồng", "đồng": "đồng", "$": "đô la", "USD": "đô la", "usd": "đô la",
    "Usd": "đô la", "€": "ơ rô", "EUR": "ơ rô", "£": "bảng Anh",
    "GBP": "bảng Anh", "¥": "yên Nhật", "JPY": "yên Nhật", "₹": "rupee", "₩": "won", "KRW": "won",
    "฿": "bạt", "CNY": "nhân dân tệ", "NDT": "nhân dân tệ",
}
CENTS = frozenset({"$", "€", "£", "USD", "usd", "EUR"})  # glued decimals read as cents: "5,99$"
PREFIX_CURRENCIES = ("US$", "$", "€", "£", "¥", "₹")
SCALES = ("nghìn", "ngàn", "triệu", "tỷ", "tỉ", "vạn")


def alternatives(keys: object) -> str:
    """A regex alternation of ``keys``, longest first."""
    return "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))  # type: ignore[call-overload]


def per(unit: str) -> str:
    """The reading of what follows "/" in "km/h" or "đồng/ngày"."""
    return PER_WORDS.get(unit) or UNITS.get(unit) or unit
