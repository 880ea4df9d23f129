"""Query filters of the delegations' list endpoints; a wrong value is a 400, never ignored."""

from __future__ import annotations

from django_filters import rest_framework as filters

from apps.core.api.filters import ApiFilterSet, IdFilter
from apps.delegations.models import (
    AccreditationStatus,
    Credentials,
    Delegate,
    Delegation,
    Region,
)


class DelegationFilter(ApiFilterSet):
    kind = filters.ChoiceFilter(choices=Delegation.Kind.choices)
    status = filters.ChoiceFilter(choices=Delegation.Status.choices)

    class Meta:
        model = Delegation
        fields = ["kind", "status"]


class DelegateFilter(ApiFilterSet):
    delegation = IdFilter(field_name="delegation_id", help_text="Only this delegation's delegates.")
    accreditation_status = filters.ChoiceFilter(choices=AccreditationStatus.choices)

    class Meta:
        model = Delegate
        fields = ["delegation", "accreditation_status"]


class VotingRollFilter(ApiFilterSet):
    status = filters.ChoiceFilter(
        choices=[
            (Credentials.Status.ACCEPTED, Credentials.Status.ACCEPTED.label),
            (Credentials.Status.PROVISIONAL, Credentials.Status.PROVISIONAL.label),
        ],
        help_text="Accepted or provisional credentials.",
    )
    region = filters.ChoiceFilter(field_name="delegation__country__region", choices=Region.choices)

    class Meta:
        model = Credentials
        fields = ["status", "region"]
