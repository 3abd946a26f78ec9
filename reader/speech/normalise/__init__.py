"""Written text -> the words a voice should say, for Vietnamese and English.

eSpeak reads "12.000" as twelve point zero, "17/01/2024" as a fraction, "7h"
as a letter and "UBND" as English letters; a listener needs "mười hai nghìn",
a date, "bảy giờ" and "Ủy ban nhân dân".  This package is the built-in
normaliser plugin: it registers through the same hook a third party uses
(``register_normalisers``), last, so a plugin's normaliser for a language runs
first and ours gets its output.

- ``vietnamese``: the Vietnamese passes, in order; ``calendar`` (dates, clock
  times) and ``quantities`` (fractions, ranges, money, measures) hold the
  larger ones; ``numbers`` spells Vietnamese numbers; ``units`` lists units and
  currencies; ``glossary`` reads ``glossary_vi.toml`` (also used for ``<abbr>``);
  ``context`` looks at the words around a match; ``characters`` makes the
  text regular first (NFC, ASCII digits, one minus, plain spaces).
- ``english``: the English normaliser.

``reader.speech.normalise_text(text, lang)`` runs the whole chain (plugins
included) and is what callers outside the app should use.
"""

from __future__ import annotations

from collections.abc import Callable

from ..hookspecs import hookimpl
from .english import normalise_en
from .english import number as en_number
from .english import year as en_year
from .numbers import cardinal as vi_number
from .vietnamese import normalise_vi

BUILT_IN: dict[str, Callable[[str], str]] = {"vi": normalise_vi, "en": normalise_en}

__all__ = ["BUILT_IN", "en_number", "en_year", "normalise_en", "normalise_vi", "register_normalisers",
           "vi_number"]


@hookimpl(trylast=True)
def register_normalisers(register: Callable[..., None]) -> None:
    for lang, normalise in BUILT_IN.items():
        register(normalise, languages=(lang,))
