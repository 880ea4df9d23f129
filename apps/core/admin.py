from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from apps.core.models import Assembly, AuditEntry, Heartbeat
from apps.core.services import make_assembly_current

admin.site.site_header = _("GA Planner")
admin.site.site_title = _("GA Planner")
admin.site.index_title = _("Organisers' administration")


@admin.register(Assembly)
class AssemblyAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "city", "country", "start_date", "end_date", "is_current"]
    list_filter = ["is_current", "country"]
    search_fields = ["name", "city", "country"]
    readonly_fields = ["is_current", "created_at", "updated_at"]
    actions = ["make_current"]
    fieldsets = [
        (None, {"fields": ["number", "name", "is_current"]}),
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
