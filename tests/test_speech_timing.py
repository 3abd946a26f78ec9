"""Every spoken word gets a time, whatever word events the voice gave (the real eSpeak
NG quirks, then a voice with none at all, as Piper)."""

from __future__ import annotations

from reader.speech.audio import Cue, render_vtt
from reader.speech.espeak import EspeakVoice
from reader.speech.hookspecs import Word
from reader.speech.timing import align, spoken_words


def times(text: str, events: list[Word], duration: int = 3000) -> list[tuple[str, int, bool]]:
    return [(text[t.start:t.end], t.ms, t.estimated) for t in align(text, events, duration)]


def test_the_real_engine_leaves_words_without_events_and_they_are_filled_in() -> None:
    voice = EspeakVoice()
    for text, lang in (("On the afternoon of the seventeenth, such as tourism.", "en"),
                       ("Chung dãy Hoàng Liên - Chung niềm khát vọng, kinh tế - xã hội", "vi")):
        clip = voice.speak(text, lang)
        heard = {w.start for w in clip.words}
        words = spoken_words(text)
        assert any(start not in heard for start, _ in words), "eSpeak gave an event for every word: no test"
        timed = align(text, clip.words, clip.duration_ms)
        assert [(t.start, t.end) for t in timed] == words
        assert all(b.ms >= a.ms for a, b in zip(timed, timed[1:], strict=False))
        assert timed[-1].ms < clip.duration_ms


def test_an_event_on_a_spaced_hyphen_belongs_to_the_next_word() -> None:
    text = "kinh tế - xã hội"
    events = [Word(0, 0, 4), Word(214, 5, 2), Word(572, 8, 1), Word(831, 13, 3)]  # as eSpeak gives them
    assert times(text, events) == [("kinh", 0, False), ("tế", 214, False), ("xã", 572, False),
                                   ("hội", 831, False)]


def test_an_event_pointing_back_into_a_word_goes_to_the_next_one_and_pieces_are_ignored() -> None:
    text = "Such as tourism, twenty-four people"
    events = [Word(0, 0, 4), Word(352, 1, 4), Word(501, 8, 7), Word(900, 17, 6), Word(1100, 24, 4),
              Word(1500, 29, 6)]
    assert times(text, events) == [("Such", 0, False), ("as", 352, False), ("tourism,", 501, False),
                                   ("twenty-four", 900, False), ("people", 1500, False)]


def test_words_without_events_are_estimated_between_their_neighbours() -> None:
    text = "On the afternoon of the day"
    events = [Word(0, 0, 2), Word(217, 7, 9), Word(706, 17, 2), Word(974, 24, 3)]
    result = times(text, events, 1400)
    assert [w for w, _, _ in result] == ["On", "the", "afternoon", "of", "the", "day"]
    assert [e for _, _, e in result] == [False, True, False, False, True, False]
    assert 0 < result[1][1] < 217 and 706 < result[4][1] < 974


def test_a_voice_without_word_events_gets_every_word_estimated_across_the_sentence() -> None:
    text = "Frost turns the slopes of Fansipan white."
    result = times(text, [], 2000)
    assert [w for w, _, _ in result] == text.split()
    assert all(e for _, _, e in result)
    assert result[0][1] == 0 and result[-1][1] < 2000
    assert [ms for _, ms, _ in result] == sorted(ms for _, ms, _ in result)


def test_the_vtt_carries_every_word_with_a_rising_timestamp_inside_its_cue() -> None:
    words = (("One", 1000), ("Hoàng", 1000), ("Liên", 1000), ("range,", 1400), ("<one>", 1900))
    vtt = render_vtt([Cue("s1", 1000, 2000, "One Hoàng Liên range, <one>", tuple((ms, w) for w, ms in words))])
    assert vtt.splitlines()[4] == ("One <00:00:01.001>Hoàng <00:00:01.002>Liên <00:00:01.400>range, "
                                   "<00:00:01.900>&lt;one&gt;")
