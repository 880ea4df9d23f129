"""Why the scheduler left a request unplaced, said in the reader's language with the
delegations' names (the solver gives English text with a code and its arguments)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext, ngettext

from apps.delegations.models import Delegation

#: Arguments that name a delegation: the solver's ids, stored as delegation pks by the adapter.
DELEGATION_ARGS = ("a", "b", "party")


def _messages() -> dict[str, str]:
    return {
        "no_room": gettext("no room seats %(attendees)s"),
        "no_common_period": gettext(
            "%(a)s and %(b)s have no common free %(minutes)s-minute period"
        ),
        "no_common_slot": gettext("%(a)s and %(b)s have no common free slot"),
        "no_meetings": gettext("%(party)s takes no meetings (its daily limit is 0)"),
        "both_limits": gettext(
            "%(a)s and %(b)s have reached their daily meeting limits on every day both are free"
        ),
        "stopped_early": gettext("not placed although a slot is free (solver stopped early)"),
        "taken_by_higher": gettext("all feasible slots are taken by higher-priority meetings"),
        "taken_by_equal_or_higher": gettext(
            "all feasible slots are taken by meetings of equal or higher priority"
        ),
        "taken_by_other": gettext("all feasible slots are taken by other meetings"),
    }


def delegation_names(entries: Iterable[dict[str, Any]]) -> dict[int, str]:
    """The names (in the active language) of the delegations the entries' reasons mention."""
    pks = {
        value
        for entry in entries
        for key, value in (entry.get("args") or {}).items()
        if key in DELEGATION_ARGS and isinstance(value, int)
    }
    if not pks:
        return {}
    delegations = Delegation.objects.filter(pk__in=pks).select_related("country", "organisation")
    return {delegation.pk: delegation.name for delegation in delegations}


def say(entry: dict[str, Any], names: dict[int, str]) -> str:
    """One stored unplaced entry's reason in the active language; the English text for a run
    recorded before reasons carried codes, or for a code this version does not know."""
    code = entry.get("code") or ""
    args = dict(entry.get("args") or {})
    for key in DELEGATION_ARGS:
        if key in args:
            args[key] = names.get(args[key], "?")
    try:
        if code == "party_limit":
            limit = int(args["limit"])
            return ngettext(
                "%(party)s has reached its limit of %(limit)s meeting on every day both are free",
                "%(party)s has reached its limit of %(limit)s meetings on every day both are free",
                limit,
            ) % {"party": args["party"], "limit": limit}
        message = _messages().get(code)
        return message % args if message else str(entry.get("reason", ""))
    except (KeyError, TypeError, ValueError):
        return str(entry.get("reason", ""))
