"""Media accreditation: a journalist applies through the public form, organisers holding
`badges.review_media_application` approve (a participant of the media category and its badge,
in one transaction) or refuse with a reason. The applicant hears of each step by e-mail."""

from __future__ import annotations

import datetime as dt
import functools
import io
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.accounts import throttle
from apps.badges.models import BadgeCategory, MediaApplication, Participant
from apps.badges.permissions import can_review_media_applications
from apps.core.errors import ApplicationError
from apps.core.models import Assembly
from apps.core.services import log_action
from apps.delegations.files import MB

MEDIA_CODE = "media"
KIND_MEDIA_RECEIVED = "badges.media_received"
KIND_MEDIA_DECIDED = "badges.media_decided"

# Every accepted application counts (it writes a row and sends an e-mail): three per address
# of the applicant and ten per network address an hour.
MEDIA_APPLICATION = throttle.Policy(
    "media_application",
    per_account=throttle.Rule(3, 3600, 3600),
    per_address=throttle.Rule(10, 3600, 3600),
)

PHOTO_MAX_BYTES = 2 * MB
PHOTO_MAX_PIXELS = 40_000_000  # far above any camera; refuses decompression bombs early
PHOTO_BOX = (1200, 1600)  # more than a badge needs at 300 dpi


def reencode_photo(upload) -> ContentFile:
    """The upload checked (JPEG or PNG, at most 2 MB, a real image) and written again as a
    plain JPEG: no metadata, no trailing bytes, no second image hidden in it."""
    from PIL import Image, UnidentifiedImageError

    size = getattr(upload, "size", 0) or 0
    if size > PHOTO_MAX_BYTES:
        raise ValidationError(gettext_lazy("The photo is larger than 2 MB."), code="file_size")
    if size == 0:
        raise ValidationError(gettext_lazy("The photo is empty."), code="empty")
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            if image.format not in {"JPEG", "PNG"}:
                raise ValidationError(
                    gettext_lazy("The photo must be a JPEG or PNG image."), code="file_type"
                )
            if image.width * image.height > PHOTO_MAX_PIXELS:
                raise ValidationError(gettext_lazy("The photo is too large."), code="pixels")
            image.load()
            image.thumbnail(PHOTO_BOX)
            out = io.BytesIO()
            image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            gettext_lazy("The photo must be a JPEG or PNG image."), code="file_content"
        ) from exc
    return ContentFile(out.getvalue(), name="photo.jpg")


def _name(application: MediaApplication) -> str:
    return f"{application.given_names} {application.family_name}"


def _tell_applicant(application: MediaApplication, kind: str, **extra: Any) -> None:
    from apps.notifications.services import notify

    notify(
        kind=kind,
        subject=application,
        recipients=[(application.email, application.language)],
        channels=("email",),
        context={
            "language": application.language,
            "name": _name(application),
            "outlet": application.outlet,
            **extra,
        },
    )


def submit_media_application(
    *,
    assembly,
    data: dict[str, Any],
    photo,
    address: str,
    language: str,
    throttled: bool = True,
) -> MediaApplication:
    """A pending application for `assembly` from the public form's cleaned data; the
    acknowledgement is queued with it. Raises throttle.Throttled when the applicant's address
    or network applied too often (`throttled=False`: the demo's fictional applicants, who are
    no stranger on the network)."""
    email = (data.get("email") or "").strip().lower()
    wait = throttled and throttle.retry_after(MEDIA_APPLICATION, account=email, address=address)
    if wait:
        raise throttle.Throttled(wait)
    with transaction.atomic():
        application = MediaApplication(
            assembly=assembly,
            family_name=data["family_name"],
            given_names=data["given_names"],
            family_name_native=data.get("family_name_native", ""),
            given_names_native=data.get("given_names_native", ""),
            outlet=data["outlet"],
            country=data["country"],
            email=email,
            function=data["function"],
            press_card_number=data["press_card_number"],
            language=language if language in {"ar", "en", "fr", "es"} else "en",
            consented_at=timezone.now(),
        )
        application.photo = reencode_photo(photo)
        application.full_clean()
        application.save()
        log_action(application, "badges.mediaapplication.submitted", outlet=application.outlet)
        _tell_applicant(application, KIND_MEDIA_RECEIVED)
    if throttled:
        throttle.hit(MEDIA_APPLICATION, account=email, address=address)
    return application


def _locked(application: MediaApplication) -> MediaApplication:
    return MediaApplication.objects.select_for_update().get(pk=application.pk)


