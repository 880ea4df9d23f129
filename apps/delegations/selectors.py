"""Reads of delegations, always scoped to what the asking user may see."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from apps.core.i18n import name_rank, order_by_names
from apps.core.models import Assembly
from apps.delegations.models import (
    AccreditationStatus,
    Credentials,
    Delegate,
    Delegation,
    DelegationSettings,
    MemberCountry,
    Organisation,
)
from apps.delegations.permissions import (
    can_view_all_credentials,
    can_view_all_delegates,
    can_view_all_delegations,
)

# Delegates that take a place in the quota.
COUNTED = (AccreditationStatus.DRAFT, AccreditationStatus.SUBMITTED, AccreditationStatus.APPROVED)

NAME_FIELDS = ("name_en", "name_fr", "name_es", "name_ar")
# An organisation's English name has no suffix (`name`), like a room's.
ORGANISATION_NAME_FIELDS = ("name", "name_fr", "name_es", "name_ar")


def complete_delegation_q() -> Q:
    """A registered delegation with nothing left to do (what `delegation_summary` would list as
    missing): delegates, none in draft, and for a member its credentials' letter, head and
    voting delegate."""
    delegates = Delegate.objects.filter(delegation=OuterRef("pk"))
    drafts = delegates.filter(accreditation_status=AccreditationStatus.DRAFT)
    credentials_done = (
        ~Q(credentials__letter="")
        & Q(credentials__letter__isnull=False)
        & Q(credentials__head__isnull=False)
        & Q(credentials__voting_delegate__isnull=False)
    )
    return (
        Q(status=Delegation.Status.REGISTERED)
        & Exists(delegates)
        & ~Exists(drafts)
        & (~Q(kind__in=[Delegation.Kind.MEMBER, Delegation.Kind.HOST]) | credentials_done)
    )


def _own(qs: QuerySet, user, path: str = "delegation__focal_points") -> QuerySet:
    """What the user's own delegations hold: nothing for an account that is no focal point
    (a staff account without permissions included)."""
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    return qs.filter(**{path: user})


def delegations_for_user(user, *, assembly: Assembly) -> QuerySet[Delegation]:
    """Organisers see every delegation of the assembly; a focal point only their own."""
    qs = Delegation.objects.filter(assembly=assembly).select_related("country", "organisation")
    if can_view_all_delegations(user):
        return qs
    return _own(qs, user, "focal_points")


def delegation_of(user, *, assembly: Assembly) -> Delegation | None:
    """The delegation a focal point works for at this assembly; None for anyone else."""
    if not user.is_authenticated:
        return None
    return (
        Delegation.objects.filter(assembly=assembly, focal_points=user)
        .select_related("country", "organisation", "assembly")
        .first()
    )


def focal_points_of(*delegations: Delegation, active_only: bool = False) -> list:
    """The focal points of these delegations, each once, in the order met.

    `active_only` leaves out accounts not (or no longer) active; an invited focal point who has
    not yet used their link is inactive, yet still receives the delegation's e-mails.
    """
    users: dict[int, Any] = {}
    for delegation in delegations:
        people = delegation.focal_points.all()
        if active_only:
            people = people.filter(is_active=True)
        for user in people:
            users.setdefault(user.pk, user)
    return list(users.values())


def member_countries() -> QuerySet[MemberCountry]:
    """Active member countries in the reader's alphabetical order ("Suède", "Tchad", "Togo")."""
    return countries_by_name(MemberCountry.objects.filter(active=True))


def countries_by_name(countries: QuerySet[MemberCountry]) -> QuerySet[MemberCountry]:
    """`countries` ordered by their names in the active language's alphabet."""
    names = {c.pk: c.name for c in countries.only("pk", *NAME_FIELDS)}
    return order_by_names(countries, names)


def country_rank(field: str = "country_id") -> Any:
    """Each row's country in the reader's alphabetical order, for `alias(country_rank=...)` on
    delegations (organisations, without a country, come last)."""
    names = {c.pk: c.name for c in MemberCountry.objects.only("pk", *NAME_FIELDS)}
    return name_rank(names, field=field)


def organisation_rank(field: str = "organisation_id") -> Any:
    """Each row's organisation in the reader's alphabetical order of their names in the
    reader's language, for `alias(organisation_rank=...)` (rows without one come last)."""
    names = {
        o.pk: o.display_name
        for o in Organisation.objects.only("pk", "acronym", *ORGANISATION_NAME_FIELDS)
    }
    return name_rank(names, field=field)


