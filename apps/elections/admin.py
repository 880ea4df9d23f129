"""Organisers run the votes here: seats and their rules, candidates, sitting members,
resolutions, the roll call, rounds (open, close, certify), booth codes and paper counts.

Forms validate; services save, so every change is checked and audited. Ballots and "has voted"
rows have no admin page (docs/elections.md).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from apps.core.admin_editions import EditionAdminMixin, EditionRelatedFieldListFilter
from apps.core.editions import admin_edition, in_edition
from apps.core.errors import ApplicationError
from apps.elections import selectors
from apps.elections.models import (
    Candidate,
    CommitteeMember,
    Election,
    PaperCount,
    Presence,
    Resolution,
    RollEntry,
    Round,
)
from apps.elections.services import elections as services
from apps.elections.services import voting


def _report(modeladmin, request, call) -> None:
    try:
        call()
    except ApplicationError as exc:
        modeladmin.message_user(request, exc.message, messages.ERROR)
    except PermissionDenied:
        modeladmin.message_user(request, _("You may not do this."), messages.ERROR)


def _changes(form) -> dict:
    return {name: form.cleaned_data[name] for name in form.changed_data}


class RoundListFilter(EditionRelatedFieldListFilter):
    """The edition's rounds, each named by its election or resolution in one query."""

    def field_choices(self, field, request, model_admin):
        rounds = in_edition(
            Round.objects.select_related("election", "resolution"), admin_edition(request)
        )
        return [(round_.pk, str(round_)) for round_ in rounds]


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(EditionAdminMixin, admin.ModelAdmin):
    list_display = ["name", "country", "seat", "region", "term_start", "term_end"]
    list_select_related = ["country"]
    list_filter = ["seat", "region"]
    search_fields = ["name", "country__name_en"]
    autocomplete_fields = ["country"]

    def save_model(self, request, obj, form, change):
        if change:
            services.update_committee_member(
                member=CommitteeMember.objects.get(pk=obj.pk),
                by=request.user,
                changes=_changes(form),
            )
        else:
            created = services.record_committee_member(
                by=request.user, **{f: form.cleaned_data[f] for f in form.fields}
            )
            obj.pk = created.pk


@admin.register(Election)
class ElectionAdmin(EditionAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "assembly", "status", "mode", "share", "nomination_deadline"]
    list_filter = ["assembly", "seat", "status"]
    readonly_fields = ["status"]
    actions = ["open_vote"]

    def save_model(self, request, obj, form, change):
        if change:
            services.update_election(
                election=Election.objects.get(pk=obj.pk), by=request.user, changes=_changes(form)
            )
        else:
            created = services.create_election(
                by=request.user, **{f: form.cleaned_data[f] for f in form.fields}
            )
            obj.pk = created.pk

    @admin.action(description=_("Open the next round (freezes the roll)"))
    def open_vote(self, request, queryset):
        for election in queryset:
            _report(
                self, request, lambda e=election: voting.open_round(election=e, by=request.user)
            )


