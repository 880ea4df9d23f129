from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import serializers

from apps.notifications import conf
from apps.notifications.models import Notification


class NotificationOutputSerializer(serializers.ModelSerializer):
    headline = serializers.CharField(read_only=True, help_text="The subject line, translated.")
    subject_type = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "headline", "subject_type", "object_id", "due_at", "read_at"]

    def get_subject_type(self, obj: Notification) -> str | None:
        content_type = obj.content_type
        if content_type is None:
            return None
        return f"{content_type.app_label}.{content_type.model}"


class UnreadCountOutputSerializer(serializers.Serializer):
    unread = serializers.IntegerField()


class PreferencesSerializer(serializers.Serializer):
    """{kind: enabled} for each optional kind; kinds left out keep their setting."""

    def get_fields(self):
        return {
            kind: serializers.BooleanField(required=False, help_text=str(label))
            for kind, label in conf.optional_kinds().items()
        }

    def to_internal_value(self, data):
        # Kinds contain dots, which DRF would read as nested sources: validate them by hand.
        if not isinstance(data, dict):
            raise serializers.ValidationError(
                {"non_field_errors": [_('Send an object such as {"kind": false}.')]}
            )
        result, errors = {}, {}
        for kind, field in self.fields.items():
            if kind in data:
                try:
                    result[kind] = field.run_validation(data[kind])
                except serializers.ValidationError as exc:
                    errors[kind] = exc.detail
        if errors:
            raise serializers.ValidationError(errors)
        return result