def delegations_by_name(delegations: QuerySet[Delegation]) -> QuerySet[Delegation]:
    """`delegations` ordered by their names (the country's or the organisation's, in the active
    language's alphabet)."""
    rows = delegations.select_related("country", "organisation")
    return order_by_names(delegations, {d.pk: d.name for d in rows})


# Member countries and organisations by each of their four names, read once per request or
# Celery task (an e-mail or the outbox list names many countries): forgotten when a request or
# a task starts and when a country or an organisation is saved.
_known_countries = threading.local()


def forget_country_names(**_signal: Any) -> None:
    _known_countries.by_name = None


def _countries_by_name() -> dict[str, MemberCountry | Organisation]:
    by_name = getattr(_known_countries, "by_name", None)
    if by_name is None:
        by_name = {}
        organisations = Organisation.objects.only("acronym", *ORGANISATION_NAME_FIELDS)
        for organisation in organisations.order_by("-name"):
            for field in ORGANISATION_NAME_FIELDS:
                name = getattr(organisation, field)
                if name:
                    by_name[name] = organisation
                    if organisation.acronym:  # as a delegation's name reads it
                        by_name[f"{name} ({organisation.acronym})"] = organisation
        for country in MemberCountry.objects.only(*NAME_FIELDS).order_by("-name_en"):
            by_name.update(
                {getattr(country, f): country for f in NAME_FIELDS if getattr(country, f)}
            )
        _known_countries.by_name = by_name
    return by_name


def country_name_in_language(name_en: str) -> str:
    """A member country's or an organisation's name (in any of the four languages: an
    e-mail's context keeps it as its sender read it) in the active language; other names as
    written."""
    found = _countries_by_name().get(name_en)
    if found is None:
        return name_en
    if isinstance(found, Organisation) and name_en in {
        getattr(found, field) for field in ORGANISATION_NAME_FIELDS
    }:
        return found.display_name  # the name alone was stored: no acronym added
    return str(found)


def delegation_settings(assembly: Assembly) -> DelegationSettings:
    """The assembly's defaults; created with the standard values the first time they are read."""
    found, _created = DelegationSettings.objects.get_or_create(assembly=assembly)
    return found


def quota_of(delegation: Delegation) -> int:
    if delegation.quota is not None:
        return delegation.quota
    return delegation_settings(delegation.assembly).quota_for(delegation)


def delegates_for_user(user, *, assembly: Assembly) -> QuerySet[Delegate]:
    """Delegates the user may see: all of the assembly for organisers, their own otherwise."""
    qs = Delegate.objects.filter(delegation__assembly=assembly).select_related(
        "delegation__country", "delegation__organisation"
    )
    if can_view_all_delegates(user):
        return qs
    return _own(qs, user)


def delegates_of(delegation: Delegation) -> QuerySet[Delegate]:
    return delegation.delegates.order_by("family_name", "given_names", "pk")


def credentials_for_user(user, *, assembly: Assembly) -> QuerySet[Credentials]:
    qs = Credentials.objects.filter(delegation__assembly=assembly).select_related(
        "delegation__country",
        "delegation__organisation",
        "head",
        "voting_delegate",
        "alternate",
        "decided_by",
    )
    if can_view_all_credentials(user):
        return qs
    return _own(qs, user)


def letters_for_user(user) -> QuerySet[Credentials]:
    """Credentials with a letter the user may open: any for organisers allowed to see
    credentials, their own delegation's for a focal point, none for anyone else."""
    qs = Credentials.objects.exclude(letter="").select_related(
        "delegation__country", "delegation__organisation"
    )
    if can_view_all_credentials(user):
        return qs
    return _own(qs, user)


def photos_for_user(user) -> QuerySet[Delegate]:
    """Delegates with a photo the user may see, scoped like `letters_for_user`."""
    qs = Delegate.objects.exclude(photo="")
    if can_view_all_delegates(user):
        return qs
    return _own(qs, user)


def credentials_of(delegation: Delegation) -> Credentials | None:
    return (
        Credentials.objects.filter(delegation=delegation)
        .select_related("head", "voting_delegate", "alternate")
        .first()
    )


@dataclass(frozen=True)
class ToDo:
    """One thing the delegation still has to do, and the portal page where it is done."""

    text: str
    url: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class HeadOfDelegation:
    """Who heads the delegation, by the one rule the table and "Still to do" share.

    The head designated on the credentials counts; failing that, the delegate registered with
    the function "head of delegation" (who still has to be designated once approved).
    """

    delegate: Delegate | None
    designated: bool

    @property
    def pk(self) -> int | None:
        return self.delegate.pk if self.delegate is not None else None


