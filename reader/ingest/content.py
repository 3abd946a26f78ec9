"""Which part of a page is the article, and what inside it is not.

Two ways, in order:

1. **Precise hints**: the containers that portal and newspaper systems put an
   article body in (NukeViet's ``#news-bodyhtml``, VHV's ``.content-detail``,
   VnExpress's ``.fck_detail``, ``itemprop=articleBody``...).  These names are
   not used for teasers, so the one holding the most text is the article.
2. **Scoring**, for every other page, after Arc90's Readability (the approach
   behind Firefox's Reader View): every block of running text (``p``, ``pre``,
   ``td``, ``li``, a ``div`` of plain text...) of 25 characters or more gives
   points to its parent in full, to its grandparent by half and to a few
   ancestors further up by less; a container's points are cut by the share of
   its text inside links and nudged by its class and id (``article``,
   ``content`` up; ``comment``, ``related``, ``sidebar`` down).  The best
   container wins, and its siblings that carry enough text join it (articles
   split into sections).  A result under 500 characters is searched for again
   with fewer exclusions.  So the article is found where the text is, not in
   the first ``<article>`` (often a teaser) nor only in direct ``<p>``
   children.

Inside the chosen block, chrome is removed by its class names and wording
(share bars, related news, tags, ratings, in English and Vietnamese) and by
its shape: blocks that are mostly links, or more list items than paragraphs,
or more images than text.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from functools import cached_property

from lxml import etree

from .body import tidy
from .page import Element, Page, class_and_id, drop, inside, text_of

PRECISE_HINTS = ("#news-bodyhtml", ".bodytext", ".content-detail", "[itemprop=articlebody]", ".fck_detail",
                 ".detail-content", ".singular-content", ".maincontent", ".detail__content")
POSITIVE = re.compile(r"article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story|"
                      r"detail|noi-?dung|chi-?tiet|bai-?viet")
NEGATIVE = re.compile(r"-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr|"
                      r"masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|"
                      r"sponsor|shopping|tags|widget|lien-?quan|binh-?luan|quang-?cao|tin-?khac|xem-?them|"
                      r"newsletter|most-?read")
UNLIKELY = re.compile(r"-ad-|ai2html|banner|breadcrumbs|combx|comment|community|cover-wrap|disqus|extra|"
                      r"footer|gdpr|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|"
                      r"social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote|"
                      r"lien-?quan|binh-?luan|quang-?cao|tin-?khac|newsletter")
MAYBE = re.compile(r"and|article|body|column|content|main|mathjax|shadow|detail|noi-?dung")
UNLIKELY_ROLES = {"menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog"}
# Matched against each class name and the id, word by word ("share-bar" is
# chrome, "evolve-shared-history" is not).
CHROME_CLASS = re.compile(
    r"(?:^|[-_])(?:share|sharing|social|related|comments?|rating|vote|print|tags?|keywords?|breadcrumbs?|"
    r"banner|advert\w*|ads?|toolbar|font-?size|contrast|navigation|nav|pagination|other-?news|"
    r"tin-?lien-?quan|tinlienquan|footer|counter|poll|binh-?chon|newsletter|subscribe|tin-?khac|tinkhac|"
    r"xem-?them|most-?read|read-?more|more-?stories)(?:$|[-_])", re.I)
CHROME_TEXT = re.compile(
    r"^(?:Tác giả(?: bài viết)?|Người viết|Nguồn tin|Nguồn|Từ khóa|Từ khoá|Tags?|Tin liên quan|"
    r"Tin cùng chuyên mục|Các tin khác|Những tin mới hơn|Những tin cũ hơn|Chia sẻ|In bài|Gửi bài|"
    r"Bình luận|Ý kiến bạn đọc|Gửi ý kiến|Tổng số điểm|Click để đánh giá|Đánh giá bài viết|"
    r"Thống kê truy cập|Bình chọn|Bản đồ|Xem thêm|Share|Related|Comments?|Print|Tags)\b\s*[:：]?", re.I)
BLOCK_TAGS = frozenset({"address", "article", "aside", "blockquote", "dd", "details", "div", "dl", "dt",
                        "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
                        "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody",
                        "td", "tfoot", "th", "thead", "tr", "ul", "center", "summary"})
TEXT_BLOCKS = frozenset({"p", "pre", "td", "li", "dd", "blockquote"})
CONTAINERS = frozenset({"div", "section", "article", "main", "td", "blockquote", "body", "form", "li", "dd",
                        "center", "font", "span"})
TAG_WEIGHT = {"div": 5, "article": 5, "pre": 3, "td": 3, "blockquote": 3, "address": -3, "ol": -3, "ul": -3,
              "dl": -3, "dd": -3, "dt": -3, "li": -3, "form": -3, "h1": -5, "h2": -5, "h3": -5, "h4": -5,
              "h5": -5, "h6": -5, "th": -5}
SKIPPED_TAGS = frozenset({"nav", "aside", "footer"})
# (POSITIVE...MAYBE are matched against lowercased names: re.I makes these
# alternations ten times slower, and they run on every element.)
MIN_LENGTH = 500  # characters of text under which the search is tried again, less strictly
_COMMAS = re.compile(r"[,，、،]")


@dataclass
class Content:
    """The article's blocks, in page order, as found in the page's tree."""

    blocks: list[Element]
    scores: dict[Element, float] = field(default_factory=dict)
    weigh_classes: bool = True
    precise: bool = False

    @cached_property
    def enclosing(self) -> set[Element]:
        """The blocks and every element around them."""
        around: set[Element] = set(self.blocks)
        for block in self.blocks:
            around.update(block.iterancestors())
        return around

    @property
    def anchor(self) -> Element:
        """The element that stands for the article when looking around it."""
        return self.blocks[0] if len(self.blocks) == 1 else self.blocks[0].getparent()

    def contains(self, node: Element) -> bool:
        return any(node is block or inside(node, block) for block in self.blocks)

    def extract(self, leave_out: set[Element], *, clean_shapes: bool = True) -> Element:
        """A copy of the blocks in one ``<div>``, without ``drop`` (the title,
        lead, byline... found elsewhere) and without chrome."""
        box = etree.Element("div")
        scores: dict[Element, float] = {}
        for block in self.blocks:
            twin = copy.deepcopy(block)
            twin.tail = None
            for original, copied in zip(block.iter(), twin.iter(), strict=True):
                if original in leave_out:
                    copied.set("data-reader-drop", "")
                if original in self.scores:
                    scores[copied] = self.scores[original]
            box.append(twin)
        for node in list(box.iter()):
            if isinstance(node.tag, str) and node.get("data-reader-drop") is not None:
                drop(node)
        clean(box, scores, weigh_classes=self.weigh_classes, shapes=clean_shapes)
        return box


def find_content(page: Page) -> Content | None:
    body = page.root.find("body")
    if body is None:
        return None
    precise = _precise(body)
    precise_length = len(text_of(precise)) if precise is not None else 0
    if precise is not None and precise_length >= MIN_LENGTH:
        return Content([precise], precise=True)
    best: Content | None = Content([precise], precise=True) if precise is not None else None
    best_length = 2 * precise_length - 1 if precise is not None else -1  # a short hint loses to twice its text
    for strip_unlikely, weigh_classes in ((True, True), (False, True), (False, False)):
        found = _score(body, strip_unlikely=strip_unlikely, weigh_classes=weigh_classes)
        if found is None:
            continue
        # The whole page is a last resort: another try may find the article in it.
        length = 0 if found.blocks == [body] else sum(len(text_of(b)) for b in found.blocks)
        if length > best_length:
            best, best_length = found, length
        if length >= MIN_LENGTH:
            break
    if best is None and text_of(body):
        return Content([body], weigh_classes=False)  # a page of a few words is still its article
    return best


# One pass: a cheap substring test in libxml2, then the exact test in Python.
_PRECISE_XPATH = etree.XPath("//*[" + " or ".join(
    f"contains(@{'id' if h[0] == '#' else 'class'}, '{h[1:]}')" if h[0] in "#." else "@itemprop"
    for h in PRECISE_HINTS) + "]")


def _hint_keys(node: Element) -> set[str]:
    keys = {f"#{node.get('id')}"} if node.get("id") else set()
    keys.update(f".{name}" for name in (node.get("class") or "").split())
    keys.update(f"[itemprop={value.lower()}]" for value in (node.get("itemprop") or "").split())
    return keys


def _precise(body: Element) -> Element | None:
    best, best_length = None, 80  # a hint with next to no text is a placeholder
    for node in _PRECISE_XPATH(body):
        if _hint_keys(node).isdisjoint(PRECISE_HINTS):
            continue
        if node.tag in TEXT_BLOCKS or node.tag in ("span", "a", "h1", "h2", "h3"):
            continue  # a paragraph so named is one paragraph, not the article
        length = len(text_of(node))
        if length > best_length:
            best, best_length = node, length
    return best


def class_weight(node: Element) -> int:
    names = class_and_id(node)
    if not names:
        return 0
    weight = 0
    for value in ((node.get("class") or "").lower(), (node.get("id") or "").lower()):
        if value:
            weight += -25 if NEGATIVE.search(value) else 0
            weight += 25 if POSITIVE.search(value) else 0
    return weight


_LINK_TEXT = etree.XPath(".//a[not(starts-with(@href, '#'))]//text()", smart_strings=False)
_ANCHOR_TEXT = etree.XPath(".//a[starts-with(@href, '#')]//text()", smart_strings=False)


def link_density(node: Element, text_length: int | None = None) -> float:
    """The share of ``node``'s text inside links (links within the page
    count for less: a table of contents is still the article)."""
    length = len(text_of(node)) if text_length is None else text_length
    if not length:
        return 0.0
    linked = float(len(" ".join("".join(_LINK_TEXT(node)).split())))
    anchors = _ANCHOR_TEXT(node)
    if anchors:
        linked += 0.3 * len(" ".join("".join(anchors).split()))
    return min(1.0, linked / length)


def _unlikely(node: Element) -> bool:
    if node.tag in ("body", "a", "html", "main", "article") or node.tag in ("table", "code", "pre"):
        return False
    if node.tag in SKIPPED_TAGS:
        return True
    if (node.get("role") or "").lower() in UNLIKELY_ROLES:
        return True
    names = class_and_id(node).lower()
    return bool(names) and UNLIKELY.search(names) is not None and MAYBE.search(names) is None


def _own_text(node: Element) -> str:
    """The running text of ``node`` outside its block-level children: a
    ``div`` of text and ``<br>`` lines, as old portals write paragraphs."""
    parts = [node.text or ""]
    for child in node:
        if isinstance(child.tag, str) and child.tag not in BLOCK_TAGS:
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return " ".join(" ".join(parts).split())


def _text_units(body: Element, strip_unlikely: bool) -> list[tuple[Element, str]]:
    """(the element its points go to first, the text) for every block of
    running text, skipping unlikely subtrees: a leaf ``p``/``li``/``pre``/
    ``td`` gives its points to its parent, a ``div`` of text and ``<br>``
    lines (as old portals write) to itself."""
    units: list[tuple[Element, str]] = []
    stack = [body]
    while stack:
        node = stack.pop()
        if strip_unlikely and node is not body and _unlikely(node):
            continue
        children = [c for c in node if isinstance(c.tag, str)]
        nested = [c for c in children if c.tag in BLOCK_TAGS or _holds_blocks(c)]
        if not nested:
            text = text_of(node)
            parent = node.getparent()
            if text and parent is not None and (node.tag in TEXT_BLOCKS or node.tag in CONTAINERS):
                units.append((parent, text))
            continue
        if node.tag in CONTAINERS or node.tag in TEXT_BLOCKS:
            own = _own_text(node)
            if own:
                units.append((node, own))
        stack.extend(reversed(nested))
    return units


def _holds_blocks(node: Element) -> bool:
    return any(d.tag in BLOCK_TAGS for d in node.iterdescendants(etree.Element))


def _score(body: Element, *, strip_unlikely: bool, weigh_classes: bool) -> Content | None:
    scores: dict[Element, float] = {}

    def initial(node: Element) -> float:
        return TAG_WEIGHT.get(node.tag, 0) + (class_weight(node) if weigh_classes else 0)

    for holder, text in _text_units(body, strip_unlikely):
        if len(text) < 25:
            continue
        points = 1 + len(_COMMAS.findall(text)) + min(len(text) // 100, 3)
        node: Element | None = holder
        level = 0
        while node is not None and level < 5 and node.tag != "html":
            if node not in scores:
                scores[node] = initial(node)
            scores[node] += points / (1 if level == 0 else 2 if level == 1 else level * 3)
            node = node.getparent()
            level += 1
    if not scores:
        return None
    # Best first; link density only for those that could still make the top five.
    final: dict[Element, float] = {}
    for node, raw in sorted(scores.items(), key=lambda item: -item[1]):
        if len(final) >= 5 and raw <= sorted(final.values())[-5]:
            break
        final[node] = raw * (1 - link_density(node))
    ranked = sorted(final, key=lambda n: -final[n])
    top = ranked[0]
    top = _common_ancestor(top, ranked[1:], final)
    top = _split_article(top, final)
    top = _climb(top, scores, body)
    blocks = _with_siblings(top, scores, final.get(top, scores.get(top, 0.0)), body)
    return Content(blocks, scores, weigh_classes)


def is_teaser(node: Element) -> bool:
    """A card that links to another article: its headline is a link."""
    for heading in node.iter("h1", "h2", "h3", "h4"):
        text = text_of(heading)
        if text and (link_density(heading, len(text)) > 0.8
                     or any(a.tag == "a" for a in heading.iterancestors() if inside(a, node))):
            return True
    return False


def _split_article(top: Element, final: dict[Element, float]) -> Element:
    """An article printed in several blocks of the same class (between them,
    ads and pictures) is their nearest common ancestor, when it is close."""
    name = top.get("class")
    if not name:
        return top
    twins = [n for n in final if n is not top and n.get("class") == name and n.tag == top.tag
             and final[n] >= 0.2 * final[top] and not inside(n, top) and not inside(top, n)]
    if not twins:
        return top
    ancestor = top.getparent()
    for _level in range(4):
        if ancestor is None or ancestor.tag in ("body", "html"):
            return top
        if all(inside(n, ancestor) for n in twins):
            return ancestor
        ancestor = ancestor.getparent()
    return top


def _common_ancestor(top: Element, others: list[Element], final: dict[Element, float]) -> Element:
    """When three or more near-equal candidates share an ancestor with the
    best, the article is that ancestor (an article split into sections) --
    unless they are teasers for other articles."""
    close = [n for n in others if final[n] >= 0.75 * final[top] and not is_teaser(n)]
    if len(close) < 3:
        return top
    parent = top.getparent()
    while parent is not None and parent.tag not in ("body", "html"):
        if sum(1 for n in close if inside(n, parent)) >= 3:
            return parent
        parent = parent.getparent()
    return top


def _climb(top: Element, scores: dict[Element, float], body: Element) -> Element:
    """Go up while a parent scores higher (the best block was one part of a
    larger article), and past wrappers that hold nothing else."""
    last = scores.get(top, 0.0)
    threshold = last / 3
    parent = top.getparent()
    while parent is not None and parent is not body and parent.tag != "html":
        if parent not in scores:
            parent = parent.getparent()
            continue
        score = scores[parent]
        if score < threshold or sum(1 for s in parent if s is not top and is_teaser(s)) >= 2:
            break  # (a list of cards around the article adds points, not article)
        if score > last:
            top = parent
            break
        last = score
        parent = parent.getparent()
    parent = top.getparent()
    while parent is not None and parent is not body and parent.tag != "html" \
            and len([c for c in parent if isinstance(c.tag, str)]) == 1:
        top, parent = parent, parent.getparent()
    return top


def _with_siblings(top: Element, scores: dict[Element, float], top_score: float, body: Element) -> list[Element]:
    parent = top.getparent()
    if parent is None or top is body:
        return [top]
    threshold = max(10.0, top_score * 0.2)
    top_class = top.get("class") or ""
    chosen = []
    for sibling in parent:
        if not isinstance(sibling.tag, str):
            continue
        if sibling is top:
            chosen.append(sibling)
            continue
        if is_teaser(sibling):
            continue
        bonus = top_score * 0.2 if top_class and sibling.get("class") == top_class else 0.0
        if sibling in scores and scores[sibling] + bonus >= threshold:
            chosen.append(sibling)
        elif sibling.tag == "p" or (sibling.tag == "div" and not any(
                c.tag in BLOCK_TAGS for c in sibling if isinstance(c.tag, str))):
            text = text_of(sibling)
            density = link_density(sibling, len(text))
            if (len(text) > 80 and density < 0.25) or (
                    0 < len(text) <= 80 and density == 0 and re.search(r"\.( |$)", text)):
                chosen.append(sibling)
    return chosen


# -- inside the article -----------------------------------------------------------------
def is_data_table(table: Element) -> bool:
    if (table.get("role") or "") == "presentation":
        return False
    if table.get("summary") or table.find(".//caption") is not None:
        return True
    if any(table.find(f".//{tag}") is not None for tag in ("thead", "tfoot", "th", "col", "colgroup")):
        return True
    rows = table.findall(".//tr")
    columns = max((len(r.findall("td")) for r in rows), default=0)
    return len(rows) >= 10 or columns > 4 or len(rows) * columns > 10


def is_chrome_class(node: Element) -> bool:
    names = f"{node.get('class') or ''} {node.get('id') or ''}".split()
    return any(CHROME_CLASS.search(name) for name in names)


def clean(box: Element, scores: dict[Element, float], *, weigh_classes: bool = True, shapes: bool = True) -> None:
    chosen = set(box)  # the blocks themselves were chosen on purpose: only what is inside them is judged
    total = len(text_of(box))
    for node in list(box.iterdescendants()):
        if not isinstance(node.tag, str) or node.getparent() is None or node in chosen:
            continue
        if node.tag in ("form", "fieldset", "footer", "nav", "aside"):
            drop(node)
            continue
        if is_chrome_class(node):
            # Chrome is short (a share bar, tags, a rating) or mostly links
            # (related news); a long run of text in a box so named is article.
            length = len(text_of(node))
            if length < 0.5 * total and (length < 300 or link_density(node, length) > 0.3):
                drop(node)
                continue
        if node.tag in ("p", "div", "h2", "h3", "h4", "h5", "h6", "span", "strong", "b", "ul"):
            text = text_of(node)
            if len(text) < 200 and CHROME_TEXT.match(text):
                following = node.getnext()
                if node.tag.startswith("h") and following is not None and following.tag in ("ul", "ol"):
                    drop(following)  # "Tin liên quan" and its list of links
                drop(node)
    if shapes:
        _clean_conditionally(box, scores, weigh_classes, chosen)


def _clean_conditionally(box: Element, scores: dict[Element, float], weigh_classes: bool,
                         chosen: set[Element]) -> None:
    """Remove blocks whose shape says chrome: mostly links, more list items
    than paragraphs, more pictures than text, more fields than paragraphs."""
    candidates = [n for n in box.iterdescendants() if isinstance(n.tag, str)
                  and n.tag in ("table", "ul", "ol", "div", "section", "dl")]
    for node in reversed(candidates):  # innermost first
        if node in chosen or not inside(node, box):
            continue
        if node.tag == "table" and is_data_table(node):
            continue
        if any(a.tag in ("pre", "code") or (a.tag == "table" and is_data_table(a)) for a in node.iterancestors()):
            continue
        weight = class_weight(node) if weigh_classes else 0
        if weight + scores.get(node, 0.0) < 0:
            drop(node)
            continue
        text = text_of(node)
        if len(_COMMAS.findall(text)) >= 10:
            continue
        paragraphs = len(node.findall(".//p"))
        images = len(node.findall(".//img"))
        items = len(node.findall(".//li")) - 100
        headings = sum(len(text_of(h)) for h in node.iter("h1", "h2", "h3", "h4", "h5", "h6"))
        list_text = sum(len(text_of(li)) for li in node.iter("ul", "ol")) if node.tag not in ("ul", "ol") else 0
        is_list = node.tag in ("ul", "ol", "dl") or (bool(text) and list_text / len(text) > 0.9)
        density = link_density(node, len(text))
        in_figure = any(a.tag == "figure" for a in node.iterancestors())
        heading_share = headings / len(text) if text else 0.0
        if (images > 1 and paragraphs / images < 0.5 and not in_figure) \
                or (not is_list and items > paragraphs) \
                or (not is_list and heading_share < 0.9 and len(text) < 25 and (images == 0 or images > 2)
                    and density > 0) \
                or (not is_list and weight < 25 and density > 0.2) \
                or (weight >= 25 and density > 0.5) \
                or (is_list and density > 0.5 and len(text) < 1000 and not _in_text(node)):
            drop(node)


def _in_text(node: Element) -> bool:
    """A list of links that sits between paragraphs is part of the article
    (sources, a table of contents); one at the end or start is a link box."""
    before, after = node.getprevious(), node.getnext()
    return before is not None and after is not None and before.tag == "p" and after.tag == "p"


def first_sentence(text: str, words: int = 12) -> str:
    """A title made from the text, for a page that has none."""
    sentence = re.split(r"(?<=[.!?。])\s", tidy(text), maxsplit=1)[0]
    parts = sentence.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")

