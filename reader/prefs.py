"""Reading preferences: one typed model, one compact cookie, rendered as classes.

The cookie holds only what differs from the defaults, as ``1.z3.ch.sd``: a
version, then one token per field (a key letter and a value code).  A
reader's own colours are one longer token, ``k`` and 18 hex digits (see
reader/colours.py).  Parsing is an allow-list applied field by field: an
unknown version gives the defaults, an unknown key or value is dropped, a
repeated key keeps its first value, and nothing read from the cookie is ever
echoed; pages only see the parsed model.

Until the reader chooses, every field follows the device (``auto``): the CSS
answers ``prefers-color-scheme``, ``prefers-contrast``,
``prefers-reduced-motion`` and ``forced-colors`` itself, so there is no flash
and no script.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Final

from .colours import Colours

COOKIE_NAME: Final = "reader_prefs"
COOKIE_VERSION: Final = "1"
COOKIE_MAX_AGE: Final = 365 * 24 * 3600
MAX_COOKIE_LENGTH: Final = 200

TEXT_SIZES: Final = (100, 112.5, 125, 150, 175, 200, 250, 300, 400)  # percent
CONTRASTS: Final = ("soft", "standard", "high")  # ordered; "auto" follows the device


@dataclass(frozen=True)
class Choice:
    """One field: its cookie key, its allowed values (first = default) and the
    one-letter code of each value in the cookie."""

    key: str
    values: tuple[str, ...]
    codes: tuple[str, ...]

    def code(self, value: str) -> str:
        return self.codes[self.values.index(value)]

    def value(self, code: str) -> str | None:
        return self.values[self.codes.index(code)] if code in self.codes else None


CHOICES: Final[dict[str, Choice]] = {
    "text_size": Choice("z", tuple(str(i) for i in range(len(TEXT_SIZES))),
                        tuple(str(i) for i in range(len(TEXT_SIZES)))),
    "contrast": Choice("c", ("auto", "soft", "standard", "high"), ("a", "s", "n", "h")),
    "scheme": Choice("s", ("auto", "light", "dark"), ("a", "l", "d")),
    "line_spacing": Choice("l", ("normal", "1.5", "2"), ("n", "m", "d")),
    "letter_spacing": Choice("t", ("normal", "wide"), ("n", "w")),
    "word_spacing": Choice("w", ("normal", "wide"), ("n", "w")),
    "width": Choice("m", ("medium", "narrow", "wide"), ("m", "n", "w")),
    "font": Choice("f", ("system", "be-vietnam-pro"), ("s", "b")),
    "images": Choice("i", ("auto", "show", "hide"), ("a", "s", "h")),
    "motion": Choice("r", ("auto", "reduce"), ("a", "r")),
    "underline": Choice("u", ("auto", "always"), ("a", "y")),
    "guide": Choice("g", ("off", "1", "3", "5"), ("o", "1", "3", "5")),  # lines; JS only
    "palette": Choice("p", ("theme", "own"), ("t", "o")),  # "own": the colours below
}
COLOURS_KEY: Final = "k"  # then 18 hex digits
_BY_KEY: Final = {choice.key: name for name, choice in CHOICES.items()}
PALETTE_FIELDS: Final = ("contrast", "scheme")


@dataclass(frozen=True)
class Prefs:
    text_size: str = "0"  # index into TEXT_SIZES
    contrast: str = "auto"
    scheme: str = "auto"
    line_spacing: str = "normal"
    letter_spacing: str = "normal"
    word_spacing: str = "normal"
    width: str = "medium"
    font: str = "system"
    images: str = "auto"
    motion: str = "auto"
    underline: str = "auto"
    guide: str = "off"
    palette: str = "theme"
    colours: str = ""  # the reader's own colours (Colours.code), kept while palette is "theme"

    # -- derived -------------------------------------------------------------
    @property
    def size_index(self) -> int:
        return int(self.text_size)

    @property
    def size_percent(self) -> float:
        return TEXT_SIZES[self.size_index]

    @property
    def contrast_level(self) -> int:
        """Position on the soft < standard < high scale; auto counts as standard."""
        return CONTRASTS.index("standard" if self.contrast == "auto" else self.contrast)

    @property
    def is_default(self) -> bool:
        return self == DEFAULTS

    @property
    def own_colours(self) -> Colours | None:
        """The reader's colours when they are in use."""
        return Colours.from_code(self.colours) if self.palette == "own" else None

    def classes(self) -> str:
        """Classes for ``<html>``: always the palette keys (scheme, contrast),
        other fields only when not the default, so most readers (and a shared
        cache) get the same bytes.  Own colours too close to the text colour
        underline every link."""
        out = []
        for name in CHOICES:
            value = getattr(self, name)
            if value != getattr(DEFAULTS, name) or name in PALETTE_FIELDS:
                out.append(f"{name.replace('_', '-')}-{value.replace('.', '')}")
        own = self.own_colours
        if own is not None and own.links_need_underline and self.underline != "always":
            out.append("underline-always")
        return " ".join(out)

    # -- the cookie ----------------------------------------------------------
    def to_cookie(self) -> str:
        tokens = [COOKIE_VERSION]
        for name, choice in CHOICES.items():
            value = getattr(self, name)
            if value != getattr(DEFAULTS, name):
                tokens.append(choice.key + choice.code(value))
        if self.colours:
            tokens.append(COLOURS_KEY + self.colours)
        return ".".join(tokens)


