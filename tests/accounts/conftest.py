"""Fixtures of the accounts tests."""

from __future__ import annotations

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _language_put_back():
    """A request in another language leaves it active in this thread: put English back."""
    with translation.override("en"):
        yield
