"""Query filters of the agenda's list endpoints; a wrong value is a 400, never ignored."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from rest_framework.exceptions import ValidationError

from apps.agenda.models import Room, Session, Venue
from apps.agenda.selectors import local_day_bounds
from apps.core.api.filters import ApiFilterSet, IdFilter, TextFilter


class VenueFilter(ApiFilterSet):
    name = TextFilter(help_text="Part of the venue's name.")

    class Meta:
        model = Venue
        fields = ["name"]


class RoomFilter(ApiFilterSet):
    kind = filters.ChoiceFilter(choices=Room.Kind.choices)

    class Meta:
        model = Room
        fields = ["kind"]


class SessionFilter(ApiFilterSet):
    """`day` is a local day of the assembly (from local midnight to the next)."""

    day = filters.DateFilter(method="filter_day", help_text="A day of the assembly, local time.")
    kind = filters.ChoiceFilter(choices=Session.Kind.choices)
    room = IdFilter(field_name="room_id", help_text="Id of a room.")

    class Meta:
        model = Session
        fields = ["day", "kind", "room"]

    def filter_day(self, queryset, name, value):
        assembly = self.request.parser_context["view"].assembly
        if value not in assembly.days:
            raise ValidationError(
                {
                    "day": [
                        _("Choose a day of the assembly, from %(start)s to %(end)s.")
                        % {
                            "start": assembly.start_date.isoformat(),
                            "end": assembly.end_date.isoformat(),
                        }
                    ]
                }
            )
        start, end = local_day_bounds(value, assembly=assembly)
        return queryset.filter(starts_at__gte=start, starts_at__lt=end)
