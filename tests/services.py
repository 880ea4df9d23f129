"""Skipping tests whose service is missing, except in CI, where a skip would hide a gap."""

from __future__ import annotations

import os

import pytest


def services_required() -> bool:
    """CI sets GA_REQUIRE_SERVICES=1: then a missing service fails the test instead of skipping."""
    return os.environ.get("GA_REQUIRE_SERVICES", "") not in ("", "0", "false")


def require(service: str, available: bool, reason: str) -> None:
    if available:
        return
    message = f"{service} needed: {reason}"
    if services_required():
        pytest.fail(message + " (GA_REQUIRE_SERVICES is set, so this is a failure)")
    pytest.skip(message)
