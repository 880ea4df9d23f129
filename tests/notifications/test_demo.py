import pytest
from django.conf import settings

from apps.notifications import demo
from apps.notifications.models import ReminderRule

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent_and_restores_the_default_rules():
    ReminderRule.objects.all().delete()

    demo.seed()
    demo.seed()

    assert ReminderRule.objects.count() == 4


def test_beat_schedule_runs_the_dispatcher_every_few_seconds_and_the_digest():
    schedule = settings.CELERY_BEAT_SCHEDULE

    assert schedule["notifications.dispatch_due"]["task"] == "notifications.dispatch_due"
    assert schedule["notifications.dispatch_due"]["schedule"] <= 5
    assert schedule["notifications.queue_daily_digests"]["task"] == (
        "notifications.queue_daily_digests"
    )


def test_demo_history_is_settled_so_make_run_sends_no_burst_of_mail():
    from django.utils import timezone

    from apps.notifications.models import Notification
    from apps.notifications.services import notify, remind_at
    from tests.factories import UserFactory

    user = UserFactory()
    notify(kind="notifications.demo", subject=None, recipients=[user])
    remind_at(
        kind="notifications.later",
        subject=None,
        recipients=[user],
        due_at=timezone.now() + timezone.timedelta(days=1),
    )

    demo.seed()

    statuses = dict(Notification.objects.values_list("kind", "status").distinct())
    assert statuses == {"notifications.demo": "sent", "notifications.later": "pending"}
