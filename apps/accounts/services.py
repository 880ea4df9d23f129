"""Writes on users: language, log-in outcomes, activation."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from apps.accounts import throttle
from apps.accounts.models import User
from apps.core.models import AuditEntry
from apps.core.services import log_action


@transaction.atomic
def create_organiser(
    *, email: str, password: str, full_name: str, role: str, by: Any = None
) -> User:
    """An organiser account in one of the roles (a group of named permissions)."""
    from django.contrib.auth.models import Group

    validate_email(email)
    user = User.objects.create_user(email, password, full_name=full_name, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    log_action(user, "accounts.organiser.created", by=by, role=role)
    return user


def set_preferred_language(*, user: User, language: str) -> User:
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose one of the official languages.")})
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
        log_action(user, "accounts.user.language_changed", by=user, language=language)
    return user


def log_account_event(action: str, *, email: str, address: str = "", **data: object) -> None:
    """An audit entry about an account, known or not; it never holds what was typed as a secret.

    An unknown account is named by the address typed only when that is an e-mail address (people
    sometimes type their password into the wrong field).
    """
    user = User.objects.filter(email__iexact=email).first() if email else None
    if address:
        data["address"] = address
    if user is not None:
        log_action(user, action, by=None, **data)
        return
    try:
        validate_email(email)
        shown = email.lower()[:255]
    except ValidationError:
        shown = _("(not an e-mail address)")
    AuditEntry.objects.create(
        action=action,
        content_type=ContentType.objects.get_for_model(User),
        object_id="",
        object_repr=shown,
        data=data,
    )


@transaction.atomic
def record_failed_login(
    *, email: str, address: str, policy: throttle.Policy = throttle.LOGIN
) -> None:
    """Count a failed attempt against the account and the address; audit it and any lock-out."""
    locked = throttle.hit(policy, account=email, address=address)
    log_account_event(f"accounts.{policy.name}.failed", email=email, address=address)
    if locked:
        log_account_event(
            f"accounts.{policy.name}.locked_out", email=email, address=address, scopes=locked
        )
