"""Input and output shapes of the ceremonies API."""

from __future__ import annotations

from rest_framework import serializers

from apps.ceremonies.models import (
    MAX_CUES,
    TRANSLATED,
    Ceremony,
    CeremonyRole,
    Cue,
    PrecedenceEntry,
    Rehearsal,
    RoleKind,
)
from apps.core.api.fields import IdField
from apps.core.validators import DESCRIPTION_MAX_LENGTH, NOTE_MAX_LENGTH

ROLES_HELP = "Role kinds, any of: " + ", ".join(RoleKind.values)
LANGS = ("en", *TRANSLATED)


def _translations(*names: str) -> list[str]:
    """`name_fr`, `name_es`, `name_ar` of texts whose English is the unsuffixed field."""
    return [f"{name}_{lang}" for name in names for lang in TRANSLATED]


class CeremonyRoleOutputSerializer(serializers.ModelSerializer):
    role = serializers.ChoiceField(source="kind", choices=RoleKind.choices)
    role_label = serializers.CharField(source="get_kind_display")
    person = serializers.CharField(source="person_name")
    ceremony_title = serializers.CharField(source="ceremony.title")
    guest_function_display = serializers.CharField(
        source="display_guest_function",
        help_text="A guest's function or organisation in the reader's language.",
    )
    position_display = serializers.CharField(
        source="display_position", help_text="The position on stage in the reader's language."
    )

    class Meta:
        model = CeremonyRole
        fields = [
            "id",
            "ceremony",
            "ceremony_title",
            "role",
            "role_label",
            "delegate",
            "person",
            "guest_function",
            *_translations("guest_function"),
            "guest_function_display",
            "call_time",
            "position",
            *_translations("position"),
            "position_display",
        ]


class CeremonyOutputSerializer(serializers.ModelSerializer):
    title = serializers.CharField()
    starts_at = serializers.DateTimeField(source="session.starts_at")
    ends_at = serializers.DateTimeField(source="session.ends_at")
    outgoing_host = serializers.CharField()
    incoming_host = serializers.CharField()
    notes = serializers.CharField(help_text="The notes in the reader's language.")

    class Meta:
        model = Ceremony
        fields = [
            "id",
            "kind",
            "title",
            *(f"title_{lang}" for lang in LANGS),
            "notes",
            *(f"notes_{lang}" for lang in LANGS),
            "status",
            "session",
            "starts_at",
            "ends_at",
            "outgoing_host",
            "outgoing_label",
            *_translations("outgoing_label"),
            "incoming_host",
            "incoming_label",
            *_translations("incoming_label"),
        ]


class CueOutputSerializer(serializers.ModelSerializer):
    """A cue as stored: the English text in `description`, `position`... and each translation
    beside it (`description_fr`...)."""

    class Meta:
        model = Cue
        fields = [
            "id",
            "order",
            *(f"title_{lang}" for lang in LANGS),
            "description",
            *_translations("description"),
            "duration_minutes",
            "responsible_roles",
            "position",
            *_translations("position"),
            "av_instructions",
            *_translations("av_instructions"),
            "interpretation_notes",
            *_translations("interpretation_notes"),
            "actual_started_at",
        ]


class TimelineRowOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="cue.pk")
    order = serializers.IntegerField(source="cue.order")
    title = serializers.CharField(source="cue.title")
    duration_minutes = serializers.IntegerField(source="cue.duration_minutes")
    responsible_roles = serializers.ListField(
        child=serializers.CharField(), source="cue.responsible_roles", help_text=ROLES_HELP
    )
    description = serializers.CharField(source="cue.display_description")
    position = serializers.CharField(source="cue.display_position")
    av_instructions = serializers.CharField(source="cue.display_av_instructions")
    interpretation_notes = serializers.CharField(source="cue.display_interpretation_notes")
    cue = CueOutputSerializer(help_text="The cue's texts in every language.")
    planned_start = serializers.DateTimeField()
    planned_end = serializers.DateTimeField()
    actual_start = serializers.DateTimeField(allow_null=True)
    delta_minutes = serializers.IntegerField(allow_null=True)


class RehearsalOutputSerializer(serializers.ModelSerializer):
    place_display = serializers.CharField(
        source="display_place", help_text="The place in the reader's language."
    )

    class Meta:
        model = Rehearsal
        fields = [
            "id",
            "starts_at",
            "ends_at",
            "place",
            *_translations("place"),
            "place_display",
            "notes",
        ]


class PrecedenceOutputSerializer(serializers.ModelSerializer):
    person = serializers.CharField(source="person_label")
    seat_display = serializers.CharField(
        source="display_seat", help_text="The seat in the reader's language."
    )

    class Meta:
        model = PrecedenceEntry
        fields = [
            "rank",
            "role",
            "person",
            "seat",
            *_translations("seat"),
            "seat_display",
            "speaks",
        ]


