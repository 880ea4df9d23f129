"""Organisers' screens: delegations, delegates (accreditation), credentials, the voting roll,
imports and exports. Every state change goes through a service."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, ngettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from apps.core.errors import ApplicationError
from apps.core.ids import parse_optional_id
from apps.core.selectors import current_assembly
from apps.delegations import exports, imports, services
from apps.delegations.files import ProtectedFileLinkMixin
from apps.delegations.forms import ContestForm, ImportForm, InviteForm, RejectForm
from apps.delegations.models import (
    Credentials,
    Delegate,
    Delegation,
    DelegationSettings,
    MemberCountry,
    Organisation,
)
from apps.delegations.selectors import voting_roll, with_delegate_counts
from apps.delegations.templatetags.delegations import badge_class


class ProtectedAdminFileWidget(ProtectedFileLinkMixin, AdminFileWidget):
    """The admin's file widget, linking the current file to its access-checked view."""


class ServiceHistoryAdmin(SimpleHistoryAdmin):
    """History is shown, never reverted: a revert would bypass the services and the audit."""

    def revert_disabled(self, request, obj=None):
        return True


def _run_each(modeladmin, request, queryset, call, done) -> None:
    """Calls `call(obj)` for each selected object; reports successes and each refusal."""
    done_count = 0
    for obj in queryset:
        try:
            call(obj)
        except PermissionDenied:
            modeladmin.message_user(request, _("You may not do this."), messages.ERROR)
            return
        except (ApplicationError, ValidationError) as exc:
            text = exc.message if isinstance(exc, ApplicationError) else "; ".join(exc.messages)
            modeladmin.message_user(request, f"{obj}: {text}", messages.WARNING)
        else:
            done_count += 1
    if done_count:
        message = done % {"count": done_count}
        modeladmin.message_user(request, message, messages.SUCCESS)


def _default(field: str) -> int:
    return DelegationSettings._meta.get_field(field).default


def _badge(status: str, label: str) -> str:
    return format_html('<span class="{}">{}</span>', badge_class(status), label)


@admin.register(MemberCountry)
class MemberCountryAdmin(admin.ModelAdmin):
    list_display = ["iso2", "name_en", "name_fr", "region", "region_confidence", "active"]
    list_filter = ["region", "region_confidence", "active"]
    list_editable = ["region"]
    search_fields = ["iso2", "name_en", "name_fr", "name_es", "name_ar"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "kind"]
    # A website typed without a scheme is https (Django 6's default, said now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_filter = ["kind"]
    search_fields = ["name", "acronym"]


@admin.register(DelegationSettings)
class DelegationSettingsAdmin(admin.ModelAdmin):
    list_display = ["assembly", "member_quota", "observer_quota", "invitation_days"]

    def save_model(self, request, obj, form, change):
        services.set_default_quotas(
            assembly=obj.assembly,
            by=request.user,
            member_quota=obj.member_quota,
            observer_quota=obj.observer_quota,
            invitation_days=obj.invitation_days,
        )
        obj.pk = DelegationSettings.objects.get(assembly=obj.assembly).pk


class CredentialsStateFilter(admin.SimpleListFilter):
    title = gettext_lazy("credentials")
    parameter_name = "credentials"

    def lookups(self, request, model_admin):
        return [("missing", _("missing")), *Credentials.Status.choices]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return queryset.filter(
                Q(credentials__isnull=True) | Q(credentials__letter=""),
                kind__in=[Delegation.Kind.MEMBER, Delegation.Kind.HOST],
            )
        if self.value() in Credentials.Status.values:
            return queryset.filter(credentials__status=self.value())
        return queryset


