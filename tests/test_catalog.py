"""Every UI string is in both catalogs and translated (no English left in the
Vietnamese UI); the check fails when a new string is not."""

from __future__ import annotations

import shutil
from pathlib import Path

from reader import catalog
from reader.cli import main
from reader.resources import PACKAGE_DIR, TEMPLATES_DIR


def test_catalogs_are_complete() -> None:
    problems = catalog.check()
    assert problems == [], "\n".join(map(str, problems))


def test_template_strings_are_extracted() -> None:
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog.extract() if m.id}
    assert {"Skip to main content", "Latest articles", "%(num)d minute read",
            "Vietnamese"} <= ids  # templates, plurals and Python code


def test_a_new_untranslated_template_string_fails_the_check(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES_DIR, templates)
    (templates / "new.html").write_text('<p>{{ _("A sentence nobody has translated") }}</p>')
    problems = catalog.check(catalog.extract(templates, PACKAGE_DIR))
    assert {(p.locale, p.message, p.why) for p in problems} == {
        ("vi", "A sentence nobody has translated", "missing from the catalog"),
        ("en", "A sentence nobody has translated", "missing from the catalog"),
    }


def test_english_left_in_the_vietnamese_catalog_fails(tmp_path: Path) -> None:
    locales = tmp_path / "locales"
    shutil.copytree(catalog.LOCALES_DIR, locales)
    po = locales / "vi" / "LC_MESSAGES" / "messages.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgstr "Bài viết mới nhất"', 'msgstr "Latest articles"'),
                  encoding="utf-8")
    problems = catalog.check(root=locales)
    assert [(p.locale, p.why) for p in problems if p.message == "Latest articles"] == [
        ("vi", "left in English")]


def test_the_catalog_command_reports_success(capsys: object) -> None:
    assert main(["catalog", "check"]) == 0
