"""Generate the photos that the bundled sample articles show.

Why this exists: the sample articles need real image files (so the loader can
read their sizes and the pages can be tested for bytes, layout and alt text),
but we have no rights to the portal's photographs. So each picture is drawn
here, deterministically, as a simple illustration of the scene its alt text
describes: skies, layered mountains, tea rows, a reservoir, a meeting hall.
Nothing in them is text, a letter or a digit.

Run: /work/venv/bin/python scripts/make_sample_images.py
Each file has its own seeded generator, so with the same Pillow (and libjpeg)
the output is the same bytes every run and regenerating is not a git change.
"""

from __future__ import annotations

import math
import random
import zlib
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

OUT_DIR = Path(__file__).resolve().parent.parent / "reader" / "samples" / "images"
LANDSCAPE = (960, 640)
PORTRAIT = (640, 960)


# --- small drawing helpers -------------------------------------------------


def mix(a, b, t):
    """Colour between a and b (t = 0 gives a, t = 1 gives b)."""
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def jitter(rng, colour, amount=12):
    return tuple(max(0, min(255, c + rng.randint(-amount, amount))) for c in colour)


def gradient(img, top, bottom, y0=0, y1=None):
    draw = ImageDraw.Draw(img)
    y1 = img.height if y1 is None else y1
    for y in range(y0, y1):
        draw.line([(0, y), (img.width, y)], fill=mix(top, bottom, (y - y0) / max(1, y1 - y0 - 1)))


def ridge(rng, width, base, height):
    """A mountain skyline: y for every x, made of a few random sine waves."""
    waves = [
        (
            rng.uniform(0.3, 1.0) * height / (i + 1),
            rng.uniform(0.5, 1.5) * (i + 1) * 2 * math.pi / width,
            rng.uniform(0, 2 * math.pi),
        )
        for i in range(4)
    ]
    return [
        base - sum(a * (1 + math.sin(f * x + p)) / 2 for a, f, p in waves) for x in range(width + 1)
    ]


def fill_below(draw, ys, colour, bottom):
    draw.polygon([(0, bottom)] + list(enumerate(ys)) + [(len(ys) - 1, bottom)], fill=colour)


def mountains(img, rng, layers, far, near, top_frac=0.25, bottom_frac=0.7):
    """Layered silhouettes, hazy at the back and dark at the front; returns the front ridge."""
    draw = ImageDraw.Draw(img)
    w, h = img.size
    ys = []
    for i in range(layers):
        t = i / max(1, layers - 1)
        base = h * (top_frac + (bottom_frac - top_frac) * t)
        ys = ridge(rng, w, base, h * rng.uniform(0.12, 0.25))
        fill_below(draw, ys, mix(far, near, t), h)
    return ys


def person(draw, x, feet, height, clothes, hair=(35, 30, 30), hat=None):
    """A figure seen from the front or back: a rounded body and a round head."""
    body_w = height * 0.42
    draw.rounded_rectangle(
        [x - body_w / 2, feet - height * 0.72, x + body_w / 2, feet],
        radius=body_w * 0.35,
        fill=clothes,
    )
    r = height * 0.13
    cy = feet - height * 0.72 - r * 0.8
    draw.ellipse([x - r, cy - r, x + r, cy + r], fill=hair)
    if hat:  # a conical hat, as worn in the tea hills
        draw.polygon(
            [(x - r * 2.2, cy - r * 0.2), (x + r * 2.2, cy - r * 0.2), (x, cy - r * 2.2)], fill=hat
        )


def grain(img, rng, strength):
    """Fine noise so the JPEG looks like a photo rather than flat vector art."""
    noise = Image.frombytes("L", img.size, rng.randbytes(img.width * img.height))
    noise = noise.filter(ImageFilter.GaussianBlur(1.0)).convert("RGB")
    return Image.blend(img, noise, strength)


# --- indoor scenes (the meeting in Sa Pa) -----------------------------------