DEFAULTS: Final = Prefs()


def parse(raw: str | None) -> Prefs:
    """The preferences in a cookie value; never raises, never trusts."""
    if not raw or len(raw) > MAX_COOKIE_LENGTH:
        return DEFAULTS
    version, _, rest = raw.partition(".")
    if version != COOKIE_VERSION:
        return DEFAULTS
    chosen: dict[str, str] = {}
    for token in rest.split(".")[:len(CHOICES) * 2]:
        if token[:1] == COLOURS_KEY and "colours" not in chosen and Colours.from_code(token[1:]):
            chosen["colours"] = token[1:]
            continue
        if len(token) != 2:
            continue
        name = _BY_KEY.get(token[0])
        if name is None or name in chosen:
            continue
        value = CHOICES[name].value(token[1])
        if value is not None:
            chosen[name] = value
    return settled(replace(DEFAULTS, **chosen))


def settled(prefs: Prefs) -> Prefs:
    """Own colours with no colours to use mean the theme's (one canonical form)."""
    if prefs.palette == "own" and not prefs.colours:
        return replace(prefs, palette="theme")
    return prefs


@lru_cache(maxsize=4096)
def normalised(raw: str | None) -> str:
    """The canonical cookie value for ``raw`` (a cache key part); memoised, as
    the same few values arrive on every request."""
    return parse(raw).to_cookie()


def from_form(form: Mapping[str, str], base: Prefs = DEFAULTS) -> Prefs:
    """The settings form: each allowed field with an allowed value replaces
    ``base``'s; anything else is ignored.  Colours are checked by the
    settings view (reader/views/settings.py), which may refuse them."""
    chosen: dict[str, str] = {}
    for name, choice in CHOICES.items():
        value = form.get(name)
        if isinstance(value, str) and value in choice.values:
            chosen[name] = value
    return settled(replace(base, **chosen))


# -- the toolbar -----------------------------------------------------------------
ACTIONS: Final = ("size-down", "size-reset", "size-up", "contrast-down", "contrast-up")


def can(prefs: Prefs, action: str) -> bool:
    """Whether ``action`` would change anything (the button is aria-disabled if not)."""
    return step(prefs, action) != prefs


def step(prefs: Prefs, action: str) -> Prefs:
    if action == "size-up":
        return replace(prefs, text_size=str(min(prefs.size_index + 1, len(TEXT_SIZES) - 1)))
    if action == "size-down":
        return replace(prefs, text_size=str(max(prefs.size_index - 1, 0)))
    if action == "size-reset":
        return replace(prefs, text_size="0")
    # A contrast step is a step of the theme's palettes: own colours give way
    # (and stay remembered for the settings page).
    if action == "contrast-up":
        return replace(prefs, palette="theme",
                       contrast=CONTRASTS[min(prefs.contrast_level + 1, len(CONTRASTS) - 1)])
    if action == "contrast-down":
        return replace(prefs, palette="theme", contrast=CONTRASTS[max(prefs.contrast_level - 1, 0)])
    return prefs
