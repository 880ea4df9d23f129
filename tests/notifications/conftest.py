from importlib import import_module

import pytest

from tests.factories import UserFactory


@pytest.fixture
def focal_point(db):
    return UserFactory(email="focal@example.org", full_name="Fatima Focal")


@pytest.fixture(autouse=True)
def _locmem_mail(settings):
    """No test sends real mail, whatever EMAIL_URL says."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _default_reminder_rules(request):
    """The default reminder rules come from a data migration, and a transactional test (a
    browser test, say) empties every table when it ends: they are put back for these tests."""
    marker = request.node.get_closest_marker("django_db")
    names = request.fixturenames
    if marker is None and "db" not in names and "transactional_db" not in names:
        return
    transactional = "transactional_db" in names or bool(marker and marker.kwargs.get("transaction"))
    request.getfixturevalue("transactional_db" if transactional else "db")
    from django.apps import apps

    seeding = import_module("apps.notifications.migrations.0003_default_reminder_rules")
    seeding.seed_rules(apps, None)
