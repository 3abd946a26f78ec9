"""The speech plugin interface: every hook, and the types a plugin hands back.

A plugin is a module (or object) with ``@hookimpl`` functions named after the
hooks below.  Register one without touching Reader by declaring an entry point
in the ``reader.speech`` group of your package::

    [project.entry-points."reader.speech"]
    my_voice = "my_package.reader_plugin"

The built-ins (``reader.speech.normalise``, ``reader.speech.espeak``,
``reader.speech.piper``) use these same hooks, marked ``trylast`` so a third
party's registrations come first: a plugin's voice for a language replaces the
built-in ones (an installed Piper voice, then eSpeak), and a plugin's normaliser
runs before the built-in one for that language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pluggy

PROJECT = "reader.speech"  # also the entry-point group
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@dataclass(frozen=True)
class Word:
    """Where a word starts in a clip: ``ms`` from the clip's start, and the
    word's ``start``/``length`` in characters of the text that was spoken."""

    ms: int
    start: int
    length: int


@dataclass(frozen=True)
class Clip:
    """One sentence of speech: 16-bit signed little-endian mono PCM."""

    pcm: bytes
    sample_rate: int
    words: tuple[Word, ...] = ()

    @property
    def duration_ms(self) -> int:
        return len(self.pcm) * 1000 // (2 * self.sample_rate)


class Voice(Protocol):
    """A server voice.  ``name`` is part of the audio cache key: change it whenever
    the voice would sound different, or listeners keep hearing the old audio.

    Optional extras Reader uses when a voice has them: ``label`` (what the listen
    section and ``speech.json`` call the voice, e.g. "eSpeak NG"; ``name`` otherwise)
    and ``speak_mixed(runs)``, which says a sentence given as ``(text, lang)`` runs in
    one utterance (word positions counting in the joined text).  Without it, a
    Vietnamese name in an English sentence is said on its own by the Vietnamese
    voice and joined to the rest with the pause its punctuation asks for."""

    name: str

    def speak(self, text: str, lang: str) -> Clip:
        """Say one sentence (already normalised); raise on failure.  Reader calls
        this from one worker thread, one sentence at a time, and gives up waiting
        after a timeout, so a slow or hung voice cannot hold up page requests."""
        ...


Normaliser = Callable[[str], str]
"""Written text of one sentence -> the text the voice should say."""


@hookspec
def register_normalisers(register: Callable[..., None]) -> None:
    """Call ``register(normaliser, languages=("vi",))`` for each normaliser this plugin provides."""


@hookspec
def register_voices(register: Callable[..., None], voices_dir: Path | None) -> None:
    """Call ``register(voice, languages=("vi", "en"))`` for each server voice this plugin provides
    (``voices_dir`` is the data directory's folder for voice files; a hook may leave it out)."""
