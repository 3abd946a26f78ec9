"""``reader speech voices add|list|remove`` with the real English Piper voice: from a
path, from a URL on a real loopback HTTP server, and every way it should refuse."""

from __future__ import annotations

import json
import logging
import os
import pty
import sys
import threading
from pathlib import Path

import pytest

from reader.cli import main
from reader.config import Settings
from reader.speech import Speech, voices

from . import piper_voice
from .piper_voice import NAME


@pytest.fixture
def env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("READER_DATA_DIR", str(settings.data_dir))
    return settings


def files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def add(*args: str) -> int:
    return main(["speech", "voices", "add", *args])


def test_a_voice_added_from_a_file_speaks_its_language(env: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    model, sha = piper_voice.model()
    assert add(str(model), "--sha256", sha.upper()) == 0
    err = capsys.readouterr().err
    assert err.splitlines()[-1].startswith(f"voices: {NAME} (en, 63.2 MB) is installed in ")
    folder = env.voices_dir
    assert files(folder) == [f"{NAME}.onnx", f"{NAME}.onnx.json", "voices.json"]  # no temporary file left
    assert (folder / f"{NAME}.onnx").read_bytes() == model.read_bytes()
    assert all(os.stat(folder / name).st_mode & 0o777 == 0o644 for name in files(folder))
    manifest = json.loads((folder / "voices.json").read_text())
    assert manifest["use"] == {"en": NAME} and manifest["voices"][NAME]["sha256"] == sha

    assert main(["speech", "voices", "list"]) == 0
    out = capsys.readouterr().out
    assert f"  {NAME}  en  63.2 MB  sha256 {sha[:16]}…" in out
    assert f"  en  Piper ({NAME})  [piper/{NAME}@{sha[:16]}]" in out
    assert "  vi  eSpeak NG  [espeak-ng/" in out

    before = (folder / f"{NAME}.onnx").stat().st_mtime_ns
    assert add(str(model), "--sha256", sha) == 0  # again: nothing copied
    assert (folder / f"{NAME}.onnx").stat().st_mtime_ns == before

    assert main(["speech", "voices", "remove", NAME]) == 0
    assert files(folder) == ["voices.json"]
    assert Speech(env.audio_dir, voices_dir=folder).voice_for("en").name.startswith("espeak-ng")


def test_a_url_is_downloaded_once_with_a_progress_bar(env: Settings, tmp_path: Path) -> None:
    site = tmp_path / "site"
    piper_voice.place(site)
    _, sha = piper_voice.model()
    master, slave = pty.openpty()
    terminal = os.fdopen(slave, "w", encoding="utf-8")
    drawn: list[bytes] = []

    def read() -> None:  # keep the terminal drained, or a full pty would block the download
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            if not chunk:
                return
            drawn.append(chunk)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    with piper_voice.serve(site) as (base, requested):
        entry = voices.add(f"{base}/{NAME}.onnx", sha, env.voices_dir, terminal)
        assert entry.source == f"{base}/{NAME}.onnx" and entry.lang == "en"
        assert sorted(requested) == [f"/{NAME}.onnx", f"/{NAME}.onnx.json"]
        voices.add(f"{base}/{NAME}.onnx", sha, env.voices_dir, terminal)  # installed: not downloaded again
        assert len(requested) == 2
    terminal.close()
    reader.join(5)
    os.close(master)
    bar = b"".join(drawn).decode()
    assert "voices: 100%" in bar and "60.3M/60.3M" in bar and f"{NAME}.onnx" in bar
    speech = Speech(env.audio_dir, voices_dir=env.voices_dir)
    assert speech.voice_for("en").name == f"piper/{NAME}@{sha[:16]}"


def test_a_wrong_checksum_is_refused_and_leaves_nothing(env: Settings, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "site"
    piper_voice.place(site)
    wrong = "0" * 64
    with piper_voice.serve(site) as (base, _):
        assert add(f"{base}/{NAME}.onnx", "--sha256", wrong) == 1
    err = capsys.readouterr().err
    assert f"reader: {base}/{NAME}.onnx: checksum mismatch: expected {wrong}, got {piper_voice.model()[1]}" in err
    assert err.splitlines()[-1] == "voices: nothing changed"
    assert files(env.voices_dir) == []


def odd(tmp_path: Path, kind: str) -> tuple[str, str]:
    """A voice that is wrong in one way: its path and the checksum of its model."""
    import hashlib

    folder = tmp_path / kind
    real_model, sha = piper_voice.model()
    config = Path(f"{real_model}.json").read_bytes()
    if kind == "random":
        fake = tmp_path / "random.bin"
        fake.write_bytes(os.urandom(200_000))
        return str(piper_voice.place(folder, model_path=fake)), hashlib.sha256(fake.read_bytes()).hexdigest()
    if kind == "truncated":
        cut = tmp_path / "cut.bin"
        cut.write_bytes(real_model.read_bytes()[:5_000_000])
        return str(piper_voice.place(folder, model_path=cut)), hashlib.sha256(cut.read_bytes()).hexdigest()
    if kind == "garbage config":
        return str(piper_voice.place(folder, config=b"{not json")), sha
    if kind == "not a piper config":
        return str(piper_voice.place(folder, config=b'{"audio": {}}')), sha
    if kind == "french":
        data = json.loads(config)
        data["language"] = {"family": "fr", "code": "fr_FR"}
        data["espeak"] = {"voice": "fr"}
        return str(piper_voice.place(folder, config=json.dumps(data).encode())), sha
    if kind == "no config":
        path = piper_voice.place(folder)
        Path(f"{path}.json").unlink()
        return str(path), sha
    if kind == "not .onnx":
        return str(tmp_path / "voice.bin"), sha
    if kind == "odd name":
        return str(piper_voice.place(folder, name="..hidden voice")), sha
    raise AssertionError(kind)


@pytest.mark.parametrize(("kind", "says"), [
    ("random", "not a working Piper voice"),
    ("truncated", "not a working Piper voice"),
    ("garbage config", ".onnx.json: not JSON"),
    ("not a piper config", ".onnx.json: not a Piper voice config"),
    ("french", ".onnx.json: a voice for 'fr'; Reader's articles are in vi and en"),
    ("no config", ".onnx.json: no such file"),
    ("not .onnx", "voice.bin: not a Piper voice model (a .onnx file"),
    ("odd name", "is not a plain file name"),
])
def test_odd_voice_files_are_refused_by_name(env: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             kind: str, says: str) -> None:
    path, sha = odd(tmp_path, kind)
    assert add(path, "--sha256", sha) == 1
    err = capsys.readouterr().err
    line = next(line for line in err.splitlines() if line.startswith("reader: "))
    assert Path(path).name.split(".")[0] in line and says in line, line
    assert files(env.voices_dir) == []  # nothing kept, not even a temporary file


@pytest.mark.parametrize(("args", "says"), [
    (["--sha256", "xyz"], "--sha256 'xyz': a SHA-256 checksum is 64 hexadecimal characters"),
    (["--max-size", "1"], "larger than the limit of 1 MB"),
])
def test_bad_arguments_and_oversized_files_are_refused(env: Settings, capsys: pytest.CaptureFixture[str],
                                                       args: list[str], says: str) -> None:
    model, sha = piper_voice.model()
    command = [str(model), "--sha256", sha] + args if args[0] != "--sha256" else [str(model), *args]
    assert add(*command) == 1
    assert says in capsys.readouterr().err
    assert not list(env.voices_dir.glob("*.onnx")) and not list(env.voices_dir.glob(".*"))


def test_a_url_that_is_missing_or_too_big_is_refused(env: Settings, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "site"
    piper_voice.place(site)
    _, sha = piper_voice.model()
    with piper_voice.serve(site) as (base, requested):
        assert add(f"{base}/missing.onnx", "--sha256", sha) == 1
        assert f"{base}/missing.onnx.json: the server answered 404" in capsys.readouterr().err
        assert add(f"{base}/{NAME}.onnx?download=true", "--sha256", sha, "--max-size", "10") == 1
        assert "MB, larger than the limit of 10 MB" in capsys.readouterr().err
        assert f"/{NAME}.onnx.json?download=true" in requested  # the config beside it, the query kept
    assert not list(env.voices_dir.glob("*.onnx")) and not list(env.voices_dir.glob(".*"))


def test_without_the_extra_the_message_names_it_and_the_server_keeps_espeak(
        env: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        caplog: pytest.LogCaptureFixture) -> None:
    model, sha = piper_voice.model()
    assert add(str(model), "--sha256", sha) == 0
    monkeypatch.setitem(sys.modules, "piper", None)  # as if piper-tts were not installed
    capsys.readouterr()
    assert add(str(model), "--sha256", "1" * 64) == 1
    assert "Piper voices need the optional extra: pip install 'reader[piper]'" in capsys.readouterr().err
    with caplog.at_level(logging.WARNING, logger="reader.speech"):
        speech = Speech(env.audio_dir, voices_dir=env.voices_dir)
    assert speech.voice_for("en").name.startswith("espeak-ng")
    assert "pip install 'reader[piper]'" in caplog.text
    assert main(["speech", "voices", "list"]) == 0
    assert "(not used: Piper is not installed; pip install 'reader[piper]')" in capsys.readouterr().out


def test_a_damaged_voice_is_named_and_espeak_speaks_instead(env: Settings, caplog: pytest.LogCaptureFixture,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    model, sha = piper_voice.model()
    assert add(str(model), "--sha256", sha) == 0
    installed = env.voices_dir / f"{NAME}.onnx"
    installed.write_bytes(b"\0" * 1000)  # a copy was installed, not a link: the package's file is intact
    with caplog.at_level(logging.WARNING, logger="reader.speech"):
        speech = Speech(env.audio_dir, voices_dir=env.voices_dir)
    assert speech.voice_for("en").name.startswith("espeak-ng")
    assert f"{installed}: 1000 bytes, 63201294 when it was added" in caplog.text
    capsys.readouterr()
    assert main(["speech", "voices", "list"]) == 0
    assert "DAMAGED" in capsys.readouterr().out
    (env.voices_dir / "voices.json").write_text("{broken")
    assert Speech(env.audio_dir, voices_dir=env.voices_dir).voice_for("en").name.startswith("espeak-ng")
    assert main(["speech", "voices", "remove", NAME]) == 1
    assert "voices.json: unreadable" in capsys.readouterr().err
