"""What the ceremony services share: setting allowed fields, and the two checks that decide
whether a ceremony may be final (its run fits its session, its required roles are filled)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from apps.agenda.models import Session
from apps.ceremonies.models import Ceremony, RoleKind
from apps.ceremonies.timeline import overrun_minutes, total_minutes
from apps.core.errors import ApplicationError
from apps.core.i18n import listing
from apps.core.timezones import format_local


def set_fields(obj: Any, allowed: set[str], fields: dict[str, Any]) -> list[str]:
    """Set the given fields (only `allowed` ones) on `obj`; return the names that changed."""
    unknown = set(fields) - allowed
    if unknown:
        raise ApplicationError(
            _("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    changed = []
    for name, value in fields.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.append(name)
    return changed


def jsonable(changes: Iterable[str], obj: Any) -> dict[str, str]:
    return {name: str(getattr(obj, name)) for name in changes}


def check_fits(
    *, ceremony: Ceremony, durations: Iterable[int] | None = None, session: Session | None = None
) -> None:
    """Raise a clear error when the run-of-show lasts longer than the ceremony's session.

    `durations` lets a form check cues not saved yet; by default the saved cues count.
    """
    session = session or ceremony.session
    if durations is None:
        durations = list(ceremony.cues.values_list("duration_minutes", flat=True))
    durations = list(durations)
    over = overrun_minutes(
        starts_at=session.starts_at, ends_at=session.ends_at, durations=durations
    )
    if over:
        assembly = ceremony.assembly
        available = int((session.ends_at - session.starts_at).total_seconds() // 60)
        raise ApplicationError(
            _(
                "The run-of-show lasts %(total)d minutes but the session (%(start)s to %(end)s) "
                "lasts %(available)d minutes: it overruns by %(over)d minutes."
            )
            % {
                "total": total_minutes(durations),
                "available": available,
                "over": over,
                "start": format_local(session.starts_at, assembly.tz, assembly.display_city),
                "end": format_local(session.ends_at, assembly.tz, assembly.display_city),
            },
            extra={"overrun_minutes": over},
        )


def missing_roles(*, ceremony: Ceremony) -> list[str]:
    """Required role kinds nobody fills yet."""
    filled = set(ceremony.roles.values_list("kind", flat=True))
    return [kind for kind in ceremony.required_roles if kind not in filled]


def check_required_roles(*, ceremony: Ceremony) -> None:
    missing = missing_roles(ceremony=ceremony)
    if missing:
        labels = dict(RoleKind.choices)
        raise ApplicationError(
            _("Required roles are not all filled: %(roles)s.")
            % {"roles": listing(labels[kind] for kind in missing)},
            extra={"missing_roles": missing},
        )


def lock_ceremony(ceremony: Ceremony) -> Ceremony:
    """Hold the ceremony's row until the transaction ends: edits of one run-of-show (numbering,
    the overrun check) happen one after the other."""
    return (
        Ceremony.objects.select_for_update(of=("self",))
        .select_related("session", "assembly")
        .get(pk=ceremony.pk)
    )
