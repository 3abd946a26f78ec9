"""Article images: copied into the media directory under a content-hashed name,
so they can be cached for a year and two articles' "photo1.jpg" never collide."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image as PILImage

from ..models import Image


class ImageError(ValueError):
    pass


def store_image(source: Path, media_dir: Path, *, alt: str, caption: str) -> Image:
    return store_image_data(source.read_bytes(), source.name, media_dir, alt=alt, caption=caption,
                            where=str(source))


# Only the formats a browser shows: Pillow can open many more (some through
# outside programs, like EPS through Ghostscript), none of which a page needs.
FORMATS_READ = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".gif"}
MAX_PIXELS = 50_000_000  # a photo has far fewer; a "decompression bomb" far more


def store_image_data(data: bytes, name: str, media_dir: Path, *, alt: str, caption: str,
                     where: str = "") -> Image:
    """Check ``data`` is an image by its content (not its name or the server's
    word) and store it under a content-hashed name made from ``name``."""
    where = where or name
    try:
        with PILImage.open(io.BytesIO(data), formats=list(FORMATS_READ)) as picture:
            width, height = picture.size
            kind = picture.format or ""
            if width * height > MAX_PIXELS:
                raise ImageError(f"{where}: {width}x{height} pixels is too large for an article photo")
            picture.verify()
    except (OSError, SyntaxError, PILImage.DecompressionBombError) as exc:
        raise ImageError(f"{where}: not a readable image ({exc})") from exc
    digest = hashlib.sha256(data).hexdigest()[:12]
    suffix = Path(name).suffix.lower()
    if FORMATS_READ.get(kind) != suffix and not (kind == "JPEG" and suffix == ".jpeg"):
        suffix = FORMATS_READ.get(kind, suffix)  # named by what it is, so it is served as that
    target = media_dir / f"{Path(name).stem}.{digest}{suffix}"
    if not target.exists():
        media_dir.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(target.suffix + ".part")
        partial.write_bytes(data)
        partial.replace(target)  # atomic: a crash never leaves half a file under the real name
    return Image(file=target.name, alt=alt, caption=caption, width=width, height=height)


# -- resized variants ------------------------------------------------------------
# A phone on a slow link should not download a 3000-pixel photo to show it 360
# pixels wide.  Variants are named after the stored file and their width, so
# their names, widths and heights follow from the Image record alone: nothing
# more needs storing, and a page can build its srcset from the article row.
WIDTHS = (480, 960, 1440)
FORMATS = (("webp", "image/webp", "WEBP"), ("jpg", "image/jpeg", "JPEG"))


@dataclass(frozen=True)
class Variant:
    file: str  # under the media directory
    mime: str
    width: int
    height: int


def variants(image: Image) -> tuple[Variant, ...]:
    """The resized copies of ``image`` that ``make_variants`` writes: each width
    in WIDTHS smaller than the original, as WebP and as a JPEG fallback."""
    stem = image.file.rsplit(".", 1)[0]
    out: list[Variant] = []
    for width in WIDTHS:
        if width >= image.width:
            break
        height = max(1, round(image.height * width / image.width))
        out.extend(Variant(f"{stem}.w{width}.{ext}", mime, width, height) for ext, mime, _ in FORMATS)
    return tuple(out)


# Link previews (og:image) in Zalo, Facebook and Telegram: 1200 pixels wide is
# what Facebook asks for to show a large card; JPEG is the one format every
# app that draws previews reads.
PREVIEW_WIDTH = 1200


def preview(image: Image) -> Variant:
    """The copy link previews show: 1200 pixels wide as a JPEG, never larger
    than the original (which is its own preview when it is already a JPEG
    that small)."""
    if image.width <= PREVIEW_WIDTH and image.file.lower().endswith((".jpg", ".jpeg")):
        return Variant(image.file, "image/jpeg", image.width, image.height)
    width = min(PREVIEW_WIDTH, image.width)
    height = max(1, round(image.height * width / image.width))
    return Variant(f"{image.file.rsplit('.', 1)[0]}.w{width}.jpg", "image/jpeg", width, height)


def copies(image: Image) -> tuple[Variant, ...]:
    """Every file made from ``image``: its resized variants and its link-preview
    copy (unless the original is its own preview)."""
    shared = preview(image)
    return variants(image) + (() if shared.file == image.file else (shared,))


def make_variants(image: Image, media_dir: Path) -> tuple[Variant, ...]:
    """Write the copies that are missing (names are content hashes, so one that
    exists is already right) and return them all."""
    wanted = copies(image)
    missing = [v for v in wanted if not (media_dir / v.file).exists()]
    if not missing:
        return wanted
    try:
        with PILImage.open(media_dir / image.file) as opened:
            picture: PILImage.Image = opened
            if picture.mode not in ("RGB", "L"):  # WebP/JPEG have no palette; flatten onto white
                background = PILImage.new("RGB", picture.size, "white")
                rgba = picture.convert("RGBA")
                background.paste(rgba, mask=rgba.getchannel("A"))
                picture = background
            sizes: dict[tuple[int, int], PILImage.Image] = {}  # one resize per width, for both formats
            for variant in missing:
                fmt = next(f for ext, _, f in FORMATS if variant.file.endswith("." + ext))
                size = (variant.width, variant.height)
                if size not in sizes:
                    sizes[size] = picture.resize(size, PILImage.Resampling.LANCZOS)
                resized = sizes[size]
                target = media_dir / variant.file
                partial = target.with_name(target.name + ".part")
                resized.save(partial, fmt, quality=80)
                partial.replace(target)
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageError(f"{image.file}: cannot make resized copies ({exc})") from exc
    return wanted
