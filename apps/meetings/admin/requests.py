"""Organisers' screen of meeting requests: cancel, place by hand, run the scheduler."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.admin_editions import EditionAdminMixin
from apps.core.editions import admin_edition
from apps.core.errors import ApplicationError
from apps.core.timezones import format_local
from apps.meetings import services
from apps.meetings.admin.common import MoveForm, error_message, run_scheduler_now
from apps.meetings.grid import Grid
from apps.meetings.models import (
    Meeting,
    MeetingRequest,
)
from apps.meetings.permissions import can_manage_meetings
from apps.meetings.selectors import (
    REQUEST_RELATED,
    waiting_for_answer_q,
    waiting_for_placement_q,
)


class WaitingFilter(admin.SimpleListFilter):
    """Requests waiting for an answer, or accepted and waiting for a place (the dashboard's
    figures link here)."""

    title = _("waiting")
    parameter_name = "waiting"

    def lookups(self, request, model_admin):
        return [("answer", _("for an answer")), ("placement", _("for a place"))]

    def queryset(self, request, queryset):
        if self.value() == "answer":
            return queryset.filter(waiting_for_answer_q())
        if self.value() == "placement":
            return queryset.filter(waiting_for_placement_q())
        return queryset


@admin.register(MeetingRequest)
class MeetingRequestAdmin(EditionAdminMixin, admin.ModelAdmin):
    list_display = [
        "topic",
        "requester",
        "invitee",
        "priority",
        "status",
        "meeting_time",
        "respond_by",
    ]
    list_filter = [WaitingFilter, "status", "priority", "duration_minutes", "assembly"]
    search_fields = [
        "topic",
        "requester__country__name_en",
        "invitee__country__name_en",
        "requester__organisation__name",
        "invitee__organisation__name",
    ]
    readonly_fields = [
        "assembly",
        "requester",
        "invitee",
        "status",
        "decline_reason",
        "answered_at",
        "requested_by",
        "counter_preferred",
        "created_at",
        "updated_at",
        "place_link",
    ]
    fields = [
        "assembly",
        "requester",
        "invitee",
        "topic",
        "status",
        "priority",
        "duration_minutes",
        "requester_attendees",
        "invitee_attendees",
        "requester_head_required",
        "invitee_head_required",
        "preferred",
        "counter_preferred",
        "note",
        "decline_reason",
        "respond_by",
        "answered_at",
        "requested_by",
        "created_at",
        "updated_at",
        "place_link",
    ]
    actions = ["run_scheduler", "cancel_requests"]
    list_select_related = REQUEST_RELATED

    def has_add_permission(self, request):
        return False  # delegations request meetings in the portal

    @admin.display(description=_("meeting"))
    def meeting_time(self, obj):
        meeting = getattr(obj, "meeting", None)
        if meeting is None or meeting.status == Meeting.Status.CANCELLED:
            return "—"
        assembly = obj.assembly
        return (
            f"{meeting.starts_at.astimezone(assembly.tz):%a %d} "
            + format_local(meeting.starts_at, assembly.tz, assembly.city)
            + f" · {meeting.room.code}"
        )

    @admin.display(description=_("meeting"))
    def place_link(self, obj):
        meeting = getattr(obj, "meeting", None)
        if meeting is not None and meeting.status != Meeting.Status.CANCELLED:
            url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
            return format_html('<a href="{}">{}</a>', url, self.meeting_time(obj))
        if obj.status != MeetingRequest.Status.ACCEPTED:
            return "—"
        url = reverse("admin:meetings_meetingrequest_place", args=[obj.pk])
        return format_html('<a class="button" href="{}">{}</a>', url, gettext("Place by hand"))

    def has_run_scheduler_permission(self, request) -> bool:
        return can_manage_meetings(request.user)

    def get_urls(self):
        own = [
            path(
                "<int:pk>/place/",
                self.admin_site.admin_view(self.place_view),
                name="meetings_meetingrequest_place",
            )
        ]
        return own + super().get_urls()

    def place_view(self, request, pk: int):
        item = get_object_or_404(MeetingRequest.objects.select_related(*REQUEST_RELATED), pk=pk)
        if not request.user.has_perm("meetings.change_meeting"):
            raise PermissionDenied
        assembly = item.assembly
        grid = Grid.of(assembly)
        form = MoveForm(request.POST or None, assembly=assembly)
        if "confirm" not in form.fields:
            form.fields["confirm"] = forms.BooleanField(label=_("Confirm at once"), required=False)
        if request.method == "POST" and form.is_valid():
            try:
                meeting = services.place_meeting(
                    request=item,
                    room=form.cleaned_data["room"],
                    starts_at=grid.start(form.cleaned_data["slot"]),
                    confirm=form.cleaned_data["confirm"],
                    by=request.user,
                )
            except (ApplicationError, ValidationError, PermissionDenied) as exc:
                form.add_error(None, error_message(exc))
            else:
                self.message_user(request, gettext("The meeting is placed; both sides are told."))
                return redirect("admin:meetings_meeting_change", meeting.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Place %(request)s") % {"request": item},
            "item": item,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "meetings/admin/place.html", context)

    @admin.action(
        description=_("Run the scheduler now (the selected requests' assembly)"),
        permissions=["run_scheduler"],
    )
    def run_scheduler(self, request, queryset):
        first = queryset.select_related("assembly").first()
        return run_scheduler_now(self, request, first.assembly if first else admin_edition(request))

    @admin.action(
        description=_("Cancel the selected requests (and their meetings)"),
        permissions=["change"],
    )
    def cancel_requests(self, request, queryset):
        done = 0
        for item in queryset:
            try:
                services.cancel_meeting_request(request=item, by=request.user)
                done += 1
            except (ApplicationError, PermissionDenied) as exc:
                self.message_user(request, f"{item}: {error_message(exc)}", messages.ERROR)
        self.message_user(request, gettext("%(count)s request(s) cancelled.") % {"count": done})
