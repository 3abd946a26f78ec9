"""Reader on slow links: bytes, first paint on emulated 2G/3G, throughput, latency.

    .venv/bin/python benchmarks/speed_bench.py [--skip-fcp] [--skip-load] [--duration 10]

Prints:
  1. bytes of the sample article's first response body (brotli and gzip), and
     what Chromium transfers (headers included) for the first view with images
     off and for a repeat view, per locale;
  2. first contentful paint in headless Chromium through a throttling proxy
     (2G: 800 ms round trip, 280 kbit/s, 4x CPU slowdown; 3G: 300 ms, 1.6 Mbit/s).
     Chromium's own network emulation does not delay the main document, so the
     latency and bandwidth are applied by a TCP proxy in this script instead:
     the connection set-up costs one round trip, every chunk waits half a
     round trip each way and is paced to the bandwidth;
  3. requests per second of the article route against the same server
     returning the same bytes precomputed, side by side in one run, with wrk
     (Debian package) at 64 connections, one uvicorn worker, and p50/p99.
     The two alternate for --rounds rounds; the server is pinned to one core
     and wrk to the others (when there are two or more), so the load
     generator does not compete with the worker it measures;
  4. Lighthouse (npm lighthouse@12, CHROME_PATH=/usr/bin/chromium) performance and
     accessibility scores, when `npx --no-install lighthouse` is available.

Targets: FCP <= 2.5 s on 2G; article/precomputed >= 0.8; p99 < 100 ms at 64
connections; Lighthouse 100/100.  Figures vary with the machine: compare
ratios, and run twice.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx2 as httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.app import create_app  # noqa: E402
from reader.config import load_settings  # noqa: E402

SAPA = "/vi/articles/chung-day-hoang-lien-chung-niem-khat-vong"
ENGLISH = "/en/articles/one-hoang-lien-range-one-shared-ambition"
CHROMIUM = os.environ.get("READER_CHROMIUM", "/usr/bin/chromium")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(app: object, port: int) -> object:
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",  # type: ignore[arg-type]
                                           lifespan="on", access_log=False))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server


# -- 1. bytes ------------------------------------------------------------------------
def browser_transfers(base: str, paths: list[str]) -> list[list[tuple[str, int]]]:
    """What Chromium transfers for each of ``paths`` visited in turn in one
    profile (so the first is a first view, the rest repeat views), with
    images off, each until the network is idle: the
    DevTools "transferred" figure (Network.loadingFinished's
    encodedDataLength: status line, headers and body as received; nothing for
    files served from the browser's cache)."""
    from playwright.sync_api import sync_playwright

    views: list[list[tuple[str, int]]] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                             args=["--headless", "--no-sandbox", "--disable-gpu"])
        context = browser.new_context(viewport={"width": 360, "height": 640})
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        # The article's images are left out (they are lazy and below the
        # fold); blocked here, not with page.route, which turns the cache off.
        cdp.send("Network.setBlockedURLs", {"urls": ["*/media/*"]})
        urls: dict[str, str] = {}
        seen: list[tuple[str, int]] = []
        cdp.on("Network.requestWillBeSent",
               lambda event: urls.__setitem__(event["requestId"], event["request"]["url"]))
        cdp.on("Network.loadingFinished", lambda event: seen.append(
            (urls.get(event["requestId"], "?").rsplit("/", 1)[-1][:48], int(event["encodedDataLength"]))))
        for path in paths:
            seen.clear()
            page.goto(base + path, wait_until="networkidle")
            views.append([item for item in seen if item[1] > 0])
        browser.close()
    return views


