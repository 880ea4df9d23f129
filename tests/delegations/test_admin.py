"""Organisers' admin: lists with counts, bulk actions through services, voting roll, invite."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.accounts.models import Invitation
from apps.delegations.models import Credentials, Delegate
from apps.delegations.services import (
    create_delegate,
    decide_credentials,
    designate_delegates,
    submit_accreditation,
    upload_credentials,
)
from tests.delegations.factories import approved_delegate, pdf_upload
from tests.factories import DelegationFactory, MemberCountryFactory

ISO = ["JP", "DE", "IN"]


@pytest.fixture
def admin_client(client, organiser):
    client.force_login(organiser)
    return client


def make_delegations(assembly, organiser, count: int):
    made = []
    for iso in ISO[:count]:
        delegation = DelegationFactory(assembly=assembly, country=MemberCountryFactory(iso2=iso))
        approved_delegate(delegation, organiser, family_name=f"Head{iso}")
        made.append(delegation)
    return made


@pytest.mark.parametrize("count", [1, 3])
def test_delegation_list_query_count(
    count, admin_client, assembly, organiser, django_assert_num_queries
):
    make_delegations(assembly, organiser, count)

    # 12: one reads the countries' names and one the organisations', for the order in the
    # reader's alphabet.
    with django_assert_num_queries(12):
        response = admin_client.get(reverse("admin:delegations_delegation_changelist"))

    assert response.context["cl"].result_count == count


@pytest.mark.parametrize("count", [1, 3])
def test_delegate_list_query_count(
    count, admin_client, assembly, organiser, django_assert_num_queries
):
    make_delegations(assembly, organiser, count)

    with django_assert_num_queries(10):
        response = admin_client.get(reverse("admin:delegations_delegate_changelist"))

    assert response.context["cl"].result_count == count


@pytest.mark.parametrize("count", [1, 3])
def test_credentials_list_query_count(
    count, admin_client, assembly, organiser, django_assert_num_queries
):
    for delegation in make_delegations(assembly, organiser, count):
        upload_credentials(delegation=delegation, by=organiser, letter=pdf_upload(), issued_by="M")

    with django_assert_num_queries(10):
        response = admin_client.get(reverse("admin:delegations_credentials_changelist"))

    assert response.context["cl"].result_count == count


def test_delegation_list_counts_and_missing_credentials(admin_client, delegation, focal_point):
    create_delegate(delegation=delegation, by=focal_point, family_name="A", given_names="B")

    response = admin_client.get(
        reverse("admin:delegations_delegation_changelist") + "?credentials=missing"
    )

    row = response.context["cl"].result_list[0]
    assert (row.n_total, row.n_submitted, row.n_approved) == (1, 0, 0)
    assert row.effective_quota == 10
    assert "missing" in response.content.decode()


def test_bulk_approve_reports_refusals(admin_client, delegation, focal_point):
    submitted = create_delegate(
        delegation=delegation, by=focal_point, family_name="S", given_names="X"
    )
    submit_accreditation(delegates=[submitted], by=focal_point)
    draft = create_delegate(delegation=delegation, by=focal_point, family_name="D", given_names="X")

    response = admin_client.post(
        reverse("admin:delegations_delegate_changelist"),
        {"action": "approve", "_selected_action": [submitted.pk, draft.pk]},
        follow=True,
    )

    body = response.content.decode()
    assert "1 delegate approved." in body
    assert "cannot be approved" in body
    assert Delegate.objects.get(pk=submitted.pk).accreditation_status == "approved"
    assert Delegate.objects.get(pk=draft.pk).accreditation_status == "draft"


def test_bulk_reject_asks_for_reason_then_rejects(admin_client, delegation, focal_point):
    delegate = create_delegate(
        delegation=delegation, by=focal_point, family_name="S", given_names="X"
    )
    submit_accreditation(delegates=[delegate], by=focal_point)
    url = reverse("admin:delegations_delegate_changelist")

    page = admin_client.post(url, {"action": "reject", "_selected_action": [delegate.pk]})
    admin_client.post(
        url, {"action": "reject", "_selected_action": [delegate.pk], "reason": "No ID"}
    )

    assert "Reason for the rejection" in page.content.decode()
    delegate.refresh_from_db()
    assert (delegate.accreditation_status, delegate.rejection_reason) == ("rejected", "No ID")


def test_committee_accepts_and_voting_roll_shows(
    client, committee_member, delegation, focal_point, organiser
):
    voter = approved_delegate(delegation, organiser, family_name="Voter")
    upload_credentials(delegation=delegation, by=focal_point, letter=pdf_upload(), issued_by="M")
    credentials = designate_delegates(
        delegation=delegation, by=focal_point, head=voter, voting_delegate=voter
    )
    client.force_login(committee_member)

    client.post(
        reverse("admin:delegations_credentials_changelist"),
        {"action": "accept", "_selected_action": [credentials.pk]},
    )
    roll = client.get(reverse("admin:delegations_voting_roll"))
    csv_body = client.get(reverse("admin:delegations_voting_roll_csv")).content.decode("utf-8-sig")

    assert Credentials.objects.get().status == "accepted"
    assert "VOTER" in roll.content.decode()
    assert csv_body.splitlines()[1].startswith("FR,Country FR,Europe,accepted,Person VOTER")


def test_voting_roll_excludes_contested(
    admin_client, delegation, focal_point, organiser, committee_member
):
    voter = approved_delegate(delegation, organiser)
    upload_credentials(delegation=delegation, by=focal_point, letter=pdf_upload(), issued_by="M")
    credentials = designate_delegates(
        delegation=delegation, by=focal_point, head=voter, voting_delegate=voter
    )
    decide_credentials(credentials=credentials, status="contested", by=committee_member, note="x")

    response = admin_client.get(reverse("admin:delegations_voting_roll"))

    assert response.context["rows"] == []


def test_contest_action_needs_note(client, committee_member, delegation, focal_point):
    credentials = upload_credentials(
        delegation=delegation, by=focal_point, letter=pdf_upload(), issued_by="M"
    )
    client.force_login(committee_member)
    url = reverse("admin:delegations_credentials_changelist")

    page = client.post(url, {"action": "contest", "_selected_action": [credentials.pk]})
    client.post(
        url, {"action": "contest", "_selected_action": [credentials.pk], "note": "Unsigned"}
    )

    assert "Committee note" in page.content.decode()
    credentials.refresh_from_db()
    assert (credentials.status, credentials.note) == ("contested", "Unsigned")


def test_invite_view_sends_invitation(admin_client, delegation):
    admin_client.post(
        reverse("admin:delegations_invite", args=[delegation.pk]),
        {"email": "second.focal@example.org", "full_name": "Second Focal"},
    )

    invitation = Invitation.objects.get()
    assert invitation.email == "second.focal@example.org"
    assert delegation.focal_points.filter(email="second.focal@example.org").exists()


def test_send_invitations_action_skips_signed_in(admin_client, delegation, organiser):
    from apps.delegations.services import invite_focal_point

    invite_focal_point(delegation=delegation, email="pending@example.org", by=organiser)

    admin_client.post(
        reverse("admin:delegations_delegation_changelist"),
        {"action": "send_invitations", "_selected_action": [delegation.pk]},
    )

    assert list(Invitation.objects.values_list("email", flat=True)) == [
        "pending@example.org",
        "pending@example.org",
    ]


def test_history_page_lists_changes(admin_client, delegation, focal_point):
    delegate = create_delegate(
        delegation=delegation, by=focal_point, family_name="A", given_names="B"
    )
    submit_accreditation(delegates=[delegate], by=focal_point)

    response = admin_client.get(reverse("admin:delegations_delegate_history", args=[delegate.pk]))

    assert response.status_code == 200
    assert (
        response.content.decode().count("Changed") + response.content.decode().count("Created") >= 2
    )


def test_export_delegates_is_formula_safe(admin_client, delegation, focal_point):
    create_delegate(
        delegation=delegation,
        by=focal_point,
        family_name="=HYPERLINK(1)",
        given_names="@x",
        phone="+33 1",
    )

    response = admin_client.post(
        reverse("admin:delegations_delegate_changelist"),
        {
            "action": "export_csv",
            "_selected_action": list(Delegate.objects.values_list("pk", flat=True)),
        },
    )

    line = response.content.decode("utf-8-sig").splitlines()[1]
    assert line.startswith("FR,'=HYPERLINK(1),'@x,")
    assert "'+33 1" in line


def test_export_xlsx_is_formula_safe(admin_client, delegation, focal_point):
    import io

    from openpyxl import load_workbook

    create_delegate(delegation=delegation, by=focal_point, family_name="=1+1", given_names="B")

    response = admin_client.post(
        reverse("admin:delegations_delegate_changelist"),
        {
            "action": "export_xlsx",
            "_selected_action": list(Delegate.objects.values_list("pk", flat=True)),
        },
    )

    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet["B2"].value == "'=1+1"
    assert sheet["B2"].data_type == "s"


def test_read_only_organiser_has_no_actions(client, read_only_organiser, delegation):
    client.force_login(read_only_organiser)

    response = client.get(reverse("admin:delegations_delegate_changelist"))

    assert response.status_code == 200
    choices = [value for value, _label in response.context["action_form"].fields["action"].choices]
    assert "approve" not in choices


def test_settings_saved_through_service_and_audited(admin_client, assembly):
    from apps.core.models import AuditEntry
    from apps.delegations.models import DelegationSettings

    admin_client.post(
        reverse("admin:delegations_delegationsettings_add"),
        {"assembly": assembly.pk, "member_quota": 12, "observer_quota": 3, "invitation_days": 7},
    )

    found = DelegationSettings.objects.get(assembly=assembly)
    assert (found.member_quota, found.observer_quota, found.invitation_days) == (12, 3, 7)
    assert AuditEntry.objects.filter(action="delegations.settings.changed").count() == 1


def test_voting_roll_csv_without_current_assembly_is_404(admin_client, db):
    response = admin_client.get(reverse("admin:delegations_voting_roll_csv"))

    assert response.status_code == 404


@pytest.mark.parametrize("number", ["99999999999999999999999", "²"])
def test_voting_roll_with_bad_assembly_number_is_400(admin_client, assembly, number):
    for name in ("admin:delegations_voting_roll", "admin:delegations_voting_roll_csv"):
        response = admin_client.get(reverse(name), {"assembly": number})

        assert response.status_code == 400
        assert "“assembly” must be a whole number" in response.content.decode()


def test_voting_roll_of_an_unknown_assembly_is_404(admin_client, assembly):
    response = admin_client.get(reverse("admin:delegations_voting_roll"), {"assembly": "12345"})

    assert response.status_code == 404
