import pytest

from tests.factories import UserFactory


@pytest.fixture
def focal_point(db):
    return UserFactory(email="focal@example.org", full_name="Fatima Focal")


@pytest.fixture(autouse=True)
def _locmem_mail(settings):
    """No test sends real mail, whatever EMAIL_URL says."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