def head_of_delegation(
    delegates: list[Delegate], credentials: Credentials | None
) -> HeadOfDelegation:
    if credentials is not None and credentials.head_id is not None:
        found = next((d for d in delegates if d.pk == credentials.head_id), credentials.head)
        return HeadOfDelegation(delegate=found, designated=True)
    declared = next(
        (
            d
            for d in delegates
            if d.function == Delegate.Function.HEAD
            and d.accreditation_status != AccreditationStatus.WITHDRAWN
        ),
        None,
    )
    return HeadOfDelegation(delegate=declared, designated=False)


@dataclass(frozen=True)
class DelegationSummary:
    """What the dashboard says about a delegation: counts, quota, its head, what is missing."""

    quota: int
    counts: dict[str, int]
    used: int
    credentials: Credentials | None
    todo: list[ToDo]
    head: HeadOfDelegation

    @property
    def remaining(self) -> int:
        return max(self.quota - self.used, 0)

    @property
    def missing(self) -> list[str]:
        return [item.text for item in self.todo]


def delegation_summary(delegation: Delegation, *, delegates: list[Delegate]) -> DelegationSummary:
    from django.urls import reverse
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    counts = dict.fromkeys(AccreditationStatus.values, 0)
    for delegate in delegates:
        counts[delegate.accreditation_status] += 1
    used = sum(counts[status] for status in COUNTED)
    credentials = credentials_of(delegation) if delegation.is_member else None
    head = head_of_delegation(delegates, credentials)
    overview = reverse("delegations:dashboard")
    credentials_page = reverse("delegations:credentials")
    todo: list[ToDo] = []
    if counts[AccreditationStatus.DRAFT]:
        todo.append(
            ToDo(
                ngettext(
                    "%(count)d delegate not yet submitted",
                    "%(count)d delegates not yet submitted",
                    counts[AccreditationStatus.DRAFT],
                )
                % {"count": counts[AccreditationStatus.DRAFT]},
                overview + "#delegates-title",
            )
        )
    if not delegates:
        todo.append(ToDo(_("no delegates registered yet"), reverse("delegations:delegate_create")))
    if delegation.is_member:
        if credentials is None or not credentials.letter:
            todo.append(ToDo(_("credentials missing"), credentials_page + "#letter-title"))
        elif credentials.voting_delegate_id is None:
            todo.append(
                ToDo(_("voting delegate not designated"), credentials_page + "#designate-title")
            )
        if head.delegate is None:
            todo.append(
                ToDo(
                    _("no head of delegation: register one, or designate one on the credentials"),
                    reverse("delegations:delegate_create"),
                )
            )
        elif not head.designated:
            if head.delegate.accreditation_status == AccreditationStatus.APPROVED:
                text = _("designate %(name)s as head of delegation on the credentials") % {
                    "name": head.delegate.full_name
                }
            else:
                text = _(
                    "%(name)s (head of delegation) is to be approved, then designated "
                    "on the credentials"
                ) % {"name": head.delegate.full_name}
            todo.append(ToDo(text, credentials_page + "#designate-title"))
    return DelegationSummary(
        quota=quota_of(delegation),
        counts=counts,
        used=used,
        credentials=credentials,
        todo=todo,
        head=head,
    )


def with_delegate_counts(delegations: QuerySet[Delegation]) -> QuerySet[Delegation]:
    """For organisers' lists: each delegation with its delegates counted, in total and by state."""
    return delegations.annotate(
        n_total=Count("delegates", distinct=True),
        n_submitted=Count(
            "delegates",
            filter=Q(delegates__accreditation_status=AccreditationStatus.SUBMITTED),
            distinct=True,
        ),
        n_approved=Count(
            "delegates",
            filter=Q(delegates__accreditation_status=AccreditationStatus.APPROVED),
            distinct=True,
        ),
    )


def voting_roll(assembly: Assembly) -> QuerySet[Credentials]:
    """Member delegations whose credentials are accepted or provisional, with who votes."""
    return (
        Credentials.objects.filter(
            delegation__assembly=assembly,
            delegation__kind__in=[Delegation.Kind.MEMBER, Delegation.Kind.HOST],
            status__in=[Credentials.Status.ACCEPTED, Credentials.Status.PROVISIONAL],
        )
        .select_related("delegation__country", "voting_delegate", "alternate", "head")
        .alias(country_rank=country_rank(field="delegation__country_id"))
        .order_by("country_rank", "pk")
    )
