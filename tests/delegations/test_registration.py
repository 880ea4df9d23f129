"""Registering a delegation and linking a focal point: organisers only, checked and audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.core.selectors import audit_entries_for
from apps.delegations.models import Delegation
from apps.delegations.services.registration import add_focal_point, register_delegation
from tests.factories import MemberCountryFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_register_delegation_saves_and_audits(assembly, organiser):
    country = MemberCountryFactory(iso2="KE")

    delegation = register_delegation(
        assembly=assembly, by=organiser, country=country, status=Delegation.Status.REGISTERING
    )

    assert Delegation.objects.get(pk=delegation.pk).status == "registering"
    entry = audit_entries_for(delegation).get()
    assert (entry.action, entry.actor) == ("delegations.delegation.registered", organiser)


def test_register_delegation_refuses_a_user_without_the_permission(assembly):
    with pytest.raises(PermissionDenied):
        register_delegation(
            assembly=assembly, by=UserFactory(is_staff=True), country=MemberCountryFactory()
        )

    assert not Delegation.objects.exists()


def test_register_delegation_refuses_a_second_one_and_a_country_with_an_organisation(
    assembly, organiser
):
    country = MemberCountryFactory(iso2="BR")
    register_delegation(assembly=assembly, by=organiser, country=country)

    with pytest.raises(ValidationError):
        register_delegation(assembly=assembly, by=organiser, country=country)
    with pytest.raises(ValidationError):
        register_delegation(
            assembly=assembly,
            by=organiser,
            country=MemberCountryFactory(iso2="JP"),
            organisation=OrganisationFactory(),
        )

    assert Delegation.objects.count() == 1


def test_add_focal_point_links_once_and_audits(assembly, organiser):
    delegation = register_delegation(
        assembly=assembly, by=organiser, country=MemberCountryFactory(iso2="DE")
    )
    user = UserFactory()

    add_focal_point(delegation=delegation, user=user, by=organiser)
    add_focal_point(delegation=delegation, user=user, by=organiser)

    assert list(delegation.focal_points.all()) == [user]
    actions = list(audit_entries_for(delegation).values_list("action", flat=True))
    assert actions.count("delegations.focal_point.added") == 1


def test_add_focal_point_refuses_a_focal_point_acting_for_another(assembly, organiser):
    delegation = register_delegation(
        assembly=assembly, by=organiser, country=MemberCountryFactory(iso2="IN")
    )
    focal = UserFactory()
    add_focal_point(delegation=delegation, user=focal, by=organiser)

    with pytest.raises(PermissionDenied):
        add_focal_point(delegation=delegation, user=UserFactory(), by=focal)

    assert list(delegation.focal_points.all()) == [focal]
