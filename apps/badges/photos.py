"""Small photo thumbnails for the gate bundle: a few KB each, as data URLs, so a gate device
shows the holder's face offline. Made once per stored photo (the cache keeps them)."""

from __future__ import annotations

import base64
import hashlib
import io

from django.core.cache import cache

THUMB_BOX = (72, 96)
THUMB_QUALITY = 60
CACHE_SECONDS = 7 * 24 * 3600


def _key(name: str) -> str:
    return "badges:thumb:" + hashlib.sha256(name.encode()).hexdigest()


def _thumbnail(field_file) -> str:
    from PIL import Image, UnidentifiedImageError

    try:
        with field_file.open("rb") as handle, Image.open(handle) as image:
            image.thumbnail(THUMB_BOX)
            out = io.BytesIO()
            image.convert("RGB").save(out, "JPEG", quality=THUMB_QUALITY, optimize=True)
    except (OSError, UnidentifiedImageError, ValueError):
        return ""
    return "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def forget_thumbnail(name: str) -> None:
    """Drop the cached thumbnail of a stored photo (once the photo is erased)."""
    cache.delete(_key(name))


def thumbnails(files: dict[int, object]) -> dict[int, str]:
    """Per key (a badge id), the thumbnail of its photo file ("" when none or unreadable)."""
    named = {key: f for key, f in files.items() if f and getattr(f, "name", "")}
    keys = {key: _key(f.name) for key, f in named.items()}  # type: ignore[attr-defined]
    cached = cache.get_many(list(set(keys.values())))
    made: dict[str, str] = {}
    result: dict[int, str] = {}
    for key, field_file in named.items():
        cache_key = keys[key]
        if cache_key not in cached and cache_key not in made:
            made[cache_key] = _thumbnail(field_file)
        result[key] = cached.get(cache_key, made.get(cache_key, ""))
    if made:
        cache.set_many(made, CACHE_SECONDS)
    return result
