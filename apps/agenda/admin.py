"""Organisers build the programme here: rooms, sessions, the day grid; actions call services."""

from __future__ import annotations

import datetime as dt

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.agenda import services
from apps.agenda.forms import SessionForm
from apps.agenda.models import CalendarFeed, Room, Session, SessionSpeaker, Venue
from apps.agenda.selectors import day_grid, local_day_bounds
from apps.core.admin_editions import EditionAdminMixin
from apps.core.editions import admin_edition
from apps.core.errors import ApplicationError
from apps.core.ids import parse_optional_id
from apps.core.models import Assembly
from apps.core.timezones import format_local


class RoomInline(admin.TabularInline):
    model = Room
    extra = 0
    fields = ["code", "name", "kind", "capacity", "building", "interpretation_booths"]


@admin.register(Venue)
class VenueAdmin(EditionAdminMixin, admin.ModelAdmin):
    list_display = ["name", "assembly", "map_url"]
    # A map link typed without a scheme is https (Django 6's default, said now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_filter = ["assembly"]
    search_fields = ["name", "address"]
    inlines = [RoomInline]


@admin.register(Room)
class RoomAdmin(EditionAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "kind", "capacity", "building", "venue"]
    list_filter = ["venue__assembly", "venue", "kind"]
    search_fields = ["code", "name", "building"]
    list_select_related = ["venue"]
    ordering = ["venue", "kind", "code"]

    def save_model(self, request, obj, form, change):
        services.save_room(room=obj, by=request.user)


class LocalDayFilter(admin.SimpleListFilter):
    """Days of the current assembly, cut at local midnight."""

    title = _("day")
    parameter_name = "day"
    # The instant that decides the day (a ceremony's is its session's start).
    field = "starts_at"

    def lookups(self, request, model_admin):
        assembly = admin_edition(request)
        if assembly is None:
            return []
        return [(day.isoformat(), day.strftime("%a %d %b %Y")) for day in assembly.days]

    def queryset(self, request, queryset):
        value = self.value()
        assembly = admin_edition(request)
        if not value or assembly is None:
            return queryset
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return queryset.none()
        start, end = local_day_bounds(day, assembly=assembly)
        return queryset.filter(**{f"{self.field}__gte": start, f"{self.field}__lt": end})


class SessionSpeakerInline(admin.TabularInline):
    model = SessionSpeaker
    extra = 0
    autocomplete_fields = ["delegate"]
    fields = ["order", "role", "delegate", "name", "affiliation"]


