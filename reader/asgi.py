"""The application factory for process managers and multi-worker uvicorn:

    uvicorn --factory reader.asgi:app --workers 4 --limit-concurrency 512

Settings come from the environment (READER_DB, READER_DATA_DIR, ...).  Each
worker opens its own database connection and keeps its own render cache;
nothing is shared in memory, so any number of workers (or machines) can run.
"""

from __future__ import annotations

from starlette.applications import Starlette

from .app import create_app
from .config import load_settings


def app() -> Starlette:
    return create_app(load_settings())
