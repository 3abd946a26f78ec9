"""The Vietnamese abbreviation glossary (``glossary_vi.toml``): for the voice and for ``<abbr>``.

One table serves both: the voice says "Ủy ban nhân dân" for "UBND", and the
page marks the same span ``<abbr title="Ủy ban nhân dân">``, so what a
listener hears and what a reader can look up never disagree.  Three kinds of
entry, each matched case-sensitively as a whole word, longest first:

- ``abbreviations``: everywhere ("UBND", "TP.HCM", "Bộ GD-ĐT" via "GD-ĐT");
- ``titles``: academic and professional titles, alone or chained with dots
  ("ThS", "GS.TS", "PGS.TS.BS" -> "Phó Giáo sư, Tiến sĩ, Bác sĩ");
- ``before_number``: only right before a number ("Q.1" -> "Quận 1",
  "P.5" -> "Phường 5"), because "Q." and "P." are also initials.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

GLOSSARY_FILE = Path(__file__).resolve().parent.parent / "glossary_vi.toml"


@dataclass(frozen=True)
class Glossary:
    abbreviations: dict[str, str]
    titles: dict[str, str]
    before_number: dict[str, str]
    pattern: re.Pattern[str]

    def expansion(self, written: str) -> str:
        if written in self.abbreviations:
            return self.abbreviations[written]
        if written in self.before_number:
            return self.before_number[written]
        return ", ".join(self.titles[t] for t in written.split("."))

    def _matches(self, text: str) -> Iterator[re.Match[str]]:
        for match in self.pattern.finditer(text):
            start = match.start()
            # Not inside a word and not after a dot ("PGS.TS" is one chain, not "PGS." + "TS").
            if start == 0 or not (text[start - 1].isalnum() or text[start - 1] in "._"):
                yield match

    def find(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, expansion) of every abbreviation in ``text``, left to right."""
        for match in self._matches(text):
            yield match.start(), match.end(), self.expansion(match[0])

    def expand(self, text: str) -> str:
        """``text`` with every abbreviation said in full."""
        out: list[str] = []
        last = 0
        for match in self._matches(text):
            glued = text[match.end():match.end() + 1].isdigit()  # "Q.1" -> "Quận 1"
            out += [text[last:match.start()], self.expansion(match[0]), " " if glued else ""]
            last = match.end()
        out.append(text[last:])
        return "".join(out)


def _alternatives(keys: dict[str, str]) -> str:
    return "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))


@cache
def glossary() -> Glossary:
    """The data file, read and compiled once."""
    with GLOSSARY_FILE.open("rb") as fh:
        data = tomllib.load(fh)

    def table(name: str) -> dict[str, str]:
        return {str(k): str(v) for k, v in data.get(name, {}).items()}

    words, titles, prefixes = table("abbreviations"), table("titles"), table("before_number")
    chain = _alternatives(titles)
    # One alternative per key, each starting with its literal letters, longest first: the
    # regex engine then skips straight to a possible first letter, four times faster on an
    # article than a pattern that starts with a look-behind.  After a word: no letter or
    # digit ("UBNDX", "THCS2" are someone else's codes); after "Q." or "P.": a number.
    branches = []
    for key in sorted({**titles, **words, **prefixes}, key=len, reverse=True):
        if key in words:
            branches.append(rf"{re.escape(key)}(?!\w)")
        elif key in prefixes:
            branches.append(rf"{re.escape(key)}(?=\s?\d)")
        else:
            branches.append(rf"{re.escape(key)}(?:\.(?:{chain}))*(?![\w.]\w|\w)")
    return Glossary(words, titles, prefixes, re.compile(f"(?:{'|'.join(branches) or '(?!)'})"))
