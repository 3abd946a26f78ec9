"""A reader's own colours: parsing, WCAG contrast, and their stylesheet.

A colour set is three colours (text, background, links) kept as 18 lowercase
hexadecimal digits, ``fgfgfgbgbgbglklklk``: the preference cookie's ``k``
token and the name of the stylesheet that applies them
(``/static/colours/<code>.css``).  The page links that stylesheet only for a
reader who chose colours, so the CSP stays strict (no inline style) and
everyone else downloads nothing.  The server checks contrast before it saves
anything: text and links at least 4.5:1 against the background (WCAG 1.4.3);
a link colour under 3:1 against the text cannot be told apart by colour
alone (WCAG 1.4.1), so links are then underlined everywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

TEXT_MINIMUM: Final = 4.5  # text and links against the background
LINK_TEXT_MINIMUM: Final = 3.0  # links against the text, when links are not underlined
CODE: Final = re.compile(r"[0-9a-f]{18}")
_HEX: Final = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")
# What the form shows before a reader has chosen: the light standard palette.
DEFAULT_CODE: Final = "1f1f1fffffff0a4aa0"


def parse_hex(text: str | None) -> str | None:
    """``#rrggbb`` (or ``#rgb``, with or without ``#``, any case, spaces
    around) as six lowercase digits; None for anything else."""
    if not isinstance(text, str):
        return None
    match = _HEX.fullmatch(text.strip())
    if match is None:
        return None
    digits = match.group(1).lower()
    return "".join(c * 2 for c in digits) if len(digits) == 3 else digits


def luminance(digits: str) -> float:
    """WCAG 2.x relative luminance of six hex digits."""
    def channel(pair: str) -> float:
        v = int(pair, 16) / 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(digits[i:i + 2]) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@dataclass(frozen=True)
class Colours:
    text: str
    background: str
    link: str

    @classmethod
    def from_code(cls, code: str) -> Colours | None:
        if not CODE.fullmatch(code):
            return None
        return cls(code[0:6], code[6:12], code[12:18])

    @property
    def code(self) -> str:
        return self.text + self.background + self.link

    @property
    def links_need_underline(self) -> bool:
        return contrast(self.link, self.text) < LINK_TEXT_MINIMUM

    def problems(self) -> list[tuple[str, float, float]]:
        """What is too faint to read: (which pair, its ratio, the minimum)."""
        found = []
        for pair, ratio in (("text", contrast(self.text, self.background)),
                            ("link", contrast(self.link, self.background))):
            if ratio < TEXT_MINIMUM:
                found.append((pair, ratio, TEXT_MINIMUM))
        return found

    def stylesheet(self) -> str:
        """The palette's custom properties, from these three colours.  The
        selector matches the palette classes' weight and comes later, so it
        wins in every scheme and contrast (forced colours still win over it:
        the browser replaces author colours there).  Borders and the focus
        ring use the text and link colours, which already pass 4.5:1."""
        dark = luminance(self.background) < 0.18
        fg, bg, link = f"#{self.text}", f"#{self.background}", f"#{self.link}"
        return (f":root.palette-own,.preview.palette-own{{--bg:{bg};--fg:{fg};--muted:{fg};"
                f"--link:{link};--visited:{link};--border:{fg};--focus:{link};--btn:{bg};--badge:{bg};"
                f"color-scheme:{'dark' if dark else 'light'}}}\n")


def floor_ratio(ratio: float) -> float:
    """Shown rounded down, so a refused 4.4999 never reads as "4.5"."""
    return int(ratio * 100) / 100
