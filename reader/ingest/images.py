"""Article images: copied into the media directory under a content-hashed name,
so they can be cached for a year and two articles' "photo1.jpg" never collide."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from PIL import Image as PILImage

from ..models import Image


class ImageError(ValueError):
    pass


def store_image(source: Path, media_dir: Path, *, alt: str, caption: str) -> Image:
    try:
        with PILImage.open(source) as picture:
            width, height = picture.size
            picture.verify()
    except (OSError, SyntaxError) as exc:
        raise ImageError(f"{source}: not a readable image ({exc})") from exc
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:12]
    name = f"{source.stem}.{digest}{source.suffix.lower()}"
    target = media_dir / name
    if not target.exists():
        media_dir.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(target.suffix + ".part")
        shutil.copyfile(source, partial)
        partial.replace(target)  # atomic: a crash never leaves half a file under the real name
    return Image(file=name, alt=alt, caption=caption, width=width, height=height)
