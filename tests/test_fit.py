"""The widest word of a page (reader/fit.py): what decides how far text may
grow on a narrow screen.  Chromium's own measurement of the result is in
tests/test_browser_phone.py."""

from __future__ import annotations

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
    text, heading = fit.classes(html).split()
    assert text == "fit-t7"  # "17/01/2024," is 6.7 ems wide
    assert heading == "fit-h4"  # "Chung" 3.8 ems


def test_tags_attributes_and_code_are_not_words() -> None:
    html = page('<form hx-select="#toolbar > *" hx-swap="innerHTML-and-then-a-very-long-value"><button>A</button>'
                '</form><p>Mã: <code>1.z3.ch.po.k1f1f1fffffff0a4aa0</code> <a href="https://x.example/aaaaaaaaaaaaaaa">ok</a></p>')
    assert fit.classes(html) == "fit-t3 fit-h3"


def test_one_very_long_word_does_not_shrink_a_whole_page() -> None:
    assert fit.classes(page("<p>Pneumonoultramicroscopicsilicovolcanoconiosis</p>")) == "fit-t10 fit-h3"


def test_wide_letter_spacing_makes_words_wider() -> None:
    html = page("<p>JavaScript.</p>")
    assert fit.classes(html) == "fit-t7 fit-h3"
    assert fit.classes(html, fit.LETTER_SPACING_WIDE) == "fit-t8 fit-h3"


def test_apply_adds_the_classes_to_html_only() -> None:
    html = page("<p>Xin chào</p>")
    applied = fit.apply(html)
    assert applied.startswith('<!doctype html><html lang="vi" class="contrast-auto fit-t3 fit-h3">')
    assert fit.apply("<form id=toolbar></form>") == "<form id=toolbar></form>"  # an htmx fragment


def test_every_page_carries_its_fit(client: TestClient) -> None:
    for path in ("/vi/", "/en/articles/one-hoang-lien-range-one-shared-ambition", "/vi/settings",
                 "/vi/search?q=sa+pa", "/en/accessibility", "/vi/nope"):
        classes = client.get(path).text.split('class="', 1)[1].split('"', 1)[0].split()
        assert [c for c in classes if c.startswith("fit-t")] and [c for c in classes if c.startswith("fit-h")]
    english = client.get("/en/articles/one-hoang-lien-range-one-shared-ambition").text
    assert ' fit-t10 fit-h6">' in english  # "Competitiveness", and the title's "shared"


def test_indented_text_has_less_room() -> None:
    assert fit.classes(page("<p>Temperatures</p>")) == "fit-t8 fit-h3"  # 8.0 ems
    assert fit.classes(page("<ul><li>Temperatures</li></ul>")) == "fit-t9 fit-h3"  # a list's markers
    assert fit.classes(page("<blockquote><p>Temperatures</p></blockquote>")) == "fit-t9 fit-h3"
    assert fit.classes(page('<fieldset><label class="option"><input> Temperatures</label></fieldset>')) == (
        "fit-t10 fit-h3")  # a frame and a radio button
