"""Scheduler runs (figures, unplaced list, run now and follow it) and the organisers' limits."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.admin_editions import EditionAdminMixin
from apps.core.editions import admin_edition
from apps.meetings import services
from apps.meetings.admin.common import run_scheduler_now
from apps.meetings.models import (
    AssemblyMeetingSettings,
    DelegationAvailability,
    DelegationMeetingSettings,
    ScheduleRun,
)
from apps.meetings.permissions import can_manage_meetings
from apps.meetings.selectors import run_progress


@admin.register(ScheduleRun)
class ScheduleRunAdmin(EditionAdminMixin, admin.ModelAdmin):
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
    readonly_fields = (
        "assembly",
        "status",
        "reason",
        "requested_at",
        "queued_at",
        "started_at",
        "heartbeat_at",
        "finished_at",
        "time_limit",
        "retry",
        "triggered_by",
        "figures_table",
        "unplaced_table",
        "error",
        "input",
    )
    fields = readonly_fields
    change_list_template = "meetings/admin/run_change_list.html"
    change_form_template = "meetings/admin/run_change_form.html"

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
        view = self.admin_site.admin_view
        own = [
            path("run/", view(self.run_view), name="meetings_schedulerun_run"),
            path(
                "<int:pk>/progress/",
                view(self.progress_view),
                name="meetings_schedulerun_progress",
            ),
        ]
        return own + super().get_urls()

    def run_view(self, request):
        if request.method != "POST" or not can_manage_meetings(request.user):
            raise PermissionDenied
        return run_scheduler_now(self, request, admin_edition(request))

    def progress_view(self, request, pk: int):
        """The run's state as JSON, for the run page to follow it without reloading."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        run = get_object_or_404(ScheduleRun.objects.select_related("assembly"), pk=pk)
        return JsonResponse(run_progress(run))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        run = self.get_object(request, object_id)
        extra_context = {**(extra_context or {})}
        if run is not None:
            extra_context["progress"] = run_progress(run)
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(DelegationMeetingSettings)
class DelegationMeetingSettingsAdmin(EditionAdminMixin, admin.ModelAdmin):
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
class DelegationAvailabilityAdmin(EditionAdminMixin, admin.ModelAdmin):
    list_display = ["delegation", "starts_at", "ends_at", "reason"]
    list_select_related = ["delegation__country", "delegation__organisation"]
    raw_id_fields = ["delegation"]


@admin.register(AssemblyMeetingSettings)
class AssemblyMeetingSettingsAdmin(EditionAdminMixin, admin.ModelAdmin):
    list_display = ["assembly", "response_deadline", "auto_confirm", "solver_time_limit"]