@admin.register(Candidate)
class CandidateAdmin(EditionAdminMixin, admin.ModelAdmin):
    list_display = ["name", "election", "delegation", "withdrawn", "eliminated_in_round", "elected"]
    list_select_related = ["election", "delegation__country", "delegation__organisation"]
    list_filter = ["election__assembly", "election"]
    readonly_fields = ["withdrawn", "eliminated_in_round", "elected"]
    actions = ["withdraw"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return [*self.readonly_fields, "election", "delegation"]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            services.update_candidate(
                candidate=Candidate.objects.get(pk=obj.pk), by=request.user, changes=_changes(form)
            )
        else:
            data = dict(form.cleaned_data)
            created = services.nominate_candidate(
                election=data.pop("election"),
                delegation=data.pop("delegation"),
                name=data.pop("name"),
                by=request.user,
                **{k: v for k, v in data.items() if k in services.STATEMENT_FIELDS},
            )
            obj.pk = created.pk

    @admin.action(description=_("Withdraw the candidate"))
    def withdraw(self, request, queryset):
        for candidate in queryset:
            _report(
                self,
                request,
                lambda c=candidate: services.withdraw_candidate(candidate=c, by=request.user),
            )


@admin.register(Resolution)
class ResolutionAdmin(EditionAdminMixin, admin.ModelAdmin):
    list_display = [
        "reference",
        "title_en",
        "assembly",
        "status",
        "adoption",
        "votes_for",
        "votes_against",
        "abstentions",
    ]
    list_filter = ["assembly", "status"]
    readonly_fields = ["status", "adoption", "votes_for", "votes_against", "abstentions"]
    actions = ["open_vote", "adopt_by_consensus"]

    def save_model(self, request, obj, form, change):
        if change:
            services.update_resolution(
                resolution=Resolution.objects.get(pk=obj.pk),
                by=request.user,
                changes=_changes(form),
            )
        else:
            created = services.create_resolution(
                by=request.user, **{f: form.cleaned_data[f] for f in form.fields}
            )
            obj.pk = created.pk

    @admin.action(description=_("Put to the vote (freezes the roll)"))
    def open_vote(self, request, queryset):
        for resolution in queryset:
            _report(
                self, request, lambda r=resolution: voting.open_round(resolution=r, by=request.user)
            )

    @admin.action(description=_("Adopt by consensus (no vote)"))
    def adopt_by_consensus(self, request, queryset):
        for resolution in queryset:
            _report(
                self,
                request,
                lambda r=resolution: services.adopt_resolution_by_consensus(
                    resolution=r, by=request.user
                ),
            )


@admin.register(Presence)
class PresenceAdmin(EditionAdminMixin, admin.ModelAdmin):
    list_display = ["delegation", "present"]
    list_select_related = ["delegation__country", "delegation__organisation"]
    list_filter = ["delegation__assembly", "present"]
    autocomplete_fields = ["delegation"]

    def save_model(self, request, obj, form, change):
        saved = voting.record_presence(
            delegation=form.cleaned_data.get("delegation") or obj.delegation,
            present=form.cleaned_data["present"],
            by=request.user,
        )
        obj.pk = saved.pk

    def has_delete_permission(self, request, obj=None):
        return False


class RollInline(admin.TabularInline):
    model = RollEntry
    fields = ("delegation", "voting_delegate", "present")
    readonly_fields = ("delegation", "voting_delegate", "present")
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


ROUND_FIELDS = (
    "election",
    "resolution",
    "number",
    "mode",
    "status",
    "roll_size",
    "present",
    "opened_at",
    "closed_at",
    "certified_at",
    "certified_by",
    "ballots_cast",
    "result",
)


@admin.register(Round)
class RoundAdmin(EditionAdminMixin, admin.ModelAdmin):
    list_display = [
        "__str__",
        "mode",
        "status",
        "roll_size",
        "present",
        "opened_at",
        "closed_at",
        "certified_by",
    ]
    list_filter = ["status", "mode"]
    list_select_related = ["election", "resolution", "certified_by"]
    fields = ROUND_FIELDS
    readonly_fields = ROUND_FIELDS
    inlines = [RollInline]
    actions = ["close", "certify"]

    @admin.display(description=_("ballots cast"))
    def ballots_cast(self, obj):
        return selectors.ballots_cast(obj)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Close the vote (count electronic ballots)"))
    def close(self, request, queryset):
        for round_ in queryset:
            _report(self, request, lambda r=round_: voting.close_round(round_=r, by=request.user))

    @admin.action(description=_("Certify the result"), permissions=["certify"])
    def certify(self, request, queryset):
        for round_ in queryset:
            _report(self, request, lambda r=round_: voting.certify_round(round_=r, by=request.user))

    def has_certify_permission(self, request):
        return request.user.has_perm("elections.certify_round")


@admin.register(RollEntry)
class RollEntryAdmin(EditionAdminMixin, admin.ModelAdmin):
    """The frozen roll; from here an organiser hands a voting delegate a booth code."""

    list_display = ["delegation", "round", "voting_delegate", "present"]
    list_filter = [("round", RoundListFilter)]
    list_select_related = [
        "delegation__country",
        "delegation__organisation",
        "round__election",
        "round__resolution",
    ]
    readonly_fields = ["round", "delegation", "voting_delegate", "present"]
    actions = ["issue_code"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Issue a one-time booth code (shown once)"))
    def issue_code(self, request, queryset):
        for entry in queryset.select_related("round", "delegation__country"):
            try:
                code = voting.issue_booth_code(entry=entry, by=request.user)
            except ApplicationError as exc:
                self.message_user(request, exc.message, messages.ERROR)
            except PermissionDenied:
                self.message_user(request, _("You may not do this."), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("Booth code for %(country)s: %(code)s")
                    % {"country": entry.delegation, "code": code},
                    messages.SUCCESS,
                )


@admin.register(PaperCount)
class PaperCountAdmin(EditionAdminMixin, admin.ModelAdmin):
    """A teller enters the count of a closed paper round; a second teller enters it again."""

    list_display = ["round", "stage", "teller", "abstentions", "invalid"]
    list_select_related = ["round__election", "round__resolution", "teller"]
    fields = ("round", "votes", "abstentions", "invalid", "note")

    def get_readonly_fields(self, request, obj=None):
        return [*self.fields, "stage", "teller"] if obj is not None else []

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        votes = form.cleaned_data["votes"]
        if not isinstance(votes, dict) or not all(isinstance(v, int) for v in votes.values()):
            raise ApplicationError(_('Give the votes as {"candidate id": number}.'))
        saved = voting.enter_paper_count(
            round_=form.cleaned_data["round"],
            by=request.user,
            votes={str(k): v for k, v in votes.items()},
            abstentions=form.cleaned_data["abstentions"],
            invalid=form.cleaned_data["invalid"],
            note=form.cleaned_data["note"],
        )
        obj.pk = saved.pk
