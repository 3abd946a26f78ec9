"""The repository stands alone: the guard in conftest.py catches a test that
reads from beside the repository, and the Sa Pa dump the import tests need is
inside it."""

from __future__ import annotations

import uuid
from pathlib import Path

from . import conftest


def test_a_read_from_beside_the_repository_is_caught(tmp_path: Path) -> None:
    # A name nothing beside the repository has: the attempt alone must be caught,
    # and the test reads nothing of a real neighbour.
    sibling = conftest.REPO.parent / f"reader-guard-probe-{uuid.uuid4().hex}" / "samples" / "article.txt"
    before = len(conftest._OUTSIDE_READS)
    try:
        sibling.read_text(encoding="utf-8")
    except OSError:
        pass
    caught = conftest._OUTSIDE_READS[before:]
    del conftest._OUTSIDE_READS[before:]  # this test made the read on purpose
    assert caught == [str(sibling.resolve())]
    (tmp_path / "inside.txt").write_text("x", encoding="utf-8")  # a temporary folder is fine
    assert conftest._OUTSIDE_READS[before:] == []


def test_the_sapa_dump_is_a_fixture_with_its_source_noted() -> None:
    fixtures = conftest.REPO / "tests" / "fixtures" / "samples"
    dump = (fixtures / "sapa-portal-article.txt").read_text(encoding="utf-8")
    assert "Chung dãy Hoàng Liên - Chung niềm khát vọng" in dump
    assert "sapa-portal-article.txt" in (fixtures / "README.md").read_text(encoding="utf-8")
