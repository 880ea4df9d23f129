"""Writes of the core app: the audit log, the current assembly, heartbeats."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from apps.core.models import Assembly, AuditEntry, Heartbeat


def log_action(obj: models.Model, action: str, *, by: Any = None, **data: Any) -> AuditEntry:
    """Record `action` (``<app>.<entity>.<past-verb>``) on `obj`; every service calls this."""
    actor = by if getattr(by, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        data=data,
    )


@transaction.atomic
def make_assembly_current(*, assembly: Assembly, by: Any = None) -> Assembly:
    """Only one assembly is current: clear the flag elsewhere first, then set it here."""
    Assembly.objects.filter(is_current=True).exclude(pk=assembly.pk).update(is_current=False)
    if not assembly.is_current:
        assembly.is_current = True
        assembly.save(update_fields=["is_current", "updated_at"])
        log_action(assembly, "core.assembly.made_current", by=by)
    return assembly


def record_heartbeat(*, component: str) -> Heartbeat:
    heartbeat, _ = Heartbeat.objects.update_or_create(
        component=component, defaults={"seen_at": timezone.now()}
    )
    return heartbeat
