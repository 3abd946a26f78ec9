"""Installed voice files: ``reader speech voices add|list|remove``.

A Piper voice is a model (``NAME.onnx``) and its config (``NAME.onnx.json``),
kept in ``<data dir>/voices/`` with a manifest, ``voices.json``, that records
each model's checksum, size and language, and which voice speaks each
language (the one added last).  The server reads only the manifest at
start-up: hashing tens of MB in every worker would slow every start.

Installing is the one moment Reader reaches the network for voices: an
operator runs it on purpose, on a machine that has the network.  A URL is
downloaded once, with a progress bar, a size limit and the checksum the
operator gives (``--sha256``, as published beside the voice); the config is
fetched from the same place (``URL.json``).  Nothing is kept unless every
check passes: the size, the checksum, the config, and a short sentence said
by the voice.  Files are written under temporary names and renamed into place,
the manifest last, so a crash or a refusal never leaves half a voice.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TextIO

from ..progress import progress
from . import piper

MANIFEST = "voices.json"
MAX_BYTES = 200 * 1024 * 1024  # the largest Piper voices ("high") are about 115 MB
MAX_CONFIG_BYTES = 2 * 1024 * 1024
LANGUAGES = ("vi", "en")  # what Reader's articles are written in
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")
SHA256 = re.compile(r"[0-9a-f]{64}")
CHUNK = 1 << 16
TIMEOUT = 30.0  # seconds without a byte before a download gives up
TEST_SENTENCE = {"vi": "Xin chào.", "en": "Hello."}


class VoiceError(Exception):
    """A voice was refused; the message names the file and says why."""


@dataclass(frozen=True)
class Entry:
    name: str
    model: Path
    sha256: str
    size: int
    lang: str
    source: str


class Installed:
    """The voices in one folder, as its manifest records them."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.manifest = folder / MANIFEST

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.manifest.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {"voices": {}, "use": {}}
        except (OSError, ValueError) as exc:
            raise VoiceError(f"{self.manifest}: unreadable ({exc}); remove it and add the voices again") from exc
        if not isinstance(data, dict) or not isinstance(data.get("voices"), dict):
            raise VoiceError(f"{self.manifest}: not a voice manifest; remove it and add the voices again")
        data.setdefault("use", {})
        return data

    def _write(self, data: dict[str, Any]) -> None:
        text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        with _temporary(self.folder, MANIFEST) as (fh, path):
            fh.write(text.encode("utf-8"))
            fh.flush()
            os.fsync(fh.fileno())
            os.replace(path, self.manifest)

    def entries(self) -> list[Entry]:
        data = self._read()
        out = []
        for name, item in sorted(data["voices"].items()):
            try:
                out.append(Entry(name, self.folder / f"{name}.onnx", str(item["sha256"]), int(item["size"]),
                                 str(item["lang"]), str(item.get("source", ""))))
            except (KeyError, TypeError, ValueError):
                continue  # a hand-edited entry: not used, and ``list`` shows it missing
        return out

    def chosen(self) -> dict[str, Entry]:
        """Language -> the voice that speaks it, for voices whose files are intact (by
        size: the checksum was checked when it was added).  A broken one is skipped
        and named in the log, and eSpeak speaks that language."""
        import logging

        log = logging.getLogger("reader.speech")
        try:
            data = self._read()
            entries = {entry.name: entry for entry in self.entries()}
        except VoiceError as exc:
            log.warning("%s", exc)
            return {}
        out: dict[str, Entry] = {}
        for lang, name in sorted(data["use"].items()):
            entry = entries.get(name)
            problem = damage(entry) if entry else f"{name}: not in {self.manifest}"
            if problem:
                log.warning("voice not used: %s", problem)
            elif entry:
                out[lang] = entry
        return out

    def remove(self, name: str) -> Entry:
        data = self._read()
        entry = next((e for e in self.entries() if e.name == name), None)
        if entry is None:
            raise VoiceError(f"{name}: no such voice in {self.folder} (see 'reader speech voices list')")
        del data["voices"][name]
        data["use"] = {lang: n for lang, n in data["use"].items() if n != name}
        for other in self.entries():  # the language falls back to another voice for it, if any
            if other.name != name and other.lang == entry.lang:
                data["use"].setdefault(entry.lang, other.name)
        self._write(data)
        for path in (entry.model, Path(f"{entry.model}.json")):
            path.unlink(missing_ok=True)
        return entry

    def record(self, entry: Entry) -> None:
        data = self._read()
        data["voices"][entry.name] = {"sha256": entry.sha256, "size": entry.size, "lang": entry.lang,
                                      "source": entry.source, "added": time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                                                                     time.gmtime())}
        data["use"][entry.lang] = entry.name
        self._write(data)