def hall_backdrop(img, rng, wall=(214, 196, 170)):
    """A wall, a red stage backdrop with a gold border, and a floor."""
    w, h = img.size
    gradient(img, wall, mix(wall, (90, 70, 60), 0.5))
    draw = ImageDraw.Draw(img)
    red = jitter(rng, (176, 28, 34), 10)
    draw.rectangle([w * 0.12, h * 0.08, w * 0.88, h * 0.52], fill=(212, 170, 60))
    draw.rectangle([w * 0.13, h * 0.095, w * 0.87, h * 0.505], fill=red)
    for i in range(6):  # folds in the backdrop cloth
        x = w * (0.18 + i * 0.13)
        draw.line([(x, h * 0.1), (x, h * 0.5)], fill=mix(red, (0, 0, 0), 0.2), width=3)
    gradient(img, (120, 82, 60), (70, 48, 40), round(h * 0.52), h)


def audience(img, rng, rows, y0, y1):
    """Rows of seated people seen from behind, larger towards the camera."""
    draw = ImageDraw.Draw(img)
    w = img.width
    clothes = [(30, 40, 70), (235, 235, 230), (45, 45, 50), (70, 90, 130), (120, 30, 40)]
    for r in range(rows):
        t = r / max(1, rows - 1)
        y = y0 + (y1 - y0) * t
        size = 50 + 150 * t
        x = rng.uniform(-size / 2, size / 2)
        while x < w + size:
            person(
                draw,
                x,
                y + size * 0.4,
                size,
                jitter(rng, rng.choice(clothes)),
                hair=jitter(rng, (30, 26, 24), 6),
            )
            x += size * rng.uniform(0.5, 0.62)


def flowers(draw, rng, cx, cy, radius, count=40):
    for _ in range(count):
        a, d = rng.uniform(0, 2 * math.pi), rng.uniform(0, radius)
        x, y = cx + d * math.cos(a), cy + d * math.sin(a) * 0.6
        r = rng.uniform(radius * 0.12, radius * 0.22)
        colour = rng.choice(
            [(230, 200, 40), (220, 60, 50), (240, 140, 40), (60, 130, 60), (245, 245, 240)]
        )
        draw.ellipse([x - r, y - r, x + r, y + r], fill=jitter(rng, colour))


def podium(img, rng, x_frac=0.5):
    """One speaker at a wooden lectern with flowers in front of it."""
    w, h = img.size
    draw = ImageDraw.Draw(img)
    x = w * x_frac
    person(draw, x, h * 0.62, h * 0.42, jitter(rng, (35, 38, 48), 6))
    draw.line([(x + 20, h * 0.58), (x + 10, h * 0.44)], fill=(20, 20, 20), width=4)  # microphone
    wood = jitter(rng, (128, 78, 44))
    draw.polygon(
        [(x - 90, h * 0.56), (x + 90, h * 0.56), (x + 70, h * 0.92), (x - 70, h * 0.92)], fill=wood
    )
    draw.rectangle([x - 95, h * 0.55, x + 95, h * 0.58], fill=mix(wood, (0, 0, 0), 0.3))
    flowers(draw, rng, x, h * 0.9, 75)


def scene_hall(img, rng):
    hall_backdrop(img, rng)
    w, h = img.size
    draw = ImageDraw.Draw(img)
    draw.rectangle([w * 0.25, h * 0.47, w * 0.75, h * 0.56], fill=(40, 70, 140))  # head table
    audience(img, rng, 5, h * 0.6, h * 1.0)


def scene_speaker(img, rng):
    hall_backdrop(img, rng)
    podium(img, rng, rng.uniform(0.4, 0.6))


