"""Input and output shapes of the meetings API."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.core.api.fields import IdField
from apps.core.validators import NOTE_MAX_LENGTH, REASON_MAX_LENGTH
from apps.meetings.models import MAX_PREFERRED, Meeting, MeetingRequest

PREFERRED_HELP = (
    'Days ("2025-11-24") or half-days ("2025-11-24 am", "2025-11-24 pm") of the assembly, '
    "each at most once."
)


class DelegationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class MeetingRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    room = serializers.CharField(source="room.code")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    status = serializers.CharField()


class MeetingRequestOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    requester = DelegationRefSerializer()
    invitee = DelegationRefSerializer()
    topic = serializers.CharField()
    duration_minutes = serializers.IntegerField()
    requester_attendees = serializers.IntegerField()
    invitee_attendees = serializers.IntegerField()
    priority = serializers.ChoiceField(choices=MeetingRequest.Priority.choices)
    preferred = serializers.ListField(child=serializers.CharField())
    counter_preferred = serializers.ListField(child=serializers.CharField())
    requester_head_required = serializers.BooleanField()
    invitee_head_required = serializers.BooleanField()
    note = serializers.CharField()
    status = serializers.ChoiceField(choices=MeetingRequest.Status.choices)
    decline_reason = serializers.CharField()
    respond_by = serializers.DateTimeField(allow_null=True)
    meeting = serializers.SerializerMethodField()

    @extend_schema_field(MeetingRefSerializer(allow_null=True))
    def get_meeting(self, obj) -> dict | None:
        meeting = getattr(obj, "meeting", None)
        if meeting is None or meeting.status == Meeting.Status.CANCELLED:
            return None
        return MeetingRefSerializer(meeting).data


class MeetingRequestInputSerializer(serializers.Serializer):
    invitee = IdField(help_text="Id of the delegation to meet.")
    topic = serializers.CharField(max_length=200)
    duration_minutes = serializers.ChoiceField(choices=[30, 60], default=30)
    requester_attendees = serializers.IntegerField(min_value=1, max_value=20, default=2)
    invitee_attendees = serializers.IntegerField(min_value=1, max_value=20, default=2)
    priority = serializers.ChoiceField(choices=MeetingRequest.Priority.choices, default="normal")
    preferred = serializers.ListField(
        child=serializers.CharField(max_length=13),
        default=list,
        max_length=MAX_PREFERRED,
        help_text=PREFERRED_HELP,
    )
    requester_head_required = serializers.BooleanField(default=False)
    invitee_head_required = serializers.BooleanField(default=False)
    note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=NOTE_MAX_LENGTH
    )


class DeclineInputSerializer(serializers.Serializer):
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=REASON_MAX_LENGTH
    )


class CounterProposalInputSerializer(serializers.Serializer):
    preferred = serializers.ListField(
        child=serializers.CharField(max_length=13),
        min_length=1,
        max_length=MAX_PREFERRED,
        help_text=PREFERRED_HELP,
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class MeetingOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    request = serializers.IntegerField(source="request_id")
    requester = DelegationRefSerializer(source="request.requester")
    invitee = DelegationRefSerializer(source="request.invitee")
    topic = serializers.CharField(source="request.topic")
    room = serializers.CharField(source="room.code")
    room_name = serializers.CharField(source="room.name")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    status = serializers.ChoiceField(choices=Meeting.Status.choices)
    confirmed_by_requester = serializers.BooleanField()
    confirmed_by_invitee = serializers.BooleanField()
