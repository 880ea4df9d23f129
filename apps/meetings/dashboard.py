"""The meetings' figures on the organisers' dashboard (registered in AppConfig.ready())."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.core.dashboard import Figure, Section, changelist_url
from apps.core.models import Assembly
from apps.meetings.models import MeetingRequest, ScheduleRun
from apps.meetings.selectors import (
    last_run,
    run_summary,
    waiting_for_answer_q,
    waiting_for_placement_q,
)


def request_figures(assembly: Assembly, user) -> list[Figure]:
    """Requests waiting for an answer and accepted ones waiting for a place: one query."""
    if not user.has_perm("meetings.view_meetingrequest"):
        return []
    counts = MeetingRequest.objects.filter(assembly=assembly).aggregate(
        answer=Count("pk", filter=waiting_for_answer_q()),
        placement=Count("pk", filter=waiting_for_placement_q()),
    )
    return [
        Figure(
            _("meeting requests waiting for an answer"),
            counts["answer"],
            changelist_url("meetings_meetingrequest", waiting="answer"),
        ),
        Figure(
            _("accepted requests waiting for a place"),
            counts["placement"],
            changelist_url("meetings_meetingrequest", waiting="placement"),
        ),
    ]


def run_figures(assembly: Assembly, user) -> list[Figure]:
    """The scheduler's last run, in words: one query (two while a run waits its turn)."""
    if not user.has_perm("meetings.view_schedulerun"):
        return []
    run = last_run(assembly)
    if run is None:
        return [
            Figure(
                _("scheduler's last run"),
                _("never run"),
                changelist_url("meetings_schedulerun"),
            )
        ]
    return [
        Figure(
            _("scheduler's last run"),
            run.get_status_display(),
            reverse("admin:meetings_schedulerun_change", args=[run.pk]),
            note=run_summary(run),
            tone="warn" if run.status == ScheduleRun.Status.FAILED else "",
        )
    ]


def meetings_section(assembly: Assembly, user, now: dt.datetime) -> Section:
    return Section(
        _("Bilateral meetings"), [*request_figures(assembly, user), *run_figures(assembly, user)]
    )
