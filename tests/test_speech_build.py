"""``reader speech build``: audio for every article, made ahead of time."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from reader.cli import main
from reader.config import Settings

from .test_podcast import assert_every_episode_is_its_exact_file

pytestmark = pytest.mark.both_backends  # routes on SQLite and on PostgreSQL


def test_speech_build_makes_audio_for_every_article_then_finds_it_cached(
        client: TestClient, settings: Settings, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("READER_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("READER_DB", settings.db)
    assert main(["speech", "build"]) == 0
    err = capsys.readouterr().err
    assert "speech: 17 of 17 articles have audio" in err
    assert err.count("KiB") == 17  # not a terminal: one line per article, no progress bar
    mp3s = sorted(Path(settings.audio_dir).rglob("*.mp3"))
    assert len(mp3s) == 17 and not list(Path(settings.audio_dir).rglob("*.part"))
    # the app now serves them without making anything, and the page shows the size
    page = client.get("/en/articles/one-hoang-lien-range-one-shared-ambition").text
    assert re.search(r"Download the audio \(MP3, [\d.,]+ (KB|MB)\)", page)
    # and each language's podcast feed lists all of its articles, with their files
    store = client.app.state.services.store  # type: ignore[attr-defined]
    assert_every_episode_is_its_exact_file(client, {
        lang: [slug for slug in store.slugs() if store.article(slug).lang == lang]
        for lang in ("vi", "en")})
    assert main(["speech", "build"]) == 0
    assert "17 of 17" in capsys.readouterr().err


def test_speech_build_names_a_missing_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["speech", "build", "--db", str(tmp_path / "missing.sqlite3")]) == 1
    assert "missing.sqlite3" in capsys.readouterr().err
