"""Portal pages of focal points: requests in and out, answering, the meeting schedule."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.core.access import get_in_scope_or_404, is_organiser
from apps.core.editions import request_portal_assembly
from apps.core.errors import ApplicationError
from apps.core.forms import claim_submission, record_submission, repeat_of_submission
from apps.core.i18n import localised
from apps.core.ids import parse_id, parse_optional_id
from apps.core.timezones import format_local
from apps.delegations.models import Delegation
from apps.delegations.selectors import delegation_of
from apps.meetings import permissions, selectors, services
from apps.meetings.forms import (
    AnswerForm,
    CounterProposalForm,
    DeclineForm,
    IncomingRequestFilterForm,
    MeetingRequestForm,
    UnavailabilityForm,
)
from apps.meetings.grid import Grid
from apps.meetings.models import Meeting, MeetingRequest
from apps.meetings.services.requests import cancellation_undoable_until


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
    status_filter = IncomingRequestFilterForm(request.GET or None)
    status = status_filter.cleaned_data["status"] if status_filter.is_valid() else ""
    incoming = list(selectors.incoming_requests(delegation=delegation, status=status))
    outgoing = list(selectors.outgoing_requests(delegation=delegation))
    for item in incoming + outgoing:
        item.unplaced_reason = reasons.get(item.pk, "")
        side = permissions.answering_side(item)
        item.awaits_us = side is not None and side.pk == delegation.pk
    return render(
        request,
        "meetings/request_list.html",
        {
            "delegation": delegation,
            "incoming": incoming,
            "outgoing": outgoing,
            "status_filter": status_filter,
            "filtered": bool(status),
            "awaiting_count": selectors.awaiting_answer_count(delegation=delegation),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request):
    if (response := _organiser_redirect(request)) is not None:
        return response
    assembly, delegation = _context(request)
    invitees = selectors.delegations_to_invite(assembly=assembly, exclude=delegation)
    grid = Grid.of(assembly)
    initial = {}
    invitee = parse_optional_id(request.GET.get("invitee"), field="invitee")
    if invitee is not None:
        chosen = invitees.filter(pk=invitee).first()
        if chosen is not None:
            initial["invitee"] = str(chosen)
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
    return render(request, "meetings/request_form.html", {"delegation": delegation, "form": form})


def _visible_request(request, pk: int) -> tuple[MeetingRequest, Delegation]:
    assembly, delegation = _context(request)
    found = get_in_scope_or_404(
        selectors.meeting_requests_for_user(request.user, assembly=assembly), request.user, pk=pk
    )
    return found, delegation


def _still_ahead(moment):
    """`moment` while it is still to come, else None (an "Undo" offered until then)."""
    return moment if moment is not None and moment > timezone.now() else None


def _answer_form(meeting_request: MeetingRequest, delegation: Delegation, data=None):
    """The answer the delegation may give now, or None when it is not its turn."""
    side = permissions.answering_side(meeting_request)
    if side is None or side.pk != delegation.pk:
        return None
    return AnswerForm(
        data,
        grid=Grid.of(meeting_request.assembly),
        can_counter=meeting_request.status == MeetingRequest.Status.REQUESTED,
        counter_proposed=meeting_request.status == MeetingRequest.Status.COUNTER_PROPOSED,
    )


def _render_detail(request, meeting_request, delegation, answer_form=None, status=200):
    assembly = meeting_request.assembly
    labels = dict(Grid.of(assembly).choices())
    if answer_form is None:
        answer_form = _answer_form(meeting_request, delegation)
    return render(
        request,
        "meetings/request_detail.html",
        {
            "delegation": delegation,
            "item": meeting_request,
            "other": meeting_request.other_side(delegation),
            "meeting": getattr(meeting_request, "meeting", None),
            "answer_form": answer_form,
            # The invited side declines; only the side that asked withdraws its request.
            "can_withdraw": meeting_request.is_open
            and meeting_request.requester_id == delegation.pk,
            "undo_until": _still_ahead(cancellation_undoable_until(meeting_request))
            if meeting_request.requester_id == delegation.pk
            else None,
            "preferred_labels": [labels.get(t, t) for t in meeting_request.preferred],
            "counter_labels": [labels.get(t, t) for t in meeting_request.counter_preferred],
            "unplaced_reason": selectors.unplaced_reasons(assembly=assembly).get(
                meeting_request.pk, ""
            ),
        },
        status=status,
    )


@login_required
@require_GET
def request_detail(request, pk: int):
    if (response := _organiser_redirect(request)) is not None:
        return response
    meeting_request, delegation = _visible_request(request, pk)
    return _render_detail(request, meeting_request, delegation)


@login_required
@require_POST
def request_answer(request, pk: int, action: str):
    meeting_request, delegation = _visible_request(request, pk)
    if action == "answer":
        form = _answer_form(meeting_request, delegation, request.POST)
        if form is None:
            messages.error(request, _("This request does not wait for your answer."))
            return redirect("meetings:request_detail", pk=pk)
        if not form.is_valid():
            return _render_detail(request, meeting_request, delegation, form)
        action = form.cleaned_data["answer"]
        data = form.cleaned_data
    else:
        data = {}
    try:
        if action == "accept":
            services.accept_meeting_request(request=meeting_request, by=request.user)
            messages.success(request, _("Accepted. The organisers will place the meeting."))
        elif action == "decline":
            if not data:
                form = DeclineForm(request.POST)
                data = form.cleaned_data if form.is_valid() else {"reason": ""}
            services.decline_meeting_request(
                request=meeting_request, by=request.user, reason=data.get("reason", "")
            )
            messages.success(request, _("Declined."))
        elif action == "counter":
            if not data:
                counter = CounterProposalForm(request.POST, grid=Grid.of(meeting_request.assembly))
                if not counter.is_valid():
                    messages.error(request, _("Choose at least one day or half-day to propose."))
                    return redirect("meetings:request_detail", pk=pk)
                data = counter.cleaned_data
            services.counter_propose_meeting_request(
                request=meeting_request,
                by=request.user,
                preferred=data["preferred"],
                note=data.get("note", ""),
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
@require_http_methods(["GET", "POST"])
def request_withdraw(request, pk: int):
    """Withdrawing one's own request: asked first (GET), done on the answer, undone for a while."""
    if (response := _organiser_redirect(request)) is not None:
        return response
    meeting_request, delegation = _visible_request(request, pk)
    if meeting_request.requester_id != delegation.pk:
        raise Http404  # the invited side declines instead
    if request.method == "GET":
        return render(
            request,
            "meetings/request_confirm_withdraw.html",
            {
                "delegation": delegation,
                "item": meeting_request,
                "meeting": getattr(meeting_request, "meeting", None),
            },
        )
    try:
        services.cancel_meeting_request(request=meeting_request, by=request.user)
    except (ApplicationError, ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_message(exc))
    else:
        messages.success(
            request,
            format_html(
                '{} <form class="inline-form" method="post" action="{}">'
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
                '<button type="submit" class="button button-small">{}</button></form>',
                _("Your request is withdrawn."),
                reverse("meetings:request_restore", args=[pk]),
                get_token(request),
                _("Undo"),
            ),
        )
    return redirect("meetings:request_detail", pk=pk)