@admin.register(Session)
class SessionAdmin(EditionAdminMixin, admin.ModelAdmin):
    form = SessionForm
    list_display = [
        "title_en",
        "kind",
        "local_start",
        "local_end",
        "room",
        "attendance",
        "visibility",
        "cancelled",
        "sequence",
    ]
    list_filter = [LocalDayFilter, "kind", "room", "visibility", "attendance", "cancelled"]
    search_fields = ["title_en", "title_fr", "title_es", "title_ar"]
    list_select_related = ["room", "assembly"]
    ordering = ["starts_at", "room__code"]
    filter_horizontal = ["invited_delegations"]
    inlines = [SessionSpeakerInline]
    actions = ["publish", "unpublish", "duplicate", "duplicate_next_day", "cancel"]
    readonly_fields = ["sequence", "cancelled", "created_at", "updated_at"]
    change_list_template = "admin/agenda/session/change_list.html"
    fieldsets = [
        (None, {"fields": ["assembly", "kind", "visibility", "attendance", "invited_delegations"]}),
        (
            _("When and where (local time of the assembly)"),
            {"fields": ["starts_local", "ends_local", "room"]},
        ),
        (_("Titles"), {"fields": ["title_en", "title_fr", "title_es", "title_ar"]}),
        (
            _("Descriptions"),
            {
                "fields": ["description_en", "description_fr", "description_es", "description_ar"],
                "classes": ["collapse"],
            },
        ),
        (_("Interpretation"), {"fields": ["interpretation_languages"]}),
        (_("Record"), {"fields": ["sequence", "cancelled", "created_at", "updated_at"]}),
    ]

    @admin.display(description=_("starts"), ordering="starts_at")
    def local_start(self, obj):
        assembly = obj.assembly
        return format_local(obj.starts_at, assembly.tz, assembly.city, "%a %d %b %H:%M")

    @admin.display(description=_("ends"), ordering="ends_at")
    def local_end(self, obj):
        return obj.ends_at.astimezone(obj.assembly.tz).strftime("%H:%M")

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        assembly = admin_edition(request)
        if assembly is not None:
            initial.setdefault("assembly", assembly.pk)
        return initial

    def save_model(self, request, obj, form, change):
        if change:
            services.update_session(session=obj, by=request.user)
        else:
            services.add_session(session=obj, by=request.user)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (ApplicationError, ValidationError) as exc:
            # A clash another organiser saved after this form was checked: nothing was saved.
            text = exc.message if isinstance(exc, ApplicationError) else " ".join(exc.messages)
            self.message_user(request, text, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    # Actions -------------------------------------------------------------------------------

    @admin.action(description=_("Publish the selected sessions"), permissions=["change"])
    def publish(self, request, queryset):
        count = services.publish_sessions(sessions=queryset, by=request.user)
        self.message_user(request, gettext("%(count)d session(s) published.") % {"count": count})

    @admin.action(description=_("Unpublish the selected sessions"), permissions=["change"])
    def unpublish(self, request, queryset):
        count = services.unpublish_sessions(sessions=queryset, by=request.user)
        self.message_user(request, gettext("%(count)d session(s) unpublished.") % {"count": count})

    @admin.action(description=_("Duplicate (as a draft, without room)"), permissions=["add"])
    def duplicate(self, request, queryset):
        for session in queryset:
            services.duplicate_session(session=session, by=request.user)
        self.message_user(
            request, gettext("%(count)d copy(ies) made.") % {"count": queryset.count()}
        )

    @admin.action(description=_("Duplicate to the next day (same room)"), permissions=["add"])
    def duplicate_next_day(self, request, queryset):
        made = 0
        for session in queryset:
            try:
                services.duplicate_session(
                    session=session, by=request.user, shift=dt.timedelta(days=1)
                )
                made += 1
            except (ApplicationError, ValidationError) as exc:
                text = exc.message if isinstance(exc, ApplicationError) else " ".join(exc.messages)
                self.message_user(request, f"{session}: {text}", messages.ERROR)
        if made:
            self.message_user(request, gettext("%(count)d copy(ies) made.") % {"count": made})

    @admin.action(
        description=_("Cancel the selected sessions (delegations are told)"), permissions=["change"]
    )
    def cancel(self, request, queryset):
        for session in queryset:
            services.cancel_session(session=session, by=request.user)
        self.message_user(request, gettext("Sessions cancelled."))

    # Day grid ------------------------------------------------------------------------------

    def get_urls(self):
        urls = [
            path(
                "day-grid/",
                self.admin_site.admin_view(self.day_grid_view),
                name="agenda_session_day_grid",
            ),
        ]
        return urls + super().get_urls()

    def day_grid_view(self, request):
        """Rooms as columns, time as rows, clashes in red: the whole day at a glance."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        assembly_id = parse_optional_id(request.GET.get("assembly"), field="assembly")
        if assembly_id is not None:
            assembly = get_object_or_404(Assembly, pk=assembly_id)
        else:
            assembly = admin_edition(request)
        if assembly is None:
            self.message_user(request, gettext("Create an assembly first."), messages.WARNING)
            return TemplateResponse(request, "admin/agenda/day_grid.html", {"grid": None})
        try:
            day = dt.date.fromisoformat(request.GET.get("day", ""))
        except ValueError:
            day = assembly.start_date
        if day not in assembly.days:
            day = assembly.start_date
        grid = day_grid(assembly=assembly, day=day)
        change_url = reverse("admin:agenda_session_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Day grid"),
            "assembly": assembly,
            "grid": grid,
            "days": assembly.days,
            "changelist_url": change_url,
        }
        return TemplateResponse(request, "admin/agenda/day_grid.html", context)


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """The address itself is never shown here (it is derived, not stored): focal points copy it
    from their Calendars page. Organisers can end an address by rotating it."""

    list_display = ["__str__", "delegation", "delegate", "version", "rotated_at"]
    list_select_related = [
        "delegation__country",
        "delegation__organisation",
        "delegate",
    ]
    readonly_fields = ["delegation", "delegate", "version", "rotated_at", "created_at"]
    actions = ["rotate"]

    def has_add_permission(self, request):
        return False

    @admin.action(
        description=_("Give the selected feeds a new secret address"), permissions=["change"]
    )
    def rotate(self, request, queryset):
        for feed in queryset:
            services.rotate_feed_token(feed=feed, by=request.user)
        self.message_user(request, gettext("New addresses made; the old ones no longer work."))
