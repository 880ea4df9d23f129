"""Fixtures every test shares: no outside network, services that are required in CI, users."""

from __future__ import annotations

import os
import socket

import pytest

from tests.services import require


def pytest_configure(config):
    """Tests run with production settings but without collectstatic: static files from finders."""
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture(autouse=True)
def _no_outside_network(monkeypatch):
    """Fail any test that opens a connection beyond this machine (the Indico habit)."""
    real_connect = socket.socket.connect

    def guarded_connect(sock, address):
        host = address[0] if isinstance(address, tuple) else address
        is_ip = sock.family in (socket.AF_INET, socket.AF_INET6)
        if is_ip and not (str(host).startswith("127.") or host in ("::1", "localhost")):
            pytest.fail(f"test tried to open a network connection to {address!r}")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)


@pytest.fixture(autouse=True)
def _fresh_country_names():
    """Country names are read once per request or task; a test's rows are its own."""
    from apps.delegations.selectors import forget_country_names

    forget_country_names()


@pytest.fixture(autouse=True)
def _fresh_throttle():
    """Brute-force counters live in the cache: each test starts with none (local memory only;
    a Redis cache is never flushed by a test, it may be shared)."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    backend = caches["default"]
    if isinstance(backend, LocMemCache):
        backend.clear()


@pytest.fixture(autouse=True)
def _services_by_marker(request):
    """Tests marked postgres or redis skip (or, in CI, fail) when that service is absent."""
    if request.node.get_closest_marker("postgres"):
        from django.db import connection

        require("PostgreSQL", connection.vendor == "postgresql", "DATABASE_URL is not PostgreSQL")
    if request.node.get_closest_marker("redis"):
        from django.conf import settings

        require(
            "Redis",
            settings.CELERY_BROKER_URL.startswith("redis"),
            "CELERY_BROKER_URL is not Redis",
        )


@pytest.fixture
def organiser(django_user_model):
    from django.contrib.auth.models import Group

    from apps.accounts.roles import ORGANISER_ADMIN, sync_roles

    sync_roles()
    user = django_user_model.objects.create_user(
        "organiser@example.org", "a-long-test-password", full_name="Olga Organiser", is_staff=True
    )
    user.groups.add(Group.objects.get(name=ORGANISER_ADMIN))
    return user


@pytest.fixture
def assembly(db):
    from tests.factories import AssemblyFactory

    return AssemblyFactory(is_current=True)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's chromium, never a downloaded browser."""
    require("chromium", os.path.exists("/usr/bin/chromium"), "/usr/bin/chromium is not installed")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }
