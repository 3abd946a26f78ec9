"""The import driver behind ``reader import PATH...``.

Files and folders (recursively) are read one by one; the reader is chosen by
the content (front matter, HTML, plain text), not by trusting the extension.
Each article is saved in its own transaction, after its images are on disk, so
a failing file or a killed process never leaves half an article: a bad file is
reported with its path and reason and the rest go on.
"""

from __future__ import annotations

import argparse
import errno
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Protocol, TextIO, cast

from ..config import Settings
from ..models import ArticleInput, Locale
from ..progress import Progress
from ..store import Store, StoreConflict, StoreError, StoreFull, count_words
from .body import Body, Draft, ReadError, build_body
from .dates import VIETNAM
from .images import ImageError
from .language import detect_language
from .markdown import has_front_matter, read_markdown
from .portal import looks_like_html, read_portal
from .slugs import slugify, unique_slug
from .textdump import read_textdump

MAX_BYTES = 32 * 2**20
SUFFIXES = {".md", ".markdown", ".html", ".htm", ".txt", ".text"}
_SIGNATURES = {b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image",
               b"%PDF": "a PDF document", b"PK\x03\x04": "a ZIP archive (or an Office document)",
               b"\x1f\x8b": "a gzip archive", b"RIFF": "a RIFF file (WebP, WAV...)",
               b"SQLite format 3": "an SQLite database", b"\x7fELF": "a program"}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)


class DiskFull(Exception):
    """The disk (or a file-size limit) is full: the run stops cleanly."""


def disk_full(exc: BaseException) -> bool:
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        return True
    if isinstance(exc, StoreFull):
        return True
    return disk_full(exc.__cause__) if exc.__cause__ is not None else False


@dataclass
class FileResult:
    path: Path
    status: str  # "imported", "updated" or "failed"
    slug: str = ""
    reason: str = ""
    warnings: list[str] = field(default_factory=list)


class Outcome(Protocol):
    """One file's or one page's result (FileResult, reader.ingest.web.PageResult)."""

    status: str
    warnings: list[str]


@dataclass
class Report:
    results: list[Outcome] = field(default_factory=list)
    stopped: str | None = None  # why the run ended early (a full disk), if it did

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    @property
    def warnings(self) -> int:
        return sum(len(r.warnings) for r in self.results)

    def summary(self) -> str:
        # Pages read from the web may also be unchanged or withdrawn (gone from their portal).
        more = "".join(f", {status} {self.count(status)}" for status in ("unchanged", "withdrawn", "skipped")
                       if self.count(status))
        return (f"imported {self.count('imported')}, updated {self.count('updated')}, "
                f"failed {self.count('failed')}, warnings {self.warnings}{more}"
                + (" (stopped early: the disk is full)" if self.stopped else ""))


def discover(paths: Iterable[Path]) -> list[tuple[Path, Path | str]]:
    """Files to import, in a stable order, each with the folder its images may
    come from (the folder named on the command line, or the file's own), or
    with the reason it cannot be read.  Inside folders only article-like
    extensions are taken (a saved page's images and scripts sit beside it);
    a file named on the command line is always tried."""
    found: list[tuple[Path, Path | str]] = []
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                parts = child.relative_to(path).parts
                if any(p.startswith(".") or p.endswith("_files") for p in parts):
                    continue
                if child.is_file() and child.suffix.lower() in SUFFIXES:
                    found.append((child, path))
        elif path.is_file():
            found.append((path, path.parent))
        else:
            found.append((path, "no such file or folder"))
    return found


