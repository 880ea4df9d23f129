"""Organisers' screens: zones, categories (and the zones they open), participants who are not
delegates, badges (issue, print, revoke, collect) and the gates' scans (read only). Every
change goes through a service."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from apps.agenda.models import Session
from apps.badges import selectors, services
from apps.badges.forms import RefusalForm
from apps.badges.models import (
    Badge,
    BadgeCategory,
    MediaApplication,
    Participant,
    Scan,
    SessionAccess,
    Zone,
)
from apps.badges.permissions import (
    can_manage_badges,
    can_print_badges,
    can_review_media_applications,
)
from apps.core.admin_editions import EditionAdminMixin
from apps.core.errors import ApplicationError
from apps.core.models import Assembly
from apps.delegations.admin.common import ServiceAdmin, refusal, run_each
from apps.delegations.models import Delegation

PAPER_CHOICES = [("a6", gettext_lazy("A6 sheet")), ("cr80", gettext_lazy("CR80 card"))]


class PhotoPreviewMixin:
    """A thumbnail of the record's `photo` (a participant's, a media applicant's), shown beside
    the upload field or among the read-only fields."""

    @admin.display(description=gettext_lazy("photo"))
    def photo_preview(self, obj) -> str:
        from apps.badges.photos import _thumbnail

        uri = _thumbnail(obj.photo) if obj is not None and obj.photo else ""
        if not uri:
            return "—"
        return format_html('<img src="{}" alt="" width="72">', uri)


class ConfigAdmin(EditionAdminMixin, ServiceAdmin):
    def save_model(self, request, obj, form, change):
        services.save_config(obj=obj, by=request.user, changed=form.changed_data)

    def delete_model(self, request, obj):
        services.delete_config(obj=obj, by=request.user)


NAME_FIELDSET: tuple[Any, Any] = (
    gettext_lazy("Name in the four languages"),
    {
        "fields": ["name", "name_fr", "name_es", "name_ar"],
        "description": gettext_lazy(
            "The English name; the portal shows the reader's language where it is given."
        ),
    },
)
NAME_SEARCH = ["name", "name_fr", "name_es", "name_ar", "code"]


@admin.register(Zone)
class ZoneAdmin(ConfigAdmin):
    list_display = ["name", "code", "assembly", "room", "plenary", "no_passback"]
    list_filter = ["assembly", "plenary"]
    search_fields = NAME_SEARCH
    fieldsets = [
        (None, {"fields": ["assembly", "code"]}),
        NAME_FIELDSET,
        (gettext_lazy("Access"), {"fields": ["room", "plenary", "no_passback"]}),
    ]


@admin.register(BadgeCategory)
class BadgeCategoryAdmin(ConfigAdmin):
    list_display = ["name", "code", "colour", "assembly"]
    list_filter = ["assembly"]
    search_fields = NAME_SEARCH
    filter_horizontal = ["zones"]
    fieldsets = [
        (None, {"fields": ["assembly", "code", "colour"]}),
        NAME_FIELDSET,
        (gettext_lazy("Access"), {"fields": ["zones"]}),
    ]

    def save_related(self, request, form, formsets, change):
        """The zones through the service (checked and audited), not by the form."""
        services.set_category_zones(
            category=form.instance, zones=form.cleaned_data.get("zones", []), by=request.user
        )


class SessionAccessForm(forms.ModelForm):
    session_kinds = forms.MultipleChoiceField(
        choices=Session.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("kinds of session open to this category"),
        help_text=gettext_lazy("Every session of these kinds in the zone's room."),
    )

    class Meta:
        model = SessionAccess
        fields = ["zone", "category", "session_kinds", "sessions", "margin_minutes"]


@admin.register(SessionAccess)
class SessionAccessAdmin(ConfigAdmin):
    """A category's access to a zone tied to a room, limited to the sessions open to it."""

    form = SessionAccessForm
    list_display = ["__str__", "zone", "category", "margin_minutes"]
    list_filter = ["zone", "category"]
    list_select_related = ["zone", "category"]
    filter_horizontal = ["sessions"]

    def save_related(self, request, form, formsets, change):
        """The flagged sessions through the service (checked and audited), not by the form."""
        try:
            services.set_access_sessions(
                access=form.instance,
                sessions=form.cleaned_data.get("sessions", []),
                by=request.user,
            )
        except ApplicationError as exc:
            self.message_user(request, refusal(exc), messages.ERROR)


@admin.register(Participant)
class ParticipantAdmin(PhotoPreviewMixin, ConfigAdmin):
    list_display = ["__str__", "organisation", "category", "approved", "accreditation_number"]
    list_filter = ["assembly", "category", "approved"]
    search_fields = ["family_name", "given_names", "organisation"]
    fields = [
        "assembly",
        ("given_names", "family_name"),
        ("given_names_native", "family_name_native"),
        "organisation",
        "function",
        "category",
        ("photo", "photo_preview"),
        "approved",
        "accreditation_number",
    ]
    readonly_fields = ["photo_preview", "approved", "accreditation_number"]
    actions = ["approve"]

    @admin.action(description=gettext_lazy("Approve (and issue the badge)"))
    def approve(self, request, queryset):
        if not can_manage_badges(request.user):
            raise PermissionDenied
        run_each(
            self,
            request,
            queryset,
            lambda obj: services.approve_participant(participant=obj, by=request.user),
            ngettext_lazy("%(count)d approved.", "%(count)d approved.", "count"),
        )


