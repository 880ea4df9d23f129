"""The outbox list names the recipient, the subject line and what the message is about."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from apps.notifications.models import Notification
from tests.factories import DelegationFactory, MemberCountryFactory, UserFactory
from tests.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def _about_delegation(assembly, iso2: str, name: str, **kwargs) -> Notification:
    delegation = DelegationFactory(
        assembly=assembly, country=MemberCountryFactory(iso2=iso2, name_en=name)
    )
    return NotificationFactory(
        kind="meetings.scheduled",
        content_type=ContentType.objects.get_for_model(delegation),
        object_id=str(delegation.pk),
        context={"requester": "Morocco", "invitee": name},
        **kwargs,
    )


def test_outbox_list_names_recipient_subject_and_related_object(client, organiser, assembly):
    recipient = UserFactory(full_name="Amina <b>Alaoui</b>", email="amina@example.org")
    notification = _about_delegation(assembly, "FR", "France", recipient=recipient)
    client.force_login(organiser)

    page = client.get(reverse("admin:notifications_notification_changelist")).content.decode()

    assert "Amina &lt;b&gt;Alaoui&lt;/b&gt;" in page
    assert "amina@example.org" in page
    assert "Bilateral meeting scheduled: Morocco \N{EN DASH} France" in page
    change = reverse("admin:delegations_delegation_change", args=[notification.object_id])
    assert f'<a href="{change}">Delegation: <bdi>France</bdi></a>' in page
    assert f"user:{recipient.pk}" not in page


@pytest.mark.parametrize("count", [1, 3])
def test_outbox_list_queries_do_not_grow_with_rows(
    client, organiser, assembly, count, django_assert_num_queries
):
    for iso2, name in [("FR", "France"), ("KE", "Kenya"), ("BR", "Brazil")][:count]:
        _about_delegation(assembly, iso2, name)
    client.force_login(organiser)

    # Country names and organisation names in the reader's language: one query each.
    with django_assert_num_queries(21):
        page = client.get(reverse("admin:notifications_notification_changelist")).content.decode()

    assert page.count("Bilateral meeting scheduled: Morocco") == count