def decode(raw: bytes) -> str:
    """The text of a file, or a ReadError a person can act on."""
    if not raw.strip():
        raise ReadError("the file is empty")
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if raw.startswith(bom):
            try:
                return unicodedata.normalize("NFC", raw.decode(codec))
            except UnicodeDecodeError as exc:
                raise ReadError(f"starts with a {codec} byte-order mark but is not {codec} ({exc})") from None
    for signature, what in _SIGNATURES.items():
        if raw.startswith(signature):
            raise ReadError(f"this is {what}, not an article (binary file)")
    head = raw[:4096]
    if b"\x00" in head:
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if max(even, odd) > len(head) // 4 and min(even, odd) < len(head) // 50:
            raise ReadError("looks like UTF-16 text without a byte-order mark; "
                            "save it as UTF-8 and import it again")
        raise ReadError("this is a binary file (it contains NUL bytes), not an article")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        declared = _CHARSET.search(raw[:4096])
        codec = declared.group(1).decode("ascii").lower() if declared else ""
        if codec and codec.replace("-", "").replace("_", "") not in ("utf8",):
            try:
                text = raw.decode(codec)
            except (LookupError, UnicodeDecodeError):
                raise ReadError(f"declares the encoding {codec!r} but cannot be read in it; "
                                "save it as UTF-8 and import it again") from None
        else:
            bad = raw[exc.start]
            raise ReadError(
                f"not UTF-8 text (byte 0x{bad:02x} at offset {exc.start}); it may be in a legacy "
                "encoding such as Windows-1258 (CP1258): save it as UTF-8 and import it again") from None
    controls = sum(1 for ch in text[:8000] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > len(text[:8000]) // 100:
        raise ReadError("this looks like a binary file (many control characters), not an article")
    return unicodedata.normalize("NFC", text)


def read_draft(path: Path, text: str) -> Draft:
    suffix = path.suffix.lower()
    if has_front_matter(text) or suffix in (".md", ".markdown"):
        return read_markdown(text, path)
    if looks_like_html(text) or suffix in (".html", ".htm"):
        return read_portal(text, path)
    return read_textdump(text, path)


class Importer:
    """Imports files into one store; ``lang`` forces the articles' language."""

    def __init__(self, store: Store, media_dir: Path, *, lang: Locale | None = None) -> None:
        self.store = store
        self.media_dir = media_dir
        self.lang = lang
        self._unlinked: list[tuple[FileResult, str]] = []  # (result, translation_of) to retry

    def run(self, paths: Sequence[Path],
            progress: Callable[[int, int, FileResult], None] | None = None) -> Report:
        report = Report()
        todo = discover(paths)
        for number, (path, root) in enumerate(todo, start=1):
            if isinstance(root, str):
                result = FileResult(path, "failed", reason=root)
            else:
                try:
                    result = self.import_file(path, root)
                except DiskFull as exc:
                    result = FileResult(path, "failed", reason=str(exc).split(": ", 1)[1])
                    report.results.append(result)
                    report.stopped = str(exc)
                    if progress is not None:
                        progress(number, len(todo), result)
                    break
            report.results.append(result)
            if progress is not None:
                progress(number, len(todo), result)
        for result, warning in self._link_translations():
            result.warnings.append(warning)
            if progress is not None:  # report the late warning on its own
                progress(len(todo), len(todo), FileResult(result.path, "late", warnings=[warning]))
        return report

    def import_file(self, path: Path, root: Path | None = None) -> FileResult:
        try:
            return self._import(path, root or path.parent)
        except Exception as exc:
            if disk_full(exc):  # every later file would fail the same way: stop the run
                raise DiskFull(f"{path}: the disk is full ({exc}); stopped here, "
                               "nothing from this file was stored") from exc
            return self._failure(path, exc)

    def _failure(self, path: Path, exc: Exception) -> FileResult:
        try:
            raise exc
        except (ReadError, ImageError) as exc:
            return FileResult(path, "failed", reason=str(exc))
        except OSError as exc:
            return FileResult(path, "failed", reason=f"cannot read it ({exc.strerror or exc})")
        except StoreConflict as exc:
            return FileResult(path, "failed", reason=f"conflicts with an article already stored ({exc})")
        except StoreError as exc:
            return FileResult(path, "failed", reason=f"the database refused it ({exc})")
        except Exception as exc:  # a bug must not cost the rest of the batch
            return FileResult(path, "failed", reason=f"unexpected error: {type(exc).__name__}: {exc}")

    def _import(self, path: Path, root: Path) -> FileResult:
        if path.stat().st_size > MAX_BYTES:
            raise ReadError(f"the file is larger than {MAX_BYTES // 2**20} MiB; an article page never is")
        draft = read_draft(path, decode(path.read_bytes()))
        body = build_body(draft.body_html, title=draft.title, base_dir=path.parent, root=root,
                          media_dir=self.media_dir, described=draft.images)
        source_key = f"file:{path.resolve()}"
        fallback = (datetime.fromtimestamp(path.stat().st_mtime, VIETNAM),
                    "no publication date found; used the file's modification time")
        item, warnings = self.article(draft, body, source_key, fallback)
        _, created = self.store.save(item)
        result = FileResult(path, "imported" if created else "updated", slug=item.slug, warnings=warnings)
        if draft.translation_of and not item.translation_group:
            self._unlinked.append((result, draft.translation_of))
        return result

    def article(self, draft: Draft, body: Body, source_key: str, fallback: tuple[datetime, str],
                lang: Locale | None = None) -> tuple[ArticleInput, list[str]]:
        """The article to save from a read and cleaned page, with its warnings:
        its language (forced, declared, else detected), its slug (the author's,
        else the one this source had, else a new one from the title) and its
        date (``fallback``, with a note, when the page gives none)."""
        if count_words(body.html) == 0:
            raise ReadError("no article text is left once the portal's chrome is removed")
        warnings = [*draft.warnings, *body.warnings]
        forced = lang or self.lang
        if forced is not None:
            lang = forced
        elif draft.lang in ("vi", "en"):
            lang = cast(Locale, draft.lang)
        else:
            lang = detect_language(f"{draft.title}\n{draft.lead}\n{re.sub(r'<[^>]+>', ' ', body.html)}")
        # A slug named by the author wins (this is that article); else the one
        # this source got last time, so a re-import keeps its URL.
        slug = slugify(draft.slug) if draft.slug else self.store.source_slug(source_key)
        if slug is None:
            def taken(candidate: str) -> bool:
                used, owner = self.store.slug_source(candidate)
                return used and owner != source_key
            slug = unique_slug(slugify(draft.title), taken)
        published = draft.published
        if published is None:
            published = fallback[0]
            warnings.append(fallback[1])
        return ArticleInput(
            slug=slug, lang=lang, title=draft.title, summary=draft.lead, body_html=body.html,
            author=draft.author, published_at=published, source_url=draft.source_url,
            translation_group=draft.translation_group, images=tuple(body.images), source_key=source_key,
        ), warnings

    def _link_translations(self) -> list[tuple[FileResult, str]]:
        """``translation_of: other-slug`` joins the other article's group (one
        named after it when it has none).  Done after every file is in, so the
        order of the files does not matter.  Returns the links that failed."""
        failed: list[tuple[FileResult, str]] = []
        for result, target in self._unlinked:
            if self.store.article(target) is None:
                failed.append((result, f"translation_of {target!r}: no such article; import it too"))
                continue
            try:
                self.store.link_translation(result.slug, target)
            except StoreConflict:
                failed.append((result, f"translation_of {target!r}: that group already has an article "
                                       "in this language"))
        self._unlinked.clear()
        return failed


# -- the command ----------------------------------------------------------------------
def is_url(argument: str) -> bool:
    return re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", argument) is not None


def main(args: argparse.Namespace, *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Files and folders first, then URLs (http and https), into one report."""
    from ..cli import open_for_command
    from ..config import ConfigError
    from ..progress import progress, summary

    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        settings, store = open_for_command(args.db)
    except (ConfigError, StoreError) as exc:
        print(f"reader import: {exc}", file=err)
        return 1
    paths = [Path(p) for p in args.paths if not is_url(p)]
    urls = [p for p in args.paths if is_url(p)]
    try:
        with progress(None, job="import", stream=err, unit="file") as bar:
            def report_file(done: int, total: int, result: FileResult) -> None:
                bar.set_total(total + len(urls))
                if result.status == "failed":
                    bar.message(f"reader import: error: {result.path}: {result.reason}")
                for warning in result.warnings:
                    bar.message(f"reader import: warning: {result.path}: {warning}")
                bar.advance(1, result.path.name)

            report = Importer(store, settings.media_dir, lang=args.lang).run(paths, report_file) if paths \
                else Report()
            if urls and not report.stopped:
                bar.set_total(len(report.results) + len(urls))
                try:
                    import_urls(store, settings, args, urls, report, bar)
                except ConfigError as exc:
                    print(f"reader import: {exc}", file=err)
                    return 1
    finally:
        store.close()
    summary(report.summary(), out)
    return 1 if report.count("failed") else 0


def import_urls(store: Store, settings: Settings, args: argparse.Namespace, urls: list[str], report: Report,
                bar: Progress) -> None:
    from ..web.client import client_for
    from .web import PageResult, WebImporter

    with client_for(settings, allow_private=args.allow_private, memory=store) as client:
        importer = WebImporter(store, settings.media_dir, client, lang=args.lang)
        for url in urls:
            try:
                result = importer.import_url(url, conditional=False)
            except DiskFull as exc:
                result = PageResult(url, "failed", reason=str(exc).split(": ", 1)[1])
                report.stopped = str(exc)
            report.results.append(result)
            if result.status in ("failed", "skipped"):
                bar.message(f"reader import: {'error' if result.status == 'failed' else 'skipped'}: {url}: "
                            f"{result.reason}")
            for warning in result.warnings:
                bar.message(f"reader import: warning: {url}: {warning}")
            bar.advance(1, result.name)
            if report.stopped:
                break