def scene_head_table(img, rng):
    hall_backdrop(img, rng, wall=(200, 200, 196))
    w, h = img.size
    draw = ImageDraw.Draw(img)
    for i in range(5):
        person(draw, w * (0.22 + i * 0.14), h * 0.66, h * 0.34, jitter(rng, (40, 44, 56), 8))
    draw.rectangle([w * 0.1, h * 0.6, w * 0.9, h * 0.86], fill=(30, 80, 150))  # table cloth
    draw.rectangle([w * 0.1, h * 0.6, w * 0.9, h * 0.63], fill=(240, 240, 235))
    for i in range(4):
        flowers(draw, rng, w * (0.2 + i * 0.2), h * 0.86, 55, 25)


def scene_audience_view(img, rng):
    hall_backdrop(img, rng)
    podium(img, rng, rng.uniform(0.3, 0.4))
    audience(img, rng, 2, img.height * 0.85, img.height * 1.05)


def scene_gift(img, rng):
    hall_backdrop(img, rng)
    w, h = img.size
    draw = ImageDraw.Draw(img)
    suits = [(35, 38, 48), (60, 60, 70), (240, 240, 236), (110, 30, 40)]
    for side in (-1, 1):
        for i in range(3):
            person(
                draw,
                w / 2 + side * w * (0.12 + i * 0.11),
                h * 0.95,
                h * 0.55,
                jitter(rng, rng.choice(suits)),
            )
    cx, cy = w / 2, h * 0.72  # gift basket with fruit
    draw.arc([cx - 60, cy - 90, cx + 60, cy + 30], 180, 360, fill=(150, 20, 30), width=8)
    for _ in range(14):
        x, y = cx + rng.uniform(-50, 50), cy + rng.uniform(-20, 10)
        draw.ellipse(
            [x - 18, y - 18, x + 18, y + 18],
            fill=jitter(rng, rng.choice([(240, 170, 40), (220, 60, 40)])),
        )
    draw.polygon(
        [(cx - 70, cy), (cx + 70, cy), (cx + 50, cy + 70), (cx - 50, cy + 70)], fill=(200, 30, 40)
    )


