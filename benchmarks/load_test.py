"""A bounded loopback load test: 256 connections for 30 s across the article,
list, search and settings routes, with wrk (Debian package `wrk`).

    .venv/bin/python benchmarks/load_test.py [--connections 256] [--duration 30] [--workers 1]
        [--backend sqlite|postgresql]

Starts `reader serve` (the real command, with --workers) on a fresh data
directory and database (with --backend postgresql, a throwaway cluster from
tests/pg.py on a private socket), warms it, runs wrk with a Lua script that
cycles through the routes, and prints requests per second, latency
percentiles (p50, p75, p90, p99) and every error (socket errors,
non-2xx/3xx).  Exits non-zero if there was any error.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROUTES = [
    "/vi/articles/chung-day-hoang-lien-chung-niem-khat-vong",
    "/en/articles/one-hoang-lien-range-one-shared-ambition",
    "/vi/",
    "/en/?page=2",
    "/vi/search?q=hoi+nghi",
    "/en/search?q=tea",
    "/vi/settings",
    "/en/settings",
]

LUA = """
local paths = {%s}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n %% #paths) + 1], {["Accept-Encoding"] = "br", ["Cookie"] = "reader_lang=vi"})
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--connections", type=int, default=256)
    parser.add_argument("--duration", type=int, default=30)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is not installed: apt-get install wrk", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        env = {**os.environ, "READER_DATA_DIR": str(Path(tmp) / "data")}
        env.pop("READER_DB", None)
        env.pop("READER_DB_REPLICAS", None)
        cluster = None
        if args.backend == "postgresql":
            sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
            from tests.pg import Cluster

            cluster = Cluster().init().start()
            env["READER_DB"] = cluster.create_database("load")
        server = subprocess.Popen([sys.executable, "-m", "reader", "serve", "--port", str(port),
                                   "--workers", str(args.workers)],
                                  env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 120  # several workers on a busy machine take a while
            while True:
                try:
                    urllib.request.urlopen(base + "/healthz", timeout=1)
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        print("reader serve did not start", file=sys.stderr)
                        return 2
                    time.sleep(0.2)
            for path in ROUTES:  # warm the render cache, as a running site would be
                urllib.request.urlopen(base + path, timeout=10).read()
            script = Path(tmp) / "routes.lua"
            script.write_text(LUA % ", ".join(f'"{p}"' for p in ROUTES))
            out = subprocess.run(["wrk", "-t2", f"-c{args.connections}", f"-d{args.duration}s", "--latency",
                                  "--timeout", "10s", "-s", str(script), base],
                                 capture_output=True, text=True, check=True).stdout
        finally:
            server.terminate()
            server.wait(10)
            if cluster is not None:
                cluster.remove()
    print(out)
    errors = 0
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if socket_errors:
        errors += sum(int(g) for g in socket_errors.groups())
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non_2xx:
        errors += int(non_2xx.group(1))
    requests = re.search(r"(\d+) requests in", out)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
    print(f"summary: {args.backend}, {args.workers} worker(s), {args.connections} connections, "
          f"{args.duration} s, {requests.group(1) if requests else '?'} requests, {errors} errors, "
          f"p99 {p99.group(1) if p99 else '?'}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
