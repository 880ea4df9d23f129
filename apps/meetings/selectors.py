"""Reads of meeting requests and meetings, scoped to the asking user and already optimised."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Count, F, Max, Min, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.core.ids import is_id
from apps.core.models import Assembly
from apps.delegations.models import Delegation
from apps.meetings import unplaced
from apps.meetings.models import DelegationAvailability, Meeting, MeetingRequest, ScheduleRun
from apps.meetings.permissions import can_view_all_meeting_requests, can_view_all_meetings

REQUEST_RELATED = (
    "assembly",
    "requester__country",
    "requester__organisation",
    "invitee__country",
    "invitee__organisation",
    "meeting__room",
)
MEETING_RELATED = (
    "assembly",
    "room",
    "request__requester__country",
    "request__requester__organisation",
    "request__invitee__country",
    "request__invitee__organisation",
)


def _own_delegations(user, assembly: Assembly) -> QuerySet[Delegation, Any]:
    return Delegation.objects.filter(assembly=assembly, focal_points=user).values("pk")


def meeting_requests_for_user(user, *, assembly: Assembly) -> QuerySet[MeetingRequest]:
    """Organisers see every request; a focal point only those its delegation is party to."""
    qs = MeetingRequest.objects.filter(assembly=assembly).select_related(*REQUEST_RELATED)
    if can_view_all_meeting_requests(user):
        return qs
    if not user.is_authenticated:
        return qs.none()
    own = _own_delegations(user, assembly)
    return qs.filter(Q(requester__in=own) | Q(invitee__in=own))


def awaiting_answer_from_q(delegation: Delegation) -> Q:
    """Requests that wait for `delegation`'s answer: a request to it, or a counter-proposal
    to one of its requests."""
    Status = MeetingRequest.Status
    return Q(status=Status.REQUESTED, invitee=delegation) | Q(
        status=Status.COUNTER_PROPOSED, requester=delegation
    )


def incoming_requests(*, delegation: Delegation, status: str = "") -> QuerySet[MeetingRequest]:
    """Requests to `delegation`, soonest answer deadline first (those without one last).

    `status`: one of MeetingRequest.Status, or "awaiting" for those waiting for its answer.
    """
    qs = MeetingRequest.objects.filter(invitee=delegation).select_related(*REQUEST_RELATED)
    if status == "awaiting":
        qs = qs.filter(awaiting_answer_from_q(delegation))
    elif status:
        qs = qs.filter(status=status)
    return qs.order_by(F("respond_by").asc(nulls_last=True), "-created_at", "-pk")


def awaiting_answer_count(*, delegation: Delegation) -> int:
    return MeetingRequest.objects.filter(awaiting_answer_from_q(delegation)).count()


def next_answer_due(*, delegation: Delegation) -> MeetingRequest | None:
    """The request waiting for `delegation`'s answer whose deadline comes first."""
    return (
        MeetingRequest.objects.filter(awaiting_answer_from_q(delegation), respond_by__isnull=False)
        .select_related(*REQUEST_RELATED)
        .order_by("respond_by", "pk")
        .first()
    )


def meetings_to_confirm(*, delegation: Delegation) -> QuerySet[Meeting]:
    """Proposed meetings `delegation` has not confirmed yet."""
    return Meeting.objects.filter(
        Q(request__requester=delegation, confirmed_by_requester=False)
        | Q(request__invitee=delegation, confirmed_by_invitee=False),
        status=Meeting.Status.PROPOSED,
    )


def outgoing_requests(*, delegation: Delegation) -> QuerySet[MeetingRequest]:
    return MeetingRequest.objects.filter(requester=delegation).select_related(*REQUEST_RELATED)


def meetings_for_user(user, *, assembly: Assembly) -> QuerySet[Meeting]:
    qs = Meeting.objects.filter(assembly=assembly).select_related(*MEETING_RELATED)
    if can_view_all_meetings(user):
        return qs
    if not user.is_authenticated:
        return qs.none()
    own = _own_delegations(user, assembly)
    return qs.filter(Q(request__requester__in=own) | Q(request__invitee__in=own))


def meetings_of_delegation(*, delegation: Delegation) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(
            Q(request__requester=delegation) | Q(request__invitee=delegation),
            status__in=Meeting.ACTIVE_STATUSES,
        )
        .select_related(*MEETING_RELATED)
        .order_by("starts_at")
    )


