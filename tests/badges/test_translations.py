"""The badges app speaks the four official languages from its own catalogue."""

from __future__ import annotations

import pytest
from django.utils import translation

from apps.badges.models import Reason


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fr", "déjà à l'intérieur"), ("es", "ya dentro"), ("ar", "في الداخل بالفعل")],
)
def test_reasons_translated(language, expected):
    with translation.override(language):
        assert str(Reason.ALREADY_INSIDE.label) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "zone fermée à votre catégorie en ce moment"),
        ("es", "zona cerrada a su categoría en este momento"),
        ("ar", "المنطقة مغلقة أمام فئتك الآن"),
    ],
)
def test_zone_closed_reason_translated(language, expected):
    with translation.override(language):
        assert str(Reason.ZONE_CLOSED.label) == expected
