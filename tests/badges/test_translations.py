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
