"""Articles copied out of a portal page as plain text.

Such a dump (``samples/sapa-portal-article.txt`` is the model) starts with the
portal's chrome: the names of the page's images as a bulleted list, the
``A- A A+`` font-size toolbar, the contrast links.  Then come the title, the
paragraphs (one a line), photo captions as lines starting ``Ảnh:`` or
``Ảnh;``, the ``Tác giả:`` line, and from the rating widget on, the portal's
blocks (related news, map, poll, visit counter) which are not the article.
"""

from __future__ import annotations

import re
from datetime import datetime
from html import escape
from pathlib import Path

from .body import CAPTION_PREFIX, Draft, ImageRef, ReadError, tidy
from .dates import parse_date

_BULLET = re.compile(r"^\s*[•·▪◦*\-]\s*(\S+)\s*$")
_TOP_CHROME = re.compile(
    r"^(?:A-\s*A\s*A\+|.*Tăng tương phản|.*Giảm tương phản|Trang chủ\b.*|In bài|Chia sẻ|"
    r"Cỡ chữ|Font size|Print)", re.I)
_END_CHROME = re.compile(
    r"^(?:Tổng số điểm|Click để đánh giá|Đánh giá bài viết|Tin liên quan|Tin cùng chuyên mục|"
    r"Các tin khác|Những tin mới hơn|Những tin cũ hơn|Bản đồ\s*$|Bình chọn\s*$|Thống kê truy cập|"
    r"Hôm nay\s*:|Hôm qua\s*:|Đang truy cập|Tổng lượt truy cập|Lượt truy cập|Ý kiến bạn đọc|"
    r"Gửi ý kiến|Từ khóa\s*:|Từ khoá\s*:|Tags\s*:)", re.I)
_AUTHOR = re.compile(r"^(?:Tác giả(?: bài viết)?|Người viết|Bài(?: và ảnh)?)\s*[:：]\s*(.+)$", re.I)
_SOURCE = re.compile(r"^Nguồn(?: tin)?\s*[:：]\s*(.+)$", re.I)
_DATE_LINE = re.compile(r"^(?:(?:Thứ|Chủ nhật)[^-–]*[-–,]\s*)?(?:Ngày đăng\s*:?\s*)?\d{1,2}/\d{1,2}/\d{4}"
                        r"(?:\s*[-–|]?\s*\d{1,2}:\d{2}(?::\d{2})?)?\s*$", re.I)


def read_textdump(text: str, source: Path) -> Draft:
    lines = [line.rstrip() for line in text.splitlines()]
    image_names: list[str] = []
    start = 0
    while start < len(lines):
        line = lines[start].strip()
        bullet = _BULLET.match(lines[start])
        if not line or _TOP_CHROME.match(line):
            start += 1
        elif bullet:
            image_names.append(bullet.group(1))
            start += 1
        else:
            break
    if start >= len(lines):
        raise ReadError("found no title: the text has only portal chrome")
    title = tidy(lines[start])
    if len(title) > 300:
        raise ReadError("the first line of text is too long to be a title; is this an article dump?")

    author = ""
    published: datetime | None = None
    blocks: list[tuple[str, str]] = []  # ("p" | "caption", text)
    for raw in lines[start + 1:]:
        line = tidy(raw)
        if not line:
            continue
        if _END_CHROME.match(line):
            break
        author_match = _AUTHOR.match(line)
        if author_match:
            author = tidy(author_match.group(1))
            continue
        if _SOURCE.match(line):
            continue
        if published is None and not blocks and _DATE_LINE.match(line):
            published = parse_date(line)
            continue
        if CAPTION_PREFIX.match(line):
            blocks.append(("caption", tidy(CAPTION_PREFIX.sub("", line))))
        else:
            blocks.append(("p", line))

    captions = [text for kind, text in blocks if kind == "caption"]
    warnings: list[str] = []
    if image_names and len(image_names) != len(captions):
        warnings.append(f"{len(image_names)} images listed but {len(captions)} captions found; "
                        "captions were matched to images in order")
    parts: list[str] = []
    images: dict[str, ImageRef] = {}
    caption_number = 0
    for kind, text in blocks:
        if kind == "p":
            parts.append(f"<p>{escape(text)}</p>")
            continue
        name = image_names[caption_number] if caption_number < len(image_names) else ""
        caption_number += 1
        images[name] = ImageRef(name, caption=text)
        parts.append(f'<figure><img src="{escape(name)}" alt=""><figcaption>{escape(text)}'
                     "</figcaption></figure>")
    if not any(kind == "p" for kind, _ in blocks):
        raise ReadError("found a title but no paragraphs of text")
    if published is None:
        first = next(text for kind, text in blocks if kind == "p")
        published = parse_date(first)
        if published is not None:
            warnings.append("no publication date in the dump; took the first date in the text")
    return Draft(title=title, body_html="\n".join(parts), author=author, published=published,
                 images=images, warnings=warnings)