def pattern_band(draw, rng, x, y, width, height, palette):
    """One band of a brocade cloth: plain, a zigzag, or a row of diamonds."""
    ground, ink = rng.sample(palette, 2)
    draw.rectangle([x, y, x + width, y + height], fill=ground)
    kind = rng.random()
    if kind < 0.4:
        return  # a plain stripe
    if kind < 0.7:
        step = 24
        pts = [
            (x + i * step, y + height * (0.25 if i % 2 else 0.75))
            for i in range(int(width // step) + 1)
        ]
        draw.line(pts, fill=ink, width=4)
    else:
        for dx in range(0, int(width) - 20, 40):
            cx, cy = x + dx + 16, y + height / 2
            draw.polygon(
                [(cx - 11, cy), (cx, cy - height * 0.38), (cx + 11, cy), (cx, cy + height * 0.38)],
                fill=ink,
            )


BROCADE = [(30, 40, 110), (190, 35, 50), (235, 185, 45), (40, 120, 70), (240, 235, 225)]


def scene_brocade(img, rng):
    """Brocade cloths hanging from a rail, with visitors looking at them."""
    w, h = img.size
    gradient(img, (150, 105, 70), (95, 62, 40))
    draw = ImageDraw.Draw(img)
    draw.rectangle([0, h * 0.06, w, h * 0.075], fill=(60, 40, 25))
    x = 24
    while x < w - 60:
        panel_w = rng.randint(120, 170)
        y = h * 0.075
        while y < h * 0.75:
            band = rng.randint(50, 100)
            pattern_band(draw, rng, x, y, panel_w, band, BROCADE)
            y += band
        x += panel_w + rng.randint(24, 40)
    gradient(img, (110, 90, 70), (70, 55, 45), round(h * 0.8), h)
    for i in range(3):
        person(
            draw,
            w * (0.25 + i * 0.25),
            h * rng.uniform(0.97, 1.0),
            h * 0.32,
            jitter(rng, rng.choice(BROCADE[:4])),
        )


def scene_loom(img, rng):
    """A weaver at a wooden floor loom under the eaves, baskets of yarn beside her."""
    w, h = img.size
    gradient(img, (120, 85, 60), (80, 55, 40), 0, round(h * 0.7))  # plank wall
    draw = ImageDraw.Draw(img)
    for x in range(0, w, 80):
        draw.line([(x, 0), (x, h * 0.7)], fill=(70, 48, 34), width=3)
    gradient(img, (150, 130, 100), (110, 92, 70), round(h * 0.7), h)  # earth floor
    wood = (95, 60, 35)
    left, right, top, cloth_top = w * 0.3, w * 0.8, h * 0.18, h * 0.5
    draw.rectangle([left, top, right, top + 14], fill=wood)
    for x in (left, right):
        draw.rectangle([x - 8, top, x + 8, h * 0.85], fill=wood)
    x = left + 12
    while x < right - 10:  # warp threads
        draw.line([(x, top + 14), (x, cloth_top)], fill=(215, 205, 185), width=2)
        x += 14
    y = cloth_top
    while y < h * 0.74:  # the woven part
        band = rng.randint(24, 44)
        pattern_band(draw, rng, left + 10, y, right - left - 20, band, BROCADE)
        y += band
    draw.rectangle([left, h * 0.74, right, h * 0.76], fill=wood)
    person(draw, (left + right) / 2, h * 1.02, h * 0.4, (25, 30, 60))
    for i, bx in enumerate((w * 0.1, w * 0.9)):  # baskets of yarn
        draw.rounded_rectangle(
            [bx - 55, h * 0.8, bx + 55, h * 0.93], radius=12, fill=(165, 120, 70)
        )
        for k in range(4):
            c = BROCADE[(i * 2 + k) % len(BROCADE)]
            cx = bx - 36 + k * 24
            draw.ellipse([cx - 15, h * 0.78 - 15, cx + 15, h * 0.78 + 15], fill=c)


# --- outdoor scenes ---------------------------------------------------------


def sky(img, rng, top=(92, 150, 210), bottom=(215, 228, 238)):
    gradient(img, jitter(rng, top, 8), jitter(rng, bottom, 6))


def sun(img, x, y, r, colour):
    ImageDraw.Draw(img).ellipse([x - r, y - r, x + r, y + r], fill=colour)


def rows_on_slope(img, rng, front, spacing, colour, width):
    """Curved rows that follow the front hill: tea bushes or rice terraces."""
    draw = ImageDraw.Draw(img)
    w, h = img.size
    offset = spacing
    while min(front) + offset < h + spacing:
        wobble = rng.uniform(0, 2 * math.pi)
        pts = [(x, front[x] + offset + 6 * math.sin(x / 90 + wobble)) for x in range(0, w + 1, 8)]
        draw.line(pts, fill=jitter(rng, colour, 6), width=width, joint="curve")
        offset += spacing * rng.uniform(0.9, 1.1)


def scene_tea(img, rng):
    sky(img, rng)
    w, h = img.size
    sun(img, w * rng.uniform(0.6, 0.85), h * 0.15, 36, (255, 240, 200))
    front = mountains(img, rng, 3, (150, 175, 195), (120, 175, 80), 0.3, 0.55)
    rows_on_slope(img, rng, front, 38, (85, 140, 62), 14)
    draw = ImageDraw.Draw(img)
    for _ in range(5):  # pickers with conical hats and baskets
        x = rng.uniform(w * 0.1, w * 0.9)
        feet = front[int(x)] + rng.uniform(90, 260)
        person(
            draw,
            x,
            feet,
            90,
            jitter(rng, rng.choice([(40, 50, 120), (200, 60, 60), (60, 60, 60)])),
            hat=(235, 220, 170),
        )
        draw.rounded_rectangle(
            [x - 26, feet - 60, x - 10, feet - 30], radius=4, fill=(150, 110, 60)
        )


def scene_lake(img, rng):
    sky(img, rng, (110, 160, 200), (225, 225, 215))
    w, h = img.size
    horizon = round(h * 0.5)
    land = img.copy()
    mountains(land, rng, 3, (140, 165, 175), (50, 95, 70), 0.22, 0.42)
    img.paste(land.crop((0, 0, w, horizon)), (0, 0))
    mirror = land.crop((0, 0, w, horizon)).transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    water = Image.new("RGB", (w, h - horizon), (60, 110, 130))
    img.paste(
        Image.blend(mirror.resize((w, h - horizon)), water, 0.55).filter(
            ImageFilter.GaussianBlur(3)
        ),
        (0, horizon),
    )
    draw = ImageDraw.Draw(img)
    for row in range(3):  # floating fish cages, smaller further away
        y = horizon + 40 + row * 70 + row * row * 12
        size = 36 + row * 22
        x = w * 0.15 + row * 20
        for _ in range(5 - row):
            draw.rectangle(
                [x, y, x + size * 1.6, y + size * 0.5], outline=(70, 50, 35), width=4 + row
            )
            for fx in (x, x + size * 1.6):
                draw.ellipse(
                    [fx - 6, y + size * 0.5 - 6, fx + 6, y + size * 0.5 + 6], fill=(30, 90, 170)
                )
            x += size * 1.9
    bx, by = w * 0.75, h * 0.88  # a small boat
    draw.polygon(
        [(bx - 70, by), (bx + 70, by), (bx + 50, by + 22), (bx - 50, by + 22)], fill=(90, 60, 40)
    )
    person(draw, bx, by + 2, 70, (200, 70, 50))


def scene_road(img, rng):
    sky(img, rng)
    w, h = img.size
    front = mountains(img, rng, 4, (160, 180, 200), (70, 120, 60), 0.25, 0.45)
    rows_on_slope(img, rng, front, 40, (120, 150, 70), 8)  # terraces
    draw = ImageDraw.Draw(img)
    pts = []
    for i in range(9):  # a road winding up the slope
        t = i / 8
        y = h * (1.02 - 0.55 * t)
        x = w * 0.5 + (1 if i % 2 else -1) * w * 0.3 * (1 - t) + rng.uniform(-20, 20)
        pts.append((x, y))
    for i in range(len(pts) - 1):
        width = round(70 * (1 - i / 9)) + 8
        draw.line([pts[i], pts[i + 1]], fill=(150, 150, 150), width=width, joint="curve")
        draw.line([pts[i], pts[i + 1]], fill=(230, 230, 225), width=max(2, width // 18))


def scene_dam(img, rng):
    sky(img, rng, (100, 150, 200), (220, 230, 236))
    w, h = img.size
    draw = ImageDraw.Draw(img)
    mountains(img, rng, 2, (160, 180, 195), (100, 140, 110), 0.2, 0.35)
    draw.rectangle([0, h * 0.42, w, h * 0.5], fill=(70, 120, 150))  # the reservoir
    left = [(0, h * 0.3), (w * 0.25, h * 0.5), (w * 0.32, h), (0, h)]
    right = [(w, h * 0.28), (w * 0.75, h * 0.5), (w * 0.68, h), (w, h)]
    draw.polygon(left, fill=(60, 110, 55))
    draw.polygon(right, fill=(55, 100, 50))
    draw.polygon(
        [(w * 0.22, h * 0.48), (w * 0.78, h * 0.48), (w * 0.72, h * 0.68), (w * 0.28, h * 0.68)],
        fill=(175, 172, 165),
    )  # the dam wall
    for i in range(5):  # water over the spillway
        x = w * (0.42 + i * 0.04)
        draw.rectangle([x, h * 0.5, x + w * 0.025, h * 0.68], fill=(235, 242, 245))
    draw.polygon(
        [(w * 0.36, h), (w * 0.64, h), (w * 0.58, h * 0.68), (w * 0.42, h * 0.68)],
        fill=(90, 140, 160),
    )


def fir(draw, x, base, height, frost):
    for k in range(3):
        top = base - height * (0.45 + 0.27 * k)
        half = height * (0.3 - 0.07 * k)
        draw.polygon(
            [(x - half, base - height * 0.3 * k), (x + half, base - height * 0.3 * k), (x, top)],
            fill=(30, 70, 50),
        )
        draw.line(
            [
                (x - half * 0.7, base - height * 0.3 * k - 4),
                (x, top),
                (x + half * 0.7, base - height * 0.3 * k - 4),
            ],
            fill=frost,
            width=3,
        )


def scene_frost(img, rng):
    sky(img, rng, (120, 160, 205), (235, 240, 246))
    w, h = img.size
    sun(img, w * 0.75, h * 0.12, 30, (250, 250, 245))
    draw = ImageDraw.Draw(img)
    for i in range(3):
        t = i / 2
        ys = ridge(rng, w, h * (0.3 + 0.2 * t), h * 0.18)
        fill_below(draw, ys, mix((150, 165, 185), (70, 90, 100), t), h)
        snow_line = min(ys) + (max(ys) - min(ys)) * 0.6
        for x in range(w):  # snow on the upper slopes only
            if ys[x] < snow_line:
                draw.line(
                    [(x, ys[x]), (x, ys[x] + (snow_line - ys[x]) * 0.5 + 6)], fill=(245, 248, 252)
                )
    gradient(img, (225, 232, 240), (250, 252, 255), round(h * 0.78), h)
    for _ in range(9):
        x = rng.uniform(0, w)
        fir(draw, x, h * rng.uniform(0.8, 0.98), rng.uniform(120, 220), (240, 245, 250))


# --- the list of images the articles use ------------------------------------

IMAGES = {
    # Chung dãy Hoàng Liên (Sa Pa meeting, 17/01/2024), vi and en.
    "sapa-hoi-nghi-1-quang-canh.jpg": (scene_hall, LANDSCAPE),
    "sapa-hoi-nghi-2-phat-bieu-khai-mac.jpg": (scene_speaker, LANDSCAPE),
    "sapa-hoi-nghi-3-bao-cao-hop-tac.jpg": (scene_head_table, LANDSCAPE),
    "sapa-hoi-nghi-4-phat-bieu-tan-uyen.jpg": (scene_audience_view, LANDSCAPE),
    "sapa-hoi-nghi-5-tang-qua.jpg": (scene_gift, LANDSCAPE),
    "sapa-hoi-nghi-6-lang-nghe-tho-cam.jpg": (scene_brocade, PORTRAIT),
    # Team-written articles.
    "tan-uyen-doi-che-thu-hoach.jpg": (scene_tea, LANDSCAPE),
    "ban-chat-long-ho-nuoi-ca.jpg": (scene_lake, LANDSCAPE),
    "ta-giang-phinh-duong-moi.jpg": (scene_road, LANDSCAPE),
    "tam-duong-dap-thuy-loi.jpg": (scene_dam, LANDSCAPE),
    "hop-tac-xa-tho-cam-khung-det.jpg": (scene_loom, LANDSCAPE),
    "fansipan-frost.jpg": (scene_frost, PORTRAIT),
}


def make(name: str, scene, size) -> Path:
    rng = random.Random(zlib.crc32(name.encode()))  # stable across runs, unlike hash()
    img = Image.new("RGB", size)
    scene(img, rng)
    img = img.filter(ImageFilter.GaussianBlur(1.0))  # soft edges like a lens; keeps files ~15-45 KB
    img = grain(img, rng, 0.03)
    path = OUT_DIR / name
    img.save(path, "JPEG", quality=72, progressive=True, optimize=True)
    return path


def main() -> None:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    total = 0
    for name, (scene, size) in IMAGES.items():
        path = make(name, scene, size)
        total += path.stat().st_size
        print(f"{path.stat().st_size:>7} {name}")
    print(f"{total:>7} bytes in {len(IMAGES)} files")


if __name__ == "__main__":
    main()
