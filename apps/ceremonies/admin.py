"""Organisers plan ceremonies here: cues inline (numbered order), roles, rehearsals, precedence.

The forms validate; the services save (create_ceremony, edit_run_of_show, assign_role, ...), so
every change is checked, audited and announced as it is from the API; status changes only
through actions that check.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from apps.agenda.admin import LocalDayFilter
from apps.agenda.models import Session
from apps.ceremonies import selectors, services
from apps.ceremonies.models import (
    TRANSLATED,
    Ceremony,
    CeremonyRole,
    CeremonyTemplate,
    Cue,
    CueTemplate,
    PrecedenceEntry,
    Rehearsal,
    RoleKind,
    RoleTemplate,
)
from apps.core.admin_editions import EditionAdminMixin
from apps.core.errors import ApplicationError
from apps.core.i18n import listing
from apps.core.timezones import format_local


class _InlineEdit:
    """What an inline formset asks for (rows to add, change, delete), read from its forms; the
    rows to change are fresh from the database, so a service sees what really changes."""

    def __init__(self, formset):
        self.formset = formset
        deleted_forms = [form for form in formset.deleted_forms if form.instance.pk]
        fresh = formset.model.objects.in_bulk(
            [form.instance.pk for form in formset.initial_forms if form.instance.pk]
        )
        self.deleted = [fresh[form.instance.pk] for form in deleted_forms]
        self.changed = [
            (fresh[form.instance.pk], form)
            for form in formset.initial_forms
            if form not in deleted_forms and form.has_changed()
        ]
        self.added = [
            form
            for form in formset.extra_forms
            if form.has_changed() and not form.cleaned_data.get("DELETE")
        ]
        self.created: list = []

    @staticmethod
    def values(form, fields, *, only_changed: bool = False) -> dict:
        names = form.changed_data if only_changed else form.cleaned_data
        return {name: form.cleaned_data[name] for name in names if name in fields}

    def report_to(self, formset) -> None:
        """The admin's change message reads these (formset.save() would have set them)."""
        formset.new_objects = self.created
        formset.changed_objects = [(obj, form.changed_data) for obj, form in self.changed]
        formset.deleted_objects = self.deleted


class RoleChecklist(forms.CheckboxSelectMultiple):
    """Boxes to tick in a drop-down that shows what is ticked ("master of ceremonies, flag
    bearer"): one narrow cell per cue, not a Ctrl-click list nor a row of nine boxes."""

    template_name = "ceremonies/widgets/checklist.html"

    class Media:
        js = ["ceremonies/checklist.js"]

    def __init__(self, attrs=None, choices=()):
        super().__init__({"class": "ga-role-boxes", **(attrs or {})}, choices)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chosen = {str(v) for v in (value or [])}
        context["widget"]["summary"] = listing(
            label for key, label in self.choices if str(key) in chosen
        )
        return context


class CompactTabularInline(admin.TabularInline):
    """One row per object; the fields in `folded_fields` (translations, notes) wait in a "more"
    box at the end of the row (templates/admin/ceremonies/compact_tabular.html)."""

    template = "admin/ceremonies/compact_tabular.html"
    classes = ["ga-compact"]
    folded_fields: tuple[str, ...] = ()
    folded_label = _("Translations and notes")
    shows_timeline = False

    class Media:
        css = {"all": ["ceremonies/admin.css"]}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        """Typed text follows its own direction (English in an Arabic admin reads from its
        start, not cut at the left)."""
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        text = isinstance(db_field, models.CharField | models.TextField) and not isinstance(
            db_field, models.EmailField
        )
        if field is not None and text and not db_field.choices:
            field.widget.attrs.setdefault("dir", "auto")
        return field


def _translations(*names: str) -> tuple[str, ...]:
    return tuple(f"{name}_{lang}" for name in names for lang in TRANSLATED)


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
            *(f"outgoing_label_{lang}" for lang in TRANSLATED),
            "incoming_country",
            "incoming_label",
            *(f"incoming_label_{lang}" for lang in TRANSLATED),
        ]
        widgets = {
            f"notes_{lang}": forms.Textarea(attrs={"rows": 3}) for lang in ("en", "fr", "es", "ar")
        }


