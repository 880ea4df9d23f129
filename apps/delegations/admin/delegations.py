"""Delegations: the list with counts, the voting roll, imports, invitations, exports."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from apps.core.admin_editions import EditionAdminMixin
from apps.core.editions import admin_edition
from apps.core.errors import ApplicationError
from apps.core.ids import parse_optional_id
from apps.delegations import exports, imports, services
from apps.delegations.admin.common import (
    ServiceHistoryAdmin,
    badge,
    country_rank_for,
    default_of,
    organisation_rank_for,
)
from apps.delegations.forms import ImportForm, InviteForm
from apps.delegations.models import (
    Credentials,
    Delegation,
    DelegationSettings,
)
from apps.delegations.selectors import (
    complete_delegation_q,
    focal_points_of,
    voting_roll,
    with_delegate_counts,
)


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


class CompletenessFilter(admin.SimpleListFilter):
    """Registered delegations with nothing left to do, or the others (the dashboard links here)."""

    title = gettext_lazy("completeness")
    parameter_name = "complete"

    def lookups(self, request, model_admin):
        return [("yes", _("complete")), ("no", _("something left to do"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(complete_delegation_q())
        if self.value() == "no":
            return queryset.exclude(complete_delegation_q())
        return queryset


@admin.register(Delegation)
class DelegationAdmin(EditionAdminMixin, ServiceHistoryAdmin):
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
        CompletenessFilter,
    ]
    search_fields = [
        "country__name_en",
        "country__iso2",
        "organisation__name",
        "organisation__name_fr",
        "organisation__name_es",
        "organisation__name_ar",
        "organisation__acronym",
    ]
    list_select_related = ["country", "organisation", "credentials"]
    autocomplete_fields = ["country", "organisation", "focal_points"]
    actions = ["send_invitations", "export_csv", "export_xlsx"]
    change_list_template = "delegations/admin/delegation_change_list.html"
    change_form_template = "delegations/admin/delegation_change_form_tools.html"

    def get_ordering(self, request):
        # Countries in the reader's alphabet ("Suède", "Tchad", "Togo" in French), then
        # organisations by their names in the reader's language.
        return [country_rank_for(request).asc(), organisation_rank_for(request).asc()]

    def save_model(self, request, obj, form, change):
        services.save_delegation(delegation=obj, by=request.user, changed=form.changed_data)

    def delete_model(self, request, obj):
        services.delete_delegation(delegation=obj, by=request.user)

    def get_queryset(self, request):
        settings = DelegationSettings.objects.filter(assembly=OuterRef("assembly"))
        return with_delegate_counts(
            super()
            .get_queryset(request)
            .alias(country_rank=country_rank_for(request))
            .annotate(
                effective_quota=Coalesce(
                    "quota",
                    Case(
                        When(
                            kind=Delegation.Kind.OBSERVER,
                            then=Coalesce(
                                Subquery(settings.values("observer_quota")),
                                default_of("observer_quota"),
                            ),
                        ),
                        default=Coalesce(
                            Subquery(settings.values("member_quota")), default_of("member_quota")
                        ),
                    ),
                ),
            )
        )

    @admin.display(description=gettext_lazy("delegation"), ordering="country_rank")
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
            return badge("contested", _("missing"))
        return badge(found.status, found.get_status_display())

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
        return admin_edition(request)

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
        assembly = admin_edition(request)
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
            for user in focal_points_of(delegation):
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
