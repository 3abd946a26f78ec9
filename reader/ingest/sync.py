"""``reader sync [--every MINUTES]``: keep in step with every source followed.

For each source (a feed or a sitemap, ``reader sources add``) the document is
fetched with the validators of the last complete visit.  When the server
answers 304, or sends the very bytes it sent last time, nothing else is
requested: one request per feed, none per article.  When it changed, each
page it lists is imported (reader.ingest.web): new pages in full, known ones
with a conditional GET, except those whose listed modification time (Atom
``updated``, sitemap ``lastmod``) is the one seen last time.  A page that
left the listing is asked for once more, so one the portal withdrew (404,
410) is withdrawn here too.  ``--recheck`` revalidates every article of
every source, for the edits and withdrawals a feed never shows.

A document's validators are saved only once everything it listed is in: a
sync that is killed, or that failed on some page, fetches the listing in
full next time and finishes the job.  Each article is saved in its own
transaction (after its images are on disk), so the site keeps serving while
a sync runs and a killed sync leaves no half-written article.

One failing source (a timeout, a 5xx, a broken feed) is reported by name and
the others go on; the exit status is 1 if any failed.  SIGTERM and SIGINT
stop the run between two articles.
"""

from __future__ import annotations

import argparse
import hashlib
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from types import FrameType
from typing import TextIO

from ..models import DocumentState, Fetch, Source
from ..progress import Progress, progress, summary
from ..store import Store
from ..web.client import Client, FetchError
from ..web.listing import Entry, Listing, ListingError, parse_listing
from .run import DiskFull
from .web import Listed, PageResult, WebImporter

MAX_SITEMAPS = 1000  # sitemaps one index may name
WORKERS = 4  # pages fetched and read at once (see Syncer._run)
STATUSES = ("imported", "updated", "unchanged", "withdrawn", "skipped", "failed")


@dataclass
class Document:
    """A feed or sitemap fetched in full this time."""

    state: DocumentState  # remembered once every page it lists is in
    listing: Listing
    vanished: bool = False  # a sitemap its index no longer names: its pages are asked once more

    @property
    def url(self) -> str:
        return self.state.url


@dataclass
class SourceReport:
    source: Source
    pages: list[PageResult] = field(default_factory=list)
    error: str = ""  # why the source itself failed (its feed, its sitemap)
    unchanged_listing: bool = False
    stopped: bool = False

    def count(self, status: str) -> int:
        return sum(p.status == status for p in self.pages)

    @property
    def ok(self) -> bool:
        return not self.error and not self.count("failed")

    def text(self) -> str:
        """What ``reader sources list`` shows as the last result."""
        if self.error:
            return f"failed: {self.error}"
        if self.unchanged_listing:
            return "unchanged"
        counts = ", ".join(f"{s} {self.count(s)}" for s in STATUSES)
        return ("stopped: " if self.stopped else "" if self.ok else "some pages failed: ") + counts


