"""Query filters of the meetings' list endpoints; a wrong value is a 400, never ignored."""

from __future__ import annotations

from django_filters import rest_framework as filters

from apps.core.api.filters import ApiFilterSet
from apps.delegations.selectors import delegation_of
from apps.meetings.models import Meeting, MeetingRequest


class MeetingRequestFilter(ApiFilterSet):
    status = filters.ChoiceFilter(choices=MeetingRequest.Status.choices)
    direction = filters.ChoiceFilter(
        choices=[("incoming", "incoming"), ("outgoing", "outgoing")],
        method="filter_direction",
        help_text="For focal points: requests to (incoming) or from (outgoing) their delegation.",
    )

    class Meta:
        model = MeetingRequest
        fields = ["status", "direction"]

    def filter_direction(self, queryset, name, value):
        assembly = self.request.parser_context["view"].assembly
        own = delegation_of(self.request.user, assembly=assembly)
        if own is None:  # organisers see both directions of every request
            return queryset
        return queryset.filter(**{"invitee" if value == "incoming" else "requester": own})


class MeetingFilter(ApiFilterSet):
    status = filters.ChoiceFilter(choices=Meeting.Status.choices)

    class Meta:
        model = Meeting
        fields = ["status"]
