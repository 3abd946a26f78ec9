"""The built-in server voice: eSpeak NG, from the ``espeakng-loader`` wheel, through ctypes.

The wheel ships ``libespeak-ng.so`` and its data (Vietnamese and English
included), so no system package is needed.  The library keeps global state
(the current voice, the callback, its buffers), so every call goes through
one daemon thread that owns it: callers queue a job and wait with a timeout.
That thread is per process because the library is; a second app in the same
process (tests, ``reader speech build``) shares it safely.

Timings come from the engine's own events: a word event carries the word's
character position in the text and its position in the audio in ms.

A sentence that mixes languages (a Vietnamese name in English text) is said in
one utterance through SSML (``<voice name="vi">``), so its rhythm and pauses
stay those of one sentence; event positions are mapped back from the SSML.
"""

from __future__ import annotations

import ctypes
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any, TypeVar

from .hookspecs import Clip, Word, hookimpl
from .worker import SerialWorker

log = logging.getLogger("reader.speech")
T = TypeVar("T")

AUDIO_OUTPUT_SYNCHRONOUS = 2
INITIALIZE_DONT_EXIT = 0x8000  # a missing data file must not exit our process
CHARS_UTF8 = 1
SSML = 0x10
PARAM_RATE, PARAM_PITCH, PARAM_WORDGAP = 1, 3, 7
EVENT_LIST_TERMINATED, EVENT_WORD = 0, 1
VOICES = {"vi": "vi", "en": "en"}  # our language -> eSpeak voice name
RATE = 165  # words per minute; eSpeak's default (175) is brisk for Vietnamese
PITCH = 50  # eSpeak's default base pitch (0-100)
# A 30 ms gap between words: the one setting that helped a recogniser follow the
# Vietnamese voice (benchmarks/speech_intelligibility.py, the Sa Pa article: syllable
# error 72.5 % -> 68.9 %); voice variants, dialects, rate and pitch did not.
WORD_GAP = 3  # in 10 ms at normal speed
TIMEOUT = 60.0  # seconds to wait for one sentence before giving up on the engine


@dataclass(frozen=True)
class Settings:
    """How eSpeak speaks: ``benchmarks/speech_intelligibility.py`` tries others."""

    rate: int = RATE  # words per minute
    pitch: int = PITCH  # 0-100
    word_gap: int = WORD_GAP  # extra pause between words, in 10 ms at normal speed
    variant: str = ""  # a voice variant from espeak-ng-data/voices/!v ("m3", "f2"), or none
    voices: dict[str, str] = field(default_factory=lambda: dict(VOICES))  # language -> eSpeak voice

    def voice_name(self, lang: str) -> str | None:
        voice = self.voices.get(lang.split("-")[0])
        return f"{voice}+{self.variant}" if voice and self.variant else voice

    @property
    def name(self) -> str:
        """Part of the audio cache key: every setting that changes the sound, spelled out
        (not only those off the defaults), so changing a default remakes the audio."""
        voices = ",".join(f"{k}={v}" for k, v in sorted(self.voices.items()) if VOICES.get(k) != v)
        extras = [e for e in (self.variant, voices) if e]
        return "/".join(["espeak-ng", f"{self.rate}wpm", f"pitch{self.pitch}", f"gap{self.word_gap}", *extras])


class EspeakError(RuntimeError):
    pass


class _Event(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("unique_identifier", ctypes.c_uint),
        ("text_position", ctypes.c_int),
        ("length", ctypes.c_int),
        ("audio_position", ctypes.c_int),
        ("sample", ctypes.c_int),
        ("user_data", ctypes.c_void_p),
        ("id", ctypes.c_char * 8),
    ]


_Callback = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int,
                             ctypes.POINTER(_Event))