class CueForm(forms.ModelForm):
    # Boxes to tick in a drop-down, not a list to Ctrl-click per cue.
    responsible_roles = forms.MultipleChoiceField(
        label=_("responsible roles"),
        choices=RoleKind.choices,
        required=False,
        widget=RoleChecklist,
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
            *(f"position_{lang}" for lang in TRANSLATED),
            "av_instructions",
            *(f"av_instructions_{lang}" for lang in TRANSLATED),
            "interpretation_notes",
            *(f"interpretation_notes_{lang}" for lang in TRANSLATED),
            "description",
            *(f"description_{lang}" for lang in TRANSLATED),
        ]
        widgets = {
            "order": forms.NumberInput(attrs={"class": "ga-narrow"}),
            "duration_minutes": forms.NumberInput(attrs={"class": "ga-narrow"}),
            **{
                name: forms.Textarea(attrs={"rows": 1})
                for text in ("av_instructions", "interpretation_notes", "description")
                for name in (text, *(f"{text}_{lang}" for lang in TRANSLATED))
            },
        }

    def _get_validation_exclusions(self):
        """The number typed may repeat or leave gaps: edit_run_of_show numbers the run 1..n
        in the order asked, so the unique (ceremony, order) is not the form's to check."""
        return super()._get_validation_exclusions() | {"order"}


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


class CueInline(CompactTabularInline):
    """One cue a row: number, minutes, English title, who (a drop-down of boxes), where; the
    other languages, AV, interpretation notes and description in the row's "more" box. The
    timeline of the saved cues stands beside the rows."""

    model = Cue
    form = CueForm
    formset = CueFormSet
    extra = 0
    ordering = ["order", "id"]
    shows_timeline = True
    folded_fields: tuple[str, ...] = (
        "title_fr",
        "title_es",
        "title_ar",
        *_translations("position"),
        "av_instructions",
        *_translations("av_instructions"),
        "interpretation_notes",
        *_translations("interpretation_notes"),
        "description",
        *_translations("description"),
        "actual_started_at",
    )
    fields = [
        "order",
        "duration_minutes",
        "title_en",
        "responsible_roles",
        "position",
        *folded_fields,
    ]
    readonly_fields = ["actual_started_at"]


class CeremonyRoleInline(CompactTabularInline):
    """One role a row: the part, who (a delegate or a named guest), the call time; the guest's
    e-mail and function, the position on stage and the notes in the row's "more" box."""

    model = CeremonyRole
    extra = 0
    autocomplete_fields = ["delegate"]
    folded_fields: tuple[str, ...] = (
        "guest_email",
        "guest_function",
        *_translations("guest_function"),
        "position",
        *_translations("position"),
        "notes",
    )
    fields = [
        "kind",
        "delegate",
        "guest_name",
        "call_time",
        *folded_fields,
    ]


