"""Sentences with stable ids, their languages, and the marked-up article HTML."""

from __future__ import annotations

from bs4 import BeautifulSoup

from reader.speech.abbr import mark_text
from reader.speech.segment import segment, sentence_spans


def sentences_of(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


def test_sentences_split_at_ends_not_at_abbreviations_or_numbers() -> None:
    assert sentences_of("Một câu. Hai câu! Ba… Bốn? TP. Lào Cai có 12.000 cây.") == [
        "Một câu.", "Hai câu!", "Ba…", "Bốn?", "TP. Lào Cai có 12.000 cây."]
    assert sentences_of("Mr. Smith met Dr. Jones at 3.5 km. Then left.") == [
        "Mr. Smith met Dr. Jones at 3.5 km.", "Then left."]


def test_long_sentences_are_cut_at_semicolons() -> None:
    long = "; ".join(["đồng chí Nguyễn Văn A - Chủ tịch UBND huyện Tân Uyên"] * 8) + "."
    parts = sentences_of(long)
    assert len(parts) == 8 and all(len(p) < 250 for p in parts)


def test_ids_run_in_reading_order_through_title_summary_and_body() -> None:
    result = segment("Tiêu đề", "Tóm tắt một. Tóm tắt hai.",
                     "<p>Đoạn một. <a href='/x'>Liên kết.</a></p>"
                     "<figure><img src='a.jpg' alt='ảnh'><figcaption>Chú thích</figcaption></figure>"
                     "<blockquote lang='en'><p>An English quote.</p></blockquote>", "vi")
    assert [(s.id, s.lang, s.text) for s in result.sentences] == [
        ("s1", "vi", "Tiêu đề"), ("s2", "vi", "Tóm tắt một."), ("s3", "vi", "Tóm tắt hai."),
        ("s4", "vi", "Đoạn một."), ("s5", "vi", "Liên kết."), ("s6", "vi", "Chú thích"),
        ("s7", "en", "An English quote."),
    ]
    again = segment("Tiêu đề", "Tóm tắt một. Tóm tắt hai.", "<p>Đoạn một. <a href='/x'>Liên kết.</a></p>", "vi")
    assert [s.id for s in again.sentences] == ["s1", "s2", "s3", "s4", "s5"]  # stable


def test_marked_html_keeps_the_text_and_markup_and_wraps_each_sentence() -> None:
    body = ('<p>Chủ tịch <strong>UBND</strong> huyện. Câu <a href="/a?x=1&amp;y=2">hai</a> &lt;ok&gt;.</p>'
            '<p>Đã có <abbr title="riêng">HĐND</abbr> và HĐND.</p>')
    result = segment("T", "", body, "vi")
    soup = BeautifulSoup(result.body_html, "html.parser")
    assert soup.get_text() == BeautifulSoup(body, "html.parser").get_text()
    assert soup.find("a")["href"] == "/a?x=1&y=2"
    assert soup.find("strong").find("abbr")["title"] == "Ủy ban nhân dân"
    s2 = soup.select('[data-sid="s2"]')
    assert "".join(span.get_text() for span in s2) == "Chủ tịch UBND huyện."
    assert "".join(span.get_text() for span in soup.select('[data-sid="s3"]')) == "Câu hai <ok>."
    # the author's own <abbr> is kept and not marked again inside
    abbrs = soup.find_all("abbr")
    assert [a["title"] for a in abbrs] == ["Ủy ban nhân dân", "riêng", "Hội đồng nhân dân"]


def test_abbreviations_are_marked_only_in_vietnamese_text_and_escaped() -> None:
    assert mark_text("UBND <b>", "vi") == '<abbr title="Ủy ban nhân dân">UBND</abbr> &lt;b&gt;'
    assert mark_text("UBND", "en") == "UBND"
