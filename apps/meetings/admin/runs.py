"""Scheduler runs (figures, unplaced list, run now and follow it) and the organisers' limits."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.admin_editions import EditionAdminMixin
from apps.core.editions import admin_edition
from apps.meetings import services, unplaced
from apps.meetings.admin.common import run_scheduler_now
from apps.meetings.models import (
    AssemblyMeetingSettings,
    DelegationAvailability,
    DelegationMeetingSettings,
    ScheduleRun,
)
from apps.meetings.permissions import can_manage_meetings
from apps.meetings.selectors import run_progress, run_summary

# The run's figures an organiser reads, in this order (the raw ones stay in the download).
FIGURE_LABELS = {
    "requests": _("accepted requests given to the scheduler"),
    "placed": _("placed"),
    "created": _("meetings created"),
    "moved": _("meetings moved"),
    "kept": _("meetings kept where they were"),
    "withdrawn": _("meetings withdrawn"),
    "weight": _("priority weight placed"),
    "upper_bound": _("most priority weight possible (proven bound)"),
}


@admin.register(ScheduleRun)
class ScheduleRunAdmin(EditionAdminMixin, admin.ModelAdmin):
    list_display = [
        "requested_at",
        "assembly",
        "status",
        "result",
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
        "report",
        "figures_table",
        "unplaced_table",
        "error",
        "downloads",
    )
    fields = readonly_fields
    change_list_template = "meetings/admin/run_change_list.html"
    change_form_template = "meetings/admin/run_change_form.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        # The input (the whole instance) is read only by its download.
        return super().get_queryset(request).defer("input")

    @admin.display(description=_("result"))
    def result(self, obj):
        return run_summary(obj)

    @admin.display(description=_("not placed"))
    def unplaced_count(self, obj):
        return len(obj.unplaced)

    @admin.display(description=_("seconds"))
    def seconds_taken(self, obj):
        return f"{obj.seconds:.2f}" if obj.seconds is not None else "—"

    @admin.display(description=_("result"))
    def report(self, obj):
        return format_html('<strong dir="auto">{}</strong>', run_summary(obj))

    @admin.display(description=_("figures"))
    def figures_table(self, obj):
        if not obj.figures:
            return "—"
        rows = [
            (label, obj.figures[key])
            for key, label in FIGURE_LABELS.items()
            if obj.figures.get(key) is not None
        ]
        if obj.seconds is not None:
            rows.append((gettext("seconds taken"), f"{obj.seconds:.1f}"))
        return format_html(
            "<table>{}</table>", format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", rows)
        )

    @admin.display(description=_("requests not placed, and why"))
    def unplaced_table(self, obj):
        if not obj.unplaced:
            return "—"
        rows = []
        names = unplaced.delegation_names(obj.unplaced)
        for item in obj.unplaced:
            request_id = item.get("request_id")
            topic = item.get("topic") or item.get("request", "")
            if request_id is None:
                links = format_html("<bdi>{}</bdi>", topic)
            else:
                links = format_html(
                    '<a href="{}"><bdi>{}</bdi></a> · <a href="{}">{}</a>',
                    reverse("admin:meetings_meetingrequest_change", args=[request_id]),
                    topic,
                    reverse("admin:meetings_meetingrequest_place", args=[request_id]),
                    gettext("place by hand"),
                )
            rows.append(
                (
                    item.get("requester", ""),
                    item.get("invitee", ""),
                    links,
                    unplaced.say(item, names),
                )
            )
        return format_html(
            "<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>{}</table>",
            gettext("requested by"),
            gettext("invited"),
            gettext("request"),
            gettext("reason"),
            format_html_join(
                "",
                "<tr><td><bdi>{}</bdi></td><td><bdi>{}</bdi></td><td>{}</td>"
                '<td dir="auto">{}</td></tr>',
                rows,
            ),
        )

    @admin.display(description=_("raw data"))
    def downloads(self, obj):
        if not obj.pk:
            return "—"
        return format_html(
            '<a href="{}" download>{}</a> · <a href="{}" download>{}</a>',
            reverse("admin:meetings_schedulerun_input", args=[obj.pk]),
            gettext("the scheduler's input (JSON)"),
            reverse("admin:meetings_schedulerun_result", args=[obj.pk]),
            gettext("its result (JSON)"),
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
            path("<int:pk>/input.json", view(self.input_view), name="meetings_schedulerun_input"),
            path(
                "<int:pk>/result.json", view(self.result_view), name="meetings_schedulerun_result"
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

    def _download(self, request, pk: int, part: str, data) -> JsonResponse:
        response = JsonResponse(data, json_dumps_params={"indent": 1, "ensure_ascii": False})
        response["Content-Disposition"] = f'attachment; filename="scheduler-run-{pk}-{part}.json"'
        return response

    def input_view(self, request, pk: int):
        """What the scheduler was given (delegations, rooms, slots, requests), as a file."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        run = get_object_or_404(ScheduleRun.objects.only("pk", "input"), pk=pk)
        return self._download(request, run.pk, "input", run.input)

    def result_view(self, request, pk: int):
        """What it returned: the figures and the requests it could not place, as a file."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        run = get_object_or_404(
            ScheduleRun.objects.only("pk", "status", "figures", "unplaced", "error"), pk=pk
        )
        data = {
            "run": run.pk,
            "status": run.status,
            "figures": run.figures,
            "unplaced": run.unplaced,
            "error": run.error,
        }
        return self._download(request, run.pk, "result", data)

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
