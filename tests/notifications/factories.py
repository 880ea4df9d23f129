from __future__ import annotations

import datetime as dt

import factory

from apps.agenda.models import Session
from apps.notifications.models import Notification
from tests.factories import AssemblyFactory, UserFactory

# 25 November 2025, 09:00 in Marrakech (UTC+1).
MEETING_START = dt.datetime(2025, 11, 25, 8, 0, tzinfo=dt.UTC)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    assembly = factory.SubFactory(AssemblyFactory)
    kind = Session.Kind.PLENARY
    title_en = factory.Sequence(lambda n: f"Plenary {n}")
    title_fr = factory.LazyAttribute(lambda o: o.title_en.replace("Plenary", "Plénière"))
    title_ar = factory.LazyAttribute(lambda o: o.title_en.replace("Plenary", "جلسة عامة"))
    starts_at = MEETING_START
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=1))
    attendance = Session.Attendance.ALL
    visibility = Session.Visibility.PUBLISHED


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    kind = "notifications.test"
    recipient = factory.SubFactory(UserFactory)
    recipient_key = factory.LazyAttribute(lambda o: f"user:{o.recipient.pk}")
    channel = Notification.Channel.PORTAL
    due_at = factory.Sequence(lambda n: MEETING_START - dt.timedelta(minutes=n))
    status = Notification.Status.SENT
    context = factory.LazyFunction(lambda: {"message": "Hello"})