class Syncer:
    def __init__(self, store: Store, importer: WebImporter, *, recheck: bool = False,
                 stop: threading.Event | None = None, workers: int = WORKERS) -> None:
        self.workers = workers
        self.store = store
        self.importer = importer
        self.client: Client = importer.client
        self.recheck = recheck
        self.stop = stop or threading.Event()
        self.planned = 0  # pages the listings named so far, for the progress bar

    # -- the listing ----------------------------------------------------------------------
    def _fetch_document(self, source: Source, url: str, stamp: str | None = None) -> Document | None:
        """The document at ``url``, or None when it is as it was (304, or the same bytes)."""
        known = self.store.document(url)
        etag, last_modified = (known.etag, known.last_modified) if known and not self.recheck else (None, None)
        fetched = self.client.get(url, "feed", etag=etag, last_modified=last_modified)
        if fetched.gone:
            raise FetchError(f"{url}: answers {fetched.status}; has the portal moved it?")
        if fetched.status == 304:
            return None
        digest = hashlib.sha256(fetched.body).hexdigest()
        if known is not None and digest == known.content_hash and not self.recheck:
            now = replace(known, etag=fetched.etag, last_modified=fetched.last_modified,
                          stamp=stamp or known.stamp)
            if now != known:
                self.store.save_document(source.id, now)
            return None
        try:
            listing = parse_listing(fetched.body, fetched.url)
        except ListingError as exc:
            raise ListingError(f"{url}: {exc}") from None
        return Document(DocumentState(url, fetched.etag, fetched.last_modified, digest, stamp), listing)

    def documents(self, source: Source) -> list[Document]:
        """What changed: the feed; or the sitemap index and those of its
        sitemaps that changed.  A sitemap whose ``lastmod`` in the index is
        the one seen last time is not asked for; one without is asked with a
        conditional GET even when the index itself is unchanged."""
        top = self._fetch_document(source, source.url)
        if top is not None and top.listing.kind != "sitemapindex":
            return [top]
        known = {d.url: d for d in self.store.documents(source.id) if d.url != source.url}
        if top is None:
            named = [(url, state.stamp) for url, state in known.items()]  # the index is as it was
        else:
            named = [(e.url, e.stamp) for e in top.listing.entries[:MAX_SITEMAPS]]
        found = [top] if top is not None else []
        for url, stamp in named:
            if self.stop.is_set():
                break
            old = known.get(url)
            if old is not None and stamp is not None and old.stamp == stamp and not self.recheck:
                continue
            document = self._fetch_document(source, url, stamp)
            if document is None:
                continue
            if document.listing.kind == "sitemapindex":
                raise ListingError(f"{url}: a sitemap index inside a sitemap index (not allowed)")
            found.append(document)
        if top is not None:
            for url in sorted(set(known) - {u for u, _ in named}):
                found.append(Document(DocumentState(url), Listing("sitemap"), vanished=True))
        return found

    # -- one source -----------------------------------------------------------------------
    def sync_source(self, source: Source, bar: Progress | None = None) -> SourceReport:
        report = SourceReport(source)
        try:
            documents = self.documents(source)
        except (FetchError, ListingError) as exc:
            report.error = str(exc)
            self.store.record_sync(source.id, False, report.text())
            return report
        if self.stop.is_set():  # stopped while reading the listings: none of them is complete
            report.stopped = True
        elif not documents and not self.recheck:
            report.unchanged_listing = True
        pages = [d for d in documents if d.listing.kind != "sitemapindex"]
        if bar is not None:
            self.planned += sum(len(d.listing.entries) for d in pages)
            bar.set_total(self.planned)
        seen: set[str] = set()
        tasks: list[Callable[[], PageResult]] = []
        for document in pages:
            for entry in document.listing.entries:
                if entry.url not in seen:
                    seen.add(entry.url)
                    tasks.append(partial(self._entry, source, document.url, entry))
        self._run(tasks, report, bar)
        tasks = []
        for document in pages:  # pages that left the listings: asked once more (withdrawn?)
            gone = sorted(self.store.listed(document.url) - seen)
            tasks += [partial(self._dropped, url) for url in gone]
            seen.update(gone)
        # --recheck: every page again; else the pages stored without some of their
        # images, whatever the listing says, so the images come once they can.
        tasks += [partial(self.importer.import_url, url)
                  for url in self.store.source_pages(source.id, partial=not self.recheck) if url not in seen]
        if bar is not None and tasks:
            self.planned += len(tasks)
            bar.set_total(self.planned)
        self._run(tasks, report, bar)
        if report.ok and not report.stopped:
            for document in documents:
                if document.vanished:
                    self.store.forget_document(document.url)
                else:
                    self.store.save_document(source.id, document.state)
        self.store.record_sync(source.id, report.ok, report.text())
        return report

    def _run(self, tasks: list[Callable[[], PageResult]], report: SourceReport, bar: Progress | None) -> None:
        """Pages a few at a time: downloads, Pillow's resizing and encoding
        release the GIL, so both cores work.  The client's per-host pacing
        keeps this polite (with one request a second per host, the workers
        simply take turns).  A stop request lets the pages under way finish
        and starts no other."""
        if not tasks or report.stopped:
            return
        started = 0
        with ThreadPoolExecutor(self.workers, thread_name_prefix="reader-sync") as pool:
            pending: set[Future[PageResult]] = set()
            while pending or started < len(tasks):
                while started < len(tasks) and len(pending) < 2 * self.workers and not self.stop.is_set():
                    pending.add(pool.submit(tasks[started]))
                    started += 1
                if not pending:
                    break
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    self._note(report, future.result(), bar)  # DiskFull ends the run
        if started < len(tasks):
            report.stopped = True

    def _dropped(self, url: str) -> PageResult:
        result = self.importer.import_url(url)
        self.store.unlist(url)
        return result

    def _entry(self, source: Source, document: str, entry: Entry) -> PageResult:
        state = self.store.page_state(entry.url)
        if (not self.recheck and state is not None and state.complete and state.withdrawn_by is None
                and entry.stamp is not None and entry.stamp == state.listed_stamp):
            # The listing says it has not changed since we read it: no request.
            if state.listed_in != document:
                self.store.page_unchanged(entry.url, Fetch(source.id, state.etag, state.last_modified,
                                                           listed_in=document, listed_stamp=entry.stamp))
            return PageResult(entry.url, "unchanged", state.slug)
        return self.importer.import_url(entry.url, Listed(source, document, entry.stamp, entry.published))

    @staticmethod
    def _note(report: SourceReport, result: PageResult, bar: Progress | None) -> None:
        report.pages.append(result)
        if bar is None:
            return
        if result.status == "failed":
            bar.message(f"reader sync: error: {result.url}: {result.reason}")
        elif result.status == "skipped":
            bar.message(f"reader sync: skipped: {result.url}: {result.reason}")
        for warning in result.warnings:
            bar.message(f"reader sync: warning: {result.url}: {warning}")
        bar.advance(1, result.name)


