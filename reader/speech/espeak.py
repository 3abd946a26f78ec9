"""The built-in server voice: eSpeak NG, from the ``espeakng-loader`` wheel, through ctypes.

The wheel ships ``libespeak-ng.so`` and its data (Vietnamese and English
included), so no system package is needed.  The library keeps global state
(the current voice, the callback, its buffers), so every call goes through
one daemon thread that owns it: callers queue a job and wait with a timeout.
That thread is per process because the library is; a second app in the same
process (tests, ``reader speech build``) shares it safely.

Timings come from the engine's own events: a word event carries the word's
character position in the text and its position in the audio in ms.
"""

from __future__ import annotations

import ctypes
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from .hookspecs import Clip, Word, hookimpl
from .worker import SerialWorker

log = logging.getLogger("reader.speech")
T = TypeVar("T")

AUDIO_OUTPUT_SYNCHRONOUS = 2
INITIALIZE_DONT_EXIT = 0x8000  # a missing data file must not exit our process
CHARS_UTF8 = 1
PARAM_RATE = 1
EVENT_LIST_TERMINATED, EVENT_WORD = 0, 1
VOICES = {"vi": b"vi", "en": b"en"}  # our language -> eSpeak voice name
RATE = 165  # words per minute; eSpeak's default (175) is brisk for Vietnamese
TIMEOUT = 60.0  # seconds to wait for one sentence before giving up on the engine


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

    def speak(self, text: str, voice: bytes, rate: int) -> Clip:
        """Runs on the engine thread only."""
        self._load()
        if self.lib.espeak_SetVoiceByName(voice) != 0:
            raise EspeakError(f"eSpeak has no voice {voice.decode()!r}")
        self.lib.espeak_SetParameter(PARAM_RATE, rate, 0)
        self.pcm, self.words = [], []
        data = text.encode("utf-8")
        status = self.lib.espeak_Synth(data, len(data) + 1, 0, 0, 0, CHARS_UTF8, None, None)
        if status != 0:
            raise EspeakError(f"espeak_Synth failed ({status})")
        return Clip(b"".join(self.pcm), self.sample_rate, tuple(self.words))


_engine = _Engine()


def available() -> bool:
    """Whether the wheel and its library are installed (without loading it)."""
    try:
        import espeakng_loader
    except ImportError:
        return False
    from pathlib import Path
    return Path(espeakng_loader.get_library_path()).exists()


class EspeakVoice:
    """eSpeak NG's Vietnamese and English voices."""

    def __init__(self, rate: int = RATE, timeout: float = TIMEOUT) -> None:
        self.rate = rate
        self.timeout = timeout
        self.name = f"espeak-ng/{rate}wpm"

    def speak(self, text: str, lang: str) -> Clip:
        voice = VOICES.get(lang.split("-")[0])
        if voice is None:
            raise EspeakError(f"no eSpeak voice for language {lang!r}")
        return _engine.run(lambda: _engine.speak(text, voice, self.rate), self.timeout)


@hookimpl(trylast=True)
def register_voices(register: Callable[..., None]) -> None:
    if available():
        register(EspeakVoice(), languages=tuple(VOICES))
    else:
        log.warning("espeakng-loader is not installed: no built-in server voice")