def active_meetings(*, assembly: Assembly) -> QuerySet[Meeting]:
    return Meeting.objects.filter(
        assembly=assembly, status__in=Meeting.ACTIVE_STATUSES
    ).select_related(*MEETING_RELATED)


def latest_schedule_run(*, assembly: Assembly) -> ScheduleRun | None:
    return (
        ScheduleRun.objects.filter(assembly=assembly, status=ScheduleRun.Status.SUCCEEDED)
        .order_by("-finished_at", "-id")
        .first()
    )


def unplaced_reasons(*, assembly: Assembly) -> dict[int, str]:
    """Request id -> why the last successful run could not place it, in the active language."""
    run = latest_schedule_run(assembly=assembly)
    if run is None:
        return {}
    names = unplaced.delegation_names(run.unplaced)
    reasons = {}
    for item in run.unplaced:
        key = str(item.get("request", ""))
        if key.startswith("r") and is_id(key[1:]):
            reasons[int(key[1:])] = unplaced.say(item, names)
    return reasons


def delegations_to_invite(
    *, assembly: Assembly, exclude: Delegation | None, query: str = "", region: str = ""
) -> QuerySet[Delegation]:
    """Delegations one can ask for a bilateral, searchable by country, region, organisation."""
    qs = (
        Delegation.objects.filter(assembly=assembly)
        .exclude(status=Delegation.Status.WITHDRAWN)
        .select_related("country", "organisation")
    )
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    if query:
        qs = qs.filter(
            Q(country__name_en__icontains=query)
            | Q(country__name_fr__icontains=query)
            | Q(country__name_es__icontains=query)
            | Q(country__name_ar__icontains=query)
            | Q(country__iso2__iexact=query)
            | Q(organisation__name__icontains=query)
            | Q(organisation__name_fr__icontains=query)
            | Q(organisation__name_es__icontains=query)
            | Q(organisation__name_ar__icontains=query)
            | Q(organisation__acronym__iexact=query)
        )
    if region:
        qs = qs.filter(country__region=region)
    return qs.order_by("country__name_en", "organisation__name")


def unavailabilities_of(*, delegation: Delegation) -> QuerySet[DelegationAvailability]:
    return DelegationAvailability.objects.filter(delegation=delegation).order_by("starts_at")


def run_progress(run: ScheduleRun, *, now: dt.datetime | None = None) -> dict[str, Any]:
    """Where a scheduler run stands, in words, for the run page that follows it."""
    now = now or timezone.now()
    Status = ScheduleRun.Status
    seconds = {
        "elapsed": round((now - run.started_at).total_seconds()) if run.started_at else 0,
        "limit": run.time_limit or 0,
        "age": round((now - run.heartbeat_at).total_seconds()) if run.heartbeat_at else 0,
        "queued": round((now - (run.queued_at or run.requested_at)).total_seconds()),
    }
    if run.status == Status.PENDING:
        ahead = ScheduleRun.objects.filter(assembly_id=run.assembly_id, status=Status.RUNNING)
        running = ahead.values_list("pk", flat=True).first()
        text = (
            _("Waiting for run #%(id)s, in progress, to finish.") % {"id": running}
            if running
            else _("Waiting for a worker to take it (queued %(queued)s s ago).") % seconds
        )
    elif run.status == Status.RUNNING:
        text = (
            _(
                "Running for %(elapsed)s s; the scheduler searches for at most %(limit)s s. "
                "Last sign of life %(age)s s ago."
            )
            % seconds
        )
    elif run.status == Status.SUCCEEDED:
        text = _("Done: %(placed)s placed, %(unplaced)s not placed.") % {
            "placed": run.figures.get("placed", 0),
            "unplaced": len(run.unplaced),
        }
    else:
        text = _("Failed: %(error)s") % {"error": run.error}
    return {
        "id": run.pk,
        "status": run.status,
        "status_label": str(run.get_status_display()),
        "finished": run.status in (Status.SUCCEEDED, Status.FAILED),
        "text": str(text),
    }


def waiting_for_answer_q() -> Q:
    """Requests one side must still answer (a request, or a counter-proposal)."""
    return Q(status__in=[MeetingRequest.Status.REQUESTED, MeetingRequest.Status.COUNTER_PROPOSED])


def waiting_for_placement_q() -> Q:
    """Accepted requests with no meeting holding a room and a time."""
    return Q(status=MeetingRequest.Status.ACCEPTED) & ~Q(
        meeting__status__in=Meeting.ACTIVE_STATUSES
    )


