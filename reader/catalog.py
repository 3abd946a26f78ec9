"""The translation catalog cycle, in one small command (``reader catalog``).

extract: collect every gettext string from templates and Python code into
         ``locales/messages.pot``.
update:  merge the template into ``locales/{vi,en}/LC_MESSAGES/messages.po``
         (new strings arrive empty, vanished ones become obsolete).
check:   fail when a string is missing from a catalog, untranslated, fuzzy, or
         (Vietnamese) left in English.  The test suite runs the same check.

There is no compile step: the app reads the ``.po`` files at start-up.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from .i18n import po_path
from .models import LOCALES
from .resources import LOCALES_DIR, PACKAGE_DIR, TEMPLATES_DIR

KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2)}
# Strings that read the same in Vietnamese (names, symbols).
SAME_IN_VIETNAMESE = frozenset({"Reader", "A", "A−", "A+", "RSS", "Atom"})


def extract(templates: Path = TEMPLATES_DIR, code: Path = PACKAGE_DIR) -> Catalog:
    catalog = Catalog(project="reader", charset="utf-8", fuzzy=False)
    sources = [
        (templates, [("**.html", "jinja2.ext:babel_extract"), ("**.xml", "jinja2.ext:babel_extract")],
         {"**.html": {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true",
                      "trim_blocks": "true", "lstrip_blocks": "true"},
          "**.xml": {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true",
                     "trim_blocks": "true", "lstrip_blocks": "true"}}),
        (code, [("**.py", "python")], {}),
    ]
    for directory, method_map, options in sources:
        for filename, lineno, message, comments, context in extract_from_dir(
            str(directory), method_map=method_map, options_map=options, keywords=KEYWORDS
        ):
            location = (f"{directory.name}/{filename}", lineno)
            catalog.add(message, locations=[location], auto_comments=comments, context=context)
    return catalog


def _read(path: Path, locale: str) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=locale)


def _write(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, catalog, width=100, omit_header=False, sort_output=True,
                 include_previous=False)


@dataclass(frozen=True)
class Problem:
    locale: str
    message: str
    why: str

    def __str__(self) -> str:
        return f"{self.locale}: {self.why}: {self.message!r}"


def check(template: Catalog | None = None, root: Path = LOCALES_DIR) -> list[Problem]:
    template = template or extract()
    problems: list[Problem] = []
    for locale in LOCALES:
        path = po_path(locale, root)
        if not path.exists():
            problems.append(Problem(locale, str(path), "catalog file missing"))
            continue
        catalog = _read(path, locale)
        for message in template:
            if not message.id:
                continue
            key = message.id if not isinstance(message.id, tuple) else message.id[0]
            found = catalog.get(message.id, message.context)
            label = key if isinstance(key, str) else str(key)
            if found is None:
                problems.append(Problem(locale, label, "missing from the catalog"))
                continue
            strings = found.string if isinstance(found.string, tuple) else (found.string,)
            if found.fuzzy:
                problems.append(Problem(locale, label, "marked fuzzy"))
            elif not all(strings):
                problems.append(Problem(locale, label, "not translated"))
            elif (locale == "vi" and strings[0] == label and label not in SAME_IN_VIETNAMESE):
                problems.append(Problem(locale, label, "left in English"))
    return problems


def run(action: str) -> int:
    template = extract()
    if action == "extract":
        pot = LOCALES_DIR / "messages.pot"
        _write(pot, template)
        print(f"wrote {pot} ({len(template)} messages)")
        return 0
    if action == "update":
        for locale in LOCALES:
            path = po_path(locale)
            catalog = _read(path, locale) if path.exists() else Catalog(locale=locale)
            catalog.update(template, no_fuzzy_matching=True)
            if locale == "en":  # the source strings are English
                for message in catalog:
                    if message.id and not any(message.string or ()):
                        message.string = message.id
            _write(path, catalog)
            print(f"updated {path}")
        return 0
    problems = check(template)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{len(template)} messages, {len(problems)} problems")
    return 1 if problems else 0
