"""Listening to articles: sentences, speech text, server voices and their audio.

``Speech`` is one app's speech service.  It owns that app's plugin manager
(never a module global, so two apps in one process can have different
plugins), the normalisers and voices the plugins registered, the audio cache,
and one worker thread that makes audio one article at a time.

Requests never synthesise on the event loop: they wait for the worker with a
timeout, and a second request for audio that is being made waits for the same
job instead of starting another.
"""

from __future__ import annotations

import asyncio
import importlib
import importlib.metadata
import logging
import threading
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import pluggy

from ..models import Article
from . import hookspecs
from .audio import AudioCache, AudioFiles, Part, Run, cache_key, synthesise
from .hookspecs import Normaliser, Voice
from .runs import Span, language_spans
from .segment import Segmented, segment
from .worker import SerialWorker

log = logging.getLogger("reader.speech")

# All three hook in ``trylast``; among those pluggy calls the earlier-registered first,
# so an installed Piper voice registers (and wins) before eSpeak's.
DEFAULT_PLUGINS = ("reader.speech.normalise", "reader.speech.piper", "reader.speech.espeak")
ENTRY_POINT_GROUP = hookspecs.PROJECT
TIMEOUT = 30.0  # seconds a request waits for audio before answering 503


class SpeechUnavailable(Exception):
    """No server audio for now.  ``retry_after`` (seconds) is what to tell the client."""

    def __init__(self, reason: str, retry_after: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


@dataclass(frozen=True)
class SpeechSegment:
    id: str
    lang: str
    text: str  # as written
    speak: str  # after normalisation: what a voice should say
    spans: tuple[Span, ...] = ()  # ``speak`` by language (a Vietnamese name in English, say)


def make_plugin_manager(plugins: Iterable[object] = (), entry_points: bool = True) -> pluggy.PluginManager:
    """The built-ins, then ``plugins``, then whatever is installed under the entry-point group.
    A plugin that fails to load is logged and skipped: the reader still starts."""
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    for name in DEFAULT_PLUGINS:
        manager.register(importlib.import_module(name), name=name)
    for plugin in plugins:
        manager.register(plugin)
    if entry_points:
        for point in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
            if manager.has_plugin(point.name):
                continue
            try:
                manager.register(point.load(), name=point.name)
            except Exception:
                log.exception("speech plugin %r (%s) failed to load", point.name, point.value)
    return manager


def run_normalisers(chain: Mapping[str, Sequence[Normaliser]], text: str, lang: str) -> str:
    """The registered normalisers for ``lang`` ("vi-VN" counts as "vi"), in order, then
    whitespace collapsed: exactly the text a voice is given."""
    for normaliser in chain.get(lang.split("-")[0].lower(), ()):
        text = normaliser(text)
    return " ".join(text.split())


@cache
def installed_normalisers() -> dict[str, list[Normaliser]]:
    """The normalisers of a default app: the built-ins and every installed entry-point
    plugin, loaded once per process (call ``installed_normalisers.cache_clear()`` after
    installing a plugin at run time)."""
    chain: dict[str, list[Normaliser]] = {}

    def register(normaliser: Normaliser, languages: Iterable[str] = ()) -> None:
        for lang in languages:
            chain.setdefault(lang, []).append(normaliser)

    make_plugin_manager().hook.register_normalisers(register=register)
    return chain


def normalise_text(text: str, lang: str) -> str:
    """Written ``text`` in ``lang`` -> exactly the words a server voice is given for it.

    The same chain an app runs (``Speech.normalise``) for an app made with its
    defaults: installed plugins' normalisers first, the built-in one last.  Plugins
    handed to one app through ``Speech(plugins=...)`` are that app's own; ask its
    ``speech.normalise`` for them.  A language with no normaliser only has its
    whitespace collapsed."""
    return run_normalisers(installed_normalisers(), text, lang)


class Speech:
    def __init__(self, audio_dir: Path, *, voices_dir: Path | None = None, plugins: Sequence[object] = (),
                 entry_points: bool = True, timeout: float = TIMEOUT) -> None:
        self.plugins = make_plugin_manager(plugins, entry_points)
        self.normalisers: dict[str, list[Normaliser]] = {}
        self.voices: dict[str, Voice] = {}
        self.plugins.hook.register_normalisers(register=self._add_normaliser)
        self.plugins.hook.register_voices(register=self._add_voice, voices_dir=voices_dir)
        self.cache = AudioCache(audio_dir)
        self.timeout = timeout
        self._worker = SerialWorker("reader-speech")  # one synthesis at a time per app
        self._inflight: dict[str, Future[AudioFiles]] = {}
        self._lock = threading.Lock()
        self._segmented = lru_cache(maxsize=256)(self._segment)
        self._segments = lru_cache(maxsize=256)(self._normalised)

    # -- registration ------------------------------------------------------------------
    def _add_normaliser(self, normaliser: Normaliser, languages: Iterable[str] = ()) -> None:
        for lang in languages:
            self.normalisers.setdefault(lang, []).append(normaliser)

    def _add_voice(self, voice: Voice, languages: Iterable[str] = ()) -> None:
        """The first voice registered for a language wins; built-ins register last."""
        for lang in languages:
            self.voices.setdefault(lang, voice)

    # -- text ----------------------------------------------------------------------------
    @staticmethod
    def _segment(title: str, summary: str, body_html: str, lang: str) -> Segmented:
        return segment(title, summary, body_html, lang)

    def segmented(self, article: Article) -> Segmented:
        return self._segmented(article.title, article.summary, article.body_html, article.lang)

    def normalise(self, text: str, lang: str) -> str:
        return run_normalisers(self.normalisers, text, lang)

    def _normalised(self, title: str, summary: str, body_html: str, lang: str) -> tuple[SpeechSegment, ...]:
        segments = []
        for s in self._segmented(title, summary, body_html, lang).sentences:
            speak = self.normalise(s.text, s.lang)
            segments.append(SpeechSegment(s.id, s.lang, s.text, speak, language_spans(speak, s.lang)))
        return tuple(segments)

    def segments(self, article: Article) -> tuple[SpeechSegment, ...]:
        """Cached per article text: the normalisers are fixed for this app's lifetime."""
        return self._segments(article.title, article.summary, article.body_html, article.lang)

    def voice_for(self, lang: str) -> Voice | None:
        return self.voices.get(lang.split("-")[0])

    # -- audio ---------------------------------------------------------------------------
    def parts(self, article: Article) -> list[Part] | None:
        """What the server would say, and with which voices; None when no voice speaks
        the article's language.  A sentence in another language uses that language's
        voice when there is one, else the article's; so does a Vietnamese name inside
        an English sentence (reader/speech/runs.py)."""
        main = self.voice_for(article.lang)
        if main is None:
            return None
        parts: list[Part] = []
        for s in self.segments(article):
            if not s.speak:
                continue
            own = self.voice_for(s.lang) or main
            runs = []
            for span in s.spans:
                voice = self.voice_for(span.lang)
                runs.append(Run(s.speak[span.start:span.end], span.lang if voice else s.lang, voice or own))
            parts.append(Part(s.id, s.speak, s.lang, tuple(runs)))
        return parts

    def voices_used(self, article: Article) -> list[tuple[Voice, tuple[str, ...]]]:
        """The voices that say ``article`` and the languages each says there, the
        article's own voice first: what the page and ``speech.json`` tell listeners."""
        found: dict[int, tuple[Voice, list[str]]] = {}
        main = self.voice_for(article.lang)
        if main is not None:
            found[id(main)] = (main, [])
        for part in self.parts(article) or ():
            for run in part.runs:
                voice, languages = found.setdefault(id(run.voice), (run.voice, []))
                if run.lang not in languages:
                    languages.append(run.lang)
        return [(voice, tuple(languages)) for voice, languages in found.values() if languages]

    def key(self, article: Article) -> str | None:
        parts = self.parts(article)
        return cache_key(parts) if parts else None

    def cached(self, article: Article) -> AudioFiles | None:
        key = self.key(article)
        return self.cache.get(key) if key else None

    def _job(self, article: Article) -> tuple[str, Future[AudioFiles]]:
        parts = self.parts(article)
        if not parts:
            raise SpeechUnavailable("no server voice for this language", retry_after=3600)
        key = cache_key(parts)
        with self._lock:
            running = self._inflight.get(key)
            if running is not None:
                return key, running
            future = self._worker.submit(lambda: self._make(key, parts))
            self._inflight[key] = future
        future.add_done_callback(lambda _: self._forget(key))
        return key, future

    def _forget(self, key: str) -> None:
        with self._lock:
            self._inflight.pop(key, None)

    def _make(self, key: str, parts: list[Part]) -> AudioFiles:
        found = self.cache.get(key)  # made by another process meanwhile
        if found:
            return found
        mp3, vtt = synthesise(parts)
        return self.cache.put(key, mp3, vtt)

    async def audio(self, article: Article) -> AudioFiles:
        """The article's audio, made now if needed; SpeechUnavailable on no voice,
        a failing voice or a timeout (the job goes on, so a retry may find it done)."""
        found = self.cached(article)
        if found:
            return found
        key, future = self._job(article)
        try:
            return await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(future)), self.timeout)
        except TimeoutError:
            raise SpeechUnavailable("the audio is still being made", retry_after=10) from None
        except SpeechUnavailable:
            raise
        except Exception as exc:
            log.warning("speech synthesis failed for %s: %r", key[:12], exc)
            raise SpeechUnavailable("the voice failed", retry_after=120) from exc

    def build(self, article: Article, timeout: float | None = None) -> AudioFiles | None:
        """Make (or find) the audio, waiting for it: for ``reader speech build``."""
        found = self.cached(article)
        if found or self.voice_for(article.lang) is None:
            return found
        _, future = self._job(article)
        return future.result(timeout)

    def info(self) -> dict[str, Any]:
        return {"voices": {lang: voice.name for lang, voice in self.voices.items()},
                "plugins": sorted(name for name, _ in self.plugins.list_name_plugin())}
