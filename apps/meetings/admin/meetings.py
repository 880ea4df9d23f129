"""Organisers' screen of meetings: confirm, release, cancel, move, and the rooms-by-slot grid."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.agenda.models import Room
from apps.core.admin_editions import EditionAdminMixin
from apps.core.editions import admin_edition
from apps.core.errors import ApplicationError
from apps.core.timezones import format_local
from apps.meetings import services
from apps.meetings.admin.common import MoveForm, error_message
from apps.meetings.grid import Grid
from apps.meetings.models import (
    Meeting,
)
from apps.meetings.selectors import MEETING_RELATED


@admin.register(Meeting)
class MeetingAdmin(EditionAdminMixin, admin.ModelAdmin):
    list_display = ["when", "parties", "topic", "room", "status", "confirmations"]
    list_filter = ["status", "room", "assembly"]
    search_fields = [
        "request__topic",
        "request__requester__country__name_en",
        "request__invitee__country__name_en",
    ]
    list_select_related = MEETING_RELATED
    readonly_fields = (
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
    )
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
                form.add_error(None, error_message(exc))
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
        assembly = admin_edition(request)
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
                self.message_user(request, f"{meeting}: {error_message(exc)}", messages.ERROR)
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
        meeting.span = length  # type: ignore[attr-defined]  # read by the grid template
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