def damage(entry: Entry) -> str:
    for path in (entry.model, Path(f"{entry.model}.json")):
        if not path.is_file():
            return f"{path}: missing"
    if entry.model.stat().st_size != entry.size:
        return f"{entry.model}: {entry.model.stat().st_size} bytes, {entry.size} when it was added"
    return ""


@contextmanager
def _temporary(folder: Path, name: str) -> Iterator[tuple[IO[bytes], str]]:
    """A file beside its final place, removed unless it was renamed into place."""
    fd, path = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".part")
    os.chmod(path, 0o644)  # like any data file: readable by the server's user, whoever installs
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh, path
    finally:
        Path(path).unlink(missing_ok=True)


# -- adding a voice ------------------------------------------------------------------------
def _is_url(source: str) -> bool:
    return urllib.parse.urlsplit(source).scheme.lower() in {"http", "https"}


def _config_source(source: str) -> str:
    """Where the model's config is: ``NAME.onnx.json`` beside it (a URL keeps its query)."""
    if not _is_url(source):
        return f"{source}.json"
    parts = urllib.parse.urlsplit(source)
    return urllib.parse.urlunsplit(parts._replace(path=parts.path + ".json"))


def _voice_name(source: str) -> str:
    path = urllib.parse.unquote(urllib.parse.urlsplit(source).path) if _is_url(source) else source
    base = path.rstrip("/").rsplit("/", 1)[-1]
    if not base.endswith(".onnx"):
        raise VoiceError(f"{source}: not a Piper voice model (a .onnx file, its .onnx.json beside it)")
    name = base[:-len(".onnx")]
    if not NAME.fullmatch(name):
        raise VoiceError(f"{source}: the name {name!r} is not a plain file name (letters, digits, . _ -)")
    return name


def _copy(reader: IO[bytes], into: IO[bytes], label: str, total: int | None, limit: int,
          out: TextIO) -> tuple[str, int]:
    """Copy with a progress bar, hashing as it goes and stopping past ``limit`` bytes."""
    digest = hashlib.sha256()
    size = 0
    with progress(total, job="voices", stream=out, unit="B") as bar:
        while chunk := reader.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise VoiceError(f"{label}: larger than the limit of {limit // (1024 * 1024)} MB "
                                 "(raise it with --max-size if this voice is really that big)")
            digest.update(chunk)
            into.write(chunk)
            bar.advance(len(chunk), label)
    into.flush()
    os.fsync(into.fileno())
    return digest.hexdigest(), size


