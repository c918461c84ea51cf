"""Project photos: re-encoded from the pixels alone, so no EXIF, GPS, camera or editing metadata survives."""

import io

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_SIDE = 1600
MAX_UPLOAD = 8 * 1024 * 1024


class BadImage(Exception):
    pass


def clean_photo(data: bytes) -> bytes:
    if len(data) > MAX_UPLOAD:
        raise BadImage("too large")
    try:
        with Image.open(io.BytesIO(data)) as original:
            original.load()
            upright = ImageOps.exif_transpose(original)  # keep the orientation, then drop the tags
            upright.thumbnail((MAX_SIDE, MAX_SIDE))
            pixels = Image.new("RGB", upright.size, "white")
            pixels.paste(upright.convert("RGBA"), mask=upright.convert("RGBA").getchannel("A"))
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise BadImage("not an image") from None
    out = io.BytesIO()
    pixels.save(out, format="JPEG", quality=82, optimize=True, progressive=True)
    return out.getvalue()