class PrintForm(forms.Form):
    assembly = forms.ModelChoiceField(
        queryset=Assembly.objects.all(), label=gettext_lazy("assembly")
    )
    delegation = forms.ModelChoiceField(
        queryset=Delegation.objects.select_related("country", "organisation"),
        required=False,
        label=gettext_lazy("delegation"),
    )
    category = forms.ModelChoiceField(
        queryset=BadgeCategory.objects.all(), required=False, label=gettext_lazy("category")
    )
    not_printed = forms.BooleanField(
        required=False, initial=True, label=gettext_lazy("only badges not yet printed")
    )
    paper = forms.ChoiceField(choices=PAPER_CHOICES, label=gettext_lazy("format"))
    duplex = forms.BooleanField(
        required=False,
        label=gettext_lazy("duplex (both sides)"),
        help_text=gettext_lazy("Each card gets a back with its zones and the instructions."),
    )


def _pdf_response(pdf: bytes, name: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


@admin.register(Badge)
class BadgeAdmin(EditionAdminMixin, ServiceAdmin):
    list_display = ["__str__", "category", "version", "status_label", "printed_at", "revoked_at"]
    list_filter = ["assembly", "category", ("printed_at", admin.EmptyFieldListFilter)]
    search_fields = [
        "delegate__family_name",
        "delegate__given_names",
        "participant__family_name",
        "participant__given_names",
    ]
    list_select_related = ["category", "delegate", "participant"]
    readonly_fields = [
        "assembly",
        "category",
        "delegate",
        "participant",
        "version",
        "printed_at",
        "printed_by",
        "collected_at",
        "revoked_at",
        "revoked_reason",
    ]
    actions = ["print_a6", "print_cr80", "revoke", "collect"]
    change_list_template = "badges/admin/badge_change_list.html"

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        """Every field is read only: the changes are the actions, through the services."""

    def delete_model(self, request, obj):
        services.delete_config(obj=obj, by=request.user)

    @admin.display(description=gettext_lazy("status"))
    def status_label(self, obj: Badge) -> str:
        return {
            "revoked": _("revoked"),
            "collected": _("collected"),
            "printed": _("printed"),
        }.get(obj.status, _("issued"))

    def _print(self, request, queryset, paper: str):
        try:
            pdf = services.print_badges(
                badges=list(queryset.order_by("id")), by=request.user, paper=paper
            )
        except PermissionDenied:
            self.message_user(request, _("You may not do this."), messages.ERROR)
            return None
        except ApplicationError as exc:
            self.message_user(request, refusal(exc), messages.ERROR)
            return None
        return _pdf_response(pdf, f"badges-{paper}")

    @admin.action(description=gettext_lazy("Print (A6)"), permissions=["print"])
    def print_a6(self, request, queryset):
        return self._print(request, queryset, "a6")

    @admin.action(description=gettext_lazy("Print (CR80 card)"), permissions=["print"])
    def print_cr80(self, request, queryset):
        return self._print(request, queryset, "cr80")

    @admin.action(description=gettext_lazy("Revoke"), permissions=["change"])
    def revoke(self, request, queryset):
        run_each(
            self,
            request,
            queryset,
            lambda obj: services.revoke_badge(
                badge=obj, by=request.user, reason=_("Revoked by the organisers.")
            ),
            ngettext_lazy("%(count)d revoked.", "%(count)d revoked.", "count"),
        )

    @admin.action(description=gettext_lazy("Mark collected"), permissions=["change"])
    def collect(self, request, queryset):
        run_each(
            self,
            request,
            queryset,
            lambda obj: services.collect_badge(badge=obj, by=request.user),
            ngettext_lazy("%(count)d collected.", "%(count)d collected.", "count"),
        )

    def has_print_permission(self, request) -> bool:
        return can_print_badges(request.user)

    def get_urls(self):
        own = [
            path(
                "issue/",
                self.admin_site.admin_view(self.issue_view),
                name="badges_badge_issue",
            ),
            path(
                "print/",
                self.admin_site.admin_view(self.print_view),
                name="badges_badge_print",
            ),
        ]
        return own + super().get_urls()

    def issue_view(self, request):
        """Issue a badge to every approved delegate without one (POST only)."""
        if not can_manage_badges(request.user):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:badges_badge_changelist"))
        assembly = Assembly.objects.filter(is_current=True).first()
        if assembly is None:
            self.message_user(request, _("No assembly is current."), messages.ERROR)
        else:
            figures = services.issue_badges_for_approved(assembly=assembly, by=request.user)
            self.message_user(
                request,
                _("%(issued)d badges issued; %(without)d delegates lack a category.")
                % {"issued": figures["issued"], "without": figures["without_category"]},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(reverse("admin:badges_badge_changelist"))

    def print_view(self, request):
        """Bulk printing: per delegation, per category or all not yet printed, A6 or CR80."""
        if not can_print_badges(request.user):
            raise PermissionDenied
        current = Assembly.objects.filter(is_current=True).first()
        form = PrintForm(request.POST or None, initial={"assembly": current, "not_printed": True})
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            badges = list(
                selectors.badges_to_print(
                    assembly=data["assembly"],
                    delegation_id=data["delegation"].pk if data["delegation"] else None,
                    category_id=data["category"].pk if data["category"] else None,
                    not_printed=data["not_printed"],
                )
            )
            try:
                pdf = services.print_badges(
                    badges=badges, by=request.user, paper=data["paper"], duplex=data["duplex"]
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                return _pdf_response(pdf, f"badges-{data['paper']}")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Print badges"),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/badges/badge/print.html", context)


@admin.register(Scan)
class ScanAdmin(EditionAdminMixin, admin.ModelAdmin):
    list_display = [
        "scanned_at",
        "gate",
        "zone",
        "direction",
        "badge",
        "reason",
        "admitted",
        "offline",
        "admitted_while_revoked",
        "staff",
    ]
    list_filter = ["zone", "direction", "admitted", "offline", "admitted_while_revoked"]
    list_select_related = [
        "zone",
        "badge__category",
        "badge__delegate",
        "badge__participant",
        "staff",
    ]
    date_hierarchy = "scanned_at"
    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


MEDIA_FIELDS = (
    "assembly",
    "status",
    "photo_preview",
    "given_names",
    "family_name",
    "given_names_native",
    "family_name_native",
    "outlet",
    "country",
    "function",
    "email",
    "press_card_number",
    "language",
    "consented_at",
    "created_at",
    "decided_at",
    "decided_by",
    "reason",
    "participant",
    "erased_at",
)


@admin.register(MediaApplication)
class MediaApplicationAdmin(PhotoPreviewMixin, EditionAdminMixin, admin.ModelAdmin):
    """The media's applications from the public form: read only; approve (a participant of the
    media category and its badge) or refuse with a reason, both through the services."""

    list_display = ["__str__", "country", "function", "status", "created_at", "decided_at"]
    list_filter = ["assembly", "status"]
    list_select_related = ["country"]
    search_fields = ["family_name", "given_names", "outlet", "email", "press_card_number"]
    fields = MEDIA_FIELDS
    readonly_fields = MEDIA_FIELDS
    actions = ["approve", "refuse"]
    change_list_template = "badges/admin/mediaapplication_change_list.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # kept as the record of the decision (and audited)

    def has_review_permission(self, request) -> bool:
        return can_review_media_applications(request.user)

    def get_fields(self, request, obj=None):
        """Reviewers also see when the application's personal data is (or was) erased."""
        if can_review_media_applications(request.user):
            return (*MEDIA_FIELDS, "erase_on")
        return MEDIA_FIELDS

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    @admin.display(description=gettext_lazy("personal data erased on"))
    def erase_on(self, obj: MediaApplication):
        if obj.erased_at:
            return date_format(timezone.localtime(obj.erased_at, obj.assembly.tz).date())
        return date_format(services.media_erase_date(obj.assembly))

    def changelist_view(self, request, extra_context=None):
        """Reviewers read the erase date of the edition they work on above the list."""
        from apps.core.editions import admin_edition

        extra_context = dict(extra_context or {})
        current = admin_edition(request)  # resolved once per request (the list uses it too)
        if current is not None and can_review_media_applications(request.user):
            extra_context["erase_on"] = services.media_erase_date(current)
            extra_context["erase_assembly"] = current
        return super().changelist_view(request, extra_context=extra_context)

    @admin.action(
        description=gettext_lazy("Approve (a media participant and the badge)"),
        permissions=["review"],
    )
    def approve(self, request, queryset):
        run_each(
            self,
            request,
            queryset,
            lambda obj: services.approve_media_application(application=obj, by=request.user),
            ngettext_lazy("%(count)d approved.", "%(count)d approved.", "count"),
        )

    @admin.action(description=gettext_lazy("Refuse (with a reason)"), permissions=["review"])
    def refuse(self, request, queryset):
        form = RefusalForm(request.POST if "reason" in request.POST else None)
        if form.is_valid():
            reason = form.cleaned_data["reason"]
            run_each(
                self,
                request,
                queryset,
                lambda obj: services.refuse_media_application(
                    application=obj, by=request.user, reason=reason
                ),
                ngettext_lazy("%(count)d refused.", "%(count)d refused.", "count"),
            )
            return None
        return render(
            request,
            "delegations/admin/action_reason.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Refuse the media applications"),
                "objects": queryset,
                "form": form,
                "action": "refuse",
                "opts": self.model._meta,
            },
        )
