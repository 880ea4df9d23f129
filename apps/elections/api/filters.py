"""Query filters of the elections list; a wrong value is a 400, never ignored."""

from __future__ import annotations

from django_filters import rest_framework as filters

from apps.core.api.filters import ApiFilterSet
from apps.delegations.models import Region
from apps.elections.models import Election, Seat


class ElectionFilter(ApiFilterSet):
    seat = filters.ChoiceFilter(choices=Seat.choices, help_text="Only this seat.")
    region = filters.ChoiceFilter(choices=Region.choices, help_text="Only this region's seats.")

    class Meta:
        model = Election
        fields = ["seat", "region"]