@admin.register(Delegation)
class DelegationAdmin(ServiceHistoryAdmin):
    list_display = [
        "name_column",
        "code_column",
        "region_column",
        "kind",
        "status",
        "quota_column",
        "delegates_total",
        "delegates_submitted",
        "delegates_approved",
        "credentials_column",
    ]
    list_filter = [
        "assembly",
        "kind",
        "status",
        "country__region",
        CredentialsStateFilter,
    ]
    search_fields = [
        "country__name_en",
        "country__iso2",
        "organisation__name",
        "organisation__acronym",
    ]
    list_select_related = ["country", "organisation", "credentials"]
    autocomplete_fields = ["country", "organisation", "focal_points"]
    actions = ["send_invitations", "export_csv", "export_xlsx"]
    change_list_template = "delegations/admin/delegation_change_list.html"
    change_form_template = "delegations/admin/delegation_change_form_tools.html"

    ordering = [F("country__name_en").asc(nulls_last=True), "organisation__name"]

    def get_queryset(self, request):
        settings = DelegationSettings.objects.filter(assembly=OuterRef("assembly"))
        return with_delegate_counts(
            super()
            .get_queryset(request)
            .annotate(
                effective_quota=Coalesce(
                    "quota",
                    Case(
                        When(
                            kind=Delegation.Kind.OBSERVER,
                            then=Coalesce(
                                Subquery(settings.values("observer_quota")),
                                _default("observer_quota"),
                            ),
                        ),
                        default=Coalesce(
                            Subquery(settings.values("member_quota")), _default("member_quota")
                        ),
                    ),
                ),
            )
        )

    @admin.display(description=gettext_lazy("delegation"), ordering="country__name_en")
    def name_column(self, obj):
        return obj.name

    @admin.display(description=gettext_lazy("code"))
    def code_column(self, obj):
        return obj.code

    @admin.display(description=gettext_lazy("region"), ordering="country__region")
    def region_column(self, obj):
        return obj.country.get_region_display() if obj.country_id else ""

    @admin.display(description=gettext_lazy("quota"), ordering="effective_quota")
    def quota_column(self, obj):
        return obj.effective_quota

    @admin.display(description=gettext_lazy("delegates"), ordering="n_total")
    def delegates_total(self, obj):
        return obj.n_total

    @admin.display(description=gettext_lazy("submitted"), ordering="n_submitted")
    def delegates_submitted(self, obj):
        return obj.n_submitted

    @admin.display(description=gettext_lazy("approved"), ordering="n_approved")
    def delegates_approved(self, obj):
        return obj.n_approved

    @admin.display(description=gettext_lazy("credentials"))
    def credentials_column(self, obj):
        if not obj.is_member:
            return ""
        found = getattr(obj, "credentials", None)
        if found is None or not found.letter:
            return _badge("contested", _("missing"))
        return _badge(found.status, found.get_status_display())

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("voting-roll/", wrap(self.voting_roll_view), name="delegations_voting_roll"),
            path("voting-roll.csv", wrap(self.voting_roll_csv), name="delegations_voting_roll_csv"),
            path("import/", wrap(self.import_view), name="delegations_import"),
            path("<int:pk>/invite/", wrap(self.invite_view), name="delegations_invite"),
            *super().get_urls(),
        ]

    def _assembly(self, request):
        from apps.core.models import Assembly

        number = parse_optional_id(request.GET.get("assembly"), field="assembly")
        if number is not None:
            return get_object_or_404(Assembly, number=number)
        return current_assembly()

    def voting_roll_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        assembly = self._assembly(request)
        rows = list(voting_roll(assembly)) if assembly else []
        context = {
            **self.admin_site.each_context(request),
            "title": _("Voting roll"),
            "assembly": assembly,
            "rows": rows,
            "accepted": sum(1 for row in rows if row.status == Credentials.Status.ACCEPTED),
            "provisional": sum(1 for row in rows if row.status == Credentials.Status.PROVISIONAL),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "delegations/admin/voting_roll.html", context)

    def voting_roll_csv(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        assembly = self._assembly(request)
        if assembly is None:
            raise Http404
        body = exports.voting_roll_csv(assembly)
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        filename = f"voting-roll-{assembly.number}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def import_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        assembly = current_assembly()
        form = ImportForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            what = form.cleaned_data["what"]
            report = imports.import_file(
                assembly=assembly,
                what=what,
                name=upload.name,
                content=upload.read(),
                by=request.user,
            )
            if report.ok:
                self.message_user(
                    request,
                    ngettext("%(count)d row imported.", "%(count)d rows imported.", report.written)
                    % {"count": report.written},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(request.path)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import delegations or delegates"),
            "form": form,
            "report": report,
            "assembly": assembly,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "delegations/admin/import.html", context)

    def invite_view(self, request, pk: int):
        delegation = get_object_or_404(Delegation, pk=pk)
        if not self.has_change_permission(request, delegation):
            raise PermissionDenied
        form = InviteForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.invite_focal_point(
                    delegation=delegation,
                    by=request.user,
                    **form.cleaned_data,
                )
            except ApplicationError as exc:
                form.add_error("email", exc.message)
            else:
                self.message_user(
                    request,
                    _("An invitation is on its way to %(email)s.")
                    % {"email": form.cleaned_data["email"]},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse("admin:delegations_delegation_change", args=[delegation.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Invite a focal point of %(delegation)s") % {"delegation": delegation},
            "form": form,
            "delegation": delegation,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "delegations/admin/invite.html", context)

    @admin.action(
        description=gettext_lazy("Send invitations again to focal points not yet signed in"),
        permissions=["change"],
    )
    def send_invitations(self, request, queryset):
        sent = 0
        for delegation in queryset.prefetch_related("focal_points"):
            for user in delegation.focal_points.all():
                if user.is_active and user.has_usable_password():
                    continue
                services.invite_focal_point(
                    delegation=delegation,
                    email=user.email,
                    by=request.user,
                )
                sent += 1
        if sent:
            self.message_user(
                request,
                ngettext("%(count)d invitation sent.", "%(count)d invitations sent.", sent)
                % {"count": sent},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                _(
                    "Every focal point of these delegations has already signed in. "
                    "Invite a new one from the delegation's page."
                ),
                messages.WARNING,
            )

    @admin.action(description=gettext_lazy("Export the selected delegations (CSV)"))
    def export_csv(self, request, queryset):
        return exports.response(exports.delegations_rows(queryset), "delegations", "csv")

    @admin.action(description=gettext_lazy("Export the selected delegations (XLSX)"))
    def export_xlsx(self, request, queryset):
        return exports.response(exports.delegations_rows(queryset), "delegations", "xlsx")


@admin.register(Delegate)
class DelegateAdmin(ServiceHistoryAdmin):
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

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        photo = form.base_fields.get("photo")
        if photo is not None and obj is not None and obj.photo:
            photo.widget = ProtectedAdminFileWidget()
            photo.widget.protected_url = reverse("delegations:delegate_photo", args=[obj.pk])
        return form

    @admin.display(description=gettext_lazy("accreditation"), ordering="accreditation_status")
    def accreditation_column(self, obj):
        return _badge(obj.accreditation_status, obj.get_accreditation_status_display())

    @admin.action(description=gettext_lazy("Approve the accreditation"), permissions=["change"])
    def approve(self, request, queryset):
        _run_each(
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
            _run_each(
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
        _run_each(
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
        _run_each(
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


@admin.register(Credentials)
class CredentialsAdmin(ServiceHistoryAdmin):
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

    @admin.display(description=gettext_lazy("committee status"), ordering="status")
    def status_column(self, obj):
        return _badge(obj.status, obj.get_status_display())

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
        _run_each(
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
