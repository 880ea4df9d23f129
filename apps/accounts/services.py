"""Writes on users."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.core.services import log_action


def set_preferred_language(*, user: User, language: str) -> User:
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose one of the official languages.")})
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
        log_action(user, "accounts.user.language_changed", by=user, language=language)
    return user
