import pytest
from django_celery_beat.models import PeriodicTask

from apps.notifications import demo
from apps.notifications.models import ReminderRule

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent_and_registers_the_beat_entries():
    ReminderRule.objects.all().delete()

    demo.seed()
    demo.seed()

    assert ReminderRule.objects.count() == 4
    assert set(PeriodicTask.objects.values_list("name", "task")) >= {
        ("notifications.dispatch_due", "notifications.dispatch_due"),
        ("notifications.queue_daily_digests", "notifications.queue_daily_digests"),
    }
    assert PeriodicTask.objects.get(name="notifications.dispatch_due").interval.every == 3
