"""Every change to a ceremony: run-of-show, roles, rehearsals, precedence, status, the live run.

Each service validates, saves, writes the audit entry and queues its notifications in the same
transaction (reminders are outbox rows, apps.notifications.services). Split by entity; import
from here: ``from apps.ceremonies import services``.
"""

from apps.ceremonies.services.ceremony import (
    CEREMONY_FIELDS,
    create_ceremony,
    mark_final,
    mark_rehearsed,
    reopen_ceremony,
    update_ceremony,
)
from apps.ceremonies.services.common import check_fits, check_required_roles, missing_roles
from apps.ceremonies.services.cues import (
    CUE_FIELDS,
    add_cue,
    delete_cue,
    edit_run_of_show,
    reorder_cues,
    update_cue,
)
from apps.ceremonies.services.live import advance_cue, reset_run, undo_last_advance
from apps.ceremonies.services.precedence import SEAT_FIELDS, set_precedence
from apps.ceremonies.services.rehearsals import (
    REHEARSAL_FIELDS,
    cancel_rehearsal,
    schedule_rehearsal,
    update_rehearsal,
)
from apps.ceremonies.services.reminders import (
    CALL_TIME_LEAD,
    KIND_CALL_TIME,
    KIND_REHEARSAL,
    KIND_ROLE_ASSIGNED,
    REHEARSAL_LEAD,
)
from apps.ceremonies.services.roles import ROLE_FIELDS, assign_role, remove_role, update_role
from apps.ceremonies.services.templates import (
    carry_ceremony_templates,
    create_ceremony_from_template,
)

__all__ = [
    "CALL_TIME_LEAD",
    "CEREMONY_FIELDS",
    "CUE_FIELDS",
    "KIND_CALL_TIME",
    "KIND_REHEARSAL",
    "KIND_ROLE_ASSIGNED",
    "REHEARSAL_FIELDS",
    "REHEARSAL_LEAD",
    "ROLE_FIELDS",
    "SEAT_FIELDS",
    "add_cue",
    "advance_cue",
    "assign_role",
    "cancel_rehearsal",
    "carry_ceremony_templates",
    "check_fits",
    "check_required_roles",
    "create_ceremony",
    "create_ceremony_from_template",
    "delete_cue",
    "edit_run_of_show",
    "mark_final",
    "mark_rehearsed",
    "missing_roles",
    "remove_role",
    "reopen_ceremony",
    "reorder_cues",
    "reset_run",
    "schedule_rehearsal",
    "set_precedence",
    "undo_last_advance",
    "update_ceremony",
    "update_cue",
    "update_rehearsal",
    "update_role",
]
