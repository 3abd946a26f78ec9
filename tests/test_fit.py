"""The widest word of a page (reader/fit.py): what decides how far text may
grow on a narrow screen.  Chromium's own measurement of the result is in
tests/test_browser_phone.py."""

from __future__ import annotations

import re

import pytest
from starlette.testclient import TestClient

from reader import fit


def test_widths_follow_the_letters() -> None:
    assert fit.word_width("iiii") < fit.word_width("mmmm")
    assert fit.word_width("Hoàng") == pytest.approx(fit.word_width("Hoang") + 0.03)
    assert fit.word_width("đường") > fit.word_width("duong")  # đ and ư are wider than d and u
    assert fit.word_width("ab", letter_spacing=0.12) == pytest.approx(fit.word_width("ab") + 0.24)


def test_the_widest_word_breaks_where_browsers_break() -> None:
    assert fit.widest("socio-economic") == pytest.approx(fit.word_width("economic"))
    assert fit.widest("…Về") == pytest.approx(fit.word_width("Về"))
    assert fit.widest("Competitiveness index") == pytest.approx(fit.word_width("Competitiveness"))
    # A web address may wrap anywhere: it is not a word to fit.
    assert fit.widest("see https://example.com/a-very-long-path-name here") == fit.word_width("here")
    assert fit.widest("") == 0


def page(body: str) -> str:
    return ('<!doctype html><html lang="vi" class="contrast-auto"><head><style>p{}</style></head>'
            f"<body>{body}</body></html>")


def test_classes_measure_text_and_headings_apart() -> None:
    html = page('<h1>Chung dãy</h1><p>Ngày 17/01/2024, hội nghị.</p>')
    text, heading = fit.measure(html).split()
    assert text == "t7"  # "17/01/2024," is 6.7 ems wide
    assert heading == "h4"  # "Chung" 3.8 ems


def test_tags_attributes_and_code_are_not_words() -> None:
    html = page('<form hx-select="#toolbar > *" hx-swap="innerHTML-and-then-a-very-long-value"><button>A</button>'
                '</form><p>Mã: <code>1.z3.ch.po.k1f1f1fffffff0a4aa0</code> <a href="https://x.example/aaaaaaaaaaaaaaa">ok</a></p>')
    assert fit.measure(html) == "t3 h3"


def test_one_very_long_word_does_not_shrink_a_whole_page() -> None:
    assert fit.measure(page("<p>Pneumonoultramicroscopicsilicovolcanoconiosis</p>")) == "t10 h3"


def test_wide_letter_spacing_makes_words_wider() -> None:
    html = page("<p>JavaScript.</p>")
    assert fit.measure(html) == "t7 h3"
    assert fit.measure(html, fit.LETTER_SPACING_WIDE) == "t8 h3"


def test_apply_marks_html_only() -> None:
    html = page("<p>Xin chào</p>")
    applied = fit.apply(html)
    assert applied.startswith('<!doctype html><html data-fit="t3 h3" lang="vi" class="contrast-auto">')
    assert fit.apply("<form id=toolbar></form>") == "<form id=toolbar></form>"  # an htmx fragment


def test_every_page_carries_its_fit(client: TestClient) -> None:
    for path in ("/vi/", "/en/articles/one-hoang-lien-range-one-shared-ambition", "/vi/settings",
                 "/vi/search?q=sa+pa", "/en/accessibility", "/vi/nope"):
        assert re.match(r'<!doctype html>\s*<html data-fit="t\d+ h\d+" lang=', client.get(path).text), path
    english = client.get("/en/articles/one-hoang-lien-range-one-shared-ambition").text
    assert '<html data-fit="t10 h6"' in english  # "Competitiveness", and the title's "shared"


def test_indented_text_has_less_room() -> None:
    assert fit.measure(page("<p>Temperatures</p>")) == "t8 h3"  # 8.0 ems
    assert fit.measure(page("<ul><li>Temperatures</li></ul>")) == "t9 h3"  # a list's markers
    assert fit.measure(page("<blockquote><p>Temperatures</p></blockquote>")) == "t9 h3"
    assert fit.measure(page('<fieldset><label class="option"><input> Temperatures</label></fieldset>')) == (
        "t10 h3")  # a frame and a radio button