def last_run(assembly: Assembly) -> ScheduleRun | None:
    return ScheduleRun.objects.filter(assembly=assembly).order_by("-requested_at", "-id").first()


def run_summary(run: ScheduleRun) -> str:
    """A finished run in words: "181 of 181 accepted meetings placed; the best possible,
    proven", or how far the plan may be from the best; where an unfinished run stands."""
    if run.status != ScheduleRun.Status.SUCCEEDED:
        return str(run_progress(run)["text"])
    figures = run.figures
    placed = int(figures.get("placed", 0))
    total = int(figures.get("requests", placed + len(run.unplaced)))
    head = ngettext(
        "%(placed)s of %(total)s accepted meeting placed",
        "%(placed)s of %(total)s accepted meetings placed",
        total,
    ) % {"placed": placed, "total": total}
    weight, bound = figures.get("weight"), figures.get("upper_bound")
    if weight is not None and bound is not None and weight >= bound:
        tail = _("the best possible, proven")
    elif weight is not None and bound:
        tail = _(
            "priority weight %(weight)s of at most %(bound)s possible (%(percent)s %%): "
            "the plan is at most %(gap)s short of the best"
        ) % {
            "weight": weight,
            "bound": bound,
            "percent": f"{100 * weight / bound:.1f}",
            "gap": bound - weight,
        }
    else:
        tail = _("no bound on the best possible was proven")
    return _("%(head)s; %(tail)s.") % {"head": head, "tail": tail}


def scheduler_runs_health(*, now: dt.datetime | None = None) -> dict[str, Any]:
    """Figures an operator watches (health checks, metrics), in two queries.

    pending / running            runs waiting / in progress now
    oldest_pending_seconds       how long the oldest waiting run has waited (0 if none)
    heartbeat_age_seconds        the oldest sign of life of a running run (0 if none)
    succeeded_last_hour / failed_last_hour   runs finished in the last hour
    last_success_seconds_ago     since the last successful run ended (None if never)
    last_duration_seconds        how long the last finished run took (None if none)
    """
    now = now or timezone.now()
    Status = ScheduleRun.Status
    hour = Q(finished_at__gt=now - dt.timedelta(hours=1))
    figures = ScheduleRun.objects.aggregate(
        pending=Count("pk", filter=Q(status=Status.PENDING)),
        running=Count("pk", filter=Q(status=Status.RUNNING)),
        oldest_pending=Min("requested_at", filter=Q(status=Status.PENDING)),
        oldest_heartbeat=Min("heartbeat_at", filter=Q(status=Status.RUNNING)),
        succeeded_last_hour=Count("pk", filter=hour & Q(status=Status.SUCCEEDED)),
        failed_last_hour=Count("pk", filter=hour & Q(status=Status.FAILED)),
        last_success=Max("finished_at", filter=Q(status=Status.SUCCEEDED)),
    )
    last = (
        ScheduleRun.objects.filter(finished_at__isnull=False, started_at__isnull=False)
        .order_by("-finished_at")
        .values_list("started_at", "finished_at")
        .first()
    )
    oldest_pending = figures.pop("oldest_pending")
    oldest_heartbeat = figures.pop("oldest_heartbeat")
    last_success = figures.pop("last_success")
    return {
        **figures,
        "oldest_pending_seconds": (now - oldest_pending).total_seconds() if oldest_pending else 0.0,
        "heartbeat_age_seconds": (now - oldest_heartbeat).total_seconds()
        if oldest_heartbeat
        else 0.0,
        "last_success_seconds_ago": (now - last_success).total_seconds() if last_success else None,
        "last_duration_seconds": (
            (last[1] - last[0]).total_seconds() if last and last[0] and last[1] else None
        ),
    }


def scheduler_runs_problems(figures: dict[str, Any]) -> list[str]:
    """What in `scheduler_runs_health()` figures shows scheduling stuck (readiness fails on it):
    a running run silent longer than recovery allows, or a run waiting too long to start."""
    problems = []
    if figures["heartbeat_age_seconds"] > settings.GA_HEALTH_SCHEDULER_MAX_SILENCE:
        problems.append(f"a running run silent for {figures['heartbeat_age_seconds']:.0f} s")
    if figures["oldest_pending_seconds"] > settings.GA_HEALTH_SCHEDULER_MAX_WAIT:
        problems.append(f"a run waiting for {figures['oldest_pending_seconds']:.0f} s")
    return problems
