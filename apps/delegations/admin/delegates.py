"""Delegates: accreditation decisions and edits, each through a service."""

from __future__ import annotations

from django.contrib import admin
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from apps.core.admin_editions import EditionAdminMixin
from apps.delegations import exports, services
from apps.delegations.admin.common import (
    ProtectedAdminFileWidget,
    ServiceHistoryAdmin,
    badge,
    run_each,
)
from apps.delegations.forms import RejectForm
from apps.delegations.models import (
    Delegate,
)
from apps.delegations.services.delegates import DELEGATE_FIELDS


@admin.register(Delegate)
class DelegateAdmin(EditionAdminMixin, ServiceHistoryAdmin):
    list_display = [
        "family_name",
        "given_names",
        "delegation",
        "function",
        "accreditation_column",
        "accreditation_number",
        "submitted_at",
    ]
    list_filter = [
        "accreditation_status",
        "function",
        "delegation__kind",
        "delegation__country__region",
        "delegation__assembly",
    ]
    search_fields = [
        "family_name",
        "given_names",
        "email",
        "accreditation_number",
        "delegation__country__name_en",
        "delegation__organisation__acronym",
    ]
    list_select_related = ["delegation__country", "delegation__organisation"]
    autocomplete_fields = ["delegation"]
    readonly_fields = [
        "accreditation_status",
        "accreditation_number",
        "submitted_at",
        "decided_at",
        "decided_by",
        "rejection_reason",
    ]
    actions = ["approve", "reject", "withdraw", "reopen", "export_csv", "export_xlsx"]

    def get_readonly_fields(self, request, obj=None):
        """A delegate stays in their delegation: moving one would skip its quota and audit."""
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "delegation"] if obj is not None else fields

    def save_model(self, request, obj, form, change):
        """Through create_delegate / update_delegate: checked (quota, one head, unique e-mail)
        and audited like a focal point's edit."""
        fields = {
            name: ("" if value is False else value)  # a cleared photo
            for name, value in form.cleaned_data.items()
            if name in DELEGATE_FIELDS and name in form.changed_data
        }
        if change:
            current = Delegate.objects.select_related("delegation").get(pk=obj.pk)
            saved = services.update_delegate(delegate=current, by=request.user, **fields)
        else:
            saved = services.create_delegate(
                delegation=form.cleaned_data["delegation"], by=request.user, **fields
            )
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.delete_delegate(delegate=obj, by=request.user)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        photo = form.base_fields.get("photo")
        if photo is not None and obj is not None and obj.photo:
            photo.widget = ProtectedAdminFileWidget()
            photo.widget.protected_url = reverse("delegations:delegate_photo", args=[obj.pk])
        return form

    @admin.display(description=gettext_lazy("accreditation"), ordering="accreditation_status")
    def accreditation_column(self, obj):
        return badge(obj.accreditation_status, obj.get_accreditation_status_display())

    @admin.action(description=gettext_lazy("Approve the accreditation"), permissions=["change"])
    def approve(self, request, queryset):
        run_each(
            self,
            request,
            queryset,
            lambda d: services.approve_accreditation(delegate=d, by=request.user),
            ngettext_lazy("%(count)d delegate approved.", "%(count)d delegates approved.", "count"),
        )

    @admin.action(
        description=gettext_lazy("Reject the accreditation (with a reason)"),
        permissions=["change"],
    )
    def reject(self, request, queryset):
        form = RejectForm(request.POST if "reason" in request.POST else None)
        if form.is_valid():
            reason = form.cleaned_data["reason"]
            run_each(
                self,
                request,
                queryset,
                lambda d: services.reject_accreditation(delegate=d, by=request.user, reason=reason),
                ngettext_lazy(
                    "%(count)d delegate rejected.", "%(count)d delegates rejected.", "count"
                ),
            )
            return None
        return render(
            request,
            "delegations/admin/action_reason.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Reject the accreditation"),
                "objects": queryset,
                "form": form,
                "action": "reject",
                "opts": self.model._meta,
            },
        )

    @admin.action(description=gettext_lazy("Withdraw"), permissions=["change"])
    def withdraw(self, request, queryset):
        run_each(
            self,
            request,
            queryset,
            lambda d: services.withdraw_accreditation(delegate=d, by=request.user),
            ngettext_lazy(
                "%(count)d delegate withdrawn.", "%(count)d delegates withdrawn.", "count"
            ),
        )

    @admin.action(description=gettext_lazy("Reopen the decision"), permissions=["change"])
    def reopen(self, request, queryset):
        run_each(
            self,
            request,
            queryset,
            lambda d: services.reopen_accreditation(delegate=d, by=request.user),
            ngettext_lazy("%(count)d decision reopened.", "%(count)d decisions reopened.", "count"),
        )

    @admin.action(description=gettext_lazy("Export the selected delegates (CSV)"))
    def export_csv(self, request, queryset):
        return exports.response(exports.delegates_rows(queryset), "delegates", "csv")

    @admin.action(description=gettext_lazy("Export the selected delegates (XLSX)"))
    def export_xlsx(self, request, queryset):
        return exports.response(exports.delegates_rows(queryset), "delegates", "xlsx")
