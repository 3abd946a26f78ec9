"""The preferences model and its cookie: allow-listed, field by field."""

from __future__ import annotations

from dataclasses import replace

import pytest

from reader import prefs as P


def test_defaults_follow_the_device() -> None:
    assert P.DEFAULTS.contrast == "auto" and P.DEFAULTS.scheme == "auto"
    assert P.DEFAULTS.size_percent == 100
    assert P.DEFAULTS.classes() == "contrast-auto scheme-auto"
    assert P.DEFAULTS.to_cookie() == "1"


def test_nine_text_sizes_from_100_to_400_percent() -> None:
    assert len(P.TEXT_SIZES) >= 9
    assert P.TEXT_SIZES[0] == 100 and P.TEXT_SIZES[-1] == 400
    assert list(P.TEXT_SIZES) == sorted(P.TEXT_SIZES)


OWN = "1f1f1fffffff0a4aa0"


def test_round_trip_of_every_value() -> None:
    for name, choice in P.CHOICES.items():
        for value in choice.values:
            prefs = replace(P.DEFAULTS, **{name: value})
            if name == "palette" and value == "own":
                prefs = replace(prefs, colours=OWN)  # own colours need colours
            assert P.parse(prefs.to_cookie()) == prefs, (name, value)


def test_own_colours_are_one_token_and_cookies_from_before_stay_valid() -> None:
    own = P.Prefs(text_size="3", palette="own", colours=OWN)
    assert own.to_cookie() == f"1.z3.po.k{OWN}"
    assert "palette-own" in own.classes().split()
    # Colours chosen once are remembered while the theme's palette is in use.
    remembered = replace(own, palette="theme")
    assert remembered.to_cookie() == f"1.z3.k{OWN}" and "palette-own" not in remembered.classes()
    assert P.parse(remembered.to_cookie()) == remembered
    assert P.parse("1.z3.ch.sd") == P.Prefs(text_size="3", contrast="high", scheme="dark")
    # The colours are part of the normalised cookie, so of the render cache's key.
    assert P.normalised(f"1.po.k{OWN}") != P.normalised("1.po.k000000ffffff0000ee")


def test_links_close_to_the_text_colour_are_underlined() -> None:
    close = P.Prefs(palette="own", colours="000000ffffff1a1a1a")  # link 1.2:1 against the text
    assert "underline-always" in close.classes().split()
    apart = P.Prefs(palette="own", colours="000000ffffffc00000")  # 3.2:1 against the text
    assert "underline-always" not in apart.classes().split()
    assert close.classes().split().count("underline-always") == 1
    assert replace(close, underline="always").classes().split().count("underline-always") == 1


def test_a_contrast_step_leaves_own_colours_for_the_theme() -> None:
    own = P.Prefs(palette="own", colours=OWN)
    stepped = P.step(own, "contrast-up")
    assert stepped == P.Prefs(contrast="high", colours=OWN) and P.can(own, "contrast-up")


def test_cookie_is_compact() -> None:
    everything = P.Prefs(text_size="8", contrast="high", scheme="dark", line_spacing="2",
                         letter_spacing="wide", word_spacing="wide", width="wide",
                         font="be-vietnam-pro", images="hide", motion="reduce", underline="always",
                         guide="5", palette="own", colours=OWN)
    assert len(everything.to_cookie()) <= 60
    assert P.parse(everything.to_cookie()) == everything


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, P.DEFAULTS),
        ("", P.DEFAULTS),
        ("garbage", P.DEFAULTS),
        ("2.z3.ch", P.DEFAULTS),  # unknown version: defaults, not a guess
        ("1.z3.ch", P.Prefs(text_size="3", contrast="high")),
        ("1.z9.ch", P.Prefs(contrast="high")),  # out of range: that field only is dropped
        ("1.z3.cx", P.Prefs(text_size="3")),
        ("1.z3.z5", P.Prefs(text_size="3")),  # repeated: the first wins
        ("1.q1.zz.z33.c.ch", P.Prefs(contrast="high")),  # unknown keys, bad tokens
        ("1." + "z3." * 500, P.DEFAULTS),  # huge
        ("1.z3.<script>", P.Prefs(text_size="3")),
        ("1.z\u0663", P.DEFAULTS),  # an Arabic-Indic digit is not a step
        ("1..z3..", P.Prefs(text_size="3")),
        # own colours: 18 lowercase hex digits after k, or nothing
        (f"1.po.k{OWN}", P.Prefs(palette="own", colours=OWN)),
        ("1.po", P.DEFAULTS),  # own colours without colours: the theme's
        ("1.po.k1f1f1f", P.DEFAULTS),  # too short
        ("1.po.k1F1F1FFFFFFF0A4AA0", P.DEFAULTS),  # not canonical
        ("1.po.k1f1f1fffffff0a4aag", P.DEFAULTS),  # not hex
        (f"1.po.k{OWN}0", P.DEFAULTS),  # too long
        ("1.po.k\"><script>alert(1)</script>", P.DEFAULTS),
        (f"1.k{OWN}.k000000ffffff0000ee.po", P.Prefs(palette="own", colours=OWN)),  # the first wins
        ("1.g3.gx", P.Prefs(guide="3")),
        ("1.g7", P.DEFAULTS),
    ],
)
def test_tampered_cookies_are_dropped_field_by_field(raw: str | None, expected: P.Prefs) -> None:
    assert P.parse(raw) == expected


def test_classes_never_contain_raw_cookie_text() -> None:
    prefs = P.parse('1.z3.ch."><script>alert(1)</script>')
    assert prefs.classes() == "text-size-3 contrast-high scheme-auto"


def test_tampered_colour_tokens_never_reach_the_page() -> None:
    prefs = P.parse('1.po.k"><style>*{color:red}</style>.ch')
    assert prefs.own_colours is None and prefs.classes() == "contrast-high scheme-auto"


def test_form_values_are_allow_listed() -> None:
    form = {"text_size": "4", "contrast": "ultra", "scheme": "dark", "bogus": "1", "font": "comic-sans"}
    assert P.from_form(form) == P.Prefs(text_size="4", scheme="dark")


@pytest.mark.parametrize(
    ("start", "action", "end"),
    [
        (P.Prefs(), "size-up", P.Prefs(text_size="1")),
        (P.Prefs(text_size="8"), "size-up", P.Prefs(text_size="8")),
        (P.Prefs(), "size-down", P.Prefs()),
        (P.Prefs(text_size="5"), "size-reset", P.Prefs()),
        (P.Prefs(), "contrast-up", P.Prefs(contrast="high")),  # device (standard) -> high
        (P.Prefs(), "contrast-down", P.Prefs(contrast="soft")),
        (P.Prefs(contrast="soft"), "contrast-up", P.Prefs(contrast="standard")),
        (P.Prefs(contrast="high"), "contrast-up", P.Prefs(contrast="high")),
        (P.Prefs(contrast="soft"), "contrast-down", P.Prefs(contrast="soft")),
        (P.Prefs(contrast="high", palette="own", colours=OWN), "contrast-up",
         P.Prefs(contrast="high", colours=OWN)),  # own colours give way: a change
    ],
)
def test_toolbar_steps_stop_at_the_ends(start: P.Prefs, action: str, end: P.Prefs) -> None:
    assert P.step(start, action) == end
    assert P.can(start, action) == (start != end)
