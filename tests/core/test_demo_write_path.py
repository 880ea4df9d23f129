"""The demo is made the way people make data: through the services, checked and audited."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import call_command

from apps.agenda.models import Room, Session
from apps.ceremonies.models import Ceremony, CeremonyRole, Cue
from apps.core.models import AuditEntry
from apps.delegations.models import AccreditationStatus, Credentials, Delegate, Delegation
from apps.meetings.models import Meeting, MeetingRequest

ROOT = Path(__file__).resolve().parents[2]
# Writes that go around a service: creating, saving, bulk writes, queryset updates and deletes,
# and changes to a many-to-many relation through its manager.
ORM_WRITE = re.compile(
    r"\.objects\.(create|get_or_create|update_or_create|bulk_create|bulk_update)\("
    r"|\.save\(|bulk_create|bulk_update|\.update\(|\.delete\(|\.create\("
    r"|\.(focal_points|attendees|groups|invited_delegations|speakers)\.(add|set|remove)\("
)
# Reference data loaded in bulk (not something a person's action makes), and the one account
# constructor that hashes the password; each line allowed once, by its exact text.
ALLOWED = {
    ("apps/delegations/demo.py", "MemberCountry.objects.bulk_create("),
    (
        "apps/delegations/demo.py",
        'MemberCountry.objects.bulk_update(missing, ["name_fr", "name_es", "name_ar"])',
    ),
    ("apps/delegations/demo.py", "Organisation.objects.bulk_create("),
    ("apps/ceremonies/demo.py", "country, _created = MemberCountry.objects.get_or_create("),
    # The letter's file in storage, which upload_credentials then records.
    ("apps/delegations/demo.py", "default_storage.save(LETTER_PATH, ContentFile(LETTER_PDF))"),
    # A fictional journalist's portrait written as JPEG bytes in memory (Pillow, not the ORM),
    # which the media application form's service then receives as an upload.
    ("apps/badges/demo.py", 'image.save(out, "JPEG", quality=80)'),
}


def _writes() -> list[tuple[str, str]]:
    found = []
    for path in sorted(ROOT.glob("apps/*/demo.py")):
        for line in path.read_text(encoding="utf-8").splitlines():
            code = line.split("#", 1)[0].strip()
            if ORM_WRITE.search(code):
                found.append((str(path.relative_to(ROOT)), code))
    return found


def test_demo_loaders_write_only_through_services_or_load_reference_data():
    assert [write for write in _writes() if write not in ALLOWED] == []


def test_the_write_check_sees_a_direct_write():
    assert ORM_WRITE.search("Session.objects.create(assembly=assembly)")
    assert ORM_WRITE.search("Meeting.objects.filter(pk__in=ids).update(status=x)")
    assert ORM_WRITE.search("ceremony.save(update_fields=['status'])")
    assert ORM_WRITE.search("delegation.focal_points.add(user)")
    assert not ORM_WRITE.search("create_session(assembly=assembly)")
    assert not ORM_WRITE.search("used_names.add((first, last))")


@pytest.mark.django_db
def test_seeded_demo_is_audited_and_valid():
    call_command("seed_demo", verbosity=0)

    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "core.assembly.created",
        "delegations.delegation.registered",
        "delegations.delegate.created",
        "delegations.accreditation.approved",
        "delegations.credentials.decided",
        "agenda.room.created",
        "agenda.session.created",
        "meetings.request.created",
        "meetings.request.accepted",
        "meetings.request.expired",
        "ceremonies.ceremony.created",
        "ceremonies.cue.added",
        "ceremonies.role.assigned",
    } <= actions
    audited = {
        (content_type, object_id)
        for content_type, object_id in AuditEntry.objects.values_list(
            "content_type__model", "object_id"
        )
    }
    # Every delegation, delegate, session and request has the entry of the service that made it.
    for model in (Delegation, Delegate, Session, MeetingRequest, Room):
        ids = {str(pk) for pk in model.objects.values_list("pk", flat=True)}
        assert ids, model
        assert ids <= {oid for ct, oid in audited if ct == model._meta.model_name}, model
    approved = Delegate.objects.filter(accreditation_status=AccreditationStatus.APPROVED)
    assert (
        approved.count()
        == AuditEntry.objects.filter(action="delegations.accreditation.approved").count()
    )
    # Whatever the demo wrote passes the models' own validation.
    for model in (Delegation, Delegate, Credentials, Session, MeetingRequest, Meeting):
        for obj in model.objects.all()[:400]:
            obj.full_clean()
    for model in (Ceremony, Cue, CeremonyRole):
        for obj in model.objects.all():
            obj.full_clean()
