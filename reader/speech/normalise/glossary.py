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

    def expansion(self, match: re.Match[str]) -> str:
        if match["word"] is not None:
            return self.abbreviations[match["word"]]
        if match["title"] is not None:
            return ", ".join(self.titles[t] for t in match["title"].split("."))
        return self.before_number[match["prefix"]]

    def find(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, expansion) of every abbreviation in ``text``, left to right."""
        for match in self.pattern.finditer(text):
            yield match.start(), match.end(), self.expansion(match)

    def _spoken(self, match: re.Match[str]) -> str:
        glued = match.string[match.end():match.end() + 1].isdigit()  # "Q.1" -> "Quận 1"
        return self.expansion(match) + (" " if glued else "")

    def expand(self, text: str) -> str:
        """``text`` with every abbreviation said in full."""
        return self.pattern.sub(self._spoken, text)


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
    title = _alternatives(titles)
    # Not inside a word, not after a dot ("PGS.TS" is one chain, not "PGS." + "TS"),
    # and not followed by a letter or digit ("UBNDX", "THCS2" are someone else's codes).
    branches = []
    if titles:
        branches.append(rf"(?P<title>(?:{title})(?:\.(?:{title}))*)(?![\w.]\w|\w)")
    if words:
        branches.append(rf"(?P<word>{_alternatives(words)})(?!\w)")
    if prefixes:
        branches.append(rf"(?P<prefix>{_alternatives(prefixes)})(?=\s?\d)")
    pattern = re.compile(rf"(?<![\w.])(?:{'|'.join(branches)})")
    return Glossary(words, titles, prefixes, pattern)
