"""E-mails in the recipient's language and the assembly's local time, with the zone named."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from apps.agenda.models import Session
from apps.notifications import conf
from apps.notifications.delivery import deliver_due
from apps.notifications.models import Notification
from apps.notifications.rendering import message_id, render_email
from apps.notifications.services import notify, remind_at
from tests.factories import UserFactory
from tests.notifications.factories import MEETING_START, SessionFactory

pytestmark = pytest.mark.django_db
DUE = MEETING_START - dt.timedelta(minutes=30)


def _session_reminder(user, assembly) -> Notification:
    session = SessionFactory(assembly=assembly)
    remind_at(
        kind=conf.SESSION_REMINDER,
        subject=session,
        recipients=[user],
        due_at=DUE,
        context={"starts_at": MEETING_START.isoformat(), "minutes_before": 30},
    )
    return Notification.objects.get(recipient=user)


def test_french_reminder_shows_local_time_with_the_zone(assembly):
    user = UserFactory(preferred_language="fr", full_name="Jeanne Dupont")

    email = render_email(_session_reminder(user, assembly))

    title = Notification.objects.get(recipient=user).subject.title_fr
    assert email.subject == f"Rappel : {title} à 09:00 Marrakech (UTC+1)"
    assert email.text.startswith("Bonjour Jeanne Dupont,")
    assert (
        f"La séance « {title} », à laquelle assiste votre délégation, commence dans 30 minutes"
        " : mardi 25 novembre 2025, 09:00 Marrakech (UTC+1)." in email.text
    )
    assert 'lang="fr" dir="ltr"' in email.html
    assert "mardi 25 novembre 2025" in email.html


def test_arabic_reminder_is_right_to_left_with_local_time(assembly):
    user = UserFactory(preferred_language="ar")

    email = render_email(_session_reminder(user, assembly))

    title = Notification.objects.get(recipient=user).subject.title_ar
    assert email.subject == f"تذكير: {title} الساعة 09:00 مراكش (UTC+1)"
    assert (
        f"تبدأ الجلسة «{title}» التي يحضرها وفدك بعد 30 دقيقة: الثلاثاء 25 نوفمبر 2025،"
        " 09:00 مراكش (UTC+1)." in email.text
    )
    assert 'lang="ar" dir="rtl"' in email.html
    assert "text-align:right" in email.html


def test_the_time_follows_the_offset_in_force_at_that_instant(assembly):
    # Africa/Casablanca is UTC+0 during Ramadan (tzdata: 2026-02-15 to 2026-03-22 roughly).
    user = UserFactory()
    session = SessionFactory(assembly=assembly)
    starts = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
    remind_at(
        kind=conf.MEETING_REMINDER,
        subject=session,
        recipients=[user],
        due_at=starts,
        context={"starts_at": starts.isoformat(), "minutes_before": 60},
    )

    email = render_email(Notification.objects.get())

    assert "09:00 Marrakech (UTC+0)" in email.text


def test_sent_mail_has_text_html_stable_message_id_and_ics(assembly, monkeypatch):
    monkeypatch.setattr(
        Session, "to_ics", lambda self: b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", raising=False
    )
    user = UserFactory(preferred_language="en")
    row = _session_reminder(user, assembly)

    deliver_due(now=DUE, ids=[row.pk])

    [message] = mail.outbox
    assert (
        message.extra_headers["Message-ID"]
        == message_id(row)
        == f"<notification.{row.pk}@127.0.0.1>"
    )
    assert message.alternatives[0].mimetype == "text/html"
    assert message.attachments[0].filename == "invitation.ics"
    assert message.attachments[0].mimetype == "text/calendar"
    assert "starts in 30 minutes" in message.body
    assert "&#x27;" not in message.body


def test_kind_without_templates_falls_back_to_the_generic_message(assembly):
    user = UserFactory(full_name="O'Brien")
    notify(
        kind="logistics.shuttle_changed",
        subject=None,
        recipients=[user],
        channels=["email"],
        context={"headline": "Shuttle moved", "message": "The 08:00 shuttle leaves at 08:15."},
    )

    email = render_email(Notification.objects.get())

    assert email.subject == "Shuttle moved"
    assert "The 08:00 shuttle leaves at 08:15." in email.text
    assert "Dear O'Brien," in email.text
    assert "The 08:00 shuttle leaves at 08:15." in email.html


def test_email_to_a_delegate_without_account(assembly):
    notify(kind="x.y", subject=None, recipients=["Head@Example.org"], channels=["email", "portal"])
    row = Notification.objects.get()

    deliver_due(ids=[row.pk])

    assert mail.outbox[0].to == ["head@example.org"]
    assert "Hello," in mail.outbox[0].body


def test_digest_lists_the_days_published_sessions_in_local_time(assembly):
    user = UserFactory(preferred_language="fr")
    SessionFactory(assembly=assembly, title_en="Opening", title_fr="Ouverture")
    SessionFactory(
        assembly=assembly,
        title_en="Draft",
        title_fr="Brouillon",
        visibility=Session.Visibility.DRAFT,
    )
    SessionFactory(
        assembly=assembly, title_en="Next day", starts_at=MEETING_START + dt.timedelta(days=1)
    )
    remind_at(
        kind=conf.DAILY_DIGEST,
        subject=assembly,
        recipients=[user],
        due_at=dt.datetime(2025, 11, 25, 6, 30, tzinfo=dt.UTC),
        context={"date": "2025-11-25"},
    )

    email = render_email(Notification.objects.get())

    assert email.subject == "Votre programme du mardi 25 novembre"
    assert "09:00 Marrakech (UTC+1)\u201310:00  Ouverture" in email.text
    assert "Brouillon" not in email.text
    assert "Next day" not in email.text


def test_digest_takes_sections_registered_by_other_apps(assembly, monkeypatch):
    from apps.notifications import digest

    monkeypatch.setattr(digest, "_registered", [])

    @digest.register_digest_section
    def meetings_today(*, recipient, assembly, day):
        return {
            "title": "Your bilateral meetings",
            "items": [{"starts_at": MEETING_START, "text": f"With Kenya ({recipient.email})"}],
        }

    user = UserFactory(email="fp@example.org")
    remind_at(
        kind=conf.DAILY_DIGEST,
        subject=assembly,
        recipients=[user],
        due_at=dt.datetime(2025, 11, 25, 6, 30, tzinfo=dt.UTC),
        context={"date": "2025-11-25"},
    )

    email = render_email(Notification.objects.get())

    assert "Your bilateral meetings\n- 09:00 Marrakech (UTC+1)  With Kenya (fp@example.org)" in (
        email.text
    )
    assert "Nothing is scheduled" not in email.text


def test_delegate_without_account_gets_their_language(assembly):
    notify(
        kind="x.y",
        subject=None,
        recipients=[("Head@Example.org", "fr")],
        channels=["email", "portal"],
    )
    row = Notification.objects.get()

    email = render_email(row)

    assert (row.recipient_key, row.language) == ("email:head@example.org", "fr")
    assert email.text.startswith("Bonjour,")
    assert "Du nouveau vous attend dans GA Planner." in email.text
