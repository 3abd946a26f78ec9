"""Intelligibility benchmark: how much of the served Vietnamese audio a recogniser understands.

    .venv/bin/pip install -e '.[bench-speech]'    # viet-asr (model inside its wheel) + miniaudio
    nice .venv/bin/python benchmarks/speech_intelligibility.py [--sentences 14] [--sweep] [--full]
        [--data-dir DIR]   # a data directory with installed voices (reader speech voices add)

A recogniser is a harsher listener than a blind reader used to eSpeak, but it
is a listener that does not tire, and the figures compare settings fairly.
``viet-asr`` (0.1.0.dev11) ships its model inside its wheel and runs offline;
its model's licence is not stated, so it is a benchmark-only extra, never a
dependency of Reader itself.

What is measured: the Sa Pa article's audio, as served (``GET .../audio.mp3``,
decoded by miniaudio), cut at the sentence cues of its ``audio.vtt`` and
transcribed sentence by sentence; the reference is the text the voice was given
(``speech.json``: after normalisation, so the normaliser is not what is scored).
Printed per row: syllable error rate (SER: substitutions + deletions +
insertions over the reference syllables) and character error rate (CER), after
lower-casing, dropping punctuation and folding old/new tone placement.

Rows:
- ``served`` for every server voice that speaks Vietnamese (eSpeak NG, and any
  installed Piper voice when ``--data-dir`` has one), on the first
  ``--sentences`` sentences (all with ``--full``);
- with ``--sweep``, eSpeak settings one at a time from the defaults (voice
  variant, dialect, rate, pitch, word gap) and encodings (MP3 sample rate and
  bit rate, and the PCM itself), on the same sentences; then the best of each
  setting together, and (with ``--full``) the defaults and the best on the whole
  article.  The recogniser runs at about 0.2x real time on 2 cores: a sweep of
  ~30 rows on 14 sentences takes about ten minutes.
"""

from __future__ import annotations

import argparse
import array
import re
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader.app import create_app  # noqa: E402
from reader.config import Settings as AppSettings  # noqa: E402
from reader.config import load_settings  # noqa: E402
from reader.speech import Speech  # noqa: E402
from reader.speech.audio import MP3_KBPS, Cue, Part, Run, encode_mp3, speak_all  # noqa: E402
from reader.speech.espeak import EspeakVoice  # noqa: E402
from reader.speech.espeak import Settings as EspeakSettings  # noqa: E402

SLUG = "chung-day-hoang-lien-chung-niem-khat-vong"
ASR_RATE = 16000
PAD_MS = 60  # around each cue when cutting, for the encoder's delay

try:
    import miniaudio
    from vietasr import Pipeline
except ImportError as exc:  # pragma: no cover - a message, not a crash
    sys.exit(f"{exc.name} is missing: pip install -e '.[bench-speech]' (viet-asr, miniaudio)")


