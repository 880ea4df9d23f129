"""Input and output shapes of the meetings API."""

from __future__ import annotations

from rest_framework import serializers

from apps.meetings.models import Meeting, MeetingRequest


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

    def get_meeting(self, obj) -> dict | None:
        meeting = getattr(obj, "meeting", None)
        if meeting is None or meeting.status == Meeting.Status.CANCELLED:
            return None
        return MeetingRefSerializer(meeting).data


class MeetingRequestInputSerializer(serializers.Serializer):
    invitee = serializers.IntegerField(help_text="Id of the delegation to meet.")
    topic = serializers.CharField(max_length=200)
    duration_minutes = serializers.ChoiceField(choices=[30, 60], default=30)
    requester_attendees = serializers.IntegerField(min_value=1, max_value=20, default=2)
    invitee_attendees = serializers.IntegerField(min_value=1, max_value=20, default=2)
    priority = serializers.ChoiceField(choices=MeetingRequest.Priority.choices, default="normal")
    preferred = serializers.ListField(
        child=serializers.CharField(), default=list, help_text='e.g. ["2025-11-24 am"]'
    )
    requester_head_required = serializers.BooleanField(default=False)
    invitee_head_required = serializers.BooleanField(default=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DeclineInputSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class CounterProposalInputSerializer(serializers.Serializer):
    preferred = serializers.ListField(child=serializers.CharField(), min_length=1)
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


class MeetingRequestFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=MeetingRequest.Status.choices, required=False)
    direction = serializers.ChoiceField(
        choices=["incoming", "outgoing"],
        required=False,
        help_text="For focal points: requests to (incoming) or from (outgoing) their delegation.",
    )
