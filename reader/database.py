"""``reader db copy`` and ``reader db check``: moving a site to another database
(an SQLite file into PostgreSQL, usually) and checking one.

A copy keeps every article's id, slug, version and times, so URLs, the
"newest first" order of broad searches and cache validators survive the
move; images metadata and translation pairs come along, and the search entry
is rebuilt by the target's own engine.  Each article is one transaction, and
an article already there unchanged is skipped, so a copy that was stopped
(Ctrl-C, a lost connection) resumes by running it again, and running it
again later brings the target up to date.
"""

from __future__ import annotations

import sys
from typing import TextIO

from .config import load_settings
from .progress import progress, summary
from .store import Store, StoreConflict, StoreError, describe, open_store

BATCH = 500


def _refuse_other_articles(source: Store, target: Store) -> None:
    """A copy goes into a new database or one an earlier copy of this source
    filled: the same ids must hold the same articles (by slug)."""
    theirs = target.records(0, 1)
    if not theirs:
        return
    ours = {r.article.id: r.article.slug for r in source.records(theirs[0].article.id - 1, 1)}
    if ours.get(theirs[0].article.id) != theirs[0].article.slug:
        raise StoreError(
            f"{target.name} already holds other articles (id {theirs[0].article.id} is "
            f"{theirs[0].article.slug!r} there); copy into a new, empty database.")


def copy(source_target: str, target_target: str, *, err: TextIO | None = None,
         out: TextIO | None = None) -> int:
    err = err or sys.stderr
    stores: list[Store] = []
    try:
        source = open_store(source_target, create=False)
        stores.append(source)
        target = open_store(target_target)
        stores.append(target)
        _refuse_other_articles(source, target)
    except StoreError as exc:
        print(f"reader db copy: {exc}", file=err)
        for store in stores:
            store.close()
        return 1
    copied = unchanged = 0
    failed: list[str] = []
    try:
        # Sources first (articles refer to them), with their documents' validators,
        # so `reader sync` on the copy goes on where the original left off.
        for followed in source.sources():
            target.put_source(followed)
            for document in source.documents(followed.id):
                target.save_document(followed.id, document)
        with progress(source.count(), job="copy", stream=err, unit="article") as bar:
            after = 0
            while batch := source.records(after, BATCH):
                for record in batch:
                    try:
                        if target.put_record(record):
                            copied += 1
                        else:
                            unchanged += 1
                    except StoreConflict as exc:
                        failed.append(record.article.slug)
                        bar.message(f"reader db copy: error: {record.article.slug}: {exc}")
                bar.advance(len(batch), batch[-1].article.slug)
                after = batch[-1].article.id
    except StoreError as exc:
        print(f"reader db copy: {exc} (run the same command again to resume)", file=err)
        return 1
    finally:
        for store in stores:
            store.close()
    summary(f"copy: copied {copied}, already there {unchanged}, failed {len(failed)} "
            f"({describe(source_target)} -> {describe(target_target)})", out)
    return 1 if failed else 0


def check(target: str | None, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Counts, then problems; exit status 1 when there is any."""
    out, err = out or sys.stdout, err or sys.stderr
    database = load_settings(db=target).db
    try:
        store = open_store(database, create=False)
    except StoreError as exc:
        print(f"reader db check: {exc}", file=err)
        return 1
    try:
        report = store.check()
    except StoreError as exc:
        print(f"reader db check: {exc}", file=err)
        return 1
    finally:
        store.close()
    print(f"{report.target} (schema {report.schema})", file=out)
    for name, value in report.counts.items():
        print(f"  {name}: {value:,}", file=out)
    for problem in report.problems:
        print(f"problem: {problem}", file=out)
    summary(f"check: {len(report.problems)} problems", out)
    return 1 if report.problems else 0
