"""Static files: content-hashed names, precompressed, minified where that is
safe to do simply, served by WhiteNoise.

At start-up every file under ``static/`` is copied once to ``name.<hash>.ext`` in
the build directory with ``.gz`` and ``.br`` beside it.  Templates ask for the
logical name (``static("css/reader.css")``) and get the hashed URL, which is
cached for a year: a changed file is a new URL, so nobody sees a stale one.
Building is idempotent and safe for several processes at once (each file is
written under a temporary name and renamed into place).
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import os
import posixpath
import re
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, cast

import brotli
from a2wsgi import WSGIMiddleware
from starlette.types import ASGIApp
from whitenoise import WhiteNoise

HASHED_NAME = re.compile(r"\.[0-9a-f]{12}\.\w+$")
COMPRESSIBLE = {".css", ".js", ".svg", ".txt", ".json", ".xml", ".vtt", ".html"}


def _write_atomic(target: Path, data: bytes) -> None:
    if target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, target)


def sha256_base64(text: str) -> str:
    """The CSP source hash of an inline element's text."""
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def hashed_name(relative: str, data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()[:12]
    stem, dot, ext = relative.rpartition(".")
    return f"{stem}.{digest}.{ext}" if dot else f"{relative}.{digest}"


_CSS_URL = re.compile(r"url\((?!data:)([^)\"']+)\)")


def _rewrite_css_urls(relative: str, data: bytes, manifest: dict[str, str]) -> bytes:
    """Point ``url(../fonts/x.woff2)`` at the hashed name, so fonts and images
    referenced from CSS are cached for a year too."""
    base = posixpath.dirname(relative)

    def swap(match: re.Match[str]) -> str:
        target = posixpath.normpath(posixpath.join(base, match.group(1)))
        hashed = manifest.get(target)
        if hashed is None:
            return match.group(0)
        return f"url({posixpath.relpath(hashed, base or '.')})"

    return _CSS_URL.sub(swap, data.decode()).encode()


_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_CSS_SPACE = re.compile(r"\s+")
_CSS_PUNCTUATION = re.compile(r" ?([{};,]) ?")


def minify_css(text: str) -> str:
    """Comments out, runs of white space to one, none beside ``{ } ; ,``.
    Our stylesheets keep their comments for people; readers on 2G should not
    pay for them (a sixth of reader.css's compressed bytes, in every page).
    Deliberately simple: it never touches ``:`` (``a :hover`` is not
    ``a:hover``) or ``+``/``-`` (``calc()`` needs the spaces), and it assumes
    no ``/*`` inside a string, which tests/test_static.py checks."""
    text = _CSS_COMMENT.sub("", text)
    text = _CSS_PUNCTUATION.sub(r"\1", _CSS_SPACE.sub(" ", text))
    return text.replace(";}", "}").strip()


_JS_COMMENT_LINE = re.compile(r"^[ \t]*//[^\n]*\n", re.M)


def minify_js(text: str) -> str:
    """Lines that are only a ``//`` comment out, and every line's indentation.
    Our scripts keep their comments for people (a third of their compressed
    bytes); on 2G readers should not pay for them.  Deliberately simple: a
    line with code on it is kept whole (a ``//`` there may sit in a string or
    a regular expression), line breaks stay (automatic semicolons), and it
    assumes no template literal spans lines, which tests/test_static.py
    checks.  Vendored files are already minified and left alone."""
    return "\n".join(line.lstrip() for line in _JS_COMMENT_LINE.sub("", text).split("\n"))


def build(source: Path, target: Path) -> dict[str, str]:
    """Hash and compress ``source`` into ``target``; returns logical -> hashed name.
    CSS goes last, so the files it refers to already have their hashed names."""
    manifest: dict[str, str] = {}
    files = sorted((p for p in source.rglob("*") if p.is_file()), key=lambda p: (p.suffix == ".css", p))
    for path in files:
        relative = path.relative_to(source).as_posix()
        data = path.read_bytes()
        if path.suffix == ".css":
            data = minify_css(_rewrite_css_urls(relative, data, manifest).decode()).encode()
        elif path.suffix == ".js" and not relative.startswith("vendor/"):
            data = minify_js(data.decode()).encode()
        name = hashed_name(relative, data)
        manifest[relative] = name
        out = target / name
        _write_atomic(out, data)
        if path.suffix in COMPRESSIBLE and len(data) > 256:
            _write_atomic(out.with_name(out.name + ".gz"), gzip.compress(data, 9, mtime=0))
            _write_atomic(out.with_name(out.name + ".br"), brotli.compress(data, quality=11))
    return manifest


def _not_found(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
    return [b"Not found"]


def static_app(root: Path) -> ASGIApp:
    files = WhiteNoise(
        _not_found,
        root=str(root),
        prefix="/",
        immutable_file_test=lambda path, url: bool(HASHED_NAME.search(url)),
        max_age=3600,
    )
    return cast(ASGIApp, WSGIMiddleware(files))  # a2wsgi types its own scopes


class StaticUrls:
    """``static("css/reader.css")`` -> ``/static/css/reader.<hash>.css``."""

    def __init__(self, manifest: dict[str, str], prefix: str = "/static/") -> None:
        self._manifest = manifest
        self._prefix = prefix

    def __call__(self, name: str) -> str:
        return self._prefix + self._manifest[name]