# -- scoring -----------------------------------------------------------------------------
_OLD_TONE = {  # old tone placement -> new (hoà -> hòa): the recogniser may write either
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa", "oè": "òe", "oé": "óe", "oẻ": "ỏe",
    "oẽ": "õe", "oẹ": "ọe", "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}


def words(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text.lower())
    for old, new in _OLD_TONE.items():
        text = text.replace(new, old)
    return re.findall(r"[^\W_]+", text)


def distance(a: Sequence[str], b: Sequence[str]) -> int:
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


@dataclass
class Score:
    syllables: int = 0
    syllable_errors: int = 0
    chars: int = 0
    char_errors: int = 0
    audio_s: float = 0.0
    asr_s: float = 0.0

    def add(self, reference: str, heard: str) -> None:
        ref, hyp = words(reference), words(heard)
        self.syllables += len(ref)
        self.syllable_errors += distance(ref, hyp)
        ref_chars, hyp_chars = " ".join(ref), " ".join(hyp)
        self.chars += len(ref_chars)
        self.char_errors += distance(ref_chars, hyp_chars)

    @property
    def ser(self) -> float:
        return 100 * self.syllable_errors / max(1, self.syllables)

    @property
    def cer(self) -> float:
        return 100 * self.char_errors / max(1, self.chars)


# -- audio -------------------------------------------------------------------------------
class Listener:
    def __init__(self) -> None:
        self.pipeline = Pipeline.preset("transcribe")

    def transcribe(self, pcm16k: array.array[int]) -> str:
        import numpy as np

        return str(self.pipeline.transcribe(np.frombuffer(pcm16k.tobytes(), dtype=np.int16), float(ASR_RATE)).text)

    def score(self, pcm16k: array.array[int], cues: Sequence[Cue], references: dict[str, str]) -> Score:
        score = Score(audio_s=len(pcm16k) / ASR_RATE)
        started = time.perf_counter()
        for cue in cues:
            if cue.id not in references:
                continue
            a = max(0, (cue.start_ms - PAD_MS) * ASR_RATE // 1000)
            b = min(len(pcm16k), (cue.end_ms + PAD_MS) * ASR_RATE // 1000)
            score.add(references[cue.id], self.transcribe(pcm16k[a:b]))
        score.asr_s = time.perf_counter() - started
        return score


def to_16k(samples: array.array[int], rate: int) -> array.array[int]:
    """Band-limited resampling (FFT: an ideal low-pass at the lower Nyquist frequency).
    miniaudio's own resampler lets eSpeak's energy above 8 kHz fold back into the band
    when it brings 22,050 Hz down to 16 kHz, and the recogniser hears that folding
    (88 % syllable errors on the PCM that way, against 65 % through a 16 kHz MP3)."""
    import numpy as np

    if rate == ASR_RATE or not samples:
        return samples
    x = np.frombuffer(samples.tobytes(), dtype=np.int16).astype(np.float64)
    n = round(len(x) * ASR_RATE / rate)
    spectrum = np.fft.rfft(x)
    keep = min(len(spectrum), n // 2 + 1)
    y = np.fft.irfft(spectrum[:keep], n) * (n / len(x))
    return array.array("h", np.clip(np.round(y), -32768, 32767).astype(np.int16).tobytes())


def decode_mp3(mp3: bytes) -> array.array[int]:
    decoded = miniaudio.decode(mp3, output_format=miniaudio.SampleFormat.SIGNED16, nchannels=1)
    return to_16k(array.array("h", decoded.samples), decoded.sample_rate)


def pcm_to_16k(pcm: bytes, rate: int) -> array.array[int]:
    return to_16k(array.array("h", pcm), rate)


def parse_vtt(text: str) -> list[Cue]:
    cues = []
    pattern = re.compile(r"^(s\d+)\n(\d+):(\d\d):(\d\d)\.(\d{3}) --> (\d+):(\d\d):(\d\d)\.(\d{3})$", re.M)
    for m in pattern.finditer(text):
        h1, m1, s1, ms1, h2, m2, s2, ms2 = (int(x) for x in m.groups()[1:])
        start = ((h1 * 60 + m1) * 60 + s1) * 1000 + ms1
        cues.append(Cue(m[1], start, ((h2 * 60 + m2) * 60 + s2) * 1000 + ms2, ""))
    return cues


# -- rows --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Encoding:
    kbps: int = MP3_KBPS
    out_rate: int = 0  # 0: LAME's choice
    pcm: bool = False  # no MP3 at all

    @property
    def label(self) -> str:
        if self.pcm:
            return "PCM (no MP3)"
        return f"MP3 {self.kbps} kbit/s" + (f" at {self.out_rate} Hz" if self.out_rate else "")


def with_voice(parts: Sequence[Part], voice: EspeakVoice) -> list[Part]:
    return [Part(p.id, p.speak, p.lang, tuple(Run(r.text, r.lang, voice) for r in p.runs)) for p in parts]


def measure(listener: Listener, parts: Sequence[Part], voice: EspeakVoice, encoding: Encoding) -> Score:
    pcm, rate, cues = speak_all(with_voice(parts, voice))
    if encoding.pcm:
        audio = pcm_to_16k(pcm, rate)
    else:
        audio = decode_mp3(encode_mp3(pcm, rate, encoding.kbps, encoding.out_rate))
    return listener.score(audio, cues, {p.id: p.speak for p in parts})


def row(label: str, score: Score, extra: str = "") -> None:
    print(f"{label:<44} SER {score.ser:5.1f} %  CER {score.cer:5.1f} %   {score.syllables:5d} syllables  "
          f"{score.audio_s:6.1f} s audio  ASR {score.asr_s:5.1f} s {extra}", flush=True)


@contextmanager
def app_client(data_dir: str | None) -> Iterator[tuple[object, AppSettings]]:
    from starlette.testclient import TestClient

    with tempfile.TemporaryDirectory() as scratch:
        settings = load_settings({"READER_DATA_DIR": data_dir or scratch})
        if data_dir:  # another data dir's voices, a scratch database and audio
            settings = replace(settings, db_path=Path(scratch) / "reader.sqlite3",
                               static_dir_override=Path(scratch) / "static",
                               media_dir_override=Path(scratch) / "media")
        with TestClient(create_app(settings)) as client:
            yield client, settings


def served(listener: Listener, client: object, speech: Speech, limit: int | None) -> None:
    """Every voice that speaks Vietnamese, as the app serves its audio."""
    get: Callable[[str], object] = client.get  # type: ignore[attr-defined]
    base = f"/vi/articles/{SLUG}"
    segments = get(f"{base}/speech.json").json()["segments"]  # type: ignore[attr-defined]
    wanted = {s["id"]: s["text"] for s in segments[:limit]}
    started = time.perf_counter()
    article = client.app.state.services.store.article(SLUG)  # type: ignore[attr-defined]
    speech.build(article)  # waits, however long a neural voice takes (a request would give up at 30 s)
    made = time.perf_counter() - started
    mp3 = get(f"{base}/audio.mp3")
    if mp3.status_code != 200:  # type: ignore[attr-defined]
        print(f"served: {mp3.status_code} {mp3.text}")  # type: ignore[attr-defined]
        return
    cues = parse_vtt(get(f"{base}/audio.vtt").text)  # type: ignore[attr-defined]
    voice = speech.voice_for("vi")
    label = getattr(voice, "label", "?")
    score = listener.score(decode_mp3(mp3.content), cues, wanted)  # type: ignore[attr-defined]
    row(f"served: {label} [{voice.name if voice else '-'}]", score,
        f"(made in {made:.1f} s, {len(mp3.content) / 1000:.0f} kB)")  # type: ignore[attr-defined]
    if not isinstance(voice, EspeakVoice):  # an installed voice: eSpeak on the same sentences, to compare
        parts = [p for p in speech.parts(article) or [] if p.id in wanted]
        row("eSpeak NG defaults (not served)", measure(listener, parts, EspeakVoice(), Encoding()))


def sweep(listener: Listener, parts: list[Part], full_parts: list[Part] | None, only: str = "") -> None:
    base = EspeakSettings()
    trials: list[tuple[str, EspeakSettings, Encoding]] = [("defaults", base, Encoding())]
    for variant in ("m1", "m3", "m7", "f2", "f4", "klatt", "Nguyen"):
        trials.append((f"variant {variant}", replace(base, variant=variant), Encoding()))
    for dialect in ("vi-vn-x-central", "vi-vn-x-south"):
        trials.append((f"dialect {dialect}", replace(base, voices={"vi": dialect, "en": "en"}), Encoding()))
    for rate in (120, 135, 150, 175):
        trials.append((f"rate {rate} wpm", replace(base, rate=rate), Encoding()))
    for pitch in (35, 65):
        trials.append((f"pitch {pitch}", replace(base, pitch=pitch), Encoding()))
    for gap in (1, 3, 6):
        trials.append((f"word gap {gap * 10} ms", replace(base, word_gap=gap), Encoding()))
    for encoding in (Encoding(pcm=True), Encoding(out_rate=8000), Encoding(out_rate=11025),
                     Encoding(out_rate=22050), Encoding(kbps=24), Encoding(kbps=32)):
        trials.append((f"encoding {encoding.label}", base, encoding))
    results: list[tuple[str, EspeakSettings, Encoding, Score]] = []
    for label, settings, encoding in trials:
        if only and label != "defaults" and not re.search(only, label):
            continue
        score = measure(listener, parts, EspeakVoice(settings), encoding)
        results.append((label, settings, encoding, score))
        row(label, score)
    if only:
        return
    # the best value of each eSpeak setting, together (encodings are held to the byte budget)
    default_score = results[0][3].ser
    best = base
    for field in ("variant", "voices", "rate", "pitch", "word_gap"):
        candidates = [(s.ser, getattr(st, field)) for _, st, enc, s in results
                      if enc == Encoding() and getattr(st, field) != getattr(base, field)]
        if candidates and min(candidates, key=lambda c: c[0])[0] < default_score:
            best = replace(best, **{field: min(candidates, key=lambda c: c[0])[1]})
    print(f"best of each: {best}", flush=True)
    row("best of each, together", measure(listener, parts, EspeakVoice(best), Encoding()))
    if full_parts is not None:
        row("whole article: defaults", measure(listener, full_parts, EspeakVoice(base), Encoding()))
        row("whole article: best of each", measure(listener, full_parts, EspeakVoice(best), Encoding()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=14, help="the first N sentences (default 14)")
    parser.add_argument("--full", action="store_true", help="also the whole article")
    parser.add_argument("--sweep", action="store_true", help="try eSpeak settings and encodings")
    parser.add_argument("--data-dir", help="a data directory whose installed voices to measure")
    parser.add_argument("--only", default="", metavar="REGEX", help="sweep only the rows whose label matches")
    parser.add_argument("--no-served", action="store_true", help="skip the served row (the sweep only)")
    args = parser.parse_args()
    listener = Listener()
    with app_client(args.data_dir) as (client, _):
        speech: Speech = client.app.state.speech  # type: ignore[attr-defined]
        if not args.no_served:
            served(listener, client, speech, None if args.full else args.sentences)
        if args.sweep:
            article = client.app.state.services.store.article(SLUG)  # type: ignore[attr-defined]
            parts = speech.parts(article) or []
            sweep(listener, parts[:args.sentences], parts if args.full else None, args.only)
    return 0


if __name__ == "__main__":
    sys.exit(main())