class CeremonyDetailOutputSerializer(CeremonyOutputSerializer):
    """Organisers get the run-of-show, every role, the rehearsals and the order of precedence;
    focal points only their own roles (the rest is null)."""

    roles = CeremonyRoleOutputSerializer(many=True)
    timeline = TimelineRowOutputSerializer(many=True, allow_null=True)
    rehearsals = RehearsalOutputSerializer(many=True, allow_null=True)
    precedence = PrecedenceOutputSerializer(many=True, allow_null=True)

    class Meta(CeremonyOutputSerializer.Meta):
        fields = [
            *CeremonyOutputSerializer.Meta.fields,
            "roles",
            "timeline",
            "rehearsals",
            "precedence",
        ]


class CueInputSerializer(serializers.Serializer):
    title_en = serializers.CharField(max_length=200)
    title_fr = serializers.CharField(max_length=200, required=False, allow_blank=True)
    title_es = serializers.CharField(max_length=200, required=False, allow_blank=True)
    title_ar = serializers.CharField(max_length=200, required=False, allow_blank=True)
    description = serializers.CharField(
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
    duration_minutes = serializers.IntegerField(min_value=1, max_value=600)
    responsible_roles = serializers.ListField(
        child=serializers.ChoiceField(choices=RoleKind.choices),
        required=False,
        max_length=len(RoleKind.values),
        help_text=ROLES_HELP + "; each at most once.",
    )

    position = serializers.CharField(max_length=200, required=False, allow_blank=True)
    position_fr = serializers.CharField(max_length=200, required=False, allow_blank=True)
    position_es = serializers.CharField(max_length=200, required=False, allow_blank=True)
    position_ar = serializers.CharField(max_length=200, required=False, allow_blank=True)
    av_instructions = serializers.CharField(
        required=False, allow_blank=True, max_length=NOTE_MAX_LENGTH
    )
    av_instructions_fr = serializers.CharField(
        required=False, allow_blank=True, max_length=NOTE_MAX_LENGTH
    )
    av_instructions_es = serializers.CharField(
        required=False, allow_blank=True, max_length=NOTE_MAX_LENGTH
    )
    av_instructions_ar = serializers.CharField(
        required=False, allow_blank=True, max_length=NOTE_MAX_LENGTH
    )
    interpretation_notes = serializers.CharField(
        required=False, allow_blank=True, max_length=NOTE_MAX_LENGTH
    )
    interpretation_notes_fr = serializers.CharField(
        required=False, allow_blank=True, max_length=NOTE_MAX_LENGTH
    )
    interpretation_notes_es = serializers.CharField(
        required=False, allow_blank=True, max_length=NOTE_MAX_LENGTH
    )
    interpretation_notes_ar = serializers.CharField(
        required=False, allow_blank=True, max_length=NOTE_MAX_LENGTH
    )


class CueReorderInputSerializer(serializers.Serializer):
    cue_ids = serializers.ListField(child=IdField(), allow_empty=False, max_length=MAX_CUES)


class AdvanceInputSerializer(serializers.Serializer):
    expected_current_id = IdField(
        allow_null=True,
        help_text="The cue the console shows as current (null before the first cue).",
    )


class UndoAdvanceInputSerializer(serializers.Serializer):
    expected_version = serializers.IntegerField(
        min_value=0,
        max_value=10_000,
        help_text='The run\'s version the console shows (how many "next" it holds).',
    )


class ConsoleCueSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    order = serializers.IntegerField()
    title = serializers.CharField()
    duration_minutes = serializers.IntegerField()
    position = serializers.CharField()
    av = serializers.CharField()
    description = serializers.CharField(help_text="In the reader's language.")
    interpretation = serializers.CharField(
        help_text="Notes for the interpreters, in the reader's language."
    )
    who = serializers.ListField(child=serializers.CharField())
    planned_start = serializers.DateTimeField()
    planned_local = serializers.CharField()
    actual_start = serializers.DateTimeField(allow_null=True)
    actual_local = serializers.CharField()
    delta_minutes = serializers.IntegerField(allow_null=True)
    delta_label = serializers.CharField()
    state = serializers.ChoiceField(choices=["done", "current", "upcoming"])


class ConsoleStateOutputSerializer(serializers.Serializer):
    ceremony = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField()
    started = serializers.BooleanField()
    ended = serializers.BooleanField()
    ended_local = serializers.CharField()
    expected_current_id = serializers.IntegerField(allow_null=True)
    current = ConsoleCueSerializer(allow_null=True)
    next = ConsoleCueSerializer(allow_null=True)
    delta_minutes = serializers.IntegerField(
        allow_null=True, help_text="Positive: behind plan; negative: ahead."
    )
    delta_label = serializers.CharField()
    rebased = serializers.BooleanField(
        help_text="True when the run started far from the plan (a rehearsal): deltas are "
        "then measured from the first cue's actual start."
    )
    note = serializers.CharField()
    cues = ConsoleCueSerializer(many=True)
    version = serializers.IntegerField()
