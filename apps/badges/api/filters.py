"""Query filters of the badges list; a wrong value is a 400, never ignored."""

from __future__ import annotations

from apps.badges.models import Badge
from apps.core.api.filters import ApiFilterSet, IdFilter


class BadgeFilter(ApiFilterSet):
    category = IdFilter(field_name="category_id", help_text="Only this category's badges.")
    delegation = IdFilter(
        field_name="delegate__delegation_id", help_text="Only this delegation's badges."
    )

    class Meta:
        model = Badge
        fields = ["category", "delegation"]
