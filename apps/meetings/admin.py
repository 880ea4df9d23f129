"""Organisers' screens: requests, meetings (move, release, grid), scheduler runs and limits."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.agenda.models import Room
from apps.core.errors import ApplicationError
from apps.core.selectors import current_assembly
from apps.core.timezones import format_local
from apps.meetings import services
from apps.meetings.grid import Grid
from apps.meetings.models import (
    AssemblyMeetingSettings,
    DelegationAvailability,
    DelegationMeetingSettings,
    Meeting,
    MeetingRequest,
    ScheduleRun,
)
from apps.meetings.scheduler_adapter import run_schedule_now
from apps.meetings.selectors import MEETING_RELATED, REQUEST_RELATED


def _message(exc: Exception) -> str:
    if isinstance(exc, ApplicationError):
        return exc.message
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return gettext("You are not allowed to do this.")


def _run_now(modeladmin, request, assembly) -> None:
    if assembly is None:
        modeladmin.message_user(request, gettext("There is no assembly."), messages.ERROR)
        return
    try:
        run = run_schedule_now(assembly=assembly, by=request.user)
    except PermissionDenied:
        modeladmin.message_user(request, gettext("You may not run the scheduler."), messages.ERROR)
        return
    if run is None:
        modeladmin.message_user(
            request,
            gettext("The scheduler is already running; one more run will follow it."),
            messages.WARNING,
        )
    elif run.status == ScheduleRun.Status.SUCCEEDED:
        figures = run.figures
        modeladmin.message_user(
            request,
            gettext(
                "Scheduler run done: %(placed)s placed (%(created)s new, %(moved)s moved), "
                "%(unplaced)s not placed, weight %(weight)s of at most %(bound)s."
            )
            % {
                "placed": figures.get("placed", "?"),
                "created": figures.get("created", 0),
                "moved": figures.get("moved", 0),
                "unplaced": len(run.unplaced),
                "weight": figures.get("weight", "?"),
                "bound": figures.get("upper_bound", "?"),
            },
        )
    else:
        modeladmin.message_user(
            request,
            gettext("The scheduler run failed: %(error)s") % {"error": run.error},
            messages.ERROR,
        )


class MoveForm(forms.Form):
    room = forms.ModelChoiceField(label=_("Room"), queryset=Room.objects.none())
    slot = forms.TypedChoiceField(label=_("Start"), coerce=int)

    def __init__(self, *args, assembly, **kwargs):
        super().__init__(*args, **kwargs)
        grid = Grid.of(assembly)
        self.grid = grid
        self.fields["room"].queryset = Room.objects.filter(venue__assembly=assembly).order_by(
            "kind", "code"
        )
        self.fields["slot"].choices = [
            (
                index,
                f"{grid.start(index).astimezone(assembly.tz):%a %d %b} "
                + format_local(grid.start(index), assembly.tz, assembly.city),
            )
            for index in range(grid.count)
        ]


@admin.register(MeetingRequest)
class MeetingRequestAdmin(admin.ModelAdmin):
    list_display = [
        "topic",
        "requester",
        "invitee",
        "priority",
        "status",
        "meeting_time",
        "respond_by",
    ]
    list_filter = ["status", "priority", "duration_minutes", "assembly"]
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
                form.add_error(None, _message(exc))
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

    @admin.action(description=_("Run the scheduler now (the selected requests' assembly)"))
    def run_scheduler(self, request, queryset):
        first = queryset.select_related("assembly").first()
        _run_now(self, request, first.assembly if first else current_assembly())

    @admin.action(description=_("Cancel the selected requests (and their meetings)"))
    def cancel_requests(self, request, queryset):
        done = 0
        for item in queryset:
            try:
                services.cancel_meeting_request(request=item, by=request.user)
                done += 1
            except (ApplicationError, PermissionDenied) as exc:
                self.message_user(request, f"{item}: {_message(exc)}", messages.ERROR)
        self.message_user(request, gettext("%(count)s request(s) cancelled.") % {"count": done})


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["when", "parties", "topic", "room", "status", "confirmations"]
    list_filter = ["status", "room", "assembly"]
    search_fields = [
        "request__topic",
        "request__requester__country__name_en",
        "request__invitee__country__name_en",
    ]
    list_select_related = MEETING_RELATED
    readonly_fields = [
        "request",
        "assembly",
        "room",
        "starts_at",
        "ends_at",
        "status",
        "confirmed_by_requester",
        "confirmed_by_invitee",
        "sequence",
        "move_link",
    ]
    fields = readonly_fields
    actions = ["confirm", "release", "cancel", "mark_held"]
    change_list_template = "meetings/admin/meeting_change_list.html"

    def has_add_permission(self, request):
        return False  # the scheduler or "place" creates meetings

    @admin.display(description=_("when"), ordering="starts_at")
    def when(self, obj):
        tz = obj.assembly.tz
        return f"{obj.starts_at.astimezone(tz):%a %d %b} " + format_local(
            obj.starts_at, tz, obj.assembly.city
        )

    @admin.display(description=_("delegations"))
    def parties(self, obj):
        return f"{obj.request.requester} \N{EN DASH} {obj.request.invitee}"

    @admin.display(description=_("topic"))
    def topic(self, obj):
        return obj.request.topic

    @admin.display(description=_("confirmed by"))
    def confirmations(self, obj):
        marks = [
            "\N{CHECK MARK}" if done else "-"
            for done in (
                obj.confirmed_by_requester,
                obj.confirmed_by_invitee,
            )
        ]
        return " / ".join(marks)

    @admin.display(description=_("move"))
    def move_link(self, obj):
        if obj.pk is None:
            return ""
        url = reverse("admin:meetings_meeting_move", args=[obj.pk])
        return format_html('<a class="button" href="{}">{}</a>', url, gettext("Move this meeting"))

    def get_urls(self):
        own = [
            path(
                "<int:pk>/move/",
                self.admin_site.admin_view(self.move_view),
                name="meetings_meeting_move",
            ),
            path("grid/", self.admin_site.admin_view(self.grid_view), name="meetings_meeting_grid"),
        ]
        return own + super().get_urls()

    def move_view(self, request, pk: int):
        meeting = get_object_or_404(Meeting.objects.select_related(*MEETING_RELATED), pk=pk)
        if not self.has_change_permission(request, meeting):
            raise PermissionDenied
        assembly = meeting.assembly
        grid = Grid.of(assembly)
        initial = {"room": meeting.room_id, "slot": grid.index_of(meeting.starts_at)}
        form = MoveForm(request.POST or None, assembly=assembly, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.move_meeting(
                    meeting=meeting,
                    room=form.cleaned_data["room"],
                    starts_at=grid.start(form.cleaned_data["slot"]),
                    by=request.user,
                )
            except (ApplicationError, ValidationError, PermissionDenied) as exc:
                form.add_error(None, _message(exc))
            else:
                self.message_user(request, gettext("The meeting is moved; both sides are told."))
                return redirect("admin:meetings_meeting_change", meeting.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Move %(meeting)s") % {"meeting": meeting},
            "meeting": meeting,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "meetings/admin/move.html", context)

    def grid_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        assembly = current_assembly()
        days = grid_rows(assembly) if assembly else []
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Bilateral rooms by slot"),
            "days": days,
            "assembly": assembly,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "meetings/admin/grid.html", context)

    def _each(self, request, queryset, service, done_message):
        done = 0
        for meeting in queryset:
            try:
                service(meeting=meeting, by=request.user)
                done += 1
            except (ApplicationError, PermissionDenied) as exc:
                self.message_user(request, f"{meeting}: {_message(exc)}", messages.ERROR)
        self.message_user(request, done_message % {"count": done})

    @admin.action(description=_("Confirm the selected meetings"))
    def confirm(self, request, queryset):
        self._each(request, queryset, services.confirm_meeting, gettext("%(count)s confirmed."))

    @admin.action(description=_("Release the selected meetings (the scheduler may move them)"))
    def release(self, request, queryset):
        self._each(request, queryset, services.release_meeting, gettext("%(count)s released."))

    @admin.action(description=_("Cancel the selected meetings"))
    def cancel(self, request, queryset):
        self._each(request, queryset, services.cancel_meeting, gettext("%(count)s cancelled."))

    @admin.action(description=_("Mark the selected meetings as held"))
    def mark_held(self, request, queryset):
        self._each(request, queryset, services.mark_meeting_held, gettext("%(count)s held."))


def grid_rows(assembly) -> list[dict]:
    """Per day, one row per bilateral room with a cell per slot (a meeting spans its slots)."""
    grid = Grid.of(assembly)
    rooms = list(
        Room.objects.filter(venue__assembly=assembly, kind=Room.Kind.BILATERAL).order_by("code")
    )
    meetings = Meeting.objects.filter(
        assembly=assembly, status__in=Meeting.ACTIVE_STATUSES
    ).select_related(*MEETING_RELATED)
    starts: dict[tuple[int, int], Meeting] = {}
    covered: set[tuple[int, int]] = set()
    for meeting in meetings:
        first = grid.index_of(meeting.starts_at)
        if first is None:
            continue
        length = max(1, round(meeting.duration.total_seconds() / 60 / grid.slot_minutes))
        starts[(meeting.room_id, first)] = meeting
        meeting.span = length
        covered.update((meeting.room_id, first + k) for k in range(1, length))
    days = []
    for day_index, day in enumerate(grid.days):
        slots = list(grid.day_slots(day_index))
        rows = []
        for room in rooms:
            cells = []
            for slot in slots:
                if (room.pk, slot) in covered:
                    continue
                cells.append({"meeting": starts.get((room.pk, slot)), "slot": slot})
            rows.append({"room": room, "cells": cells})
        headers = [grid.start(slot).astimezone(assembly.tz).strftime("%H:%M") for slot in slots]
        days.append({"date": day, "headers": headers, "rows": rows})
    return days


@admin.register(ScheduleRun)
class ScheduleRunAdmin(admin.ModelAdmin):
    list_display = [
        "requested_at",
        "assembly",
        "status",
        "placed",
        "weight",
        "bound",
        "unplaced_count",
        "seconds_taken",
        "triggered_by",
    ]
    list_filter = ["status", "assembly"]
    list_select_related = ["assembly", "triggered_by"]
    readonly_fields = [
        "assembly",
        "status",
        "reason",
        "requested_at",
        "started_at",
        "finished_at",
        "triggered_by",
        "figures_table",
        "unplaced_table",
        "error",
        "input",
    ]
    fields = readonly_fields
    change_list_template = "meetings/admin/run_change_list.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("placed"))
    def placed(self, obj):
        return obj.figures.get("placed", "—")

    @admin.display(description=_("weight"))
    def weight(self, obj):
        return obj.figures.get("weight", "—")

    @admin.display(description=_("upper bound"))
    def bound(self, obj):
        bound, weight = obj.figures.get("upper_bound"), obj.figures.get("weight")
        if bound and weight is not None:
            return f"{bound} ({100 * weight / bound:.2f} %)"
        return bound or "—"

    @admin.display(description=_("not placed"))
    def unplaced_count(self, obj):
        return len(obj.unplaced)

    @admin.display(description=_("seconds"))
    def seconds_taken(self, obj):
        return f"{obj.seconds:.2f}" if obj.seconds is not None else "—"

    @admin.display(description=_("figures"))
    def figures_table(self, obj):
        return format_html(
            "<table>{}</table>",
            format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", sorted(obj.figures.items())),
        )

    @admin.display(description=_("requests not placed, and why"))
    def unplaced_table(self, obj):
        if not obj.unplaced:
            return "—"
        rows = [
            (
                item.get("requester", ""),
                item.get("invitee", ""),
                item.get("topic", item.get("request", "")),
                item.get("reason", ""),
            )
            for item in obj.unplaced
        ]
        return format_html(
            "<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>{}</table>",
            gettext("requested by"),
            gettext("invited"),
            gettext("topic"),
            gettext("reason"),
            format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows),
        )

    def get_urls(self):
        own = [
            path("run/", self.admin_site.admin_view(self.run_view), name="meetings_schedulerun_run")
        ]
        return own + super().get_urls()

    def run_view(self, request):
        if request.method != "POST" or not request.user.has_perm("meetings.change_meeting"):
            raise PermissionDenied
        _run_now(self, request, current_assembly())
        return redirect("admin:meetings_schedulerun_changelist")


@admin.register(DelegationMeetingSettings)
class DelegationMeetingSettingsAdmin(admin.ModelAdmin):
    list_display = ["delegation", "teams", "max_per_day"]
    list_select_related = ["delegation__country", "delegation__organisation"]
    search_fields = ["delegation__country__name_en", "delegation__organisation__name"]
    autocomplete_fields = []
    raw_id_fields = ["delegation"]

    def save_model(self, request, obj, form, change):
        services.set_delegation_meeting_settings(
            delegation=obj.delegation,
            teams=obj.teams,
            max_per_day=obj.max_per_day,
            by=request.user,
        )


@admin.register(DelegationAvailability)
class DelegationAvailabilityAdmin(admin.ModelAdmin):
    list_display = ["delegation", "starts_at", "ends_at", "reason"]
    list_select_related = ["delegation__country", "delegation__organisation"]
    raw_id_fields = ["delegation"]


@admin.register(AssemblyMeetingSettings)
class AssemblyMeetingSettingsAdmin(admin.ModelAdmin):
    list_display = ["assembly", "response_deadline", "auto_confirm", "solver_time_limit"]