class RehearsalInline(admin.StackedInline):
    """A rehearsal in two compact lines: when and where, then who must come (boxes to tick)."""

    model = Rehearsal
    extra = 0
    classes = ["ga-compact"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("starts_at", "ends_at", "notes"),
                    ("place", *(f"place_{lang}" for lang in TRANSLATED)),
                    "attendees",
                ]
            },
        )
    ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "attendees":
            ceremony_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = CeremonyRole.objects.filter(
                ceremony_id=ceremony_id
            ).select_related("delegate")
            kwargs["widget"] = forms.CheckboxSelectMultiple(attrs={"class": "ga-role-boxes"})
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class PrecedenceInline(CompactTabularInline):
    model = PrecedenceEntry
    extra = 0
    fields = ["rank", "role", "name", "seat", "speaks", *_translations("seat")]
    folded_fields = _translations("seat")
    folded_label = _("Seat in other languages")
    ordering = ["rank", "id"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "role":
            ceremony_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = CeremonyRole.objects.filter(
                ceremony_id=ceremony_id
            ).select_related("delegate")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class CeremonyDayFilter(LocalDayFilter):
    field = "session__starts_at"


@admin.register(Ceremony)
class CeremonyAdmin(EditionAdminMixin, admin.ModelAdmin):
    form = CeremonyForm
    list_display = ["title_en", "assembly", "kind", "session", "status", "open_links"]
    list_filter = [CeremonyDayFilter, "assembly", "kind", "status"]
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
                    tuple(f"outgoing_label_{lang}" for lang in TRANSLATED),
                    ("incoming_country", "incoming_label"),
                    tuple(f"incoming_label_{lang}" for lang in TRANSLATED),
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
        """Whether the run fits its session, and the live run's actual starts if any; the
        planned timeline stands beside the cues."""
        if not obj.pk:
            return _("Save the ceremony, then add cues.")
        assembly = obj.assembly
        rows = selectors.ceremony_timeline(obj)
        try:
            services.check_fits(ceremony=obj, durations=[r.cue.duration_minutes for r in rows])
            verdict = format_html('<p style="color:#1e7b45">{}</p>', _("The run fits its session."))
        except ApplicationError as exc:
            verdict = format_html('<p class="errornote">{}</p>', exc.message)
        started = [row for row in rows if row.actual_start]
        if not started:
            return verdict
        actual = format_html_join(
            "",
            "<li>{}. <bdi>{}</bdi>: {}</li>",
            (
                (
                    row.cue.order,
                    row.cue.title,
                    format_local(row.actual_start, assembly.tz, assembly.display_city),
                )
                for row in started
            ),
        )
        return format_html("{}<p>{}</p><ul>{}</ul>", verdict, _("Actually started:"), actual)

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
            listing(labels[kind] for kind in missing),
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The saved cues' timeline, shown beside the cue rows."""
        ceremony = self.get_object(request, object_id)
        if ceremony is not None:
            extra_context = {
                **(extra_context or {}),
                "cue_timeline": selectors.admin_timeline(ceremony),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """A rule the forms could not see (another organiser's change meanwhile) is shown as a
        message; the whole save was rolled back."""
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (ApplicationError, ValidationError) as exc:
            text = exc.message if isinstance(exc, ApplicationError) else " ".join(exc.messages)
            self.message_user(request, text, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        """Through create_ceremony / update_ceremony: validated and audited like any change."""
        data = {
            name: form.cleaned_data[name]
            for name in services.CEREMONY_FIELDS
            if name in form.cleaned_data
        }
        if change:
            changed = {name: data[name] for name in form.changed_data if name in data}
            current = Ceremony.objects.select_related("assembly").get(pk=obj.pk)
            services.update_ceremony(ceremony=current, by=request.user, **changed)
            return
        created = services.create_ceremony(
            assembly=form.cleaned_data["assembly"],
            session=data.pop("session"),
            kind=data.pop("kind"),
            title_en=data.pop("title_en"),
            by=request.user,
            **data,
        )
        # The admin goes on with `obj` (its inlines, its redirect): make it the saved row.
        obj.pk, obj.status = created.pk, created.status
        obj._state.adding, obj._state.db = False, created._state.db

    def save_related(self, request, form, formsets, change):
        """Each inline through its services (cues, roles, rehearsals, precedence)."""
        ceremony = Ceremony.objects.select_related("session", "assembly").get(pk=form.instance.pk)
        savers = {
            Cue: self._save_cues,
            CeremonyRole: self._save_roles,
            Rehearsal: self._save_rehearsals,
            PrecedenceEntry: self._save_precedence,
        }
        for formset in formsets:
            edit = _InlineEdit(formset)
            savers[formset.model](request, ceremony, edit)
            edit.report_to(formset)

    def _save_cues(self, request, ceremony, edit):
        fields = services.CUE_FIELDS | {"order"}
        cues = services.edit_run_of_show(
            ceremony=ceremony,
            by=request.user,
            added=[edit.values(form, fields) for form in edit.added],
            changed=[
                (cue, edit.values(form, fields, only_changed=True)) for cue, form in edit.changed
            ],
            deleted=edit.deleted,
        )
        existing = {form.instance.pk for form in edit.formset.initial_forms}
        edit.created = [cue for cue in cues if cue.pk not in existing]

    def _save_roles(self, request, ceremony, edit):
        for role in edit.deleted:
            services.remove_role(role=role, by=request.user)
        for role, form in edit.changed:
            services.update_role(
                role=role,
                by=request.user,
                **edit.values(form, services.ROLE_FIELDS, only_changed=True),
            )
        for form in edit.added:
            values = edit.values(form, services.ROLE_FIELDS)
            edit.created.append(
                services.assign_role(
                    ceremony=ceremony, kind=values.pop("kind"), by=request.user, **values
                )
            )

    def _save_rehearsals(self, request, ceremony, edit):
        for rehearsal in edit.deleted:
            services.cancel_rehearsal(rehearsal=rehearsal, by=request.user)
        for rehearsal, form in edit.changed:
            attendees = form.cleaned_data["attendees"] if "attendees" in form.changed_data else None
            services.update_rehearsal(
                rehearsal=rehearsal,
                by=request.user,
                attendees=attendees,
                **edit.values(form, services.REHEARSAL_FIELDS, only_changed=True),
            )
        for form in edit.added:
            edit.created.append(
                services.schedule_rehearsal(
                    ceremony=ceremony,
                    by=request.user,
                    attendees=form.cleaned_data["attendees"],
                    **edit.values(form, services.REHEARSAL_FIELDS),
                )
            )

    def _save_precedence(self, request, ceremony, edit):
        if not (edit.added or edit.changed or edit.deleted):
            return
        deleted = {entry.pk for entry in edit.deleted}
        kept = [
            form
            for form in edit.formset.forms
            if form.cleaned_data
            and (form.instance.pk or form.has_changed())
            and form.instance.pk not in deleted
            and not form.cleaned_data.get("DELETE")
        ]
        kept.sort(key=lambda form: (form.cleaned_data["rank"], form.instance.pk is None))
        edit.created = services.set_precedence(
            ceremony=ceremony,
            entries=[
                edit.values(form, {"role", "name", "speaks", *services.SEAT_FIELDS})
                for form in kept
            ],
            by=request.user,
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


# --- templates carried from one edition to the next ---------------------------------------------


class CeremonyTemplateForm(forms.ModelForm):
    required_roles = forms.MultipleChoiceField(
        label=_("required roles"),
        choices=RoleKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = CeremonyTemplate
        fields = [
            "assembly",
            "kind",
            "title_en",
            "title_fr",
            "title_es",
            "title_ar",
            "notes_en",
            "notes_fr",
            "notes_es",
            "notes_ar",
            "required_roles",
            "outgoing_country",
            "outgoing_label",
            *(f"outgoing_label_{lang}" for lang in TRANSLATED),
            "incoming_country",
            "incoming_label",
            *(f"incoming_label_{lang}" for lang in TRANSLATED),
        ]


class CueTemplateForm(forms.ModelForm):
    responsible_roles = forms.MultipleChoiceField(
        label=_("responsible roles"),
        choices=RoleKind.choices,
        required=False,
        widget=RoleChecklist,
    )

    class Meta:
        model = CueTemplate
        fields = [
            "order",
            *(f"title_{lang}" for lang in ("en", "fr", "es", "ar")),
            "duration_minutes",
            "responsible_roles",
            "position",
            *_translations("position"),
            "description",
            *_translations("description"),
            "av_instructions",
            *_translations("av_instructions"),
            "interpretation_notes",
            *_translations("interpretation_notes"),
        ]
        widgets = {
            "order": forms.NumberInput(attrs={"class": "ga-narrow"}),
            "duration_minutes": forms.NumberInput(attrs={"class": "ga-narrow"}),
            **{
                name: forms.Textarea(attrs={"rows": 1})
                for text in ("av_instructions", "interpretation_notes", "description")
                for name in (text, *_translations(text))
            },
        }


class CueTemplateInline(CompactTabularInline):
    model = CueTemplate
    form = CueTemplateForm
    extra = 0
    folded_fields: tuple[str, ...] = (
        "title_fr",
        "title_es",
        "title_ar",
        *_translations("position"),
        "av_instructions",
        *_translations("av_instructions"),
        "interpretation_notes",
        *_translations("interpretation_notes"),
        "description",
        *_translations("description"),
    )
    fields = [
        "order",
        "duration_minutes",
        "title_en",
        "responsible_roles",
        "position",
        *folded_fields,
    ]


class RoleTemplateInline(CompactTabularInline):
    model = RoleTemplate
    extra = 0
    folded_fields: tuple[str, ...] = (
        "guest_function",
        *_translations("guest_function"),
        "position",
        *_translations("position"),
        "notes",
    )
    fields = [
        "kind",
        "call_offset_minutes",
        "guest_name",
        "guest_email",
        *folded_fields,
    ]


class _LocalSessionChoiceField(forms.ModelChoiceField):
    """Sessions named by their start in the edition's zone, with the year."""

    def label_from_instance(self, obj) -> str:
        assembly = obj.assembly
        when = format_local(obj.starts_at, assembly.tz, assembly.city, "%a %-d %b %Y, %H:%M")
        return f"{when} · {obj}"


class CreateFromTemplateForm(forms.Form):
    """Which session of the template's edition the ceremony takes place in."""

    session = _LocalSessionChoiceField(label=_("agenda session"), queryset=Session.objects.none())
    incoming_label = forms.CharField(
        label=_("incoming host as shown"),
        required=False,
        max_length=100,
        help_text=_("For a flag handover whose template has no incoming host yet."),
    )

    def __init__(self, *args, template: CeremonyTemplate, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["session"]
        field.queryset = (  # type: ignore[attr-defined]
            Session.objects.filter(assembly=template.assembly)
            .select_related("assembly")
            .order_by("starts_at")
        )


@admin.register(CeremonyTemplate)
class CeremonyTemplateAdmin(EditionAdminMixin, admin.ModelAdmin):
    form = CeremonyTemplateForm
    list_display = ["title_en", "kind", "assembly", "cue_count", "hosts"]
    list_filter = ["assembly", "kind"]
    search_fields = ["title_en", "title_fr", "title_es", "title_ar"]
    list_select_related = ["assembly", "outgoing_country", "incoming_country"]
    autocomplete_fields = ["outgoing_country", "incoming_country"]
    inlines = [CueTemplateInline, RoleTemplateInline]
    actions = ["create_ceremony"]
    fieldsets = [
        (None, {"fields": ["assembly", "kind"]}),
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
                    tuple(f"outgoing_label_{lang}" for lang in TRANSLATED),
                    ("incoming_country", "incoming_label"),
                    tuple(f"incoming_label_{lang}" for lang in TRANSLATED),
                ]
            },
        ),
        (_("Roles"), {"fields": ["required_roles"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(cues_total=models.Count("cues"))

    @admin.display(description=_("cues"), ordering="cues_total")
    def cue_count(self, obj):
        return obj.cues_total

    @admin.display(description=_("flag handover"))
    def hosts(self, obj):
        if obj.kind != Ceremony.Kind.FLAG_HANDOVER:
            return ""
        outgoing = obj.outgoing_label or (obj.outgoing_country or "—")
        incoming = obj.incoming_label or (obj.incoming_country or "—")
        return format_html("<bdi>{}</bdi> → <bdi>{}</bdi>", outgoing, incoming)

    @admin.action(
        description=_("Create the ceremony from this template in a session"),
        permissions=["create_ceremony"],
    )
    def create_ceremony(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Select exactly one template."), messages.ERROR)
            return None
        template = queryset.select_related("assembly").get()
        form = CreateFromTemplateForm(
            request.POST if "apply" in request.POST else None, template=template
        )
        if form.is_valid():
            try:
                ceremony = services.create_ceremony_from_template(
                    template=template,
                    session=form.cleaned_data["session"],
                    incoming_label=form.cleaned_data["incoming_label"],
                    by=request.user,
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                self.message_user(request, _("%(ceremony)s is created.") % {"ceremony": ceremony})
                return HttpResponseRedirect(
                    reverse("admin:ceremonies_ceremony_change", args=[ceremony.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Create the ceremony from a template"),
            "opts": self.model._meta,
            "template_obj": template,
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "ceremonies/admin_create_from_template.html", context)

    def has_create_ceremony_permission(self, request) -> bool:
        return request.user.has_perm("ceremonies.add_ceremony") and self.has_add_permission(request)
