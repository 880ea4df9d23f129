"""Input and output shapes of the badges API."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from apps.badges.models import Badge, BadgeCategory, Direction, Reason, Zone
from apps.badges.services.gate import MAX_BATCH
from apps.core.api.fields import IdField

GATE_MAX_LENGTH = 50
TOKEN_MAX_LENGTH = 200


class CategoryNamesSerializer(serializers.ModelSerializer):
    """A badge category's name in the four languages (`name` is the English one)."""

    class Meta:
        model = BadgeCategory
        fields = ["name", "name_fr", "name_es", "name_ar"]


class ZoneNamesSerializer(serializers.ModelSerializer):
    """A zone's name in the four languages (`name` is the English one)."""

    class Meta:
        model = Zone
        fields = ["name", "name_fr", "name_es", "name_ar"]


class BadgeOutputSerializer(serializers.ModelSerializer):
    holder = serializers.CharField(source="holder_name")
    category = serializers.CharField(
        source="category.display_name", help_text="In the reader's language."
    )
    category_names = CategoryNamesSerializer(source="category")
    colour = serializers.CharField(source="category.colour")
    status = serializers.ChoiceField(
        choices=["issued", "printed", "collected", "revoked"], read_only=True
    )
    delegation = serializers.IntegerField(source="delegate.delegation_id", allow_null=True)

    class Meta:
        model = Badge
        fields = [
            "id",
            "holder",
            "category",
            "category_names",
            "colour",
            "delegation",
            "status",
            "version",
            "printed_at",
            "collected_at",
            "revoked_at",
        ]


class ScanInputSerializer(serializers.Serializer):
    scan_id = serializers.UUIDField(help_text="Made by the device; a scan sent twice counts once.")
    zone = IdField()
    gate = serializers.CharField(max_length=GATE_MAX_LENGTH)
    direction = serializers.ChoiceField(choices=Direction.choices, default=Direction.IN)
    token = serializers.CharField(max_length=TOKEN_MAX_LENGTH, required=False, allow_blank=True)
    badge = IdField(
        required=False, help_text="Instead of a token: the badge found by name at the gate."
    )
    scanned_at = serializers.DateTimeField(required=False)

    def validate(self, attrs):
        if not attrs.get("token") and attrs.get("badge") is None:
            raise serializers.ValidationError({"token": [_("Give a token or a badge.")]})
        return attrs


class VerdictOutputSerializer(serializers.Serializer):
    scan_id = serializers.UUIDField(source="scan.scan_id")
    recorded = serializers.BooleanField()
    admitted = serializers.BooleanField(source="scan.admitted")
    reason = serializers.ChoiceField(source="scan.reason", choices=Reason.choices)
    reason_label = serializers.CharField(source="scan.get_reason_display")
    badge = serializers.IntegerField(source="scan.badge_id", allow_null=True)
    holder = serializers.CharField(allow_blank=True)
    category = serializers.CharField(allow_blank=True)
    colour = serializers.CharField(allow_blank=True)
    affiliation = serializers.CharField(allow_blank=True)


class QueuedScanSerializer(serializers.Serializer):
    scan_id = serializers.UUIDField()
    zone = IdField()
    gate = serializers.CharField(max_length=GATE_MAX_LENGTH)
    direction = serializers.ChoiceField(choices=Direction.choices)
    token = serializers.CharField(max_length=TOKEN_MAX_LENGTH, allow_blank=True)
    badge = IdField(required=False, allow_null=True, help_text="A badge found by name.")
    scanned_at = serializers.DateTimeField()
    admitted = serializers.BooleanField()
    reason = serializers.ChoiceField(choices=Reason.choices, required=False, allow_blank=True)


class SyncInputSerializer(serializers.Serializer):
    scans = serializers.ListField(child=QueuedScanSerializer(), min_length=1, max_length=MAX_BATCH)


class SyncResultSerializer(serializers.Serializer):
    scan_id = serializers.UUIDField()
    recorded = serializers.BooleanField(help_text="False: this scan id was recorded before.")
    admitted = serializers.BooleanField()
    reason = serializers.ChoiceField(choices=Reason.choices)
    admitted_while_revoked = serializers.BooleanField()


class SyncOutputSerializer(serializers.Serializer):
    results = SyncResultSerializer(many=True)
    admitted_while_revoked = serializers.IntegerField()


class RosterEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    version = serializers.IntegerField()
    name = serializers.CharField()
    native_name = serializers.CharField(allow_blank=True)
    affiliation = serializers.CharField(allow_blank=True)
    category = serializers.CharField(help_text="In the reader's language.")
    category_id = serializers.IntegerField()
    colour = serializers.CharField()
    zones = serializers.ListField(child=serializers.IntegerField())
    revoked = serializers.BooleanField()
    photo = serializers.CharField(allow_blank=True, help_text="A small JPEG as a data URL.")


class WindowSerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()


class GateBundleOutputSerializer(serializers.Serializer):
    public_key = serializers.CharField(help_text="Raw Ed25519 public key, base64url.")
    generated_at = serializers.DateTimeField()
    valid_from = serializers.DateTimeField()
    zone = serializers.DictField()
    revoked = serializers.ListField(child=serializers.IntegerField())
    windows = serializers.DictField(
        child=WindowSerializer(many=True),
        help_text="Per category id whose access follows the agenda: when it may enter.",
    )
    inside = serializers.ListField(child=serializers.IntegerField())
    roster = RosterEntrySerializer(many=True)


class ZonePresenceSerializer(serializers.Serializer):
    zone = serializers.IntegerField(source="zone.pk")
    name = serializers.CharField(source="zone.display_name", help_text="In the reader's language.")
    names = ZoneNamesSerializer(source="zone")
    plenary = serializers.BooleanField(source="zone.plenary")
    people = serializers.IntegerField()
    delegations = serializers.IntegerField()
    countries = serializers.IntegerField()


class PresenceOutputSerializer(serializers.Serializer):
    plenary_countries_with_credentials = serializers.IntegerField()
    plenary_countries = serializers.ListField(child=serializers.CharField())
    by_region = serializers.DictField(child=serializers.IntegerField())
    zones = ZonePresenceSerializer(many=True)
