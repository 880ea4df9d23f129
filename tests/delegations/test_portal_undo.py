"""Withdrawing asks first and can be undone; approved delegates can be viewed; one head rule."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from apps.core.errors import ApplicationError
from apps.core.models import AuditEntry
from apps.delegations.models import AccreditationStatus, Delegate
from apps.delegations.services import (
    create_delegate,
    restore_accreditation,
    submit_accreditation,
    withdraw_accreditation,
)
from apps.delegations.services.credentials import designate_delegates
from apps.delegations.services.delegates import update_delegate
from tests.delegations.factories import approved_delegate

pytestmark = pytest.mark.django_db
S = AccreditationStatus


@pytest.fixture
def focal_client(client, focal_point, delegation):
    client.force_login(focal_point)
    return client


@pytest.fixture
def submitted(delegation, focal_point):
    delegate = create_delegate(
        delegation=delegation, by=focal_point, family_name="Dupont", given_names="Jeanne"
    )
    return submit_accreditation(delegates=[delegate], by=focal_point)[0]


def test_withdraw_asks_for_confirmation_before_changing_anything(focal_client, submitted):
    page = focal_client.get(reverse("delegations:delegate_withdraw", args=[submitted.pk]))

    body = page.content.decode()
    assert "Withdraw <bdi>Jeanne DUPONT</bdi>?" in body
    assert "You can undo this for ten minutes" in body
    submitted.refresh_from_db()
    assert submitted.accreditation_status == S.SUBMITTED


def test_withdraw_then_undo_restores_the_submitted_delegate(focal_client, submitted):
    response = focal_client.post(
        reverse("delegations:delegate_withdraw", args=[submitted.pk]), follow=True
    )

    body = response.content.decode()
    undo = reverse("delegations:delegate_restore", args=[submitted.pk])
    assert "Jeanne DUPONT is withdrawn." in body
    assert f'action="{undo}"' in body
    submitted.refresh_from_db()
    assert submitted.accreditation_status == S.WITHDRAWN

    back = focal_client.post(undo, follow=True)

    submitted.refresh_from_db()
    assert submitted.accreditation_status == S.SUBMITTED
    assert submitted.decided_at is None
    assert "Jeanne DUPONT is back, as before the withdrawal." in back.content.decode()
    assert AuditEntry.objects.filter(
        action="delegations.accreditation.restored", object_id=str(submitted.pk)
    ).get().data == {"status": "submitted"}


def test_undo_is_refused_after_ten_minutes(focal_point, submitted):
    withdraw_accreditation(delegate=submitted, by=focal_point)

    later = timezone.now() + dt.timedelta(minutes=11)
    with (
        time_machine.travel(later, tick=False),
        pytest.raises(ApplicationError, match="can no longer be undone"),
    ):
        restore_accreditation(delegate=submitted, by=focal_point)

    submitted.refresh_from_db()
    assert submitted.accreditation_status == S.WITHDRAWN


def test_focal_point_cannot_undo_an_organisers_withdrawal_of_an_approved_delegate(
    delegation, focal_point, organiser
):
    delegate = approved_delegate(delegation, organiser)
    withdraw_accreditation(delegate=delegate, by=organiser)

    with pytest.raises(PermissionDenied):
        restore_accreditation(delegate=delegate, by=focal_point)
    restored = restore_accreditation(delegate=delegate, by=organiser)

    assert restored.accreditation_status == S.APPROVED
    assert restored.decided_by == organiser


def test_undo_of_another_delegations_delegate_is_404(
    client, other_focal_point, other_delegation, focal_point, submitted
):
    withdraw_accreditation(delegate=submitted, by=focal_point)
    client.force_login(other_focal_point)

    restore = client.post(reverse("delegations:delegate_restore", args=[submitted.pk]))
    detail = client.get(reverse("delegations:delegate_detail", args=[submitted.pk]))
    withdraw = client.get(reverse("delegations:delegate_withdraw", args=[submitted.pk]))

    assert [restore.status_code, detail.status_code, withdraw.status_code] == [404, 404, 404]
    submitted.refresh_from_db()
    assert submitted.accreditation_status == S.WITHDRAWN


def test_approved_delegate_is_viewable_read_only(focal_client, delegation, organiser):
    delegate = approved_delegate(
        delegation, organiser, family_name="Martin", given_names="Paul", position="Chief <b>"
    )

    dashboard = focal_client.get(reverse("delegations:dashboard")).content.decode()
    detail_url = reverse("delegations:delegate_detail", args=[delegate.pk])
    page = focal_client.get(detail_url).content.decode()

    assert f'href="{detail_url}"' in dashboard
    assert "<h1><bdi>Paul MARTIN</bdi></h1>" in page
    assert "Chief &lt;b&gt;" in page
    assert "can no longer be changed here" in page
    edit_url = reverse("delegations:delegate_edit", args=[delegate.pk])
    assert f'href="{edit_url}"' not in page


def test_head_rule_agrees_between_table_and_still_to_do(
    focal_client, delegation, focal_point, organiser
):
    head = approved_delegate(
        delegation,
        organiser,
        family_name="Alami",
        given_names="Said",
        function=Delegate.Function.HEAD,
    )

    before = focal_client.get(reverse("delegations:dashboard")).content.decode()

    # Registered as head, not yet designated: the table and the to-do say the same.
    assert "head of delegation not designated" not in before.lower()
    assert "Designate Said ALAMI as head of delegation on the credentials" in before
    assert "head, not designated yet" in before

    designate_delegates(delegation=delegation, by=focal_point, head=head, voting_delegate=None)
    after = focal_client.get(reverse("delegations:dashboard")).content.decode()

    assert "as head of delegation" not in after
    assert "designated head" in after
    # Each item of "Still to do" is a link.
    assert (
        f'<a href="{reverse("delegations:credentials")}#letter-title">Credentials missing</a>'
        in after
    )


def test_no_head_at_all_is_one_linked_to_do(focal_client, delegation, focal_point):
    delegate = create_delegate(
        delegation=delegation, by=focal_point, family_name="Dupont", given_names="Jeanne"
    )
    update_delegate(delegate=delegate, by=focal_point, position="Analyst")

    body = focal_client.get(reverse("delegations:dashboard")).content.decode()

    assert (
        f'<a href="{reverse("delegations:delegate_create")}">No head of delegation: register '
        "one, or designate one on the credentials</a>"
    ) in body
