"""Ceremony templates: what carries a run-of-show from one edition to the next.

- `carry_ceremony_templates` ("prepare the next edition" hook): each ceremony of the previous
  edition becomes a template of the new one, its cues in order with their durations and its
  parts with call times relative to the ceremony's start. Nothing of a session, a room or a
  delegate is copied. A flag handover is turned round: the new edition's host (the previous
  handover's incoming host) is the outgoing host of the next handover; the incoming host is left
  for organisers to set once the following host is known.
- `create_ceremony_from_template`: once the new edition has a session for it, the real ceremony,
  its cues starting at the session's start and its guests' call times at start + offset.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from apps.agenda.models import Session
from apps.ceremonies.models import (
    TRANSLATED,
    Ceremony,
    CeremonyTemplate,
    Cue,
    CueTemplate,
    RoleTemplate,
)
from apps.ceremonies.permissions import can_manage_ceremonies
from apps.ceremonies.services.ceremony import create_ceremony
from apps.ceremonies.services.common import check_fits
from apps.ceremonies.services.cues import TRANSLATED_CUE_TEXTS
from apps.ceremonies.services.roles import assign_role
from apps.core.errors import ApplicationError
from apps.core.models import Assembly
from apps.core.services import log_action

LANGS = ("en", "fr", "es", "ar")
_CUE_COPIED = (
    "order",
    "title_en",
    "title_fr",
    "title_es",
    "title_ar",
    "description",
    "duration_minutes",
    "responsible_roles",
    "position",
    "av_instructions",
    "interpretation_notes",
    *(f"{name}_{lang}" for name in TRANSLATED_CUE_TEXTS for lang in TRANSLATED),
)
_ROLE_COPIED = ("position", *(f"position_{lang}" for lang in TRANSLATED), "notes")
# A named guest's function or organisation goes with the guest.
_GUEST_COPIED = ("guest_function", *(f"guest_function_{lang}" for lang in TRANSLATED))
_LABELS = ("outgoing_label", "incoming_label")
# A call time further than this from the start is not a call time of this ceremony.
MAX_CALL_OFFSET_MINUTES = 24 * 60


def _offset_minutes(call_time: dt.datetime | None, start: dt.datetime) -> int | None:
    if call_time is None:
        return None
    minutes = round((call_time - start).total_seconds() / 60)
    return minutes if abs(minutes) <= MAX_CALL_OFFSET_MINUTES else None


def _new_template(source: Ceremony | CeremonyTemplate, new: Assembly) -> CeremonyTemplate:
    template = CeremonyTemplate(
        assembly=new,
        kind=source.kind,
        required_roles=list(source.required_roles),
        **{f"title_{lang}": getattr(source, f"title_{lang}") for lang in LANGS},
        **{f"notes_{lang}": getattr(source, f"notes_{lang}") for lang in LANGS},
    )
    hosts = (
        source.outgoing_country_id,
        source.outgoing_label,
        source.incoming_country_id,
        source.incoming_label,
    )
    if source.kind == Ceremony.Kind.FLAG_HANDOVER or any(hosts):
        # The host who received the flag hands it on next; who receives it is not known yet.
        template.outgoing_country_id = source.incoming_country_id
        template.outgoing_label = source.incoming_label
        for lang in TRANSLATED:
            setattr(template, f"outgoing_label_{lang}", getattr(source, f"incoming_label_{lang}"))
    return template


def _template_from_ceremony(ceremony: Ceremony, new: Assembly) -> CeremonyTemplate:
    template = _new_template(ceremony, new)
    template.save()
    CueTemplate.objects.bulk_create(
        CueTemplate(template=template, **{name: getattr(cue, name) for name in _CUE_COPIED})
        for cue in ceremony.cues.order_by("order", "id")
    )
    start = ceremony.session.starts_at
    roles = []
    to_fill = list(template.required_roles)
    for role in ceremony.roles.order_by("call_time", "id"):
        guest = role.delegate_id is None
        roles.append(
            RoleTemplate(
                template=template,
                kind=role.kind,
                call_offset_minutes=_offset_minutes(role.call_time, start),
                guest_name=role.guest_name if guest else "",
                guest_email=role.guest_email if guest else "",
                **{name: getattr(role, name) if guest else "" for name in _GUEST_COPIED},
                **{name: getattr(role, name) for name in _ROLE_COPIED},
            )
        )
        if not guest and role.kind not in to_fill:
            to_fill.append(role.kind)  # a delegate's part: someone of the new edition fills it
    RoleTemplate.objects.bulk_create(roles)
    if to_fill != template.required_roles:
        template.required_roles = to_fill
        template.save(update_fields=["required_roles", "updated_at"])
    return template


def _template_from_template(source: CeremonyTemplate, new: Assembly) -> CeremonyTemplate:
    template = _new_template(source, new)
    template.save()
    CueTemplate.objects.bulk_create(
        CueTemplate(template=template, **{name: getattr(cue, name) for name in _CUE_COPIED})
        for cue in source.cues.all()
    )
    RoleTemplate.objects.bulk_create(
        RoleTemplate(
            template=template,
            kind=role.kind,
            call_offset_minutes=role.call_offset_minutes,
            guest_name=role.guest_name,
            guest_email=role.guest_email,
            **{name: getattr(role, name) for name in (*_GUEST_COPIED, *_ROLE_COPIED)},
        )
        for role in source.roles.all()
    )
    return template


def carry_ceremony_templates(*, previous: Assembly, new: Assembly, by: Any) -> dict[str, int]:
    """The previous edition's ceremonies (and templates it never used) as the new one's
    templates. Called by `apps.core.services.prepare_next_edition`, inside its transaction."""
    templates: list[CeremonyTemplate] = []
    seen: set[tuple[str, str]] = set()
    for ceremony in (
        Ceremony.objects.filter(assembly=previous)
        .select_related("session")
        .order_by("session__starts_at", "id")
    ):
        templates.append(_template_from_ceremony(ceremony, new))
        seen.add((ceremony.kind, ceremony.title_en))
    templates.extend(
        _template_from_template(source, new)
        for source in CeremonyTemplate.objects.filter(assembly=previous).order_by("id")
        if (source.kind, source.title_en) not in seen
    )
    for template in templates:
        log_action(template, "ceremonies.template.carried_over", by=by, previous=previous.number)
    return {
        "ceremony_templates": len(templates),
        "ceremony_template_cues": CueTemplate.objects.filter(template__assembly=new).count(),
        "ceremony_template_roles": RoleTemplate.objects.filter(template__assembly=new).count(),
    }


@transaction.atomic
def create_ceremony_from_template(
    *,
    template: CeremonyTemplate,
    session: Session,
    by,
    incoming_country=None,
    incoming_label: str = "",
) -> Ceremony:
    """The real ceremony in `session`: cues from the session's start in the template's order,
    named guests' parts with their call times at start + offset (they are told, as when a part
    is assigned), delegates' parts left as required roles to fill."""
    if by is not None and not can_manage_ceremonies(by):
        raise PermissionDenied
    if session.assembly_id != template.assembly_id:
        raise ApplicationError(
            _("The session belongs to another assembly."),
            extra={"session": [_("Choose a session of the template's assembly.")]},
        )
    incoming_country = incoming_country or template.incoming_country
    # A label typed here replaces the template's, in every language (its translations no
    # longer say the same); otherwise the template's label comes with its translations.
    incoming_labels = (
        {}
        if incoming_label
        else {
            f"incoming_label_{lang}": getattr(template, f"incoming_label_{lang}")
            for lang in TRANSLATED
        }
    )
    incoming_label = incoming_label or template.incoming_label
    if template.kind == Ceremony.Kind.FLAG_HANDOVER and not (incoming_country or incoming_label):
        raise ApplicationError(
            _("A flag handover needs an incoming host: name the next edition's host."),
            extra={"incoming_country": [_("A flag handover needs an incoming host.")]},
        )
    ceremony = create_ceremony(
        assembly=template.assembly,
        session=session,
        kind=template.kind,
        title_en=template.title_en,
        by=by,
        required_roles=list(template.required_roles),
        outgoing_country=template.outgoing_country,
        outgoing_label=template.outgoing_label,
        incoming_country=incoming_country,
        incoming_label=incoming_label,
        **incoming_labels,
        **{
            f"outgoing_label_{lang}": getattr(template, f"outgoing_label_{lang}")
            for lang in TRANSLATED
        },
        **{f"title_{lang}": getattr(template, f"title_{lang}") for lang in LANGS[1:]},
        **{f"notes_{lang}": getattr(template, f"notes_{lang}") for lang in LANGS},
    )
    cue_templates = list(template.cues.order_by("order", "id"))
    check_fits(ceremony=ceremony, durations=[cue.duration_minutes for cue in cue_templates])
    Cue.objects.bulk_create(
        Cue(
            ceremony=ceremony,
            **{name: getattr(cue, name) for name in _CUE_COPIED if name != "order"},
            order=index,
        )
        for index, cue in enumerate(cue_templates, start=1)
    )
    start = session.starts_at
    for role in template.roles.order_by("call_offset_minutes", "id"):
        if not role.guest_name:
            continue
        assign_role(
            ceremony=ceremony,
            kind=role.kind,
            by=by,
            guest_name=role.guest_name,
            guest_email=role.guest_email,
            call_time=(
                start + dt.timedelta(minutes=role.call_offset_minutes)
                if role.call_offset_minutes is not None
                else None
            ),
            **{name: getattr(role, name) for name in (*_GUEST_COPIED, *_ROLE_COPIED)},
        )
    log_action(ceremony, "ceremonies.ceremony.created_from_template", by=by, template=template.pk)
    return ceremony
