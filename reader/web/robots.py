"""robots.txt, as RFC 9309 reads it, remembered for a day.

The standard library's parser is made for this (groups, Allow/Disallow,
Crawl-delay); what is ours is how a missing or unreachable file counts: a
4xx answer means "no rules" (RFC 9309 2.3.1.3), a 5xx or an unreachable
server means "nothing may be fetched" (2.3.1.4), and the answer is kept in
the database for 24 hours (2.4), so a second ``reader sync`` a minute later
asks the portal only for its feed.
"""

from __future__ import annotations

import threading
import urllib.robotparser
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol
from urllib.parse import urlsplit

AGENT = "Reader"  # the product token a site's robots.txt names us by
MAX_AGE = timedelta(hours=24)
MAX_DELAY = 60.0  # seconds: a Crawl-delay beyond this is read as this


class Memory(Protocol):
    """Where robots.txt files are kept between runs (reader.store.Store)."""

    def robots(self, origin: str) -> tuple[str, datetime] | None: ...

    def save_robots(self, origin: str, body: str) -> None: ...


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}"


class Robots:
    """``fetch(url)`` returns (status, text) for a robots.txt URL, raising on
    a network failure; ``memory`` keeps answers between runs."""

    def __init__(self, fetch: Callable[[str], tuple[int, str]], memory: Memory | None = None) -> None:
        self._fetch = fetch
        self._memory = memory
        self._parsers: dict[str, urllib.robotparser.RobotFileParser] = {}
        self._lock = threading.Lock()

    def _parser(self, url: str) -> urllib.robotparser.RobotFileParser:
        site = origin(url)
        with self._lock:
            found = self._parsers.get(site)
            if found is not None:
                return found
            kept = self._memory.robots(site) if self._memory is not None else None
            if kept is not None and datetime.now(UTC) - kept[1] < MAX_AGE:
                text = kept[0]
            else:
                status, text = self._fetch(f"{site}/robots.txt")  # raises RobotsUnavailable (5xx, no answer)
                if status >= 400:
                    text = ""  # no robots.txt: no rules
                if self._memory is not None:
                    self._memory.save_robots(site, text)
            parser = urllib.robotparser.RobotFileParser()
            parser.parse(text.splitlines())
            self._parsers[site] = parser
            return parser

    def allowed(self, url: str) -> bool:
        return self._parser(url).can_fetch(AGENT, url)

    def delay(self, url: str) -> float:
        """The Crawl-delay the site asks of us (0 when it asks none)."""
        value = self._parser(url).crawl_delay(AGENT)
        return min(float(value), MAX_DELAY) if value else 0.0


class RobotsUnavailable(Exception):
    pass
