"""Organisers' corrections to reference data: a member country's region (the ambiguous ones
stay editable), observer organisations. Checked and audited like every other change."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError
from apps.core.services import log_action


def _label(obj: models.Model) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}"


@transaction.atomic
def save_reference(*, obj: models.Model, by, changed: Iterable[str] = ()) -> models.Model:
    """Create or edit a member country or an organisation with the values set on it;
    `changed` names the fields the organiser changed, for the audit entry."""
    creating = obj.pk is None
    opts = obj._meta
    if not by.has_perm(f"{opts.app_label}.{'add' if creating else 'change'}_{opts.model_name}"):
        raise PermissionDenied
    obj.full_clean()
    obj.save()
    action = f"{_label(obj)}.{'created' if creating else 'updated'}"
    log_action(obj, action, by=by, fields=sorted(changed))
    return obj


@transaction.atomic
def delete_reference(*, obj: models.Model, by) -> None:
    opts = obj._meta
    if not by.has_perm(f"{opts.app_label}.delete_{opts.model_name}"):
        raise PermissionDenied
    log_action(obj, f"{_label(obj)}.deleted", by=by, name=str(obj))
    try:
        with transaction.atomic():
            obj.delete()
    except ProtectedError as exc:
        raise ApplicationError(
            _("This is still referred to by delegations; it cannot be removed."), status=409
        ) from exc