# -- the command ----------------------------------------------------------------------------
@dataclass
class RunReport:
    sources: list[SourceReport] = field(default_factory=list)
    requests: int = 0
    seconds: float = 0.0
    stopped: str = ""

    def count(self, status: str) -> int:
        return sum(s.count(status) for s in self.sources)

    @property
    def failed(self) -> list[SourceReport]:
        return [s for s in self.sources if not s.ok]

    def summary(self) -> str:
        pages = ", ".join(f"{s} {self.count(s)}" for s in STATUSES[:-1])
        return (f"sync: {len(self.sources)} sources ({len(self.failed)} failed); {pages}, "
                f"failed {self.count('failed')} pages; {self.requests} requests in {self.seconds:.1f} s"
                + (f" ({self.stopped})" if self.stopped else ""))


def sync_all(store: Store, importer: WebImporter, *, recheck: bool = False, stop: threading.Event | None = None,
             stream: TextIO | None = None) -> RunReport:
    syncer = Syncer(store, importer, recheck=recheck, stop=stop)
    report = RunReport()
    started = time.monotonic()
    before = importer.client.requests
    with progress(None, job="sync", stream=stream, unit="page") as bar:
        bar.set_total(0)
        for source in store.sources():
            if syncer.stop.is_set():
                report.stopped = "stopped"
                break
            try:
                result = syncer.sync_source(source, bar)
            except DiskFull as exc:
                bar.message(f"reader sync: error: {exc}")
                report.stopped = "stopped early: the disk is full"
                report.sources.append(SourceReport(source, error=str(exc)))
                break
            report.sources.append(result)
            if result.error:
                bar.message(f"reader sync: error: {source.url}: {result.error.removeprefix(source.url + ': ')}")
            elif not result.ok:
                bar.message(f"reader sync: error: {source.url}: {result.count('failed')} pages failed")
            if result.stopped:
                report.stopped = "stopped"
    report.requests = importer.client.requests - before
    report.seconds = time.monotonic() - started
    return report


@contextmanager
def stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """SIGTERM (systemd stopping the service) and SIGINT (Ctrl-C) ask the run to
    stop between two articles; a second one stops at once."""
    previous: dict[signal.Signals, Callable[[int, FrameType | None], object] | int | None] = {}

    def handler(number: int, frame: FrameType | None) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()

    for number in (signal.SIGTERM, signal.SIGINT):
        previous[number] = signal.signal(number, handler)
    try:
        yield
    finally:
        for number, old in previous.items():
            signal.signal(number, old if old is not None else signal.SIG_DFL)


def main(args: argparse.Namespace, *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    from ..cli import open_for_command
    from ..config import ConfigError
    from ..store import StoreError
    from ..web.client import client_for

    out, err = stdout or sys.stdout, stderr or sys.stderr
    try:
        settings, store = open_for_command(args.db)
    except (ConfigError, StoreError) as exc:
        print(f"reader sync: {exc}", file=err)
        return 1
    stop = threading.Event()
    try:
        client = client_for(settings, allow_private=args.allow_private, memory=store)
    except ConfigError as exc:
        print(f"reader sync: {exc}", file=err)
        store.close()
        return 1
    if not settings.contact_url:
        print("reader sync: note: set READER_CONTACT_URL to a page where a portal's administrator can "
              "reach you; it is sent with every request", file=err)
    status = 0
    try:
        with client, stop_on_signals(stop):
            importer = WebImporter(store, settings.media_dir, client)
            if not store.sources():
                print("reader sync: no sources yet; add one with: reader sources add URL", file=err)
            while True:
                report = sync_all(store, importer, recheck=args.recheck, stop=stop, stream=err)
                summary(report.summary(), out)
                status = 1 if report.failed else 0
                if args.every is None or stop.is_set():
                    break
                if stop.wait(args.every * 60):  # woken early by SIGTERM/SIGINT
                    break
    except KeyboardInterrupt:
        print("reader sync: stopped at once (a second signal)", file=err)
        status = 130
    finally:
        store.close()
    return 0 if args.every is not None and stop.is_set() and status == 0 else status
