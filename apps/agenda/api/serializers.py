"""Input and output shapes of the agenda API; times go out in UTC and in local time."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.agenda.forms import aware_in_assembly
from apps.agenda.models import Room, Session, SessionSpeaker, Venue
from apps.core.api.fields import IdField, IdRelatedField, PlausibleDateTimeField, check_plausible
from apps.core.models import OFFICIAL_LANGUAGES
from apps.core.timezones import format_local
from apps.core.validators import DESCRIPTION_MAX_LENGTH
from apps.delegations.models import Delegation


class VenueOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Venue
        fields = ["id", "assembly", "name", "address", "map_url"]


class RoomOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Room
        fields = [
            "id",
            "venue",
            "code",
            "name",
            "kind",
            "capacity",
            "building",
            "equipment",
            "interpretation_booths",
        ]


class RoomBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Room
        fields = ["id", "code", "name", "kind", "capacity"]


class SpeakerOutputSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name")

    class Meta:
        model = SessionSpeaker
        fields = ["role", "name", "affiliation", "delegate"]


class SessionOutputSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    room = RoomBriefSerializer(read_only=True, allow_null=True)
    speakers = SpeakerOutputSerializer(many=True, read_only=True)
    starts_local = serializers.SerializerMethodField()
    ends_local = serializers.SerializerMethodField()
    starts_label = serializers.SerializerMethodField()
    uid = serializers.CharField(read_only=True)

    class Meta:
        model = Session
        fields = [
            "id",
            "uid",
            "assembly",
            "kind",
            "title",
            "title_en",
            "title_fr",
            "title_es",
            "title_ar",
            "description",
            "room",
            "starts_at",
            "ends_at",
            "starts_local",
            "ends_local",
            "starts_label",
            "attendance",
            "interpretation_languages",
            "speakers",
            "visibility",
            "cancelled",
            "sequence",
        ]

    @extend_schema_field(serializers.DateTimeField())
    def get_starts_local(self, obj: Session) -> str:
        return obj.starts_at.astimezone(obj.assembly.tz).isoformat()

    @extend_schema_field(serializers.DateTimeField())
    def get_ends_local(self, obj: Session) -> str:
        return obj.ends_at.astimezone(obj.assembly.tz).isoformat()

    def get_starts_label(self, obj: Session) -> str:
        """'09:00 Marrakech (UTC+1)'."""
        return format_local(obj.starts_at, obj.assembly.tz, obj.assembly.city)


class WallClockDateTimeField(PlausibleDateTimeField):
    """Keeps a naive value naive (local time of the assembly, resolved by the serializer)."""

    def enforce_timezone(self, value: dt.datetime) -> dt.datetime:
        check_plausible(self, value)
        return value


class SessionInputSerializer(serializers.Serializer):
    """Times with an offset are instants; times without one are the assembly's local time."""

    kind = serializers.ChoiceField(choices=Session.Kind.choices)
    title_en = serializers.CharField(max_length=200)
    title_fr = serializers.CharField(max_length=200, required=False, allow_blank=True)
    title_es = serializers.CharField(max_length=200, required=False, allow_blank=True)
    title_ar = serializers.CharField(max_length=200, required=False, allow_blank=True)
    description_en = serializers.CharField(
        required=False, allow_blank=True, max_length=DESCRIPTION_MAX_LENGTH
    )
    description_fr = serializers.CharField(
        required=False, allow_blank=True, max_length=DESCRIPTION_MAX_LENGTH
    )
    description_es = serializers.CharField(
        required=False, allow_blank=True, max_length=DESCRIPTION_MAX_LENGTH
    )
    description_ar = serializers.CharField(
        required=False, allow_blank=True, max_length=DESCRIPTION_MAX_LENGTH
    )
    room = IdRelatedField(
        queryset=Room.objects.select_related("venue"), required=False, allow_null=True
    )
    starts_at = WallClockDateTimeField(
        help_text=_("ISO 8601; without an offset it is the assembly's local time.")
    )
    ends_at = WallClockDateTimeField(
        help_text=_("ISO 8601; without an offset it is the assembly's local time.")
    )
    attendance = serializers.ChoiceField(choices=Session.Attendance.choices, required=False)
    interpretation_languages = serializers.ListField(
        child=serializers.ChoiceField(choices=OFFICIAL_LANGUAGES),
        required=False,
        max_length=len(OFFICIAL_LANGUAGES),
        help_text="Each official language at most once.",
    )
    visibility = serializers.ChoiceField(choices=Session.Visibility.choices, required=False)
    invited_delegations = IdRelatedField(
        queryset=Delegation.objects.all(), many=True, required=False
    )

    def validate(self, attrs):
        assembly = self.context["assembly"]
        errors = {}
        for name in ("starts_at", "ends_at"):
            value = attrs.get(name)
            if value is None:
                continue
            if value.tzinfo is None:
                try:
                    attrs[name] = aware_in_assembly(value, assembly)
                except DjangoValidationError as exc:
                    errors[name] = exc.messages
            else:
                attrs[name] = value.astimezone(dt.UTC)
        if errors:
            raise serializers.ValidationError(errors)
        for delegation in attrs.get("invited_delegations", []):
            if delegation.assembly_id != assembly.pk:
                raise serializers.ValidationError(
                    {"invited_delegations": [_("This delegation is not at this assembly.")]}
                )
        return attrs


class SessionUpdateInputSerializer(SessionInputSerializer):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("partial", True)
        super().__init__(*args, **kwargs)


class ProgrammeQuerySerializer(serializers.Serializer):
    delegation = IdField(
        required=False,
        help_text="Whose programme to show: organisers any delegation's, focal points only "
        "their own (the default).",
    )
