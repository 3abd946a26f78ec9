"""Locales, negotiation and translations.

The list of UI locales is closed (``LOCALES``).  Catalogs are read from the
``.po`` files at start-up (no compiled ``.mo`` to go stale: the ``.po`` is the one
source of truth).  One Jinja2 environment serves every request: its gettext
callables read the request's locale from a ContextVar instead of being
re-installed per request, which would race between requests.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo

from babel import Locale as BabelLocale
from babel import UnknownLocaleError
from babel.dates import format_date, format_time, get_datetime_format
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

from .models import DEFAULT_LOCALE, LOCALES, Locale
from .resources import LOCALES_DIR

TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")
LANGUAGE_COOKIE = "reader_lang"
LANGUAGE_NAMES: dict[str, str] = {"vi": "Tiếng Việt", "en": "English"}

_current: ContextVar[Locale] = ContextVar("reader_locale", default=DEFAULT_LOCALE)


def as_locale(value: object) -> Locale | None:
    """``value`` if it is one of our locales, else None (an allow-list, not a parse)."""
    return cast(Locale, value) if value in LOCALES else None


def negotiate(cookie: str | None, accept_language: str | None) -> Locale:
    """The language cookie, then Accept-Language (by quality), then Vietnamese."""
    chosen = as_locale(cookie)
    if chosen:
        return chosen
    for tag in parse_accept_language(accept_language or ""):
        try:
            language = BabelLocale.parse(tag, sep="-").language
        except (ValueError, TypeError, UnknownLocaleError):
            continue
        chosen = as_locale(language)
        if chosen:
            return chosen
    return DEFAULT_LOCALE


def parse_accept_language(header: str) -> list[str]:
    """Language tags by descending quality; junk entries are skipped, not fatal."""
    weighted: list[tuple[float, int, str]] = []
    for index, part in enumerate(header[:1000].split(",")):
        tag, _, params = part.strip().partition(";")
        tag = tag.strip()
        if not tag or tag == "*" or len(tag) > 35:
            continue
        quality = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                quality = float(params[2:])
            except ValueError:
                continue
            if not 0 < quality <= 1:
                continue
        weighted.append((-quality, index, tag))
    return [tag for _, _, tag in sorted(weighted)]


# -- catalogs -------------------------------------------------------------------
def po_path(locale: str, root: Path = LOCALES_DIR) -> Path:
    return root / locale / "LC_MESSAGES" / "messages.po"


@cache
def translations(locale: Locale) -> Translations:
    with po_path(locale).open("rb") as fh:
        catalog = read_po(fh, locale=locale)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer)


def current_locale() -> Locale:
    return _current.get()


@contextmanager
def using(locale: Locale) -> Iterator[None]:
    token = _current.set(locale)
    try:
        yield
    finally:
        _current.reset(token)


def activate(locale: Locale) -> None:
    """Set the locale for the rest of this request (its task's context)."""
    _current.set(locale)


def gettext(message: str, **variables: Any) -> str:
    text = translations(_current.get()).gettext(message)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, n: int, **variables: Any) -> str:
    text = translations(_current.get()).ngettext(singular, plural, n)
    return text % {"num": n, **variables}


_ = gettext


# -- formatting -------------------------------------------------------------------
def local_time(moment: datetime) -> datetime:
    return moment.astimezone(TIMEZONE)


def format_day(moment: datetime, locale: Locale | None = None) -> str:
    return format_date(local_time(moment), "long", locale=locale or current_locale())


def format_moment(moment: datetime, locale: Locale | None = None) -> str:
    """A long date with a short time ("17 tháng 1, 2024 20:00"): seconds and
    offsets are noise to a reader (every time shown is Vietnam time)."""
    code = locale or current_locale()
    local = local_time(moment)
    pattern = str(get_datetime_format("long", locale=code))
    return (pattern.replace("{1}", format_date(local, "long", locale=code))
            .replace("{0}", format_time(local, "short", locale=code)))


def format_number(value: float, locale: Locale | None = None) -> str:
    return format_decimal(value, locale=locale or current_locale())


def jinja_globals() -> Mapping[str, Any]:
    return {
        "format_day": format_day,
        "format_moment": format_moment,
        "format_number": format_number,
        "language_names": LANGUAGE_NAMES,
        "current_locale": current_locale,
    }
