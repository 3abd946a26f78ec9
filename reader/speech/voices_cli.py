"""``reader speech voices add|list|remove``: what an operator types, and what it prints.

Every run ends with one ``voices: ...`` summary line (reader/progress.py), and a
refusal is one line naming the file and the reason, with exit status 1.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from ..config import Settings
from ..progress import summary
from . import piper
from .voices import Installed, VoiceError, add, damage


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def run(args: argparse.Namespace, settings: Settings, out: TextIO | None = None) -> int:
    out = out or sys.stderr
    folder = settings.voices_dir
    try:
        if args.voices_action == "add":
            entry = add(args.source, args.sha256, folder, out, max_bytes=args.max_size * 1024 * 1024)
            summary(f"voices: {entry.name} ({entry.lang}, {_megabytes(entry.size)}) is installed in {folder} "
                    f"and speaks {entry.lang}; restart 'reader serve' to use it", out)
        elif args.voices_action == "remove":
            entry = Installed(folder).remove(args.name)
            summary(f"voices: removed {entry.name}; restart 'reader serve' to stop using it", out)
        else:
            show(settings, sys.stdout)
    except VoiceError as exc:
        print(f"reader: {exc}", file=out)
        summary("voices: nothing changed", out)
        return 1
    return 0


def show(settings: Settings, out: TextIO) -> None:
    """The installed voices, then the voice each language gets at the server's next start."""
    from . import Speech

    folder = settings.voices_dir
    installed = Installed(folder)
    try:
        entries = installed.entries()
    except VoiceError as exc:
        print(f"reader: {exc}", file=out)
        entries = []
    print(f"Installed voices ({folder}):", file=out)
    for entry in entries:
        problem = damage(entry)
        state = f"  DAMAGED: {problem}" if problem else ""
        print(f"  {entry.name}  {entry.lang}  {_megabytes(entry.size)}  sha256 {entry.sha256[:16]}…{state}",
              file=out)
    if not entries:
        print("  none (add one with: reader speech voices add PATH_OR_URL --sha256 HEX)", file=out)
    elif not piper.installed():
        print(f"  (not used: Piper is not installed; {piper.EXTRA})", file=out)
    speech = Speech(settings.audio_dir, voices_dir=folder)
    print("Voice for each language (from the next start of 'reader serve'):", file=out)
    for lang, voice in sorted(speech.voices.items()):
        print(f"  {lang}  {getattr(voice, 'label', voice.name)}  [{voice.name}]", file=out)
    summary(f"voices: {len(entries)} installed; {len(speech.voices)} languages have a server voice", out)
