"""Neural server voices: Piper voice files kept in the data directory.

Piper (``piper-tts``, GPL-3.0-or-later) is an optional extra,
``pip install 'reader[piper]'``, imported only when a voice is used, so Reader
itself never depends on it.  Voices are installed with ``reader speech voices
add`` (reader/speech/voices.py); this built-in plugin registers the one chosen
for each language through the same hook a third party uses, ahead of eSpeak.

Piper gives no word events: it is asked for one sentence at a time, so the VTT
has exact sentence cues, and reader/speech/timing.py estimates the word times
inside each sentence from the characters before each word.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .hookspecs import Clip, hookimpl

log = logging.getLogger("reader.speech")

EXTRA = "pip install 'reader[piper]'"
SENTENCE_GAP_MS = 200  # between the sentences Piper finds inside one of ours


class PiperMissing(RuntimeError):
    def __init__(self) -> None:
        super().__init__(f"Piper voices need the optional extra: {EXTRA}")


def installed() -> bool:
    """Whether the extra is installed (without importing it: it loads onnxruntime)."""
    import importlib.util

    return importlib.util.find_spec("piper") is not None and importlib.util.find_spec("onnxruntime") is not None


def load(model: Path, config: Path | None = None) -> Any:
    """A ``piper.PiperVoice`` for ``model`` (its config beside it, ``.onnx.json``, unless given).

    One onnxruntime thread that sleeps when idle, not one per core spinning
    between operations (its default): syntheses run one at a time anyway, and
    the server's pages need the other cores.  Measured on the 2-core machine
    under load, a paragraph took 9.5 s of wall time and 2.9 s of CPU this way,
    22 s and 4.9 s with the defaults."""
    try:
        import onnxruntime
        from piper import PiperVoice
        from piper.config import PiperConfig
    except ImportError:
        raise PiperMissing() from None
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    settings = json.loads(Path(config or f"{model}.json").read_text(encoding="utf-8"))
    session = onnxruntime.InferenceSession(str(model), sess_options=options, providers=["CPUExecutionProvider"])
    return PiperVoice(session=session, config=PiperConfig.from_dict(settings))


def synthesise(voice: Any, text: str) -> Clip:
    """Say ``text`` with a loaded Piper voice: its sentences, joined by a short gap."""
    rate = int(voice.config.sample_rate)
    gap = bytes(2 * (rate * SENTENCE_GAP_MS // 1000))
    chunks = [chunk.audio_int16_bytes for chunk in voice.synthesize(text)]
    return Clip(gap.join(chunks), rate)


class PiperVoice:
    """One installed Piper voice, loaded on first use (a model is tens of MB)."""

    def __init__(self, model: Path, sha256: str, lang: str) -> None:
        self.model = model
        self.lang = lang
        self.name = f"piper/{model.stem}@{sha256[:16]}"  # the checksum: a new model, new audio
        self.label = f"Piper ({model.stem})"
        self._voice: Any = None
        self._lock = threading.Lock()

    def _loaded(self) -> Any:
        with self._lock:
            if self._voice is None:
                self._voice = load(self.model)
            return self._voice

    def speak(self, text: str, lang: str) -> Clip:
        if lang.split("-")[0] != self.lang:
            raise ValueError(f"the Piper voice {self.model.stem} speaks {self.lang}, not {lang}")
        return synthesise(self._loaded(), text)


@hookimpl(trylast=True)
def register_voices(register: Callable[..., None], voices_dir: Path | None = None) -> None:
    """The voice chosen for each language in ``voices_dir``: asked before eSpeak (see
    DEFAULT_PLUGINS), so it wins; a third party's voice still wins over both."""
    if voices_dir is None:
        return
    from .voices import Installed

    chosen = Installed(voices_dir).chosen()
    if not chosen:
        return
    if not installed():
        log.warning("Piper voices are installed in %s but Piper is not: %s (using eSpeak NG meanwhile)",
                    voices_dir, EXTRA)
        return
    for lang, entry in chosen.items():
        register(PiperVoice(entry.model, entry.sha256, lang), languages=(lang,))
