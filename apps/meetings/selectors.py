"""Reads of meeting requests and meetings, scoped to the asking user and already optimised."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from apps.core.models import Assembly
from apps.delegations.models import Delegation
from apps.meetings.models import DelegationAvailability, Meeting, MeetingRequest, ScheduleRun

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


def _own_delegations(user, assembly: Assembly) -> QuerySet[Delegation]:
    return Delegation.objects.filter(assembly=assembly, focal_points=user).values("pk")


def meeting_requests_for_user(user, *, assembly: Assembly) -> QuerySet[MeetingRequest]:
    """Organisers see every request; a focal point only those its delegation is party to."""
    qs = MeetingRequest.objects.filter(assembly=assembly).select_related(*REQUEST_RELATED)
    if user.is_staff:
        return qs
    own = _own_delegations(user, assembly)
    return qs.filter(Q(requester__in=own) | Q(invitee__in=own))


def incoming_requests(*, delegation: Delegation) -> QuerySet[MeetingRequest]:
    return MeetingRequest.objects.filter(invitee=delegation).select_related(*REQUEST_RELATED)


def outgoing_requests(*, delegation: Delegation) -> QuerySet[MeetingRequest]:
    return MeetingRequest.objects.filter(requester=delegation).select_related(*REQUEST_RELATED)


def meetings_for_user(user, *, assembly: Assembly) -> QuerySet[Meeting]:
    qs = Meeting.objects.filter(assembly=assembly).select_related(*MEETING_RELATED)
    if user.is_staff:
        return qs
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
    """Request id -> why the last successful run could not place it."""
    run = latest_schedule_run(assembly=assembly)
    if run is None:
        return {}
    reasons = {}
    for item in run.unplaced:
        key = str(item.get("request", ""))
        if key.startswith("r") and key[1:].isdigit():
            reasons[int(key[1:])] = item.get("reason", "")
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
            | Q(organisation__acronym__iexact=query)
        )
    if region:
        qs = qs.filter(country__region=region)
    return qs.order_by("country__name_en", "organisation__name")


def unavailabilities_of(*, delegation: Delegation) -> QuerySet[DelegationAvailability]:
    return DelegationAvailability.objects.filter(delegation=delegation).order_by("starts_at")