@login_required
@require_POST
def request_restore(request, pk: int):
    """ "Undo" of a withdrawal, for a few minutes after it."""
    meeting_request, delegation = _visible_request(request, pk)
    if meeting_request.requester_id != delegation.pk:
        raise Http404
    try:
        restored = services.restore_meeting_request(request=meeting_request, by=request.user)
    except (ApplicationError, ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_message(exc))
    else:
        if restored.meeting is not None:
            assembly = restored.request.assembly
            messages.success(
                request,
                _(
                    "Your request stands again, and so does its meeting: %(time)s, in "
                    "%(room)s, as before."
                )
                % {
                    "time": format_local(
                        restored.meeting.starts_at, assembly.tz, assembly.display_city
                    ),
                    "room": localised(restored.meeting.room, "name"),
                },
            )
        elif restored.awaiting_placement:
            messages.success(
                request,
                _(
                    "Your request stands again, accepted. Its meeting's time or room was taken "
                    "meanwhile, so it waits for the organisers to place it again."
                ),
            )
        else:
            messages.success(request, _("Your request stands again."))
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
        meeting.to_confirm = meeting.status == Meeting.Status.PROPOSED and not meeting.we_confirmed
        meeting.minutes = int((meeting.ends_at - meeting.starts_at).total_seconds() // 60)
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
        {
            "delegation": delegation,
            "meetings": meetings,
            "waiting": waiting,
            "to_confirm": sum(1 for m in meetings if m.to_confirm),
            "errors": request.session.pop("meetings_confirm_errors", {}),
        },
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
@require_POST
def meeting_confirm_selected(request):
    """Confirm the ticked meetings at once; a meeting that cannot be is named with its reason."""
    _assembly, delegation = _context(request)
    # A value that is not an id is a 400 naming the field (apps.core.ids).
    ids = [parse_id(value, field="meeting") for value in request.POST.getlist("meeting")]
    if not ids:
        messages.info(request, _("Tick the meetings to confirm first."))
        return redirect("meetings:schedule")
    chosen = list(selectors.meetings_of_delegation(delegation=delegation).filter(pk__in=ids))
    if len(chosen) != len(set(ids)):
        raise Http404  # another delegation's meeting, or one that is gone
    result = services.confirm_meetings(meetings=chosen, by=request.user)
    if result.confirmed:
        messages.success(
            request,
            ngettext(
                "You confirmed %(count)d meeting.",
                "You confirmed %(count)d meetings.",
                len(result.confirmed),
            )
            % {"count": len(result.confirmed)},
        )
    if result.errors:
        request.session["meetings_confirm_errors"] = {
            str(pk): reason for pk, reason in result.errors.items()
        }
        messages.error(
            request,
            ngettext(
                "%(count)d meeting could not be confirmed; the reason is beside it.",
                "%(count)d meetings could not be confirmed; the reasons are beside them.",
                len(result.errors),
            )
            % {"count": len(result.errors)},
        )
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