def measure_bytes(base: str) -> None:
    print("\n== bytes (sample article, Save-Data off; transferred = headers + body) ==")
    for path in (SAPA, ENGLISH):
        with httpx.Client(base_url=base) as client:
            client.cookies.set("reader_lang", path.split("/")[1])
            sizes = {}
            for coding in ("br", "gzip"):
                response = client.get(path, headers={"Accept-Encoding": coding})
                sizes[coding] = int(response.headers["content-length"])
            page = client.get(path, headers={"Accept-Encoding": "br"})
            images = re.findall(r'<img [^>]*src="([^"]+)"', page.text)
            image_bytes = sum(len(client.get(i).content) for i in images)
        other = ENGLISH if path == SAPA else SAPA
        first, repeat, following = browser_transfers(base, [path, path, other])
        print(f"{path}\n  first response body: {sizes['br']:,} B brotli, {sizes['gzip']:,} B gzip (budget 14,600)")
        print(f"  first view without images, in Chromium: {sum(n for _, n in first):,} B (budget 30 KB): "
              + ", ".join(f"{name} {n:,}" for name, n in first))
        print(f"  repeat view, same page: {sum(n for _, n in repeat):,} B (budget 15 KB): "
              + (", ".join(f"{name} {n:,}" for name, n in repeat) or "nothing"))
        print(f"  then another article, static files cached: {sum(n for _, n in following):,} B: "
              + ", ".join(f"{name} {n:,}" for name, n in following))
        print(f"  images if shown (lazy, below the fold): {image_bytes:,} B")


# -- 2. first contentful paint through a throttling proxy ------------------------------
class Throttle:
    """A TCP proxy adding latency and limiting bandwidth in both directions."""

    def __init__(self, upstream_port: int, rtt_ms: float, kbit_s: float) -> None:
        self.upstream_port = upstream_port
        self.one_way = rtt_ms / 2000
        self.bytes_per_s = kbit_s * 1000 / 8
        self.port = free_port()

    async def pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Chunks are stamped with their arrival time at the far end (paced by
        the bandwidth, plus the one-way delay) and delivered then: latency is
        pipelined, as on a real link, not paid once per chunk."""
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

        async def receive() -> None:
            free_at = 0.0  # when the emulated link is next idle
            try:
                while chunk := await reader.read(1460):
                    free_at = max(free_at, loop.time()) + len(chunk) / self.bytes_per_s
                    queue.put_nowait((free_at + self.one_way, chunk))
            except ConnectionError:
                pass
            queue.put_nowait((0.0, b""))

        receiving = asyncio.ensure_future(receive())
        try:
            while True:
                due, chunk = await queue.get()
                if not chunk:
                    break
                await asyncio.sleep(max(0.0, due - loop.time()))
                writer.write(chunk)
                await writer.drain()
        except ConnectionError:
            pass
        finally:
            receiving.cancel()
            writer.close()

    async def handle(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        await asyncio.sleep(2 * self.one_way)  # the TCP handshake's round trip
        up_r, up_w = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        await asyncio.gather(self.pipe(client_r, up_w), self.pipe(up_r, client_w))

    def run(self) -> None:
        async def main() -> None:
            server = await asyncio.start_server(self.handle, "127.0.0.1", self.port)
            async with server:
                await server.serve_forever()
        threading.Thread(target=lambda: asyncio.run(main()), daemon=True).start()
        time.sleep(0.2)


def measure_fcp(upstream_port: int) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    profiles = {"2G": (800, 280, 4), "3G": (300, 1600, 1)}
    results: dict[str, float] = {}
    print("\n== first contentful paint (sample article, fresh cache) ==")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-quic"])
        for name, (rtt, kbit, cpu) in profiles.items():
            proxy = Throttle(upstream_port, rtt, kbit)
            proxy.run()
            samples = []
            for _ in range(3):
                context = browser.new_context(viewport={"width": 360, "height": 640})
                page = context.new_page()
                cdp = context.new_cdp_session(page)
                cdp.send("Emulation.setCPUThrottlingRate", {"rate": cpu})
                page.goto(f"http://127.0.0.1:{proxy.port}{SAPA}", wait_until="load", timeout=120_000)
                fcp = page.evaluate(
                    "performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1")
                samples.append(fcp / 1000)
                context.close()
            samples.sort()
            results[name] = samples[len(samples) // 2]
            print(f"{name} ({rtt} ms RTT, {kbit} kbit/s, CPU x{cpu}): FCP median {results[name]:.2f} s "
                  f"of {', '.join(f'{s:.2f}' for s in samples)}")
        browser.close()
    return results


# -- 3. throughput and latency --------------------------------------------------------
# Every request with another Cookie header (a visitor id beside the reader's
# own cookies, as analytics would set): 1,000 different headers, more than the
# fast path's memo holds, had they been its key.
VARIED_COOKIES = """
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", nil, {["Accept-Encoding"] = "br",
                                 ["Cookie"] = "reader_lang=vi; visitor=" .. (n % 1000)})
