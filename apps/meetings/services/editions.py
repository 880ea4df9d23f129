"""What the bilateral meetings carry from one edition to the next: the organisers' rules and
each delegation's teams and daily limit. Requests and meetings never carry over."""

from __future__ import annotations

from typing import Any

from apps.core.models import Assembly
from apps.delegations.models import Delegation
from apps.meetings.models import AssemblyMeetingSettings, DelegationMeetingSettings
from apps.meetings.services.requests import set_delegation_meeting_settings, set_meeting_rules


def carry_meeting_rules(*, previous: Assembly, new: Assembly, by: Any) -> dict[str, int]:
    counts = {"meeting_rules": 0, "delegation_meeting_settings": 0}
    rules = AssemblyMeetingSettings.objects.filter(assembly=previous).first()
    if rules is not None:
        # The answer deadline is a date of the previous edition: organisers set a new one.
        set_meeting_rules(
            assembly=new,
            by=by,
            auto_confirm=rules.auto_confirm,
            solver_time_limit=rules.solver_time_limit,
        )
        counts["meeting_rules"] = 1
    new_by_party = {
        (d.country_id, d.organisation_id): d for d in Delegation.objects.filter(assembly=new)
    }
    for old in DelegationMeetingSettings.objects.filter(
        delegation__assembly=previous
    ).select_related("delegation"):
        target = new_by_party.get((old.delegation.country_id, old.delegation.organisation_id))
        if target is None:
            continue
        set_delegation_meeting_settings(
            delegation=target, teams=old.teams, max_per_day=old.max_per_day, by=by
        )
        counts["delegation_meeting_settings"] += 1
    return counts
