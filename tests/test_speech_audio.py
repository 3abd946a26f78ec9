"""The sample article's server audio, timings and segments, made once by the real
eSpeak NG for this module and served through the app (cache, Range, headers)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from reader.app import create_app
from reader.config import load_settings

from .mp3frames import walk

SLUG = "chung-day-hoang-lien-chung-niem-khat-vong"
BASE = f"/vi/articles/{SLUG}"
KB_PER_MINUTE = 180


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, static_build_dir: Path) -> Iterator[TestClient]:
    data = tmp_path_factory.mktemp("speech-data")
    settings = replace(load_settings({"READER_DATA_DIR": str(data)}), static_dir_override=static_build_dir)
    with TestClient(create_app(settings), follow_redirects=False) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def mp3(client: TestClient) -> bytes:
    response = client.get(f"{BASE}/audio.mp3")
    assert response.status_code == 200
    assert response.headers["content-type"] == "audio/mpeg"
    return response.content


@pytest.fixture(scope="module")
def cues(client: TestClient, mp3: bytes) -> list[tuple[str, float, float]]:
    response = client.get(f"{BASE}/audio.vtt")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/vtt")
    text = response.text
    assert text.startswith("WEBVTT\n")
    found = re.findall(r"^(s\d+)\n(\d\d):(\d\d):(\d\d\.\d{3}) --> (\d\d):(\d\d):(\d\d\.\d{3})$", text, re.M)
    return [(sid, int(h1) * 3600 + int(m1) * 60 + float(s1), int(h2) * 3600 + int(m2) * 60 + float(s2))
            for sid, h1, m1, s1, h2, m2, s2 in found]


def test_speech_json_reads_abbreviations_in_full(client: TestClient) -> None:
    data = client.get(f"{BASE}/speech.json").json()
    assert data["lang"] == "vi" and data["voice"].startswith("espeak-ng")
    by_written = [s for s in data["segments"] if "UBND" in s["written"]]
    assert by_written, "the sample article mentions UBND"
    for segment in by_written:
        assert "Ủy ban nhân dân" in segment["text"] and "UBND" not in segment["text"]
    assert [s["id"] for s in data["segments"]] == [f"s{i}" for i in range(1, len(data["segments"]) + 1)]
    assert all(set(s) == {"id", "lang", "text", "written"} for s in data["segments"])
    spoken = " ".join(s["text"] for s in data["segments"])
    assert "mười hai nghìn" in spoken and "năm trăm hai mươi tư phẩy năm héc ta" in spoken
    assert "ngày mười bảy tháng một năm hai nghìn không trăm hai mươi tư" in spoken


def test_audio_is_a_valid_mono_mp3_small_enough_and_as_long_as_its_text(
        client: TestClient, mp3: bytes, cues: list[tuple[str, float, float]]) -> None:
    stream = walk(mp3)
    assert stream.channels == 1
    minutes = stream.seconds / 60
    per_minute = len(mp3) / minutes
    print(f"\nsample article: {len(mp3)} bytes, {stream.seconds:.1f} s, "
          f"{per_minute / 1000:.1f} kB/min = {per_minute / 1024:.1f} KiB/min, {sorted(stream.bitrates)} kbit/s")
    assert per_minute <= KB_PER_MINUTE * 1000
    # the MP3 plays as long as the timings say (give or take the encoder's padding)
    assert abs(stream.seconds - cues[-1][2]) < 0.5
    # and that length fits the text: Vietnamese is spoken at 2 to 5 syllables a second
    segments = client.get(f"{BASE}/speech.json").json()["segments"]
    syllables = sum(len(s["text"].split()) for s in segments)
    print(f"{syllables} syllables, {syllables / stream.seconds:.2f} a second")
    assert 2 < syllables / stream.seconds < 5


def test_vtt_has_one_cue_per_sentence_in_order_with_increasing_times(
        client: TestClient, cues: list[tuple[str, float, float]]) -> None:
    segments = client.get(f"{BASE}/speech.json").json()["segments"]
    assert [c[0] for c in cues] == [s["id"] for s in segments]
    previous_end = 0.0
    for _, start, end in cues:
        assert start >= previous_end - 0.001
        assert end > start
        previous_end = end


def test_audio_is_served_from_the_cache_with_long_caching_when_versioned(client: TestClient, mp3: bytes) -> None:
    page = client.get(BASE).text
    src = re.search(r'<audio[^>]* src="([^"]+)"', page)
    assert src and "autoplay" not in page
    versioned = client.get(src[1].replace("&amp;", "&"))
    assert versioned.content == mp3
    assert "immutable" in versioned.headers["cache-control"]
    assert "max-age=300" in client.get(f"{BASE}/audio.mp3").headers["cache-control"]
    # the download link now shows the size
    assert re.search(r"MP3, [\d,.]+ (MB|KB)\)", page)
    etag = versioned.headers["etag"]
    assert client.get(f"{BASE}/audio.mp3", headers={"If-None-Match": etag}).status_code == 304


@pytest.mark.parametrize(("header", "statuses"), [
    ("bytes=0-99", {206}),
    ("bytes=-100", {206}),
    ("bytes=100-", {206}),
    ("bytes=0-9,20-29", {206, 200}),
    ("bytes=0-9,5-15", {206, 200, 416}),
    ("bytes=500-100", {200}),
    ("bytes=999999999-", {416}),
    ("bytes=999999999-1000000000", {416}),
    ("bytes=abc", {200}),
    ("items=0-10", {200}),
    ("bytes=-0", {416}),
    ("bytes=" + ",".join(f"{i}-{i}" for i in range(0, 400, 2)), {200, 206, 416}),
])
def test_odd_range_headers_never_fail(client: TestClient, mp3: bytes, header: str, statuses: set[int]) -> None:
    response = client.get(f"{BASE}/audio.mp3", headers={"Range": header})
    assert response.status_code in statuses, (header, response.status_code)
    if response.status_code == 206 and "," not in header:
        first, last = re.fullmatch(r"bytes (\d+)-(\d+)/(\d+)", response.headers["content-range"]).groups()[:2]
        assert response.content == mp3[int(first):int(last) + 1]
    if response.status_code == 416:
        assert response.headers["content-range"] == f"bytes */{len(mp3)}"


def test_unknown_slug_is_a_404_page(client: TestClient) -> None:
    for suffix in ("speech.json", "audio.mp3", "audio.vtt"):
        assert client.get(f"/vi/articles/no-such-article/{suffix}").status_code == 404
    assert client.get(f"/xx/articles/{SLUG}/audio.mp3").status_code == 404


# -- English articles: Vietnamese names, and a time for every word -------------------------
EN_SLUG = "one-hoang-lien-range-one-shared-ambition"
LETTER_NAMES = re.compile(r"l[,']?Et3|str'oUk")  # eSpeak English spelling a letter it has no rule for


def test_vietnamese_names_in_english_are_said_by_the_vietnamese_voice(client: TestClient) -> None:
    from reader.speech.espeak import EspeakVoice
    from reader.speech.runs import is_vietnamese

    app = client.app
    article = app.state.services.store.article(EN_SLUG)  # type: ignore[attr-defined]
    parts = app.state.speech.parts(article)  # type: ignore[attr-defined]
    voice = EspeakVoice()
    accented = [w for p in parts for w in re.findall(r"[^\W\d_]+", p.speak) if is_vietnamese(w)]
    said_in_vietnamese = [w for p in parts for r in p.runs if r.lang == "vi"
                          for w in re.findall(r"[^\W\d_]+", r.text) if is_vietnamese(w)]
    assert len(accented) > 100 and said_in_vietnamese == accented
    spelled = [p.speak for p in parts if LETTER_NAMES.search(voice.phonemes(p.speak, "en"))]
    assert len(spelled) > 10, "the English voice alone spells the names out (what this test guards against)"
    for part in parts:
        for run in part.runs:
            if run.lang == "en":
                assert not LETTER_NAMES.search(voice.phonemes(run.text, "en")), run.text
            else:
                assert run.lang == "vi" and run.voice is app.state.speech.voice_for("vi")  # type: ignore[attr-defined]
    # the engine really switches: the name takes as long as a name, not a minute of letter names
    mixed = voice.speak_mixed((("the ", "en"), ("Tam Đường", "vi"), (" district", "en")))
    spelt = voice.speak("the Tam Đường district", "en")
    assert mixed.duration_ms < 2500 < 3500 < spelt.duration_ms
    assert [(w.start, w.length) for w in mixed.words] == [(0, 3), (4, 3), (8, 5), (14, 8)]  # in the plain text


def _vtt_cues(vtt: str) -> dict[str, tuple[float, float, list[tuple[float | None, str]]]]:
    def seconds(stamp: str) -> float:
        h, m, s = stamp.split(":")
        return int(h) * 3600 + int(m) * 60 + float(s)

    cues = {}
    for block in vtt.split("\n\n")[1:]:
        sid, timing, text = block.split("\n", 2)
        start, end = (seconds(t) for t in timing.split(" --> "))
        words = [(seconds(m[1]) if m[1] else None, m[2])
                 for m in re.finditer(r"(?:<([\d:.]+)>)?(\S+)", text.replace("&lt;", "<").replace("&gt;", ">")
                                      .replace("&amp;", "&"))]
        cues[sid] = (start, end, words)
    return cues


@pytest.mark.parametrize("path", [BASE, f"/en/articles/{EN_SLUG}"])
def test_every_spoken_word_has_its_time_in_the_vtt(client: TestClient, path: str) -> None:
    from reader.speech.timing import spoken_words

    segments = client.get(f"{path}/speech.json").json()["segments"]
    cues = _vtt_cues(client.get(f"{path}/audio.vtt").text)
    spoken = timed = 0
    for segment in segments:
        start, end, words = cues[segment["id"]]
        expected = [segment["text"][a:b] for a, b in spoken_words(segment["text"])]
        assert [w for _, w in words] == expected
        spoken += len(expected)
        previous = start
        for index, (at, _) in enumerate(words):
            if at is None:
                assert index == 0  # only the first word may go without: it starts with the cue
            else:
                assert previous < at < end
                previous = at
            timed += 1
    assert spoken == timed > 1000