end
"""


def wrk(url: str, duration: int, cores: str | None, script: str | None = None) -> tuple[float, str, str]:
    """wrk at 64 connections; on its own cores when there are cores to spare,
    so the load generator does not take CPU from the one server worker."""
    threads = 2 if cores is None else max(1, min(2, len(cores.split(","))))
    command = ["wrk", f"-t{threads}", "-c64", f"-d{duration}s", "--latency", url,
               "-H", "Accept-Encoding: br", "-H", "Cookie: reader_lang=vi"]
    if script is not None:
        command += ["-s", script]
    if cores is not None:
        command = ["taskset", "-c", cores, *command]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    distribution = out.split("Latency Distribution", 1)[1]
    p50 = re.search(r"^\s+50%\s+(\S+)", distribution, re.M).group(1)  # type: ignore[union-attr]
    p99 = re.search(r"^\s+99%\s+(\S+)", distribution, re.M).group(1)  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)|Socket errors: (.*)", out)
    if errors:
        print("  wrk reported errors:", errors.group(0))
    return rps, p50, p99


def split_cores() -> tuple[set[int] | None, str | None]:
    """One core for the server, the rest for wrk; None when that is not possible."""
    try:
        available = sorted(os.sched_getaffinity(0))
    except AttributeError:
        return None, None
    if len(available) < 2 or shutil.which("taskset") is None:
        return None, None
    return {available[0]}, ",".join(str(c) for c in available[1:])


def measure_throughput(data: Path, static_dir: Path, duration: int, rounds: int) -> None:
    import uvicorn

    print(f"\n== throughput: one uvicorn worker, wrk -c64, {rounds} rounds of {duration} s per route ==")
    if shutil.which("wrk") is None:
        print("wrk is not installed (apt-get install wrk): skipped")
        return
    settings = replace(load_settings({"READER_DATA_DIR": str(data)}), static_dir_override=static_dir)
    reader_app = create_app(settings)
    held: dict[str, Any] = {}

    async def both(scope: Any, receive: Any, send: Any) -> None:
        """One server: /precomputed answers the article's bytes and headers,
        computed once; everything else is Reader itself."""
        if scope["type"] == "http" and scope["path"] == "/precomputed":
            await send({"type": "http.response.start", "status": 200, "headers": held["headers"]})
            await send({"type": "http.response.body", "body": held["body"]})
            return
        await reader_app(scope, receive, send)

    server_cores, wrk_cores = split_cores()
    previous = os.sched_getaffinity(0) if server_cores else None
    if server_cores:  # the server thread started below inherits this thread's affinity
        os.sched_setaffinity(0, server_cores)
        print(f"  server on core {min(server_cores)}, wrk on core(s) {wrk_cores}")
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(both, host="127.0.0.1", port=port, log_level="warning",
                                           access_log=False, lifespan="on"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    if previous is not None:
        os.sched_setaffinity(0, previous)
    base = f"http://127.0.0.1:{port}"
    sample = httpx.get(base + SAPA, headers={"Accept-Encoding": "identity"}, cookies={"reader_lang": "vi"})
    import brotli
    held["body"] = brotli.compress(sample.content, quality=5)
    held["headers"] = [(k.encode(), v.encode()) for k, v in sample.headers.items()
                       if k.lower() not in ("content-length", "content-encoding")]
    held["headers"] += [(b"content-encoding", b"br"), (b"content-length", str(len(held["body"])).encode())]
    served = httpx.get(base + SAPA, headers={"Accept-Encoding": "br"}, cookies={"reader_lang": "vi"})
    if served.headers.get("content-length") != str(len(held["body"])):
        print(f"  note: article {served.headers.get('content-length')} B, precomputed {len(held['body'])} B")
    wrk(base + SAPA, 2, wrk_cores)  # warm up
    wrk(base + "/precomputed", 2, wrk_cores)
    totals = {"article": 0.0, "precomputed": 0.0}
    ratios = []
    p99s = []
    for round_ in range(1, rounds + 1):  # alternating, so drift on a shared machine hits both
        figures = {}
        for label, url in (("article", base + SAPA), ("precomputed", base + "/precomputed")):
            rps, p50, p99 = wrk(url, duration, wrk_cores)
            figures[label] = rps
            totals[label] += rps
            if label == "article":
                p99s.append(p99)
            print(f"  round {round_}: {label:12} {rps:9,.0f} req/s   p50 {p50:>8}   p99 {p99:>8}")
        ratios.append(figures["article"] / figures["precomputed"])
    print(f"  ratio per round: {', '.join(f'{r:.2f}' for r in ratios)}")
    print(f"  ratio article/precomputed, all rounds: {totals['article'] / totals['precomputed']:.2f} "
          f"(target >= 0.8); article p99 per round: {', '.join(p99s)} (target < 100 ms)")
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(VARIED_COOKIES)
        script.flush()
        varied, p50, p99 = wrk(base + SAPA, duration, wrk_cores, script.name)
        pre, _, _ = wrk(base + "/precomputed", duration, wrk_cores, script.name)
    print(f"  article, 1,000 different Cookie headers (a visitor id each): {varied:,.0f} req/s "
          f"p50 {p50} p99 {p99}; precomputed, same requests: {pre:,.0f} req/s; ratio {varied / pre:.2f}")
    server.should_exit = True


# -- 4. Lighthouse ------------------------------------------------------------------
def lighthouse(base: str) -> None:
    print("\n== Lighthouse ==")
    command = ["lighthouse"] if shutil.which("lighthouse") else ["npx", "--no-install", "lighthouse"]
    probe = subprocess.run([*command, "--version"], capture_output=True, text=True)
    if probe.returncode != 0:
        print("lighthouse is not installed (npm i -g lighthouse@12): skipped")
        return
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run([*command, base + SAPA, "--quiet", "--output=json",
                        f"--output-path={report}", "--only-categories=performance,accessibility",
                        "--chrome-flags=--headless --no-sandbox --disable-gpu"],
                       env={**os.environ, "CHROME_PATH": CHROMIUM}, check=False)
        if not report.exists():
            print("lighthouse produced no report")
            return
        categories = json.loads(report.read_text())["categories"]
        for key in ("performance", "accessibility"):
            print(f"  {key}: {round(categories[key]['score'] * 100)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--skip-fcp", action="store_true")
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--skip-lighthouse", action="store_true")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="article/precomputed pairs of wrk runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        static_dir = Path(tmp) / "static"
        settings = replace(load_settings({"READER_DATA_DIR": str(data)}), static_dir_override=static_dir)
        data.mkdir()
        port = free_port()
        server = start_server(create_app(settings), port)
        base = f"http://127.0.0.1:{port}"
        measure_bytes(base)
        if not args.skip_fcp:
            measure_fcp(port)
        if not args.skip_lighthouse:
            lighthouse(base)
        server.should_exit = True  # type: ignore[attr-defined]
        if not args.skip_load:
            measure_throughput(data, static_dir, args.duration, args.rounds)


if __name__ == "__main__":
    main()
