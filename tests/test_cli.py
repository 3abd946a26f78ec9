"""The ``reader`` command: help, serving, and clear failures on bad databases."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import sysconfig
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

from reader.cli import main
from reader.store.sqlite import SCHEMA_VERSION

from .conftest import free_port

ROOT = Path(__file__).resolve().parent.parent
SAPA = "chung-day-hoang-lien-chung-niem-khat-vong"


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "serve" in out and "catalog" in out and "READER_DB" in out
    with pytest.raises(SystemExit):
        main(["serve", "--help"])
    out = capsys.readouterr().out
    assert "--host" in out and "--port" in out and "--db" in out


def test_a_bad_port_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["serve", "--port", "eighty"])
    assert exit_info.value.code == 2
    assert "not a port number: 'eighty'" in capsys.readouterr().err


def test_serving_a_file_that_is_not_a_database_stops_with_its_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READER_DATA_DIR", str(tmp_path / "data"))
    bogus = tmp_path / "photo.jpg"
    bogus.write_bytes(b"\xff\xd8\xff" + b"\x00" * 4096)
    assert main(["serve", "--db", str(bogus)]) == 1
    err = capsys.readouterr().err
    assert f"{bogus} is not a Reader database" in err


def test_serving_a_newer_database_stops(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    future = tmp_path / "future.sqlite3"
    conn = sqlite3.connect(future)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 7}")
    conn.close()
    monkeypatch.setenv("READER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("READER_DB", str(future))  # from the environment this time
    assert main(["serve"]) == 1
    assert "newer Reader" in capsys.readouterr().err


def test_a_missing_folder_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READER_DATA_DIR", str(tmp_path / "data"))
    assert main(["serve", "--db", str(tmp_path / "nope" / "r.db")]) == 1
    assert f"the folder {tmp_path / 'nope'} does not exist" in capsys.readouterr().err


@contextmanager
def serving(command: list[str], cwd: Path, env: dict[str, str], port: int) -> Iterator[str]:
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except OSError as exc:
                if process.poll() is not None or time.monotonic() > deadline:
                    process.kill()
                    output = process.stdout.read()  # type: ignore[union-attr]
                    raise AssertionError(f"reader serve did not start:\n{output}") from exc
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(10)
        process.stdout.close()  # type: ignore[union-attr]


def fetch(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read().decode()


def check_site(base: str) -> None:
    status, page = fetch(f"{base}/vi/articles/{SAPA}")
    assert status == 200 and "Chung dãy Hoàng Liên - Chung niềm khát vọng" in page
    status, english = fetch(f"{base}/en/articles/one-hoang-lien-range-one-shared-ambition")
    assert status == 200 and 'lang="en"' in english
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', page)
    assert "<style>" in page and any("htmx-2.0.11" in a for a in assets)
    for url in assets:
        status, body = fetch(base + url)
        assert status == 200 and len(body) > 50, url


def test_reader_serve_creates_the_default_database_and_loads_samples(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "READER_DATA_DIR": str(tmp_path / "data")}
    env.pop("READER_DB", None)
    with serving([sys.executable, "-m", "reader", "serve", "--port", str(port)],
                 tmp_path, env, port) as base:
        check_site(base)
    assert (tmp_path / "data" / "reader.sqlite3").exists()


def test_the_wheel_works_from_another_directory(tmp_path: Path) -> None:
    """``pip install .`` (a real wheel, not editable) then ``reader serve`` from
    elsewhere: templates, static files, catalogs and samples travel with it."""
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "-w", str(wheels), str(ROOT)],
                   check=True, capture_output=True)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    # Dependencies come from this test environment; reader itself only from the wheel.
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--target", site, *map(str, wheels.glob("reader-*.whl"))], check=True)
    Path(site, "zz-test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    located = subprocess.run([python, "-c", "import reader; print(reader.__file__)"],
                             cwd=elsewhere, check=True, capture_output=True, text=True).stdout
    assert located.startswith(site), located
    port = free_port()
    env = {**os.environ, "READER_DATA_DIR": str(tmp_path / "data")}
    env.pop("READER_DB", None)
    script = Path(site).parent.parent.parent / "bin" / "reader"
    command = [str(script)] if script.exists() else [str(python), "-m", "reader"]
    with serving([*command, "serve", "--port", str(port)], elsewhere, env, port) as base:
        check_site(base)


def test_serve_with_workers_on_postgresql(tmp_path: Path, pg_cluster: object) -> None:
    """`reader serve --workers 2 --db postgresql://…`: the first process creates the
    database and loads the samples once, then two worker processes serve, and
    an import elsewhere reaches every worker's cache."""
    url = pg_cluster.create_database("served_by_workers")  # type: ignore[attr-defined]
    port = free_port()
    env = {**os.environ, "READER_DATA_DIR": str(tmp_path / "data")}
    env.pop("READER_DB", None)
    command = [sys.executable, "-m", "reader", "serve", "--port", str(port), "--workers", "2", "--db", url]
    try:
        with serving(command, tmp_path, env, port) as base:
            check_site(base)
            source = tmp_path / "tin.md"
            source.write_text("---\ntitle: Tin cho mọi tiến trình\nlang: vi\ndate: 2033-03-03\n---\n\nNội dung.\n",
                              encoding="utf-8")
            done = subprocess.run([sys.executable, "-m", "reader", "import", str(source), "--db", url],
                                  env=env, capture_output=True, text=True, timeout=120)
            assert done.returncode == 0, done.stderr
            time.sleep(0.3)  # the content interval on PostgreSQL is 100 ms
            for _ in range(20):  # requests land on both workers
                assert "Tin cho mọi tiến trình" in fetch(f"{base}/vi/")[1]
            with psycopg.connect(url) as conn:  # each process names itself to the server
                names = conn.execute("SELECT DISTINCT application_name FROM pg_stat_activity "
                                     "WHERE datname = 'served_by_workers' AND application_name LIKE 'reader:%'")
                assert len(names.fetchall()) == 2
    finally:
        pg_cluster.drop_database("served_by_workers")  # type: ignore[attr-defined]
