"""Markdown articles with front matter.

The front matter is TOML between ``+++`` lines (the bundled samples' format:
its datetimes carry their offset) or the common ``---`` block, of which we read
the simple YAML that article files use: ``key: value`` lines and lists of
values or of ``key: value`` maps.  Keys: title, slug, lang, author, date (or
published), summary, translation_of, source_url, images (``src``, ``alt``,
``caption``).  With no title in the front matter, the first ``# `` heading is
the title.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date, datetime, time
from html import escape
from pathlib import Path

from markdown_it import MarkdownIt

from .body import Draft, ImageRef, ReadError, tidy
from .dates import VIETNAM, parse_date

_md = MarkdownIt("commonmark", {"html": True, "typographer": False}).enable("table")
_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.M)


def has_front_matter(text: str) -> bool:
    first = text.lstrip("\ufeff").split("\n", 1)[0].strip()
    return first in ("+++", "---")


def _scalar(value: str) -> object:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def parse_yaml_subset(block: str) -> dict[str, object]:
    """``key: value``, and lists (``- value`` or ``- key: value`` maps) under a
    ``key:`` line: what article front matter uses, without a YAML dependency."""
    meta: dict[str, object] = {}
    current: list[object] | None = None
    for number, raw in enumerate(block.split("\n"), start=2):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        stripped = raw.strip()
        if raw[0] in " \t" or stripped.startswith("- "):
            if current is None:
                raise ReadError(f"front matter line {number}: indented line outside a list")
            if stripped.startswith("- "):
                item = stripped[2:]
                if re.match(r"^[A-Za-z_]+\s*:", item):
                    key, _, value = item.partition(":")
                    current.append({key.strip(): _scalar(value)})
                else:
                    current.append(_scalar(item))
            elif current and isinstance(current[-1], dict) and ":" in stripped:
                key, _, value = stripped.partition(":")
                current[-1][key.strip()] = _scalar(value)
            else:
                raise ReadError(f"front matter line {number}: cannot read {stripped!r}")
            continue
        key, sep, value = stripped.partition(":")
        if not sep or not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", key.strip()):
            raise ReadError(f"front matter line {number}: expected 'key: value', got {stripped!r}")
        if value.strip():
            meta[key.strip()] = _scalar(value)
            current = None
        else:
            current = []
            meta[key.strip()] = current
    return meta


def split_front_matter(text: str) -> tuple[dict[str, object], str]:
    lines = text.lstrip("\ufeff").split("\n")
    fence = lines[0].strip()
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == fence)
    except StopIteration:
        raise ReadError(f"the front matter has no closing {fence!r} line") from None
    block = "\n".join(lines[1:end])
    if fence == "+++":
        try:
            meta: dict[str, object] = tomllib.loads(block)
        except tomllib.TOMLDecodeError as exc:
            raise ReadError(f"front matter is not valid TOML ({exc})") from exc
    else:
        meta = parse_yaml_subset(block)
    return meta, "\n".join(lines[end + 1:])


def _moment(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=VIETNAM)
    if isinstance(value, date):
        return datetime.combine(value, time(0, 0), tzinfo=VIETNAM)
    if isinstance(value, str) and value.strip():
        moment = parse_date(value)
        if moment is None:
            raise ReadError(f"cannot read the date {value!r} (use 2024-01-17T15:30+07:00 or 17/01/2024 15:30)")
        return moment
    return None


def _images(value: object) -> dict[str, ImageRef]:
    refs: dict[str, ImageRef] = {}
    if not isinstance(value, list):
        return refs
    for entry in value:
        if isinstance(entry, str):
            refs[entry] = ImageRef(entry)
        elif isinstance(entry, dict) and entry.get("src"):
            src = str(entry["src"])
            refs[src] = ImageRef(src, alt=str(entry.get("alt", "")), caption=str(entry.get("caption", "")))
    return refs


def read_markdown(text: str, source: Path) -> Draft:
    meta: dict[str, object] = {}
    body = text
    if has_front_matter(text):
        meta, body = split_front_matter(text)
    title = tidy(str(meta.get("title", "")))
    if not title:
        heading = _H1.search(body)
        if heading is None:
            raise ReadError("no title: add 'title' to the front matter or start with a '# ' heading")
        title = tidy(heading.group(1))
        body = body[: heading.start()] + body[heading.end():]
    images = _images(meta.get("images"))
    html = _md.render(body)
    listed = [ref for ref in images.values() if f'src="{escape(ref.src)}"' not in html]
    for ref in listed:  # images named only in the front matter go after the text
        html += f'<figure><img src="{escape(ref.src)}" alt=""></figure>'
    lang = meta.get("lang")
    return Draft(
        title=title,
        body_html=html,
        lead=tidy(str(meta.get("summary", ""))),
        author=tidy(str(meta.get("author", ""))),
        published=_moment(meta.get("date", meta.get("published"))),
        lang=str(lang) if lang else None,
        slug=str(meta["slug"]) if meta.get("slug") else None,
        source_url=str(meta["source_url"]) if meta.get("source_url") else None,
        translation_of=str(meta["translation_of"]) if meta.get("translation_of") else None,
        translation_group=str(meta["translation_group"]) if meta.get("translation_group") else None,
        images=images,
    )
