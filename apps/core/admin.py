from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from apps.core.errors import ApplicationError
from apps.core.forms import PrepareNextEditionForm
from apps.core.ids import parse_optional_id
from apps.core.models import Assembly, AuditEntry, Heartbeat
from apps.core.permissions import can_prepare_next_edition, can_reopen_assembly
from apps.core.services import (
    choose_admin_edition,
    close_reopened_assembly,
    make_assembly_current,
    prepare_next_edition,
    reopen_assembly,
)

admin.site.site_header = _("GA Planner")
admin.site.site_title = _("GA Planner")
admin.site.index_title = _("Organisers' administration")


@admin.register(Assembly)
class AssemblyAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "name",
        "city",
        "country",
        "start_date",
        "end_date",
        "state",
        "is_current",
        "reopened",
    ]
    list_filter = ["state", "is_current", "country"]
    search_fields = ["name", "city", "country"]
    readonly_fields = ["is_current", "reopened", "created_at", "updated_at"]
    actions = ["make_current", "reopen", "close_again", "prepare_next"]
    fieldsets = [
        (None, {"fields": ["number", "name", "is_current", "state", "reopened"]}),
        (
            _("Deadlines for delegations"),
            {
                "fields": [
                    "registration_deadline",
                    "credentials_deadline",
                    "meeting_requests_deadline",
                ],
                "description": _("In the time zone of the edition chosen at the top of the page."),
            },
        ),
        (
            _("Place and dates"),
            {"fields": ["city", "country", "venue_name", "start_date", "end_date", "time_zone"]},
        ),
        (_("Languages"), {"fields": ["languages"]}),
        (
            _("Bilateral meeting grid"),
            {"fields": ["meeting_day_start", "meeting_day_end", "meeting_slot_minutes"]},
        ),
        (_("Record"), {"fields": ["created_at", "updated_at"]}),
    ]

    @admin.action(
        description=_("Make the selected assembly the current one"), permissions=["change"]
    )
    def make_current(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Select exactly one assembly."), messages.ERROR)
            return
        assembly = make_assembly_current(assembly=queryset.get(), by=request.user)
        self.message_user(request, _("%(name)s is now the current assembly.") % {"name": assembly})

    def has_reopen_permission(self, request) -> bool:
        return can_reopen_assembly(request.user)

    @admin.action(
        description=_("Reopen the selected past editions for changes"), permissions=["reopen"]
    )
    def reopen(self, request, queryset):
        for assembly in queryset:
            try:
                reopen_assembly(assembly=assembly, by=request.user)
            except ApplicationError as exc:
                self.message_user(request, f"{assembly}: {exc.message}", messages.ERROR)
            else:
                self.message_user(request, _("%(name)s can be changed again.") % {"name": assembly})

    @admin.action(
        description=_("Make the selected reopened editions read-only again"),
        permissions=["reopen"],
    )
    def close_again(self, request, queryset):
        for assembly in queryset:
            close_reopened_assembly(assembly=assembly, by=request.user)
        self.message_user(request, _("The selected past editions are read-only again."))

    def has_prepare_permission(self, request) -> bool:
        return can_prepare_next_edition(request.user)

    @admin.action(
        description=_("Prepare the next edition from the selected one"), permissions=["prepare"]
    )
    def prepare_next(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Select exactly one assembly."), messages.ERROR)
            return None
        url = reverse("admin:core_assembly_prepare_next")
        return HttpResponseRedirect(f"{url}?from={queryset.get().pk}")

    def prepare_next_view(self, request):
        """The form after the flag handover: the next edition's place, dates and zone."""
        if not can_prepare_next_edition(request.user):
            raise PermissionDenied
        previous_id = parse_optional_id(
            request.POST.get("from") or request.GET.get("from"), field="from"
        )
        previous = get_object_or_404(Assembly, pk=previous_id) if previous_id else None
        if previous is None:
            previous = Assembly.objects.order_by("-number").first()
        if previous is None:
            raise Http404
        form = PrepareNextEditionForm(request.POST or None, initial={"number": previous.number + 1})
        if request.method == "POST" and form.is_valid():
            try:
                assembly, counts = prepare_next_edition(
                    previous=previous, by=request.user, **form.cleaned_data
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
                for field, errors in exc.extra.items():
                    if field in form.fields:
                        form.add_error(field, errors)
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                summary = ", ".join(f"{what}: {count}" for what, count in sorted(counts.items()))
                self.message_user(
                    request,
                    _("%(name)s is prepared (%(summary)s).")
                    % {"name": assembly, "summary": summary},
                )
                return HttpResponseRedirect(
                    reverse("admin:core_assembly_change", args=[assembly.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Prepare the next edition"),
            "opts": self.model._meta,
            "previous": previous,
            "form": form,
        }
        return TemplateResponse(request, "admin/core/prepare_next_edition.html", context)

    def get_urls(self):
        urls = [
            path(
                "prepare-next/",
                self.admin_site.admin_view(self.prepare_next_view),
                name="core_assembly_prepare_next",
            ),
            path(
                "select-edition/",
                self.admin_site.admin_view(self.select_edition_view),
                name="core_assembly_select_edition",
            ),
        ]
        return urls + super().get_urls()

    def select_edition_view(self, request):
        """The edition selector in the admin header: remember the choice, go back."""
        if not request.user.is_staff:
            raise PermissionDenied
        back = request.POST.get("next") or request.GET.get("next") or ""
        if not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            back = ""
        if request.method == "POST":
            assembly_id = parse_optional_id(request.POST.get("edition"), field="edition")
            if assembly_id is not None:
                assembly = get_object_or_404(Assembly, pk=assembly_id)
                choose_admin_edition(user=request.user, assembly=assembly)
                self.message_user(
                    request, _("You are now working on %(name)s.") % {"name": assembly}
                )
        return HttpResponseRedirect(back or reverse("admin:index"))


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "action", "object_repr"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_repr", "action", "actor__email"]
    list_select_related = ["actor", "content_type"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ["component", "seen_at"]

    def has_add_permission(self, request):
        return False
