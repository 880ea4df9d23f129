"""Portal pages of focal points: requests in and out, answering, the meeting schedule."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.core.access import get_in_scope_or_404, is_organiser
from apps.core.editions import request_portal_assembly
from apps.core.errors import ApplicationError
from apps.core.forms import claim_submission, record_submission, repeat_of_submission
from apps.core.ids import parse_optional_id
from apps.delegations.models import Delegation
from apps.delegations.selectors import delegation_of
from apps.meetings import permissions, selectors, services
from apps.meetings.forms import (
    CounterProposalForm,
    DeclineForm,
    DelegationSearchForm,
    MeetingRequestForm,
    UnavailabilityForm,
)
from apps.meetings.grid import Grid
from apps.meetings.models import MeetingRequest


def _context(request):
    """(assembly, the focal point's delegation); organisers go to the admin, others get a 404."""
    assembly = request_portal_assembly(request)
    if assembly is None:
        raise Http404
    delegation = delegation_of(request.user, assembly=assembly)
    if delegation is None:
        raise Http404(_("Your account is not linked to a delegation."))
    return assembly, delegation


def _error_message(exc: Exception) -> str:
    if isinstance(exc, ApplicationError):
        return exc.message
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return _("You cannot do this.")


def _organiser_redirect(request):
    if is_organiser(request.user):
        return redirect("admin:meetings_meetingrequest_changelist")
    return None


@login_required
@require_GET
def request_list(request):
    if (response := _organiser_redirect(request)) is not None:
        return response
    assembly, delegation = _context(request)
    reasons = selectors.unplaced_reasons(assembly=assembly)
    incoming = list(selectors.incoming_requests(delegation=delegation))
    outgoing = list(selectors.outgoing_requests(delegation=delegation))
    for item in incoming + outgoing:
        item.unplaced_reason = reasons.get(item.pk, "")
        item.awaits_us = permissions.answering_side(item) is not None and (
            permissions.answering_side(item).pk == delegation.pk
        )
    return render(
        request,
        "meetings/request_list.html",
        {"delegation": delegation, "incoming": incoming, "outgoing": outgoing},
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request):
    if (response := _organiser_redirect(request)) is not None:
        return response
    assembly, delegation = _context(request)
    search = DelegationSearchForm(request.GET or None)
    query = region = ""
    if search.is_valid():
        query, region = search.cleaned_data["q"], search.cleaned_data["region"]
    invitees = selectors.delegations_to_invite(
        assembly=assembly, exclude=delegation, query=query, region=region
    )
    grid = Grid.of(assembly)
    initial = {}
    invitee = parse_optional_id(request.GET.get("invitee"), field="invitee")
    if invitee is not None:
        initial["invitee"] = invitee
    form = MeetingRequestForm(request.POST or None, invitees=invitees, grid=grid, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                if (earlier := claim_submission(request, form)) is not None:
                    return repeat_of_submission(request, earlier)
                created = services.request_meeting(
                    requester=delegation,
                    invitee=data["invitee"],
                    topic=data["topic"],
                    duration_minutes=data["duration_minutes"],
                    requester_attendees=data["requester_attendees"],
                    invitee_attendees=data["invitee_attendees"],
                    priority=data["priority"],
                    preferred=data["preferred"],
                    requester_head_required=data["requester_head_required"],
                    invitee_head_required=data["invitee_head_required"],
                    note=data["note"],
                    by=request.user,
                )
                location = reverse("meetings:request_detail", args=[created.pk])
                record_submission(request, form, location)
        except (ApplicationError, ValidationError, PermissionDenied) as exc:
            form.add_error(None, _error_message(exc))
        else:
            messages.success(
                request, _("Your request was sent to %(name)s.") % {"name": created.invitee}
            )
            return redirect(location)
    return render(
        request,
        "meetings/request_form.html",
        {"delegation": delegation, "form": form, "search": search},
    )


def _visible_request(request, pk: int) -> tuple[MeetingRequest, Delegation]:
    assembly, delegation = _context(request)
    found = get_in_scope_or_404(
        selectors.meeting_requests_for_user(request.user, assembly=assembly), request.user, pk=pk
    )
    return found, delegation


@login_required
@require_GET
def request_detail(request, pk: int):
    if (response := _organiser_redirect(request)) is not None:
        return response
    meeting_request, delegation = _visible_request(request, pk)
    assembly = meeting_request.assembly
    grid = Grid.of(assembly)
    answering = permissions.answering_side(meeting_request)
    meeting = getattr(meeting_request, "meeting", None)
    labels = dict(grid.choices())
    return render(
        request,
        "meetings/request_detail.html",
        {
            "delegation": delegation,
            "item": meeting_request,
            "other": meeting_request.other_side(delegation),
            "meeting": meeting,
            "can_answer": answering is not None and answering.pk == delegation.pk,
            "can_counter": meeting_request.status == MeetingRequest.Status.REQUESTED
            and meeting_request.invitee_id == delegation.pk,
            "can_cancel": meeting_request.is_open,
            "preferred_labels": [labels.get(t, t) for t in meeting_request.preferred],
            "counter_labels": [labels.get(t, t) for t in meeting_request.counter_preferred],
            "decline_form": DeclineForm(),
            "counter_form": CounterProposalForm(grid=grid),
            "unplaced_reason": selectors.unplaced_reasons(assembly=assembly).get(
                meeting_request.pk, ""
            ),
        },
    )


@login_required
@require_POST
def request_answer(request, pk: int, action: str):
    meeting_request, _delegation = _visible_request(request, pk)
    try:
        if action == "accept":
            services.accept_meeting_request(request=meeting_request, by=request.user)
            messages.success(request, _("Accepted. The organisers will place the meeting."))
        elif action == "decline":
            form = DeclineForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            services.decline_meeting_request(
                request=meeting_request, by=request.user, reason=reason
            )
            messages.success(request, _("Declined."))
        elif action == "counter":
            counter = CounterProposalForm(request.POST, grid=Grid.of(meeting_request.assembly))
            if not counter.is_valid():
                messages.error(request, _("Choose at least one day or half-day to propose."))
                return redirect("meetings:request_detail", pk=pk)
            services.counter_propose_meeting_request(
                request=meeting_request,
                by=request.user,
                preferred=counter.cleaned_data["preferred"],
                note=counter.cleaned_data["note"],
            )
            messages.success(request, _("Your proposal was sent."))
        elif action == "cancel":
            services.cancel_meeting_request(request=meeting_request, by=request.user)
            messages.success(request, _("The request is cancelled."))
        else:
            raise Http404
    except (ApplicationError, ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_message(exc))
    return redirect("meetings:request_detail", pk=pk)


@login_required
@require_GET
def schedule(request):
    if (response := _organiser_redirect(request)) is not None:
        return response
    assembly, delegation = _context(request)
    meetings = list(selectors.meetings_of_delegation(delegation=delegation))
    for meeting in meetings:
        meeting.other = meeting.request.other_side(delegation)
        mine_is_requester = meeting.request.requester_id == delegation.pk
        meeting.we_confirmed = (
            meeting.confirmed_by_requester if mine_is_requester else meeting.confirmed_by_invitee
        )
    waiting = list(
        selectors.meeting_requests_for_user(request.user, assembly=assembly).filter(
            status=MeetingRequest.Status.ACCEPTED, meeting__isnull=True
        )
    )
    reasons = selectors.unplaced_reasons(assembly=assembly)
    for item in waiting:
        item.other = item.other_side(delegation)
        item.unplaced_reason = reasons.get(item.pk, "")
    return render(
        request,
        "meetings/schedule.html",
        {"delegation": delegation, "meetings": meetings, "waiting": waiting},
    )


@login_required
@require_POST
def meeting_confirm(request, pk: int):
    assembly, _delegation = _context(request)
    meeting = get_in_scope_or_404(
        selectors.meetings_for_user(request.user, assembly=assembly), request.user, pk=pk
    )
    try:
        services.confirm_meeting(meeting=meeting, by=request.user)
        messages.success(request, _("You confirmed the meeting."))
    except (ApplicationError, PermissionDenied) as exc:
        messages.error(request, _error_message(exc))
    return redirect("meetings:schedule")


@login_required
@require_GET
def meeting_ics(request, pk: int):
    assembly = request_portal_assembly(request)
    if assembly is None:
        raise Http404
    meeting = get_in_scope_or_404(
        selectors.meetings_for_user(request.user, assembly=assembly), request.user, pk=pk
    )
    response = HttpResponse(meeting.to_ics(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def availability(request):
    if (response := _organiser_redirect(request)) is not None:
        return response
    assembly, delegation = _context(request)
    form = UnavailabilityForm(request.POST or None, assembly=assembly)
    if request.method == "POST" and form.is_valid():
        location = reverse("meetings:availability")
        try:
            with transaction.atomic():
                if (earlier := claim_submission(request, form)) is not None:
                    return repeat_of_submission(request, earlier)
                services.declare_unavailability(
                    delegation=delegation,
                    starts_at=form.cleaned_data["starts_at"],
                    ends_at=form.cleaned_data["ends_at"],
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                )
                record_submission(request, form, location)
        except (ApplicationError, ValidationError, PermissionDenied) as exc:
            form.add_error(None, _error_message(exc))
        else:
            messages.success(request, _("Noted: no meetings will be placed then."))
            return redirect(location)
    items = selectors.unavailabilities_of(delegation=delegation)
    return render(
        request,
        "meetings/availability.html",
        {"delegation": delegation, "form": form, "items": items},
    )


@login_required
@require_POST
def availability_remove(request, pk: int):
    _assembly, delegation = _context(request)
    item = get_object_or_404(selectors.unavailabilities_of(delegation=delegation), pk=pk)
    services.remove_unavailability(item=item, by=request.user)
    messages.success(request, _("Removed."))
    return redirect("meetings:availability")
