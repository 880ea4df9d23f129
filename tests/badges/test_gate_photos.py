"""The gate bundle carries a small thumbnail of each holder's photo (a few KB, a data URL), so
a gate device shows the face offline; a badge without a photo carries none."""

from __future__ import annotations

import base64
import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image
from rest_framework.test import APIClient

from apps.badges.photos import THUMB_BOX

pytestmark = pytest.mark.django_db


def _jpeg(size=(600, 800)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(out, "JPEG", quality=90)
    return out.getvalue()


def _bundle(user, zone) -> dict:
    api = APIClient()
    api.force_authenticate(user)
    return api.get(reverse("api:badge-gate-bundle"), {"zone": zone.pk}).json()


def test_bundle_carries_a_small_thumbnail(settings, tmp_path, badge, zones, gate_staff):
    settings.MEDIA_ROOT = tmp_path / "media"
    badge.delegate.photo.save("face.jpg", ContentFile(_jpeg()), save=True)

    [entry] = _bundle(gate_staff, zones["plenary"])["roster"]

    prefix = "data:image/jpeg;base64,"
    assert entry["photo"].startswith(prefix)
    data = base64.b64decode(entry["photo"][len(prefix) :])
    assert len(data) < 5_000
    with Image.open(io.BytesIO(data)) as thumb:
        assert thumb.width <= THUMB_BOX[0]
        assert thumb.height <= THUMB_BOX[1]


def test_badge_without_photo_or_with_a_broken_one_has_none(
    settings, tmp_path, badge, zones, gate_staff
):
    settings.MEDIA_ROOT = tmp_path / "media"
    assert _bundle(gate_staff, zones["plenary"])["roster"][0]["photo"] == ""

    badge.delegate.photo.save("broken.jpg", ContentFile(b"not a picture"), save=True)

    assert _bundle(gate_staff, zones["plenary"])["roster"][0]["photo"] == ""