class _Engine:
    """The one owner of the library in this process."""

    def __init__(self) -> None:
        self.worker = SerialWorker("espeak-ng")  # the library has global state
        self.lib: Any = None
        self.sample_rate = 0
        self.pcm: list[bytes] = []
        self.words: list[Word] = []
        self.callback = _Callback(self._on_audio)  # kept alive as long as the engine

    def run(self, job: Callable[[], T], timeout: float) -> T:
        return self.worker.submit(job).result(timeout)

    def _load(self) -> None:
        if self.lib is not None:
            return
        import espeakng_loader

        lib = ctypes.CDLL(espeakng_loader.get_library_path())
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_TextToPhonemes.argtypes = [ctypes.POINTER(ctypes.c_void_p), ctypes.c_int, ctypes.c_int]
        lib.espeak_TextToPhonemes.restype = ctypes.c_char_p
        lib.espeak_Synth.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int,
                                     ctypes.c_uint, ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p]
        rate = lib.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0,
                                     espeakng_loader.get_data_path().encode(), INITIALIZE_DONT_EXIT)
        if rate <= 0:
            raise EspeakError(f"espeak_Initialize failed ({rate}): is the espeakng-loader data intact?")
        lib.espeak_SetSynthCallback(self.callback)
        self.lib, self.sample_rate = lib, rate

    def _on_audio(self, wav: Any, count: int, events: Any) -> int:
        if count > 0:
            self.pcm.append(ctypes.string_at(wav, count * 2))
        index = 0
        while events[index].type != EVENT_LIST_TERMINATED:
            event = events[index]
            if event.type == EVENT_WORD:
                self.words.append(Word(event.audio_position, max(0, event.text_position - 1), event.length))
            index += 1
        return 0

    def _configure(self, voice: str, settings: Settings) -> None:
        self._load()
        if self.lib.espeak_SetVoiceByName(voice.encode()) != 0:
            raise EspeakError(f"eSpeak has no voice {voice!r}")
        self.lib.espeak_SetParameter(PARAM_RATE, settings.rate, 0)
        self.lib.espeak_SetParameter(PARAM_PITCH, settings.pitch, 0)
        self.lib.espeak_SetParameter(PARAM_WORDGAP, settings.word_gap, 0)

    def speak(self, text: str, voice: str, settings: Settings, ssml: bool = False) -> Clip:
        """Runs on the engine thread only."""
        self._configure(voice, settings)
        self.pcm, self.words = [], []
        data = text.encode("utf-8")
        status = self.lib.espeak_Synth(data, len(data) + 1, 0, 0, 0, CHARS_UTF8 | (SSML if ssml else 0),
                                       None, None)
        if status != 0:
            raise EspeakError(f"espeak_Synth failed ({status})")
        return Clip(b"".join(self.pcm), self.sample_rate, tuple(self.words))

    def phonemes(self, text: str, voice: str, settings: Settings) -> str:
        """What eSpeak would say, as its phoneme mnemonics (clause by clause): runs on
        the engine thread only."""
        self._configure(voice, settings)
        data = ctypes.create_string_buffer(text.encode("utf-8"))
        pointer = ctypes.c_void_p(ctypes.addressof(data))
        out: list[str] = []
        while pointer.value:
            chunk = self.lib.espeak_TextToPhonemes(ctypes.byref(pointer), CHARS_UTF8, 0)
            out.append((chunk or b"").decode("utf-8", "replace"))
        return " ".join(out)


_engine = _Engine()


def available() -> bool:
    """Whether the wheel and its library are installed (without loading it)."""
    try:
        import espeakng_loader
    except ImportError:
        return False
    from pathlib import Path
    return Path(espeakng_loader.get_library_path()).exists()


def ssml(runs: Sequence[tuple[str, str]], settings: Settings) -> tuple[str, list[int]]:
    """The runs as one SSML text (the first run's language outside any ``<voice>``),
    and for each of its characters the index of the plain-text character it came
    from (markup points at the next one), to map event positions back."""
    first = runs[0][1]
    out: list[str] = ["<speak>"]
    origin: list[int] = [0] * len("<speak>")
    position = 0
    for text, lang in runs:
        other = lang != first and settings.voice_name(lang)
        if other:
            tag = f'<voice name="{escape(other)}">'
            out.append(tag)
            origin += [position] * len(tag)
        for char in text:
            piece = escape(char, quote=False)
            out.append(piece)
            origin += [position] * len(piece)
            position += 1
        if other:
            out.append("</voice>")
            origin += [position] * len("</voice>")
    out.append("</speak>")
    origin += [position] * len("</speak>")
    return "".join(out), origin


class EspeakVoice:
    """eSpeak NG's Vietnamese and English voices."""

    label = "eSpeak NG"

    def __init__(self, settings: Settings | None = None, timeout: float = TIMEOUT) -> None:
        self.settings = settings or Settings()
        self.timeout = timeout
        self.name = self.settings.name

    def _voice(self, lang: str) -> str:
        voice = self.settings.voice_name(lang)
        if voice is None:
            raise EspeakError(f"no eSpeak voice for language {lang!r}")
        return voice

    def speak(self, text: str, lang: str) -> Clip:
        voice = self._voice(lang)
        return _engine.run(lambda: _engine.speak(text, voice, self.settings), self.timeout)

    def speak_mixed(self, runs: Sequence[tuple[str, str]]) -> Clip:
        """Runs in several languages as one utterance; word positions in the joined text."""
        voice = self._voice(runs[0][1])
        for _, lang in runs:
            self._voice(lang)
        markup, origin = ssml(runs, self.settings)
        clip = _engine.run(lambda: _engine.speak(markup, voice, self.settings, ssml=True), self.timeout)
        words = tuple(Word(w.ms, origin[min(w.start, len(origin) - 1)], w.length) for w in clip.words)
        return Clip(clip.pcm, clip.sample_rate, words)

    def phonemes(self, text: str, lang: str) -> str:
        """eSpeak's phonemes for ``text`` in ``lang``: what a listener would hear."""
        voice = self._voice(lang)
        return _engine.run(lambda: _engine.phonemes(text, voice, self.settings), self.timeout)


@hookimpl(trylast=True)
def register_voices(register: Callable[..., None]) -> None:
    if available():
        register(EspeakVoice(), languages=tuple(VOICES))
    else:
        log.warning("espeakng-loader is not installed: no built-in server voice")
