from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from apps.ceremonies.models import CeremonyRole, RoleKind
from apps.core.models import AuditEntry
from apps.notifications.models import Notification
from tests.ceremonies.factories import CueFactory


def _form(ceremony, *, cues=(), roles=()):
    data = {
        "assembly": ceremony.assembly_id,
        "kind": ceremony.kind,
        "session": ceremony.session_id,
        "title_en": ceremony.title_en,
        "required_roles": [RoleKind.PRESIDENT],
        "_save": "Save",
    }
    for prefix, rows in [("cues", cues), ("roles", roles), ("rehearsals", ()), ("precedence", ())]:
        data[f"{prefix}-TOTAL_FORMS"] = len(rows)
        data[f"{prefix}-INITIAL_FORMS"] = 0
        data[f"{prefix}-MIN_NUM_FORMS"] = 0
        data[f"{prefix}-MAX_NUM_FORMS"] = 1000
        for index, row in enumerate(rows):
            for key, value in row.items():
                data[f"{prefix}-{index}-{key}"] = value
    return data


@pytest.mark.django_db
def test_admin_change_page_shows_timeline_and_roles_check(client, organiser, ceremony):
    CueFactory(ceremony=ceremony, title_en="Welcome", duration_minutes=5)
    CueFactory(ceremony=ceremony, title_en="Handover", duration_minutes=10)
    ceremony.required_roles = [RoleKind.PRESIDENT]
    ceremony.save()
    client.force_login(organiser)

    body = client.get(
        reverse("admin:ceremonies_ceremony_change", args=[ceremony.pk])
    ).content.decode()

    # The timeline beside the cues: starts in the assembly's zone, 24-hour.
    assert '<bdi dir="ltr">14:05</bdi>' in body
    assert "Marrakech (UTC+1), 24-hour" in body
    assert "The run fits its session." in body
    assert "INTERPOL President" in body


@pytest.mark.django_db
def test_admin_refuses_cues_that_overrun_the_session(client, organiser, ceremony):
    client.force_login(organiser)
    cues = [
        {"order": 1, "title_en": "Speeches", "duration_minutes": 90},
        {"order": 2, "title_en": "Photo", "duration_minutes": 45},
    ]

    response = client.post(
        reverse("admin:ceremonies_ceremony_change", args=[ceremony.pk]), _form(ceremony, cues=cues)
    )

    assert response.status_code == 200
    assert "overruns by 15 minutes" in response.content.decode()
    assert ceremony.cues.count() == 0


@pytest.mark.django_db
def test_admin_saves_cues_and_role_with_audit_and_notification(
    client, organiser, ceremony, delegate, focal_point
):
    client.force_login(organiser)
    call = (dt.datetime.now(dt.UTC) + dt.timedelta(days=2)).strftime("%Y-%m-%d")
    cues = [{"order": 1, "title_en": "Speeches", "duration_minutes": 30}]
    roles = [
        {
            "kind": RoleKind.OUTGOING_HOST,
            "delegate": delegate.pk,
            "call_time_0": call,
            "call_time_1": "13:15",
            "position": "Left of the flag",
        }
    ]

    response = client.post(
        reverse("admin:ceremonies_ceremony_change", args=[ceremony.pk]),
        _form(ceremony, cues=cues, roles=roles),
    )

    assert response.status_code == 302
    assert list(ceremony.cues.values_list("title_en", flat=True)) == ["Speeches"]
    role = CeremonyRole.objects.get(ceremony=ceremony)
    kinds = set(Notification.objects.filter(object_id=str(role.pk)).values_list("kind", flat=True))
    assert kinds == {"ceremonies.role_assigned", "ceremonies.call_time"}
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"ceremonies.ceremony.updated", "ceremonies.cue.added", "ceremonies.role.assigned"} <= (
        actions
    )


@pytest.mark.django_db
def test_admin_mark_final_action_reports_missing_roles(client, organiser, ceremony):
    ceremony.required_roles = [RoleKind.FLAG_BEARER]
    ceremony.save()
    client.force_login(organiser)

    response = client.post(
        reverse("admin:ceremonies_ceremony_changelist"),
        {"action": "mark_final", "_selected_action": [ceremony.pk]},
        follow=True,
    )

    assert "Required roles are not all filled: flag bearer." in response.content.decode()
    ceremony.refresh_from_db()
    assert ceremony.status == "draft"


@pytest.mark.django_db
def test_admin_edits_cue_roles_with_boxes_in_compact_rows(client, organiser, ceremony):
    """No multiple-choice list to Ctrl-click per cue: boxes to tick, rows in compact blocks."""
    CueFactory(ceremony=ceremony, title_en="Welcome", duration_minutes=5)
    client.force_login(organiser)
    url = reverse("admin:ceremonies_ceremony_change", args=[ceremony.pk])

    body = client.get(url).content.decode()
    cues = [
        {
            "order": 2,
            "title_en": "Opening words",
            "duration_minutes": 5,
            "responsible_roles": [RoleKind.MASTER_OF_CEREMONIES, RoleKind.PRESIDENT],
        }
    ]
    response = client.post(url, _form(ceremony, cues=cues))

    assert "<select multiple" not in body
    assert body.count('type="checkbox" name="cues-0-responsible_roles"') == len(RoleKind.values)
    assert body.count('class="module ga-compact') >= 3  # cues, roles, rehearsals
    assert response.status_code == 302
    assert ceremony.cues.get(title_en="Opening words").responsible_roles == [
        RoleKind.MASTER_OF_CEREMONIES,
        RoleKind.PRESIDENT,
    ]
