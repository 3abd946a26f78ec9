"""How whole a real page comes out of `reader import`: token F1, titles and
bylines on a folder of pages with ground truth, laid out as Mozilla
Readability's test suite is (``NAME/source.html``, ``NAME/expected.html``,
``NAME/expected-metadata.json`` with ``title`` and ``byline``).

    .venv/bin/python benchmarks/extract_bench.py PATH [--worst 10] [--no-peers]

The suite is fetched, never committed (the pages belong to their publishers):
``fetch github:mozilla/readability`` and pass its ``test/test-pages`` folder.

Each page goes through the real import path: it is written to a temporary
folder, imported by the same ``Importer`` that ``reader import`` runs into a
temporary database, and read back from the store.  What is scored is what
Reader stores after cleaning (the lead, then the body's text), not an
intermediate result.  F1 is over bags of lowercase whitespace-separated tokens
of that text against the text of ``expected.html``; a page that fails to
import scores 0.

A title is right when it matches the expected one after folding case, spaces
and quotes, allowing the site name that either side may carry after a
separator ("Title | Site").  A byline is right when the names match once a
leading "By"/"Par"/"Von" and any date are set aside; pages whose metadata has
no byline are not counted for bylines.

When trafilatura (and readability-lxml) are importable, their scores on the
same pages are printed side by side; they are peers, not dependencies.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bs4 import BeautifulSoup  # noqa: E402

from reader.ingest.run import Importer, decode  # noqa: E402
from reader.store import Store  # noqa: E402

SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|·|»|_|/)\s+|\s*_\s*")
BY_PREFIX = re.compile(r"^(?:written\s+by|posted\s+by|by|par|von|por|di|door|av|bởi)\s+", re.I)
MONTHS = ("jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july "
          "august september october november december updated published last").split()


@dataclass
class Score:
    f1: float
    title_ok: bool | None  # None: the suite names no title
    byline_ok: bool | None  # None: the suite names no byline
    failed: str = ""
    title: str = ""
    byline: str = ""
    expected_title: str = ""
    expected_byline: str = ""


@dataclass
class Expected:
    text: str
    title: str
    byline: str


@dataclass
class Extractor:
    name: str
    run: Callable[[str, Path], tuple[str, str, str]]  # (text, title, byline) for (html, page dir)
    scores: dict[str, Score] = field(default_factory=dict)
    seconds: float = 0.0


def tokens(text: str) -> Counter[str]:
    return Counter(unicodedata.normalize("NFC", text).lower().split())


def f1(got: str, want: str) -> float:
    have, need = tokens(got), tokens(want)
    if not have or not need:
        return 1.0 if not have and not need else 0.0
    common = sum((have & need).values())
    if common == 0:
        return 0.0
    precision, recall = common / sum(have.values()), common / sum(need.values())
    return 2 * precision * recall / (precision + recall)


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[\"'“”‘’«»„`]", "", text)
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def title_ok(got: str, want: str) -> bool:
    if not want.strip():
        return bool(got.strip())  # the page has no title: any title from its text will do
    if fold(got) == fold(want):
        return True
    parts = lambda t: {fold(p) for p in SEPARATORS.split(t) if fold(p)} | {fold(t)}  # noqa: E731
    theirs, ours = parts(want), parts(got)
    return fold(got) in theirs or fold(want) in ours or bool(
        {p for p in theirs if len(p) > 20} & {p for p in ours if len(p) > 20})


def names(byline: str) -> str:
    text = BY_PREFIX.sub("", " ".join(byline.split()))
    words = [w for w in fold(text).split() if not w.isdigit() and w not in MONTHS and not re.search(r"\d", w)]
    return " ".join(words)


def byline_ok(got: str, want: str) -> bool:
    ours, theirs = names(got), names(want)
    if not ours or not theirs:
        return False
    return ours == theirs or f" {ours} " in f" {theirs} " or f" {theirs} " in f" {ours} "


def html_text(html: str) -> str:
    return BeautifulSoup(html, "html.parser").get_text(" ")


def load(page: Path) -> Expected:
    meta: dict[str, object] = {}
    meta_file = page / "expected-metadata.json"
    if meta_file.is_file():
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
    return Expected(text=html_text((page / "expected.html").read_text(encoding="utf-8")),
                    title=str(meta.get("title") or ""), byline=str(meta.get("byline") or ""))


class ReaderImport:
    """Reader's real import into one temporary database for the whole run."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.store = Store.open(root / "reader.sqlite3")
        self.importer = Importer(self.store, root / "media")

    def __call__(self, html: str, page: Path) -> tuple[str, str, str]:
        folder = self.root / "pages" / page.name
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "source.html"
        path.write_bytes((page / "source.html").read_bytes())
        result = self.importer.import_file(path)
        if result.status == "failed":
            raise RuntimeError(result.reason)
        article = self.store.article(result.slug)
        assert article is not None
        return f"{article.summary}\n{html_text(article.body_html)}", article.title, article.author


