"""Query filters of the ceremonies' list endpoints; a wrong value is a 400, never ignored."""

from __future__ import annotations

from django_filters import rest_framework as filters

from apps.ceremonies.models import Ceremony, CeremonyRole, RoleKind
from apps.core.api.filters import ApiFilterSet, IdFilter


class CeremonyFilter(ApiFilterSet):
    kind = filters.ChoiceFilter(choices=Ceremony.Kind.choices)
    status = filters.ChoiceFilter(choices=Ceremony.Status.choices)

    class Meta:
        model = Ceremony
        fields = ["kind", "status"]


class CeremonyRoleFilter(ApiFilterSet):
    ceremony = IdFilter(field_name="ceremony_id", help_text="Only this ceremony's roles.")
    kind = filters.ChoiceFilter(choices=RoleKind.choices)

    class Meta:
        model = CeremonyRole
        fields = ["ceremony", "kind"]
