"""Draw the podcast cover, static/img/podcast-cover.png, from the site icon's shapes.

Why this exists: podcast apps show a channel's square artwork and the common
directories ask for a JPEG or PNG of 1400 to 3000 pixels (an SVG is not
accepted), so /{locale}/podcast.xml needs one.  It is the icon
(static/img/icon.svg: a white open book on blue) drawn at 1400 px with Pillow,
RGB, so the bytes are the same on every run.

Run: .venv/bin/python scripts/make_podcast_cover.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "static" / "img" / "podcast-cover.png"
SIZE = 1400
BLUE, WHITE = (10, 74, 160), (255, 255, 255)
SCALE = SIZE / 32  # the icon's viewBox is 32 x 32


def point(x: float, y: float) -> tuple[float, float]:
    return x * SCALE, y * SCALE


def main() -> None:
    image = Image.new("RGB", (SIZE, SIZE), BLUE)  # square: podcast apps round the corners themselves
    draw = ImageDraw.Draw(image)
    # the book: two pages meeting at the spine (the icon's path, its curves as straight lines)
    left = [point(5, 9), point(9.5, 8.6), point(13, 9.4), point(16, 11), point(16, 26), point(13, 24.4),
            point(9.5, 23.6), point(5, 24)]
    right = [(SIZE - x, y) for x, y in left]
    draw.polygon(left, fill=WHITE)
    draw.polygon(right, fill=WHITE)
    draw.line([point(16, 11), point(16, 26)], fill=BLUE, width=int(1.5 * SCALE))
    image.save(OUT, optimize=True)
    print(f"{OUT}: {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
