"""Visa support letters: requested by a focal point, approved or refused by organisers (who
are told, and the delegation is told through the outbox), printed as PDF on demand."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError, ConflictError
from apps.core.secrets import derive_token, token_matches
from apps.core.services import log_action
from apps.delegations.models import Delegate
from apps.delegations.selectors import focal_points_of
from apps.logistics.models import TravelRecord, VisaLetter
from apps.logistics.permissions import can_decide_visa_letters, can_edit_travel
from apps.notifications.services import notify

KIND_VISA_DECIDED = "logistics.visa_decided"
VERIFICATION_PURPOSE = "logistics.visa-verification"
LANGUAGES = {code for code, _name in settings.LANGUAGES}


def verification_token(letter: VisaLetter) -> str:
    return derive_token(VERIFICATION_PURPOSE, letter.pk, letter.reference)


def verification_matches(letter: VisaLetter, token: str) -> bool:
    return token_matches(token, VERIFICATION_PURPOSE, letter.pk, letter.reference)


@transaction.atomic
def request_visa_letter(
    *, delegate: Delegate, by: Any, language: str, consulate: str = ""
) -> VisaLetter:
    """The focal point asks for a letter; its passport data must be on file. Asking again
    while one is pending or refused updates that request (a refused one is asked again)."""
    if not can_edit_travel(by, delegate):
        raise PermissionDenied
    if language not in LANGUAGES:
        raise ApplicationError(
            _("Choose one of the official languages."), extra={"language": _("Unknown language.")}
        )
    travel = TravelRecord.objects.filter(delegate=delegate).first()
    if travel is None or not (travel.passport_name and travel.passport_number_encrypted):
        raise ApplicationError(
            _("Give the name as in the passport and the passport number first."),
        )
    letter = VisaLetter.objects.select_for_update().filter(delegate=delegate).order_by("pk").first()
    if letter is not None and letter.status == VisaLetter.Status.APPROVED:
        raise ConflictError(_("The letter is already approved: download it."))
    if letter is None:
        letter = VisaLetter(delegate=delegate)
    letter.language = language
    letter.consulate = consulate
    letter.status = VisaLetter.Status.REQUESTED
    letter.requested_by = by
    letter.decided_by, letter.decided_at = None, None
    letter.full_clean()
    letter.save()
    if not letter.reference:
        number = delegate.delegation.assembly.number
        letter.reference = f"GA{number}-V{letter.pk:05d}"
        letter.save(update_fields=["reference", "updated_at"])
    log_action(letter, "logistics.visa.requested", by=by, language=language)
    return letter


@transaction.atomic
def decide_visa_letter(*, letter: VisaLetter, approve: bool, by: Any) -> VisaLetter:
    """Approve or refuse a requested letter; the delegation's focal points are told through
    the outbox."""
    if not can_decide_visa_letters(by):
        raise PermissionDenied
    letter = (
        VisaLetter.objects.select_for_update(of=("self",))
        .select_related("delegate__delegation__assembly")
        .order_by()
        .get(pk=letter.pk)
    )
    if letter.status != VisaLetter.Status.REQUESTED:
        raise ConflictError(_("Only a requested letter can be decided."))
    letter.status = VisaLetter.Status.APPROVED if approve else VisaLetter.Status.REFUSED
    letter.decided_by, letter.decided_at = by, timezone.now()
    letter.full_clean()
    letter.save()
    log_action(letter, f"logistics.visa.{letter.status}", by=by)
    delegate = letter.delegate
    notify(
        kind=KIND_VISA_DECIDED,
        subject=letter,
        recipients=focal_points_of(delegate.delegation),
        context={
            "reference": letter.reference,
            "person": str(delegate),
            "approved": approve,
        },
    )
    return letter


def letter_passport_number(letter: VisaLetter) -> str:
    """The passport number printed on the letter (read in clear for that purpose only)."""
    from apps.core.secrets import decrypt
    from apps.logistics.services.travel import PASSPORT_PURPOSE

    travel = letter.delegate.travel
    if not travel.passport_number_encrypted:
        return ""
    return decrypt(PASSPORT_PURPOSE, travel.passport_number_encrypted) or ""


@transaction.atomic
def record_visa_letter_read(*, letter: VisaLetter, by: Any) -> None:
    """A letter prints the passport number: a read by anyone but the delegation's focal
    points (an organiser) is audited like any other read of it."""
    from apps.delegations.permissions import is_focal_point

    if not is_focal_point(by, letter.delegate.delegation):
        log_action(letter.delegate.travel, "logistics.passport.revealed", by=by, via="visa_letter")
