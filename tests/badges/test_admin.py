"""Organisers issue and print badges in the admin; gate staff cannot."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.badges.models import Badge
from apps.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_issue_button_issues_badges_to_approved_delegates(client, organiser, delegate, categories):
    client.force_login(organiser)

    response = client.post(reverse("admin:badges_badge_issue"))

    assert response.status_code == 302
    assert Badge.objects.get(delegate=delegate).category == categories["delegate"]


def test_bulk_print_per_category_returns_pdf_and_marks_printed(
    client, organiser, badge, categories, during
):
    client.force_login(organiser)

    response = client.post(
        reverse("admin:badges_badge_print"),
        {
            "assembly": badge.assembly_id,
            "category": categories["delegate"].pk,
            "not_printed": "on",
            "paper": "a6",
        },
    )

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    badge.refresh_from_db()
    assert badge.printed_by == organiser
    assert AuditEntry.objects.filter(action="badges.badge.printed").count() == 1


def test_print_with_nothing_to_print_shows_error(client, organiser, assembly, categories):
    client.force_login(organiser)

    response = client.post(
        reverse("admin:badges_badge_print"),
        {"assembly": assembly.pk, "not_printed": "on", "paper": "cr80"},
    )

    assert response.status_code == 200
    assert "There is no badge to print." in response.content.decode()


def test_revoke_action(client, organiser, badge):
    client.force_login(organiser)

    client.post(
        reverse("admin:badges_badge_changelist"),
        {"action": "revoke", "_selected_action": [badge.pk]},
    )

    badge.refresh_from_db()
    assert badge.revoked_at is not None


def test_gate_staff_cannot_print_or_see_badges(client, gate_staff, badge):
    client.force_login(gate_staff)

    assert client.get(reverse("admin:badges_badge_print")).status_code == 403
    assert client.get(reverse("admin:badges_badge_changelist")).status_code == 403


@pytest.mark.parametrize("count", [1, 3])
def test_badge_and_scan_changelists_query_count(
    client, django_assert_num_queries, count, delegation, categories, organiser, zones, during
):
    import uuid

    from apps.badges import services
    from apps.badges.pdf import badge_token
    from tests.delegations.factories import approved_delegate

    for n in range(count):
        badge = services.issue_badge(
            category=categories["delegate"],
            delegate=approved_delegate(delegation, organiser, family_name=f"Person{n}"),
            by=organiser,
        )
        services.record_scan(
            scan_id=uuid.uuid4(),
            token=badge_token(badge),
            zone=zones["lounge"],
            gate="G",
            direction="in",
            by=organiser,
        )
    client.force_login(organiser)
    client.get(reverse("admin:badges_badge_changelist"))

    with django_assert_num_queries(11):
        badges = client.get(reverse("admin:badges_badge_changelist"))
    with django_assert_num_queries(13):
        scans = client.get(reverse("admin:badges_scan_changelist"))

    assert badges.content.decode().count('name="_selected_action"') == count
    assert scans.content.decode().count('class="field-gate"') == count


def test_bulk_print_duplex_adds_the_back_of_each_card(client, organiser, badge, categories, during):
    import subprocess

    client.force_login(organiser)

    response = client.post(
        reverse("admin:badges_badge_print"),
        {"assembly": badge.assembly_id, "not_printed": "on", "paper": "cr80", "duplex": "on"},
    )

    assert response["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "Zones you may enter" in text
    assert len([page for page in text.split("\f") if page.strip()]) == 2
