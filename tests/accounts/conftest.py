"""Fixtures of the accounts tests: delegations and focal points are the delegations tests'."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.delegations.conftest import (  # noqa: F401 - fixtures shared with the delegations tests
    delegation,
    focal_point,
    read_only_organiser,
)


@pytest.fixture(autouse=True)
def _language_put_back():
    """A request in another language leaves it active in this thread: put English back."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
