"""Server audio: sentences -> one MP3 and its WebVTT timings, cached on disk.

The cache key is a hash of what is said, by which voice, encoded how, so a
corrected article or a new voice gets new audio and nothing else does.  Files
are written to a temporary name and renamed into place (the MP3 last), so a
reader, another process or a crash never sees half a file; several app
servers sharing the directory at worst make the same file twice.
"""

from __future__ import annotations

import array
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import lameenc

from .hookspecs import Clip, Voice, Word
from .timing import align

# Mono at 16 kbit/s CBR: 2,000 bytes a second, 120 kB a minute, well inside the
# 180 kB budget (24 kbit/s would sit exactly on it) and clear enough for speech.
# Constant bit rate so a browser seeks to the right sentence (a VBR file without a
# seek table lands in the wrong place, and the highlight with it).
MP3_KBPS = 16
MP3_QUALITY = 2  # LAME's best; encoding a whole article takes about a second
FORMAT_VERSION = 2  # bump when the encoding or the VTT layout changes (2: every word timed)


@dataclass(frozen=True)
class Run:
    """A stretch of a sentence in one language, and the voice that says it."""

    text: str
    lang: str
    voice: Voice


@dataclass(frozen=True)
class Part:
    """One sentence to say: its id, the text to speak, its language, and its runs
    (which cover ``speak`` exactly: a Vietnamese name in an English sentence is a
    run of its own, said by the Vietnamese voice)."""

    id: str
    speak: str
    lang: str
    runs: tuple[Run, ...]


@dataclass(frozen=True)
class Cue:
    id: str
    start_ms: int
    end_ms: int
    text: str
    words: tuple[tuple[int, str], ...] = ()  # (ms from the start of the audio, word)


@dataclass(frozen=True)
class AudioFiles:
    key: str
    mp3: Path
    vtt: Path

    @property
    def size(self) -> int:
        return self.mp3.stat().st_size

    def duration_ms(self) -> int:
        """How long the audio plays: its size at the constant bit rate it is
        encoded with (bits / kbit/s = ms), with no file to read."""
        return self.size * 8 // MP3_KBPS


