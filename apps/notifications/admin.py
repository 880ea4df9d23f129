"""Organisers' screens: the outbox (counts per status, the backlog, the mail relay's state, rows
possibly sent twice; resend failed, cancel pending), the reminder rules and people's preferences.
The beat schedule is django-celery-beat's "Periodic tasks" in the same admin."""

from __future__ import annotations

import logging
import re

from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from apps.core.selectors import current_assembly
from apps.notifications import selectors, services
from apps.notifications.models import Notification, NotificationPreference, ReminderRule
from apps.notifications.rendering import prefetch_for_rendering, render_headline

logger = logging.getLogger(__name__)

# Context keys that would name a secret if one were ever put there: shown as hidden.
SECRET_KEYS = re.compile(r"url|link|token|secret|password|key|code", re.IGNORECASE)


def safe_context_items(context: dict) -> list[tuple[str, str]]:
    """The context as (key, value) pairs for people to read: secrets hidden, text shortened."""
    items = []
    for key in sorted(context):
        value = context[key]
        if SECRET_KEYS.search(str(key)):
            shown = str(_("(hidden)"))
        else:
            shown = value if isinstance(value, str) else repr(value)
            shown = shown if len(shown) <= 200 else shown[:199] + "…"
        items.append((str(key), shown))
    return items


class OutboxChangeList(ChangeList):
    """The outbox page's rows with their subjects loaded in a few queries for the whole page,
    and each row's subject line rendered as the recipient reads it."""

    def get_results(self, request):
        super().get_results(request)
        rows = list(self.result_list)
        prefetch_for_rendering(rows)
        assembly = current_assembly()
        for row in rows:
            try:
                row.headline = render_headline(row, assembly=assembly)
            except Exception:  # a template that cannot render must not hide the outbox
                logger.exception("outbox: subject of notification %s not rendered", row.pk)
                row.headline = row.kind
        self.result_list = rows


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    # What fits a laptop: attempts and "possibly sent twice" are on each row's page, and the
    # latter is a filter with its count above the list.
    list_display = (
        "recipient_column",
        "headline_column",
        "about_column",
        "channel",
        "status",
        "due_at",
        "sent_at",
    )
    list_filter = (
        "status",
        "possibly_duplicate",
        "channel",
        "kind",
        ("due_at", admin.DateFieldListFilter),
    )
    search_fields = (
        "kind",
        "recipient_email",
        "recipient__email",
        "recipient__full_name",
        "recipient_key",
        "object_id",
    )
    date_hierarchy = "due_at"
    list_select_related = ("recipient",)
    readonly_fields = (
        "kind",
        "recipient",
        "recipient_email",
        "recipient_key",
        "language",
        "content_type",
        "object_id",
        "channel",
        "due_at",
        "context_summary",
        "status",
        "attempts",
        "retry_at",
        "claimed_until",
        "possibly_duplicate",
        "last_error",
        "sent_at",
        "read_at",
        "created_at",
        "updated_at",
    )
    exclude = ("context",)  # shown only through context_summary
    actions = ("resend", "cancel")
    change_list_template = "admin/notifications/notification/change_list.html"

    def has_add_permission(self, request) -> bool:
        return False  # rows come from services only

    def get_changelist(self, request, **kwargs):
        return OutboxChangeList

    @admin.display(description=_("recipient"), ordering="recipient__full_name")
    def recipient_column(self, obj: Notification):
        if obj.recipient is None:
            return format_html("<bdi>{}</bdi>", obj.recipient_email)
        return format_html(
            '<bdi>{}</bdi><br><span class="quiet">{}</span>',
            obj.recipient.full_name or obj.recipient.email,
            obj.recipient.email,
        )

    @admin.display(description=_("subject"))
    def headline_column(self, obj: Notification):
        """The subject line the recipient reads (in the organiser's language)."""
        return format_html('<span dir="auto">{}</span>', getattr(obj, "headline", obj.kind))

    @admin.display(description=_("related to"))
    def about_column(self, obj: Notification):
        """What the message is about, linked to its admin page where it has one."""
        if not obj.content_type_id:
            return "—"
        subject = obj.subject
        if subject is None:
            return gettext("(deleted)")
        meta = subject._meta
        label = format_html("{}: <bdi>{}</bdi>", capfirst(str(meta.verbose_name)), str(subject))
        try:
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[subject.pk])
        except NoReverseMatch:
            return label
        return format_html('<a href="{}">{}</a>', url, label)

    @admin.display(description=_("context"))
    def context_summary(self, obj: Notification):
        """What the message is about, escaped; a link with a token is never stored, and a key
        that could name a secret is hidden all the same."""
        items = safe_context_items(obj.context or {})
        if not items:
            return "—"
        rows = format_html_join("", '<dt>{}</dt><dd dir="auto">{}</dd>', items)
        return format_html("<dl>{}</dl>", rows)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # the outbox is the history of what was sent

    def changelist_view(self, request, extra_context=None):
        counts = selectors.outbox_counts()
        health = selectors.outbox_health()
        extra_context = {
            **(extra_context or {}),
            "status_counts": [
                (value, label, counts[value]) for value, label in Notification.Status.choices
            ],
            "health": health,
            "oldest_due_minutes": round(health["oldest_due_seconds"] / 60),
            "relay_down_minutes": round(health["relay_down_seconds"] / 60),
        }
        return super().changelist_view(request, extra_context=extra_context)

    @admin.action(description=_("Resend the selected failed or missed notifications"))
    def resend(self, request, queryset):
        count = services.resend_notifications(notifications=queryset, by=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d notification will be sent again.",
                "%(count)d notifications will be sent again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )

    @admin.action(description=_("Cancel the selected pending notifications"))
    def cancel(self, request, queryset):
        count = services.cancel_notifications(notifications=queryset, by=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d notification cancelled.", "%(count)d notifications cancelled.", count
            )
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )


@admin.register(ReminderRule)
class ReminderRuleAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "subject_kind",
        "offset_minutes",
        "time_of_day",
        "compulsory_only",
        "audience",
        "channels",
        "active",
    )
    list_editable = ("active",)
    list_filter = ("subject_kind", "active")
    fieldsets = (
        (None, {"fields": ("name", "subject_kind", "active")}),
        (_("When"), {"fields": ("offset_minutes", "time_of_day", "compulsory_only")}),
        (_("For whom"), {"fields": ("audience", "channels")}),
    )


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "enabled", "updated_at")
    list_filter = ("kind", "enabled")
    search_fields = ("user__email",)
    list_select_related = ("user",)
    raw_id_fields = ("user",)
