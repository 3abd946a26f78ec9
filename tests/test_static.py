"""The static build: hashed names, precompressed copies, minified stylesheets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reader.resources import STATIC_DIR
from reader.static import build, minify_css, minify_js


@pytest.mark.parametrize(("source", "expected"), [
    ("/* a note */ p { color: red; }", "p{color: red}"),
    ("a :hover { x: y }", "a :hover{x: y}"),  # a descendant's hover is not a:hover
    ("p { width: calc(100% - 2rem + 1px); }", "p{width: calc(100% - 2rem + 1px)}"),
    ("@media (min-width: 40em) and (max-width: 60em) {\n  p { margin: 0 }\n}",
     "@media (min-width: 40em) and (max-width: 60em){p{margin: 0}}"),
    ("h1,\n h2 ,\n h3 { font: 1rem/1.5 a, b; }", "h1,h2,h3{font: 1rem/1.5 a,b}"),
    ("p { background: url(../img/a.svg) }", "p{background: url(../img/a.svg)}"),
    ("p > a + b ~ c { x: y }", "p > a + b ~ c{x: y}"),
])
def test_minify_css(source: str, expected: str) -> None:
    assert minify_css(source) == expected


def test_our_stylesheets_have_no_comment_marks_inside_strings() -> None:
    """minify_css drops everything between /* and */; a string holding one
    would be cut."""
    for path in STATIC_DIR.rglob("*.css"):
        for string in re.findall(r"\"[^\"]*\"|'[^']*'", path.read_text(encoding="utf-8")):
            assert "/*" not in string and "*/" not in string, (path, string)


@pytest.mark.parametrize(("source", "expected"), [
    ("// a note\nvar a = 1;\n", "var a = 1;\n"),
    ("  // indented note\n  if (a) {\n    b();\n  }\n", "if (a) {\nb();\n}\n"),
    ('var url = "http://x"; // kept: code on the line\n', 'var url = "http://x"; // kept: code on the line\n'),
    ("var re = /^\\/(vi|en)\\//;\n", "var re = /^\\/(vi|en)\\//;\n"),
    ("a()\n// gone\nb()\n", "a()\nb()\n"),  # line breaks stay: no automatic semicolon lost
])
def test_minify_js(source: str, expected: str) -> None:
    assert minify_js(source) == expected


def test_our_scripts_have_no_template_literals() -> None:
    """minify_js strips each line's indentation and drops comment-only lines,
    which would change a template literal spanning lines."""
    for path in (STATIC_DIR / "js").glob("*.js"):
        assert "`" not in path.read_text(encoding="utf-8"), path


def test_the_build_hashes_minifies_and_precompresses(tmp_path: Path) -> None:
    manifest = build(STATIC_DIR, tmp_path)
    css = manifest["css/reader.css"]
    assert re.fullmatch(r"css/reader\.[0-9a-f]{12}\.css", css)
    built = (tmp_path / css).read_text(encoding="utf-8")
    source = (STATIC_DIR / "css/reader.css").read_text(encoding="utf-8")
    assert "/*" not in built and "\n" not in built
    assert len(built) < 0.9 * len(source)
    # every rule and declaration is kept
    uncommented = re.sub(r"/\*.*?\*/", "", source, flags=re.S)
    assert built.count("{") == uncommented.count("{") and built.count(":") == uncommented.count(":")
    for suffix in (".br", ".gz"):
        assert (tmp_path / (css + suffix)).stat().st_size > 0
    script = (tmp_path / manifest["js/reader.js"]).read_text(encoding="utf-8")
    assert "// " not in script.split("\n")[0] and not re.search(r"^\s*//", script, re.M)
    assert script.count("function") == (STATIC_DIR / "js/reader.js").read_text(encoding="utf-8").count("function")
    htmx = manifest["vendor/htmx-2.0.11.min.js"]
    assert (tmp_path / htmx).read_bytes() == (STATIC_DIR / "vendor/htmx-2.0.11.min.js").read_bytes()
    fonts = (tmp_path / manifest["css/fonts.css"]).read_text(encoding="utf-8")
    for url in re.findall(r"url\(([^)]+)\)", fonts):  # pointing at the hashed font files
        assert re.search(r"\.[0-9a-f]{12}\.woff2$", url), url
        assert (tmp_path / "css" / url).resolve().is_file()
