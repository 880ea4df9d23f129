"""Credentials: the committee's decisions on each delegation's letter."""

from __future__ import annotations

from django.contrib import admin
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from apps.core.admin_editions import EditionAdminMixin
from apps.delegations import services
from apps.delegations.admin.common import (
    ServiceHistoryAdmin,
    badge,
    run_each,
)
from apps.delegations.forms import ContestForm
from apps.delegations.models import (
    Credentials,
)


@admin.register(Credentials)
class CredentialsAdmin(EditionAdminMixin, ServiceHistoryAdmin):
    list_display = [
        "delegation",
        "status_column",
        "head",
        "voting_delegate",
        "alternate",
        "issued_by",
        "issued_on",
        "submitted_at",
        "decided_by",
    ]
    list_filter = ["status", "delegation__assembly", "delegation__country__region"]
    search_fields = ["delegation__country__name_en", "delegation__country__iso2", "issued_by"]
    list_select_related = [
        "delegation__country",
        "delegation__organisation",
        "head",
        "voting_delegate",
        "alternate",
        "decided_by",
    ]
    readonly_fields = [
        "delegation",
        "letter_link",
        "issued_by",
        "issued_on",
        "head",
        "voting_delegate",
        "alternate",
        "status",
        "note",
        "submitted_at",
        "decided_at",
        "decided_by",
    ]
    exclude = ["letter"]  # shown as `letter_link`; focal points upload it in the portal
    actions = ["accept", "provisional", "contest", "back_to_pending"]

    def has_add_permission(self, request):
        return False

    def delete_model(self, request, obj):
        services.delete_credentials(credentials=obj, by=request.user)

    def save_model(self, request, obj, form, change):
        """Nothing here is typed in (every field is read-only): the decisions are the actions,
        which go through the service; a save writes nothing."""

    @admin.display(description=gettext_lazy("committee status"), ordering="status")
    def status_column(self, obj):
        return badge(obj.status, obj.get_status_display())

    @admin.display(description=gettext_lazy("letter"))
    def letter_link(self, obj):
        """The protected view, never the MEDIA URL (production does not serve MEDIA)."""
        if obj is None or not obj.letter:
            return "—"
        url = reverse("delegations:credentials_letter", args=[obj.pk])
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>', url, _("Open the letter")
        )

    def _decide(self, request, queryset, status: str, message, note=""):
        run_each(
            self,
            request,
            queryset,
            lambda c: services.decide_credentials(
                credentials=c, status=status, by=request.user, note=note
            ),
            message,
        )

    @admin.action(description=gettext_lazy("Accept the credentials"), permissions=["change"])
    def accept(self, request, queryset):
        self._decide(
            request,
            queryset,
            Credentials.Status.ACCEPTED,
            ngettext_lazy(
                "%(count)d credentials accepted.", "%(count)d credentials accepted.", "count"
            ),
        )

    @admin.action(description=gettext_lazy("Accept provisionally"), permissions=["change"])
    def provisional(self, request, queryset):
        self._decide(
            request,
            queryset,
            Credentials.Status.PROVISIONAL,
            ngettext_lazy(
                "%(count)d credentials accepted provisionally.",
                "%(count)d credentials accepted provisionally.",
                "count",
            ),
        )

    @admin.action(description=gettext_lazy("Contest (with a note)"), permissions=["change"])
    def contest(self, request, queryset):
        form = ContestForm(request.POST if "note" in request.POST else None)
        if form.is_valid():
            self._decide(
                request,
                queryset,
                Credentials.Status.CONTESTED,
                ngettext_lazy(
                    "%(count)d credentials contested.", "%(count)d credentials contested.", "count"
                ),
                note=form.cleaned_data["note"],
            )
            return None
        return render(
            request,
            "delegations/admin/action_reason.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Contest the credentials"),
                "objects": queryset,
                "form": form,
                "action": "contest",
                "opts": self.model._meta,
            },
        )

    @admin.action(description=gettext_lazy("Back to pending"), permissions=["change"])
    def back_to_pending(self, request, queryset):
        self._decide(
            request,
            queryset,
            Credentials.Status.PENDING,
            ngettext_lazy(
                "%(count)d credentials back to pending.",
                "%(count)d credentials back to pending.",
                "count",
            ),
        )
