"""Speech benchmark: the sample article's audio made cold, then served from the cache.

    /work/venv/bin/python benchmarks/speech_bench.py [--repeat 50]

Cold: a fresh data directory, so normalising, eSpeak NG and LAME all run.
Cached: the same URL again through the whole app (TestClient, no network).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from starlette.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader.app import create_app  # noqa: E402
from reader.config import load_settings  # noqa: E402

SLUG = "chung-day-hoang-lien-chung-niem-khat-vong"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50, help="cached requests to time")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data:
        settings = load_settings({"READER_DATA_DIR": data})
        with TestClient(create_app(settings)) as client:
            url = f"/vi/articles/{SLUG}/audio.mp3"
            started = time.perf_counter()
            cold = client.get(url)
            cold_s = time.perf_counter() - started
            assert cold.status_code == 200, cold.status_code
            vtt = client.get(f"/vi/articles/{SLUG}/audio.vtt").text
            last = vtt.strip().rsplit("\n", 2)[-2].split(" --> ")[1]
            h, m, s = last.split(":")
            seconds = int(h) * 3600 + int(m) * 60 + float(s)
            times = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - started)
                assert response.status_code == 200 and len(response.content) == len(cold.content)
    size = len(cold.content)
    print(f"sample article: {seconds:.1f} s of speech, {size} bytes "
          f"({size / (seconds / 60) / 1024:.1f} KiB per minute of speech)")
    print(f"cold synthesis (normalise + eSpeak NG + MP3 + VTT): {cold_s:.2f} s")
    print(f"cached serving ({args.repeat} requests): median {statistics.median(times) * 1000:.1f} ms, "
          f"max {max(times) * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
