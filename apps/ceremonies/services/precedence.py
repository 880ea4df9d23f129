"""The order of precedence of the people on stage."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from apps.ceremonies.models import TRANSLATED, Ceremony, PrecedenceEntry
from apps.core.errors import ApplicationError
from apps.core.services import log_action

SEAT_FIELDS = ("seat", *(f"seat_{lang}" for lang in TRANSLATED))


@transaction.atomic
def set_precedence(
    *, ceremony: Ceremony, entries: Sequence[dict[str, Any]], by
) -> list[PrecedenceEntry]:
    """Replace the order of precedence; entries are ranked in the order given (1 = most senior).

    Each entry: {"role": CeremonyRole or None, "name": str, "seat": str, "speaks": bool}, and
    the seat's translations ("seat_fr", "seat_es", "seat_ar") when there are any.
    """
    rows = []
    for rank, entry in enumerate(entries, start=1):
        role = entry.get("role")
        if role is not None and role.ceremony_id != ceremony.pk:
            raise ApplicationError(_("Only people with a role in this ceremony can be ranked."))
        row = PrecedenceEntry(
            ceremony=ceremony,
            rank=rank,
            role=role,
            name=entry.get("name", ""),
            **{field: entry.get(field, "") for field in SEAT_FIELDS},
            speaks=bool(entry.get("speaks", False)),
        )
        row.full_clean()
        rows.append(row)
    ceremony.precedence.all().delete()
    PrecedenceEntry.objects.bulk_create(rows)
    log_action(
        ceremony, "ceremonies.precedence.set", by=by, order=[row.person_name for row in rows]
    )
    return rows