@contextmanager
def _open(source: str, limit: int) -> Iterator[tuple[IO[bytes], int | None]]:
    """The bytes at a path or URL, and their length when known."""
    if not _is_url(source):
        try:
            with open(source, "rb") as fh:
                yield fh, os.fstat(fh.fileno()).st_size
        except FileNotFoundError:
            raise VoiceError(f"{source}: no such file") from None
        except IsADirectoryError:
            raise VoiceError(f"{source}: a folder, not a voice file") from None
        return
    request = urllib.request.Request(source, headers={"User-Agent": "reader-voices/1"})
    try:
        response = urllib.request.urlopen(request, timeout=TIMEOUT)  # noqa: S310 (http/https only)
    except urllib.error.HTTPError as exc:
        raise VoiceError(f"{source}: the server answered {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise VoiceError(f"{source}: could not download ({reason})") from None
    with response:
        length = response.headers.get("Content-Length")
        total = int(length) if length and length.isdigit() else None
        if total is not None and total > limit:
            raise VoiceError(f"{source}: {total // (1024 * 1024)} MB, larger than the limit of "
                             f"{limit // (1024 * 1024)} MB (raise it with --max-size)")
        yield response, total


def _read_config(source: str, folder: Path, out: TextIO) -> tuple[bytes, str]:
    """The voice's ``.onnx.json``: parsed enough to know it is a Piper config, and its language."""
    label = urllib.parse.urlsplit(source).path.rsplit("/", 1)[-1] if _is_url(source) else Path(source).name
    with _open(source, MAX_CONFIG_BYTES) as (reader, total), _temporary(folder, label) as (fh, path):
        _copy(reader, fh, label, total, MAX_CONFIG_BYTES, out)
        data = Path(path).read_bytes()
    try:
        config = json.loads(data.decode("utf-8"))
        rate = config["audio"]["sample_rate"]
        phonemes = config["phoneme_id_map"]
        espeak = config.get("espeak", {}).get("voice", "")
        family = (config.get("language") or {}).get("family") or espeak.split("-")[0]
    except (ValueError, UnicodeDecodeError) as exc:
        raise VoiceError(f"{source}: not JSON ({exc})") from None
    except (KeyError, TypeError, AttributeError):
        raise VoiceError(f"{source}: not a Piper voice config (no audio.sample_rate or phoneme_id_map)") from None
    if not isinstance(rate, int) or not 8000 <= rate <= 48000 or not isinstance(phonemes, dict):
        raise VoiceError(f"{source}: not a Piper voice config (sample rate {rate!r})")
    if family not in LANGUAGES:
        raise VoiceError(f"{source}: a voice for {family or 'an unknown language'!r}; "
                         f"Reader's articles are in {' and '.join(LANGUAGES)}")
    return data, str(family)


def add(source: str, sha256: str, folder: Path, out: TextIO, max_bytes: int = MAX_BYTES) -> Entry:
    """Install the voice at ``source`` (a path or an http(s) URL) into ``folder``."""
    expected = sha256.strip().lower()
    if not SHA256.fullmatch(expected):
        raise VoiceError(f"--sha256 {sha256!r}: a SHA-256 checksum is 64 hexadecimal characters")
    name = _voice_name(source)
    if not piper.installed():
        raise VoiceError(f"{source}: Piper voices need the optional extra: {piper.EXTRA}")
    folder.mkdir(parents=True, exist_ok=True)
    installed = Installed(folder)
    known = next((e for e in installed.entries() if e.name == name), None)
    if known and known.sha256 == expected and not damage(known):
        installed.record(known)  # already here: it speaks its language again, nothing is downloaded
        return known
    config, lang = _read_config(_config_source(source), folder, out)
    model = folder / f"{name}.onnx"
    with _open(source, max_bytes) as (reader, total), _temporary(folder, model.name) as (fh, path):
        digest, size = _copy(reader, fh, model.name, total, max_bytes, out)
        if digest != expected:
            raise VoiceError(f"{source}: checksum mismatch: expected {expected}, got {digest}; "
                             "nothing was installed")
        fh.close()
        with _temporary(folder, f"{model.name}.json") as (cfg, config_path):
            cfg.write(config)
            cfg.close()
            _try(Path(path), Path(config_path), lang, source)
            os.replace(config_path, f"{model}.json")
        os.replace(path, model)
    entry = Entry(name, model, digest, size, lang, source)
    installed.record(entry)
    return entry


def _try(model: Path, config: Path, lang: str, source: str) -> None:
    """Say a short sentence with the voice before it is kept: a damaged or foreign
    model fails here, named, instead of on a listener's first request."""
    try:
        clip = piper.synthesise(piper.load(model, config), TEST_SENTENCE[lang])
    except piper.PiperMissing:
        raise VoiceError(f"{source}: Piper voices need the optional extra: {piper.EXTRA}") from None
    except Exception as exc:
        raise VoiceError(f"{source}: not a working Piper voice ({type(exc).__name__}: {exc})"[:500]) from None
    if clip.duration_ms < 100:
        raise VoiceError(f"{source}: the voice said nothing for {TEST_SENTENCE[lang]!r}")