def trafilatura_peer() -> Extractor | None:
    try:
        import trafilatura  # type: ignore[import-not-found]
    except ImportError:
        return None

    def run(html: str, page: Path) -> tuple[str, str, str]:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
        if doc is None:
            raise RuntimeError("no result")
        return doc.text or "", doc.title or "", doc.author or ""

    return Extractor("trafilatura", run)


def readability_peer() -> Extractor | None:
    try:
        from readability import Document  # type: ignore[import-not-found]
    except ImportError:
        return None

    def run(html: str, page: Path) -> tuple[str, str, str]:
        doc = Document(html)
        return html_text(doc.summary(html_partial=True)), doc.short_title(), ""

    return Extractor("readability-lxml", run)


def score(extractor: Extractor, page: Path, html: str, want: Expected) -> None:
    started = time.perf_counter()
    try:
        text, title, byline = extractor.run(html, page)
    except Exception as exc:  # a failure is a score of 0, named in the table
        extractor.seconds += time.perf_counter() - started
        extractor.scores[page.name] = Score(0.0, False if want.title else None,
                                            False if want.byline else None, failed=str(exc)[:80],
                                            expected_title=want.title, expected_byline=want.byline)
        return
    extractor.seconds += time.perf_counter() - started
    extractor.scores[page.name] = Score(
        f1(text, want.text),
        title_ok(title, want.title),
        byline_ok(byline, want.byline) if want.byline else None,
        title=title, byline=byline, expected_title=want.title, expected_byline=want.byline)


def summary(extractor: Extractor) -> str:
    scores = list(extractor.scores.values())
    titles = [s.title_ok for s in scores if s.title_ok is not None]
    bylines = [s.byline_ok for s in scores if s.byline_ok is not None]
    values = [s.f1 for s in scores]
    rate = len(scores) / extractor.seconds if extractor.seconds else 0.0
    return (f"{extractor.name:<17} mean F1 {statistics.fmean(values):.3f}  "
            f"median {statistics.median(values):.3f}  "
            f"F1<0.8: {sum(v < 0.8 for v in values):>3}  failed: {sum(bool(s.failed) for s in scores):>2}  "
            f"titles {sum(titles)}/{len(titles)} ({100 * sum(titles) / max(1, len(titles)):.0f} %)  "
            f"bylines {sum(bylines)}/{len(bylines)} ({100 * sum(bylines) / max(1, len(bylines)):.0f} %)  "
            f"{rate:.0f} pages/s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path, help="a folder of NAME/source.html + expected.html (+ metadata)")
    parser.add_argument("--worst", type=int, default=10, help="how many of the worst pages to list")
    parser.add_argument("--no-peers", action="store_true", help="score Reader alone")
    parser.add_argument("--json", type=Path, help="write every page's scores to this file")
    args = parser.parse_args()
    pages = sorted(p for p in args.path.iterdir()
                   if (p / "source.html").is_file() and (p / "expected.html").is_file())
    if not pages:
        print(f"{args.path}: no NAME/source.html + NAME/expected.html folders here", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        reader = ReaderImport(Path(tmp))
        extractors = [Extractor("Reader", reader)]
        if not args.no_peers:
            extractors += [e for e in (trafilatura_peer(), readability_peer()) if e is not None]
        for page in pages:
            want = load(page)
            try:
                html = decode((page / "source.html").read_bytes())
            except ValueError:
                html = (page / "source.html").read_bytes().decode("utf-8", "replace")
            for extractor in extractors:
                score(extractor, page, html, want)
        reader.store.close()
    print(f"{len(pages)} pages from {args.path}")
    for extractor in extractors:
        print(summary(extractor))
    ours = extractors[0].scores
    print(f"\nthe {args.worst} worst pages for Reader (F1, then the peers' F1 on the same page):")
    for name in sorted(ours, key=lambda n: ours[n].f1)[: args.worst]:
        s = ours[name]
        peers = "  ".join(f"{e.name} {e.scores[name].f1:.3f}" for e in extractors[1:])
        note = f"FAILED: {s.failed}" if s.failed else f"title {s.title[:40]!r}"
        print(f"  {name:<34} {s.f1:.3f}  {peers}  {note}")
    wrong = [n for n in sorted(ours) if ours[n].title_ok is False or ours[n].byline_ok is False]
    if wrong:
        print("\ntitles or bylines Reader got wrong:")
        for name in wrong:
            s = ours[name]
            title = "ok" if s.title_ok else f"{s.title[:50]!r} (expected {s.expected_title[:50]!r})"
            byline = ("ok" if s.byline_ok is not False
                      else f"{s.byline[:40]!r} (expected {s.expected_byline[:40]!r})")
            print(f"  {name:<34} title {title}  byline {byline}")
    if args.json:
        args.json.write_text(json.dumps({e.name: {n: vars(s) for n, s in e.scores.items()} for e in extractors},
                                        ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