def cache_key(parts: Sequence[Part]) -> str:
    payload = json.dumps({
        "format": [FORMAT_VERSION, MP3_KBPS, MP3_QUALITY],
        "parts": [[p.id, p.lang, p.speak, [[len(r.text), r.lang, r.voice.name] for r in p.runs]]
                  for p in parts],
    }, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def resample(pcm: bytes, source: int, target: int) -> bytes:
    """Linear resampling, for the rare article whose voices differ in sample rate."""
    if source == target or not pcm:
        return pcm
    samples = array.array("h", pcm)
    count = max(1, len(samples) * target // source)
    out = array.array("h", bytes(2 * count))
    last = len(samples) - 1
    for i in range(count):
        x = i * source / target
        j = min(int(x), last)
        k = min(j + 1, last)
        out[i] = int(samples[j] + (samples[k] - samples[j]) * (x - j))
    return out.tobytes()


def encode_mp3(pcm: bytes, sample_rate: int, kbps: int = MP3_KBPS, out_rate: int = 0) -> bytes:
    """Mono CBR MP3; ``out_rate`` 0 lets LAME choose (16 kHz at 16 kbit/s)."""
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(kbps)
    encoder.set_in_sample_rate(sample_rate)
    if out_rate:
        encoder.set_out_sample_rate(out_rate)
    encoder.set_channels(1)
    encoder.set_quality(MP3_QUALITY)
    encoder.silence()
    return bytes(encoder.encode(pcm) + encoder.flush())


def timestamp(ms: int) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def render_vtt(cues: Sequence[Cue]) -> str:
    """One cue per sentence, named by the sentence id, with the engine's word
    timings as WebVTT timestamp tags inside it."""
    blocks = ["WEBVTT"]
    for cue in cues:
        text = _vtt_text(cue)
        blocks.append(f"{cue.id}\n{timestamp(cue.start_ms)} --> {timestamp(cue.end_ms)}\n{text}")
    return "\n\n".join(blocks) + "\n"


def _vtt_text(cue: Cue) -> str:
    """Every word of the cue, each after the timestamp it is said at (the first one
    without, when it starts with the cue): WebVTT wants them inside the cue and rising."""
    def clean(value: str) -> str:  # "-->" and blank lines would end the cue; < and & are markup
        return " ".join(value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").split())

    if not cue.words:
        return clean(cue.text) or "…"
    out: list[str] = []
    previous = cue.start_ms
    for ms, word in cue.words:
        ms = max(ms, previous + 1)
        if ms < cue.end_ms and (out or ms > cue.start_ms + 1):
            out.append(f"<{timestamp(ms)}>{clean(word)}")
            previous = ms
        else:
            out.append(clean(word))
    return " ".join(out)


# Pauses (ms) where runs said separately meet, after the punctuation between them:
# about what eSpeak NG makes for the same marks inside one utterance at our rate.
PAUSES = ((re.compile(r"[.!?…]"), 350), (re.compile(r"[;:]"), 280), (re.compile(r","), 220),
          (re.compile(r"[()\[\]\u2013\u2014]"), 120))
EDGE_MS = 20  # silence kept on each side of a join
QUIET = 300  # sample amplitude under which the ends of a run count as silence
LEADING = re.compile(r"^[\W_]*")
TRAILING = re.compile(r"[\W_]*$")


def _pause(between: str) -> int:
    return next((ms for pattern, ms in PAUSES if pattern.search(between)), 0)


def _quiet_samples(samples: array.array[int], from_end: bool) -> int:
    indexes = range(len(samples) - 1, -1, -1) if from_end else range(len(samples))
    for count, index in enumerate(indexes):
        if abs(samples[index]) > QUIET:
            return count
    return len(samples)


def _utterances(part: Part) -> list[tuple[Voice, list[Run], int]]:
    """Runs grouped for saying: neighbours that share a voice able to switch language
    mid-utterance (``speak_mixed``) go together, every other run alone; each group
    with its offset in ``part.speak``."""
    out: list[tuple[Voice, list[Run], int]] = []
    offset = 0
    for run in part.runs:
        if out and out[-1][0] is run.voice and hasattr(run.voice, "speak_mixed"):
            out[-1][1].append(run)
        else:
            out.append((run.voice, [run], offset))
        offset += len(run.text)
    return out


def say(part: Part) -> Clip:
    """One sentence: its runs said by their voices and joined with the pauses their
    punctuation asks for.  Word positions count in ``part.speak``."""
    rate = 0
    pcm: array.array[int] = array.array("h")
    words: list[Word] = []
    between = ""  # text since the last run said: its punctuation sets the pause
    for voice, runs, offset in _utterances(part):
        text = "".join(run.text for run in runs)
        if not any(ch.isalnum() for ch in text):
            between += text
            continue
        if len(runs) > 1:
            clip: Clip = voice.speak_mixed(tuple((run.text, run.lang) for run in runs))  # type: ignore[attr-defined]
        else:
            clip = voice.speak(text, runs[0].lang)
        rate = rate or clip.sample_rate
        samples: array.array[int] = array.array("h", resample(clip.pcm, clip.sample_rate, rate))
        lead = 0
        if len(pcm):
            edge = rate * EDGE_MS // 1000
            trailing = max(0, _quiet_samples(pcm, from_end=True) - edge)
            if trailing:
                del pcm[len(pcm) - trailing:]
            lead = max(0, _quiet_samples(samples, from_end=False) - edge)
            pause = _pause(between + LEADING.match(text)[0])  # type: ignore[index]
            pcm.extend(array.array("h", bytes(2 * (rate * pause // 1000))))
        start_ms = len(pcm) * 1000 // rate
        lead_ms = lead * 1000 // rate
        words += [Word(start_ms + max(0, w.ms - lead_ms), offset + w.start, w.length) for w in clip.words]
        pcm.extend(samples[lead:])
        between = TRAILING.search(text)[0]  # type: ignore[index]
    return Clip(pcm.tobytes(), rate or 22050, tuple(words))


def speak_all(parts: Sequence[Part]) -> tuple[bytes, int, list[Cue]]:
    """Say every sentence, one after another: the PCM, its sample rate, and a cue per
    sentence with every word timed (by its voice's events where it gave them,
    estimated between them otherwise)."""
    clips = [say(part) for part in parts]
    rate = clips[0].sample_rate if clips else 22050
    pcm: list[bytes] = []
    cues: list[Cue] = []
    position = 0  # in samples at ``rate``
    for part, clip in zip(parts, clips, strict=True):
        samples = resample(clip.pcm, clip.sample_rate, rate)
        start_ms = position * 1000 // rate
        timed = align(part.speak, clip.words, clip.duration_ms)
        words = tuple((start_ms + t.ms, part.speak[t.start:t.end]) for t in timed)
        position += len(samples) // 2
        end_ms = max(position * 1000 // rate, start_ms + 1)
        cues.append(Cue(part.id, start_ms, end_ms, part.speak, words))
        pcm.append(samples)
    return b"".join(pcm), rate, cues


def synthesise(parts: Sequence[Part]) -> tuple[bytes, str]:
    """The MP3 and the VTT of ``parts``."""
    pcm, rate, cues = speak_all(parts)
    return encode_mp3(pcm, rate), render_vtt(cues)


GENERATION = ".generation"


class AudioCache:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._generation_path = str(root / GENERATION)
        self.puts = 0  # audio made by this process (the generation file counts every process's)

    def files(self, key: str) -> AudioFiles:
        folder = self.root / key[:2]
        return AudioFiles(key, folder / f"{key}.mp3", folder / f"{key}.vtt")

    def get(self, key: str) -> AudioFiles | None:
        files = self.files(key)
        return files if files.mp3.is_file() and files.vtt.is_file() else None

    def put(self, key: str, mp3: bytes, vtt: str) -> AudioFiles:
        files = self.files(key)
        files.mp3.parent.mkdir(parents=True, exist_ok=True)
        _write_atomically(files.vtt, vtt.encode("utf-8"))
        _write_atomically(files.mp3, mp3)  # last: its presence means both are complete
        Path(self._generation_path).touch()
        self.puts += 1
        return files

    def generation(self) -> int:
        """Moves whenever audio is made (by any process): pages showing the
        audio's size are cached with it in their key."""
        try:
            return os.stat(self._generation_path).st_mtime_ns  # on every page request: no pathlib
        except OSError:
            return 0


def _write_atomically(path: Path, data: bytes) -> None:
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
