from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.template.loader import render_to_string
from django.utils import timezone, translation

from apps.ceremonies import services
from apps.ceremonies.models import RoleKind
from apps.notifications.models import Notification


def _render(notification, assembly):
    context = {
        "notification": notification,
        "recipient": notification.recipient,
        "subject": notification.subject,
        "assembly": assembly,
        **notification.context,
    }
    subject = render_to_string(f"emails/{notification.kind}.subject.txt", context).strip()
    body = render_to_string(f"emails/{notification.kind}.txt", context)
    return subject, body


@pytest.mark.django_db
# Frozen in November, when Marrakech is UTC+1 (during Ramadan it is UTC+0).
@time_machine.travel(dt.datetime(2025, 11, 20, 10, 0, tzinfo=dt.UTC), tick=False)
def test_ceremony_emails_render_with_local_times(
    assembly, ceremony, organiser, delegate, focal_point
):
    call = (timezone.now() + dt.timedelta(days=3)).replace(
        hour=12, minute=30, second=0, microsecond=0
    )
    role = services.assign_role(
        ceremony=ceremony,
        kind=RoleKind.INCOMING_HEAD,
        delegate=delegate,
        call_time=call,
        position="Right of the flag",
        by=organiser,
    )
    services.schedule_rehearsal(
        ceremony=ceremony,
        starts_at=call - dt.timedelta(days=1),
        ends_at=call - dt.timedelta(days=1) + dt.timedelta(hours=1),
        place="Plenary hall stage",
        attendees=[role],
        by=organiser,
    )
    local_call = call.astimezone(assembly.tz).strftime("%H:%M")

    rendered = {
        n.kind: _render(n, assembly)
        for n in Notification.objects.filter(recipient=focal_point).order_by("kind")
    }

    assert set(rendered) == {
        "ceremonies.call_time",
        "ceremonies.rehearsal",
        "ceremonies.role_assigned",
    }
    subject, body = rendered["ceremonies.role_assigned"]
    assert subject == (
        "Your part in Closing ceremony and flag handover: incoming host head of delegation"
    )
    assert f"{local_call} Marrakech (UTC+1)" in body
    assert "Right of the flag" in body
    subject, body = rendered["ceremonies.rehearsal"]
    assert subject == "Rehearsal of Closing ceremony and flag handover"
    assert "Plenary hall stage" in body


@pytest.mark.django_db
def test_past_call_time_queues_no_reminder(ceremony, organiser, delegate):
    role = services.assign_role(
        ceremony=ceremony,
        kind=RoleKind.FLAG_BEARER,
        delegate=delegate,
        call_time=timezone.now() - dt.timedelta(hours=1),
        by=organiser,
    )

    kinds = list(Notification.objects.filter(object_id=str(role.pk)).values_list("kind", flat=True))

    assert sorted(set(kinds)) == ["ceremonies.role_assigned"]


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2025, 11, 20, 10, 0, tzinfo=dt.UTC), tick=False)
def test_a_part_reads_in_the_readers_language_in_the_inbox_and_the_email(
    client, assembly, ceremony, organiser, delegate, focal_point
):
    """Sent by an English-speaking organiser; read by a focal point who reads French, then
    Arabic: the ceremony's title, the part and the position are in the reader's language."""
    from apps.core.services import make_assembly_current
    from apps.notifications.rendering import render_email

    make_assembly_current(assembly=assembly)
    ceremony.title_fr = "Cérémonie de clôture et passation du drapeau"
    ceremony.title_ar = "الحفل الختامي وتسليم العلم"
    ceremony.save()
    with translation.override("en"):
        services.assign_role(
            ceremony=ceremony,
            kind=RoleKind.INCOMING_HEAD,
            delegate=delegate,
            call_time=timezone.now() + dt.timedelta(days=3),
            position="Right of the flag",
            position_fr="À droite du drapeau",
            by=organiser,
        )
    notices = Notification.objects.filter(recipient=focal_point, kind="ceremonies.role_assigned")
    notice = notices.get(channel=Notification.Channel.PORTAL)
    Notification.objects.filter(pk=notice.pk).update(status=Notification.Status.SENT)  # delivered
    assert notice.context["ceremony_title"] == "Closing ceremony and flag handover"  # as sent

    focal_point.preferred_language = "fr"
    focal_point.save(update_fields=["preferred_language"])
    client.force_login(focal_point)
    inbox = client.get("/notifications/").content.decode()
    assert "Cérémonie de clôture et passation du drapeau" in inbox
    assert "Closing ceremony and flag handover" not in inbox
    assert "incoming host head of delegation" not in inbox
    assert "À droite du drapeau" in inbox
    assert "Right of the flag" not in inbox
    email = render_email(notices.get(channel=Notification.Channel.EMAIL))
    assert "Cérémonie de clôture et passation du drapeau" in email.subject
    assert "À droite du drapeau" in email.text

    focal_point.preferred_language = "ar"
    focal_point.save(update_fields=["preferred_language"])
    inbox = client.get("/notifications/").content.decode()
    assert "الحفل الختامي وتسليم العلم" in inbox
    assert "Right of the flag" in inbox  # no Arabic written: the English
    notice.refresh_from_db()
    assert notice.context["ceremony_title"] == "Closing ceremony and flag handover"  # unchanged