@transaction.atomic
def approve_media_application(*, application: MediaApplication, by) -> MediaApplication:
    """The applicant becomes an approved participant of the media category with a badge.
    Approving again does nothing; a refused application is not approved."""
    if not can_review_media_applications(by):
        raise PermissionDenied
    from apps.badges.services.config import approve_participant

    application = _locked(application)
    if application.status == MediaApplication.Status.APPROVED:
        return application
    if application.status == MediaApplication.Status.REFUSED:
        raise ApplicationError(_("This application was refused already."), status=409)
    category = BadgeCategory.objects.filter(
        assembly_id=application.assembly_id, code=MEDIA_CODE
    ).first()
    if category is None:
        raise ApplicationError(
            _("Create the badge category with the code “media” first."), status=409
        )
    participant = Participant(
        assembly_id=application.assembly_id,
        family_name=application.family_name,
        given_names=application.given_names,
        family_name_native=application.family_name_native,
        given_names_native=application.given_names_native,
        organisation=application.outlet,
        function=application.function,
        category=category,
        photo=application.photo.name,
    )
    participant.full_clean()
    participant.save()
    log_action(participant, "badges.participant.created", by=by, source="media application")
    participant = approve_participant(participant=participant, by=by)
    application.status = MediaApplication.Status.APPROVED
    application.participant = participant
    application.decided_at = timezone.now()
    application.decided_by = by
    application.reason = ""
    application.save(
        update_fields=[
            "status",
            "participant",
            "decided_at",
            "decided_by",
            "reason",
            "updated_at",
        ]
    )
    log_action(application, "badges.mediaapplication.approved", by=by, participant=participant.pk)
    _tell_applicant(
        application,
        KIND_MEDIA_DECIDED,
        approved=True,
        number=participant.accreditation_number or "",
    )
    return application


@transaction.atomic
def refuse_media_application(*, application: MediaApplication, by, reason: str) -> MediaApplication:
    """Refused with a reason the applicant reads. Refusing again does nothing; an approved
    application is withdrawn through its participant, not here."""
    if not can_review_media_applications(by):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(
            _("Give the reason for the refusal."), extra={"reason": [_("Required.")]}
        )
    application = _locked(application)
    if application.status == MediaApplication.Status.REFUSED:
        return application
    if application.status == MediaApplication.Status.APPROVED:
        raise ApplicationError(_("This application was approved already."), status=409)
    application.status = MediaApplication.Status.REFUSED
    application.reason = reason
    application.decided_at = timezone.now()
    application.decided_by = by
    application.full_clean()
    application.save(update_fields=["status", "reason", "decided_at", "decided_by", "updated_at"])
    log_action(application, "badges.mediaapplication.refused", by=by, reason=reason)
    _tell_applicant(application, KIND_MEDIA_DECIDED, approved=False, reason=reason)
    return application


def media_erase_date(assembly: Assembly) -> dt.date:
    """The day the assembly's media applications are erased: BADGES_MEDIA_ERASE_AFTER_DAYS
    after its last day (a day of the assembly's own zone)."""
    return assembly.end_date + dt.timedelta(days=settings.BADGES_MEDIA_ERASE_AFTER_DAYS)


def _delete_photo(storage: Any, name: str) -> None:
    from apps.badges.photos import forget_thumbnail

    storage.delete(name)
    forget_thumbnail(name)


@transaction.atomic
def erase_media_applications(*, assembly: Assembly, by: Any = None) -> int:
    """Erase the personal data of every media application of `assembly`: names (Latin and
    native), e-mail, press card number and the photo file (removed from storage, and from the
    accredited participant who shares it). Status, outlet, country, function and dates stay for
    statistics. Returns how many applications were erased now; a second run erases none."""
    applications = list(
        MediaApplication.objects.select_for_update()
        .filter(assembly=assembly, erased_at__isnull=True)
        .order_by("pk")
    )
    photos = {a.photo.name: a.photo for a in applications if a.photo and a.photo.name}
    now = timezone.now()
    count = MediaApplication.objects.filter(pk__in=[a.pk for a in applications]).update(
        family_name="",
        given_names="",
        family_name_native="",
        given_names_native="",
        email="",
        press_card_number="",
        photo="",
        erased_at=now,
        updated_at=now,
    )
    # An approved applicant's participant holds the same file: it goes with the application.
    Participant.objects.filter(assembly=assembly, photo__in=list(photos)).update(
        photo="", updated_at=now
    )
    # Files go once the rows are committed: a rolled-back erasure keeps its photos.
    for name, field_file in photos.items():
        transaction.on_commit(functools.partial(_delete_photo, field_file.storage, str(name)))
    if count or by is not None:  # the daily run leaves no entry once there is nothing left
        log_action(
            assembly,
            "badges.mediaapplication.erased",
            by=by,
            applications=count,
            photos=len(photos),
        )
    return count


def assemblies_due_for_media_erasure(*, now: dt.datetime | None = None) -> list[Assembly]:
    """Assemblies with media applications not yet erased whose erase date has come in their
    own zone."""
    now = now or timezone.now()
    latest_end = now.date() + dt.timedelta(days=1 - settings.BADGES_MEDIA_ERASE_AFTER_DAYS)
    candidates = Assembly.objects.filter(
        end_date__lte=latest_end,
        pk__in=MediaApplication.objects.filter(erased_at__isnull=True).values("assembly_id"),
    ).order_by("pk")
    return [
        assembly
        for assembly in candidates
        if now.astimezone(assembly.tz).date() >= media_erase_date(assembly)
    ]
