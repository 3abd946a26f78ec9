"""Vietnamese names inside English text: found, said by the Vietnamese voice, marked in the page."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from starlette.testclient import TestClient

from reader.speech.runs import is_vietnamese, language_spans
from reader.speech.segment import segment


def runs(text: str, lang: str = "en") -> list[tuple[str, str]]:
    return [(text[s.start:s.end], s.lang) for s in language_spans(text, lang)]


def test_names_are_cut_out_of_english_text_with_their_unmarked_syllables() -> None:
    text = ("comrade Phan Đăng Toàn, member of the Lào Cai Provincial Party Committee "
            "and The Tam Đường district (Lai Châu province), Sa Pa town, Giáp Thìn 2024.")
    assert runs(text) == [
        ("comrade ", "en"), ("Phan Đăng Toàn", "vi"), (", member of the ", "en"), ("Lào Cai", "vi"),
        (" Provincial Party Committee and The ", "en"), ("Tam Đường", "vi"), (" district (", "en"),
        ("Lai Châu", "vi"), (" province), Sa Pa town, ", "en"), ("Giáp Thìn", "vi"), (" 2024.", "en"),
    ]
    assert "".join(piece for piece, _ in runs(text)) == text  # the runs cover the text exactly


@pytest.mark.parametrize("word", ["café", "résumé", "José", "naïve", "Zürich", "Pokémon", "Ángel", "déjà"])
def test_accented_words_of_other_languages_stay_english(word: str) -> None:
    assert not is_vietnamese(word)
    assert runs(f"a {word} here") == [(f"a {word} here", "en")]


@pytest.mark.parametrize("word", ["Đường", "Nguyễn", "Thường", "Liễn", "Lử", "Páo", "quốc", "khuỷu",
                                  "người", "nghiêng", "ĐƯỜNG", "giữ", "Uyên"])
def test_vietnamese_syllables_are_recognised(word: str) -> None:
    assert is_vietnamese(word)


def test_vietnamese_text_is_one_run_and_empty_text_too() -> None:
    text = "Đồng chí Phan Đăng Toàn - Tỉnh ủy viên"
    assert runs(text, "vi") == [(text, "vi")]
    assert runs("", "en") == [("", "en")]
    assert runs("No Vietnamese here at all.") == [("No Vietnamese here at all.", "en")]


def test_english_pages_mark_vietnamese_names_for_screen_readers() -> None:
    result = segment("One Hoàng Liên range", "", "<p>The <strong>Tam Đường</strong> district, "
                     "<abbr title='People’s Committee'>UBND</abbr> of Lào Cai.</p>", "en")
    soup = BeautifulSoup(result.title_html + result.body_html, "html.parser")
    assert [s.get_text() for s in soup.select('span[lang="vi"]')] == ["Hoàng Liên", "Tam Đường", "Lào Cai"]
    assert soup.get_text() == "One Hoàng Liên rangeThe Tam Đường district, UBND of Lào Cai."
    vi = segment("Đường lên bản", "", "<p>Tam Đường.</p>", "vi")
    assert 'lang="vi"' not in vi.title_html + vi.body_html  # the article's own language needs no mark


def test_the_english_sample_page_marks_its_names(client: TestClient) -> None:
    page = client.get("/en/articles/one-hoang-lien-range-one-shared-ambition").text
    soup = BeautifulSoup(page, "html.parser")
    names = {span.get_text() for span in soup.select('article span[lang="vi"]')}
    assert {"Tam Đường", "Phan Đăng Toàn", "Lào Cai", "Tân Uyên", "Sùng Lử Páo"} <= names
    # every word with a Vietnamese letter or tone in the article's sentences is inside a lang="vi" span
    for sentence in soup.select("article [data-sid]"):
        marked = " ".join(span.get_text() for span in sentence.select('span[lang="vi"]'))
        for word in re.findall(r"[^\W\d_]+", sentence.get_text()):
            if is_vietnamese(word):
                assert word in marked.split(), (word, sentence.get_text())


def test_espeak_says_a_mixed_sentence_in_one_utterance_with_positions_in_the_plain_text() -> None:
    from reader.speech.espeak import EspeakVoice, Settings, ssml

    runs = (("Fish & chips <fresh> in ", "en"), ("Tam Đường", "vi"), (" today.", "en"))
    markup, _ = ssml(runs, Settings())
    assert markup == ('<speak>Fish &amp; chips &lt;fresh&gt; in <voice name="vi">Tam Đường</voice> today.</speak>')
    text = "".join(piece for piece, _ in runs)
    clip = EspeakVoice().speak_mixed(runs)
    assert [text[w.start:w.start + w.length] for w in clip.words] == [
        "Fish", "&", "chips", "fresh", "in", "Tam", "Đường", "today"]
