"""Reads of the core app."""

from __future__ import annotations

from django.db.models import QuerySet

from apps.core.models import Assembly, AuditEntry


def current_assembly() -> Assembly | None:
    """The assembly marked current, else the latest one; None on an empty database.

    Within a request the zone middleware has usually loaded it already."""
    from apps.core.editions import request_current_assembly

    loaded = request_current_assembly()
    if loaded is not None:
        return loaded
    return Assembly.objects.order_by("-is_current", "-number").first()


def audit_entries_for(obj) -> QuerySet[AuditEntry]:
    from django.contrib.contenttypes.models import ContentType

    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
    ).select_related("actor")
