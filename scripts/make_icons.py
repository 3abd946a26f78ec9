"""Draw the app icons the web app manifest names (static/img/icon-*.png).

Why this exists: phones that add Reader to the home screen want bitmap icons
(192 and 512 pixels, and a "maskable" one whose picture stays inside the
middle 80 %, which launchers crop to a circle or a squircle).  The picture is
static/img/icon.svg (an open book on a blue tile) drawn again with Pillow,
which cannot read SVG, at four times the size and scaled down for smooth
edges.  The output is the same bytes on every run with the same Pillow.

Run: .venv/bin/python scripts/make_icons.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT_DIR = Path(__file__).resolve().parent.parent / "static" / "img"
BLUE = (10, 74, 160, 255)
WHITE = (255, 255, 255, 255)
SUPER = 4  # drawn this many times larger, then scaled down


def bezier(p0: tuple[float, float], p1: tuple[float, float], p2: tuple[float, float],
           p3: tuple[float, float], steps: int = 24) -> list[tuple[float, float]]:
    points = []
    for i in range(1, steps + 1):
        t = i / steps
        u = 1 - t
        points.append((u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
                       u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1]))
    return points


def book() -> list[tuple[float, float]]:
    """icon.svg's book outline, in its 32x32 coordinates:
    M5 9 c4-1.5 8-.5 11 2 3-2.5 7-3.5 11-2 v15 c-4-1.5-8-.5-11 2 -3-2.5-7-3.5-11-2 z"""
    points = [(5.0, 9.0)]
    points += bezier((5, 9), (9, 7.5), (13, 8.5), (16, 11))
    points += bezier((16, 11), (19, 8.5), (23, 7.5), (27, 9))
    points.append((27, 24))
    points += bezier((27, 24), (23, 22.5), (19, 23.5), (16, 26))
    points += bezier((16, 26), (13, 23.5), (9, 22.5), (5, 24))
    return points


def draw(size: int, *, maskable: bool) -> Image.Image:
    big = size * SUPER
    image = Image.new("RGBA", (big, big), BLUE if maskable else (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    # A maskable icon fills the square and keeps its picture in the middle 80 %
    # (the safe zone); the plain one is the rounded tile of icon.svg.
    if maskable:
        scale, offset = big * 0.7 / 32, big * 0.15
    else:
        scale, offset = big / 32, 0.0
        pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=6 * scale, fill=BLUE)
    pen.polygon([(offset + x * scale, offset + y * scale) for x, y in book()], fill=WHITE)
    spine = offset + 16 * scale
    pen.line([(spine, offset + 11 * scale), (spine, offset + 26 * scale)], fill=BLUE, width=round(1.5 * scale))
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    for size in (192, 512):
        draw(size, maskable=False).save(OUT_DIR / f"icon-{size}.png", optimize=True)
    draw(512, maskable=True).save(OUT_DIR / "icon-maskable-512.png", optimize=True)


if __name__ == "__main__":
    main()
