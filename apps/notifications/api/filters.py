"""Query filters of the inbox; a wrong value is a 400, never ignored."""

from __future__ import annotations

from apps.core.api.filters import ApiFilterSet, TrueFalseFilter
from apps.notifications.models import Notification


class NotificationFilter(ApiFilterSet):
    unread = TrueFalseFilter(
        field_name="read_at", lookup_expr="isnull", help_text="Only unread (true) or read ones."
    )

    class Meta:
        model = Notification
        fields = ["unread"]
