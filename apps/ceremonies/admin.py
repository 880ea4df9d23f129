"""Organisers plan ceremonies here: cues inline (numbered order), roles, rehearsals, precedence.

The forms save the rows; every save is audited and notifications follow through the services
(role_was_saved, sync_rehearsal_reminders); status changes only through actions that check.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from apps.ceremonies import selectors, services
from apps.ceremonies.models import (
    Ceremony,
    CeremonyRole,
    Cue,
    PrecedenceEntry,
    Rehearsal,
    RoleKind,
)
from apps.core.errors import ApplicationError
from apps.core.timezones import format_local
from apps.notifications.services import cancel_pending


class CeremonyForm(forms.ModelForm):
    required_roles = forms.MultipleChoiceField(
        label=_("required roles"),
        choices=RoleKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Ceremony
        fields = [
            "assembly",
            "kind",
            "session",
            *(f"{name}_{lang}" for name in ("title", "notes") for lang in ("en", "fr", "es", "ar")),
            "required_roles",
            "outgoing_country",
            "outgoing_label",
            "incoming_country",
            "incoming_label",
        ]
        widgets = {
            f"notes_{lang}": forms.Textarea(attrs={"rows": 3}) for lang in ("en", "fr", "es", "ar")
        }


class CueForm(forms.ModelForm):
    responsible_roles = forms.MultipleChoiceField(
        label=_("responsible roles"), choices=RoleKind.choices, required=False
    )

    class Meta:
        model = Cue
        fields = [
            "order",
            "duration_minutes",
            "title_en",
            "title_fr",
            "title_es",
            "title_ar",
            "responsible_roles",
            "position",
            "av_instructions",
            "interpretation_notes",
            "description",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "av_instructions": forms.Textarea(attrs={"rows": 2}),
            "interpretation_notes": forms.Textarea(attrs={"rows": 2}),
        }


class CueFormSet(BaseInlineFormSet):
    """The run must fit the session: the sum of the durations on screen is checked on save."""

    def clean(self):
        super().clean()
        durations = [
            form.cleaned_data["duration_minutes"]
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("duration_minutes")
        ]
        ceremony = self.instance
        if ceremony.session_id is None:
            return
        try:
            services.check_fits(ceremony=ceremony, durations=durations)
        except ApplicationError as exc:
            raise forms.ValidationError(exc.message) from exc


class CueInline(admin.StackedInline):
    model = Cue
    form = CueForm
    formset = CueFormSet
    extra = 0
    ordering = ["order", "id"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("order", "duration_minutes"),
                    ("title_en", "title_fr"),
                    ("title_es", "title_ar"),
                    "responsible_roles",
                    "position",
                    ("av_instructions", "interpretation_notes"),
                    "description",
                    "actual_started_at",
                ]
            },
        )
    ]
    readonly_fields = ["actual_started_at"]


class CeremonyRoleInline(admin.TabularInline):
    model = CeremonyRole
    extra = 0
    autocomplete_fields = ["delegate"]
    fields = ["kind", "delegate", "guest_name", "guest_email", "call_time", "position", "notes"]


class RehearsalInline(admin.TabularInline):
    model = Rehearsal
    extra = 0
    fields = ["starts_at", "ends_at", "place", "attendees", "notes"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "attendees":
            ceremony_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = CeremonyRole.objects.filter(
                ceremony_id=ceremony_id
            ).select_related("delegate")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class PrecedenceInline(admin.TabularInline):
    model = PrecedenceEntry
    extra = 0
    fields = ["rank", "role", "name", "seat", "speaks"]
    ordering = ["rank", "id"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "role":
            ceremony_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = CeremonyRole.objects.filter(
                ceremony_id=ceremony_id
            ).select_related("delegate")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Ceremony)
class CeremonyAdmin(admin.ModelAdmin):
    form = CeremonyForm
    list_display = ["title_en", "assembly", "kind", "session", "status", "open_links"]
    list_filter = ["assembly", "kind", "status"]
    search_fields = ["title_en", "title_fr", "title_es", "title_ar"]
    list_select_related = ["assembly", "session"]
    autocomplete_fields = ["outgoing_country", "incoming_country"]
    readonly_fields = ["status", "timeline", "roles_check", "open_links", "live_ended_at"]
    inlines = [CueInline, CeremonyRoleInline, RehearsalInline, PrecedenceInline]
    actions = ["mark_rehearsed", "mark_final", "reopen", "reset_run"]
    fieldsets = [
        (None, {"fields": ["assembly", "kind", "session", "status", "open_links"]}),
        (
            _("Title and notes"),
            {
                "fields": [
                    ("title_en", "title_fr"),
                    ("title_es", "title_ar"),
                    "notes_en",
                    "notes_fr",
                    "notes_es",
                    "notes_ar",
                ]
            },
        ),
        (
            _("Flag handover"),
            {
                "fields": [
                    ("outgoing_country", "outgoing_label"),
                    ("incoming_country", "incoming_label"),
                ]
            },
        ),
        (_("Roles"), {"fields": ["required_roles", "roles_check"]}),
        (_("Timeline"), {"fields": ["timeline", "live_ended_at"]}),
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "session":
            from apps.agenda.models import Session

            kwargs["queryset"] = Session.objects.select_related("assembly").order_by("-starts_at")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("open"))
    def open_links(self, obj):
        if not obj.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("ceremonies:run_sheet", args=[obj.pk]),
            _("Run sheet"),
            reverse("ceremonies:run_sheet_pdf", args=[obj.pk]),
            _("PDF"),
            reverse("ceremonies:console", args=[obj.pk]),
            _("Live console"),
        )

    @admin.display(description=_("computed timeline"))
    def timeline(self, obj):
        if not obj.pk:
            return _("Save the ceremony, then add cues.")
        assembly = obj.assembly
        rows = selectors.ceremony_timeline(obj)
        table = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    row.cue.order,
                    format_local(row.planned_start, assembly.tz, assembly.city),
                    row.cue.duration_minutes,
                    row.cue.title_en,
                    format_local(row.actual_start, assembly.tz, assembly.city)
                    if row.actual_start
                    else "",
                )
                for row in rows
            ),
        )
        try:
            services.check_fits(ceremony=obj, durations=[r.cue.duration_minutes for r in rows])
            verdict = format_html('<p style="color:#1e7b45">{}</p>', _("The run fits its session."))
        except ApplicationError as exc:
            verdict = format_html('<p class="errornote">{}</p>', exc.message)
        return format_html(
            "{}<table><thead><tr><th>#</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>"
            "</thead><tbody>{}</tbody></table>",
            verdict,
            _("planned"),
            _("minutes"),
            _("cue"),
            _("actual"),
            table,
        )

    @admin.display(description=_("required roles all filled?"))
    def roles_check(self, obj):
        if not obj.pk:
            return "—"
        missing = services.missing_roles(ceremony=obj)
        if not missing:
            return _("Yes: every required role has someone.")
        labels = dict(RoleKind.choices)
        return format_html(
            '<span class="errornote">{}: {}</span>',
            _("Missing"),
            ", ".join(str(labels[kind]) for kind in missing),
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            services.record_ceremony_edit(
                ceremony=obj, by=request.user, what="ceremony.updated", fields=form.changed_data
            )
        else:
            services.record_ceremony_edit(
                ceremony=obj, by=request.user, what="ceremony.created", kind=obj.kind
            )

    def save_formset(self, request, form, formset, change):
        ceremony = form.instance
        for deleted in formset.deleted_forms:
            if deleted.instance.pk and formset.model in (CeremonyRole, Rehearsal):
                cancel_pending(subject=deleted.instance)
        affected_rehearsals = set()
        if formset.model is CeremonyRole:
            for deleted in formset.deleted_forms:
                if deleted.instance.pk:
                    affected_rehearsals.update(deleted.instance.rehearsals.all())
        formset.save()
        name = formset.model._meta.model_name
        for obj in formset.new_objects:
            self._after_save(request, ceremony, obj, created=True, changed=[])
        for obj, changed in formset.changed_objects:
            self._after_save(request, ceremony, obj, created=False, changed=changed)
        for obj in formset.deleted_objects:
            services.record_ceremony_edit(
                ceremony=ceremony, by=request.user, what=f"{name}.deleted", item=str(obj)
            )
        for rehearsal in affected_rehearsals:
            if rehearsal.pk:
                services.sync_rehearsal_reminders(rehearsal=rehearsal)
        if formset.model is PrecedenceEntry:
            services.renumber_precedence(ceremony=ceremony)

    def _after_save(self, request, ceremony, obj, *, created, changed):
        if isinstance(obj, CeremonyRole):
            services.role_was_saved(role=obj, by=request.user, created=created, changed=changed)
            return
        if isinstance(obj, Rehearsal):
            services.sync_rehearsal_reminders(rehearsal=obj)
        name = obj._meta.model_name
        services.record_ceremony_edit(
            ceremony=ceremony,
            by=request.user,
            what=f"{name}.{'added' if created else 'updated'}",
            item=str(obj),
            fields=list(changed),
        )

    def _run_action(self, request, queryset, service, done_message):
        for ceremony in queryset.select_related("session", "assembly"):
            try:
                service(ceremony=ceremony, by=request.user)
            except ApplicationError as exc:
                self.message_user(request, f"{ceremony}: {exc.message}", messages.ERROR)
            else:
                self.message_user(request, f"{ceremony}: {done_message}", messages.SUCCESS)

    @admin.action(description=_("Mark rehearsed"), permissions=["change"])
    def mark_rehearsed(self, request, queryset):
        self._run_action(request, queryset, services.mark_rehearsed, _("marked rehearsed."))

    @admin.action(description=_("Mark final (checks roles and timing)"), permissions=["change"])
    def mark_final(self, request, queryset):
        self._run_action(request, queryset, services.mark_final, _("marked final."))

    @admin.action(description=_("Back to draft"), permissions=["change"])
    def reopen(self, request, queryset):
        self._run_action(request, queryset, services.reopen_ceremony, _("back to draft."))

    @admin.action(description=_("Clear the actual times of the live run"), permissions=["change"])
    def reset_run(self, request, queryset):
        self._run_action(request, queryset, services.reset_run, _("actual times cleared."))
