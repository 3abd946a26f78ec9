"""Speech-text normaliser against NVIDIA NeMo-text-processing's Vietnamese cases, and its speed.

    git clone https://github.com/NVIDIA/NeMo-text-processing   # or any checkout of it
    .venv/bin/python benchmarks/normalise_bench.py PATH_TO_NEMO_CHECKOUT [--misses]

Reads ``tests/nemo_text_processing/vi/data_text_normalization/test_cases_*.txt``
(``written~spoken`` per line; the suite is fetched, never copied into this
repository), runs each written form through ``reader.speech.normalise_text(text,
"vi")`` (exactly what a voice is given) and prints the accuracy per class and
overall.

A reading counts as right when it equals NeMo's after folding readings a
Vietnamese listener takes as the same: "lẻ"/"linh", "ngàn"/"nghìn",
"mươi một"/"mươi mốt", "mươi bốn"/"mươi tư", an optional "không trăm" (a
zero hundreds) and an optional "phút" after the minutes of a clock time.
Nothing else is folded (not case, not punctuation).

Where the normaliser follows Vietnamese usage instead of NeMo on purpose, the
miss is still counted; ``--misses`` lists every miss so they can be read.  Those
choices: a bare "4/9", "15/5" is a date in news text; the digits after "phẩy"
are read as school books and news readers do ("3,14" -> ba phẩy mười bốn, not
"một bốn"); Hz is "héc" (the Vietnamese name, not "hẹc"); "thứ I" is "thứ nhất"
like "thứ 1"; a lone "C" or "cd" after "chương", "mục" is a lettered item, not a
Roman numeral; "tb" is "tê ra bai" like NeMo's own "TB".

Speed: characters per second over the NeMo inputs and over the bundled Sa Pa
article (every sentence, as the app normalises it for speech.json), best of
``--repeat`` runs and the median run; and, as a ratio that holds on a busy
machine, the article's normalising time over the time to split it into sentences.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
import tomllib
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

from reader.speech import normalise_text  # noqa: E402
from reader.speech.segment import segment  # noqa: E402

SUITE = Path("tests/nemo_text_processing/vi/data_text_normalization")
ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "reader/samples/articles/chung-day-hoang-lien-chung-niem-khat-vong.html"

NUMBER_WORD = r"(?:không|một|mốt|hai|ba|bốn|tư|năm|lăm|sáu|bảy|tám|chín|mười|mươi|linh|trăm|nghìn|triệu|tỷ)"
FOLDS = (
    (re.compile(r"\blẻ\b"), "linh"),
    (re.compile(r"\bngàn\b"), "nghìn"),
    (re.compile(r"\bmươi một\b"), "mươi mốt"),
    (re.compile(r"\bmươi bốn\b"), "mươi tư"),
    (re.compile(r"\bkhông trăm ?"), ""),
    (re.compile(rf"(\bgiờ(?: {NUMBER_WORD})+) phút\b"), r"\1"),
)


def fold(spoken: str) -> str:
    """The reading with equivalent forms made one."""
    spoken = " ".join(spoken.split())
    for pattern, replacement in FOLDS:
        spoken = pattern.sub(replacement, spoken)
    return " ".join(spoken.split())


def load_cases(checkout: Path) -> dict[str, list[tuple[str, str]]]:
    folder = checkout / SUITE if (checkout / SUITE).is_dir() else checkout
    files = sorted(folder.glob("test_cases_*.txt"))
    if not files:
        raise SystemExit(f"no test_cases_*.txt under {folder}: pass a NeMo-text-processing checkout")
    cases: dict[str, list[tuple[str, str]]] = {}
    for path in files:
        name = path.stem.removeprefix("test_cases_")
        rows = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if "~" in line:
                written, spoken = line.split("~", 1)
                rows.append((written, spoken))
        cases[name] = rows
    return cases


def timed(work: Callable[[], object], repeat: int) -> tuple[float, float]:
    """(best, median) seconds of ``repeat`` runs: the best is the least disturbed by
    other work on a shared machine, the median says how far that was from typical."""
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        runs.append(time.perf_counter() - started)
    return min(runs), statistics.median(runs)


def normalise_all(texts: list[str]) -> Callable[[], None]:
    def work() -> None:
        for text in texts:
            normalise_text(text, "vi")
    return work


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkout", type=Path, help="a NeMo-text-processing checkout (or its vi test folder)")
    parser.add_argument("--misses", action="store_true", help="list every case read differently")
    parser.add_argument("--repeat", type=int, default=20, help="timed passes for the speed figures")
    args = parser.parse_args()

    cases = load_cases(args.checkout)
    right: dict[str, int] = defaultdict(int)
    misses: list[tuple[str, str, str, str]] = []
    for name, rows in cases.items():
        for written, spoken in rows:
            got = normalise_text(written, "vi")
            if fold(got) == fold(spoken):
                right[name] += 1
            else:
                misses.append((name, written, spoken, got))

    total = sum(len(rows) for rows in cases.values())
    print(f"{'class':<10} {'right':>5} / {'cases':<5} accuracy")
    for name, rows in cases.items():
        print(f"{name:<10} {right[name]:>5} / {len(rows):<5} {right[name] / len(rows):7.1%}")
    overall = sum(right.values())
    print(f"{'overall':<10} {overall:>5} / {total:<5} {overall / total:7.1%}")

    if args.misses:
        print("\nmisses (class: written -> NeMo | ours):")
        for name, written, spoken, got in misses:
            print(f"  {name}: {written!r} -> {spoken!r} | {got!r}")

    nemo_inputs = [written for rows in cases.values() for written, _ in rows]
    best, median = timed(normalise_all(nemo_inputs), args.repeat)
    chars = sum(map(len, nemo_inputs))
    print(f"\nspeed on the NeMo inputs: {chars / best:,.0f} characters/s (median run {chars / median:,.0f})")
    front, body = SAMPLE.read_text(encoding="utf-8").split("+++", 2)[1:]
    meta = tomllib.loads(front)
    sentences = [s.text for s in segment(meta["title"], meta["summary"], body, "vi").sentences]
    chars = sum(map(len, sentences))
    best, median = timed(normalise_all(sentences), args.repeat)
    split, _ = timed(lambda: segment(meta["title"], meta["summary"], body, "vi"), args.repeat)
    print(f"Sa Pa article ({len(sentences)} sentences, {chars:,} characters): {best * 1000:.2f} ms "
          f"(median run {median * 1000:.2f} ms), {chars / best:,.0f} characters/s; "
          f"{best / split:.1f}x the time to split it into sentences ({split * 1000:.2f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
