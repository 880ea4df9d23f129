"""The delegations' figures on the organisers' dashboard (registered in AppConfig.ready())."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.core.dashboard import Figure, Section, changelist_url
from apps.core.models import Assembly
from apps.delegations.models import AccreditationStatus, Credentials, Delegate, Delegation
from apps.delegations.selectors import complete_delegation_q

MEMBER_KINDS = (Delegation.Kind.MEMBER, Delegation.Kind.HOST)


def delegation_figures(assembly: Assembly, user) -> list[Figure]:
    """Delegations registered, and how many of them have nothing left to do: one query."""
    if not user.has_perm("delegations.view_delegation"):
        return []
    counts = Delegation.objects.filter(assembly=assembly).aggregate(
        registered=Count("pk", filter=Q(status=Delegation.Status.REGISTERED)),
        complete=Count("pk", filter=complete_delegation_q()),
    )
    scope = {"status__exact": Delegation.Status.REGISTERED}
    return [
        Figure(
            _("delegations registered"),
            counts["registered"],
            changelist_url("delegations_delegation", **scope),
        ),
        Figure(
            _("of which complete"),
            counts["complete"],
            changelist_url("delegations_delegation", **scope, complete="yes"),
            note=_("delegates submitted, credentials, head and voting delegate"),
        ),
    ]


def delegate_figures(assembly: Assembly, user) -> list[Figure]:
    """Delegates submitted and waiting for an accreditation decision: one query."""
    if not user.has_perm("delegations.view_delegate"):
        return []
    waiting = Delegate.objects.filter(
        delegation__assembly=assembly, accreditation_status=AccreditationStatus.SUBMITTED
    ).count()
    return [
        Figure(
            _("delegates awaiting a decision"),
            waiting,
            changelist_url(
                "delegations_delegate",
                accreditation_status__exact=AccreditationStatus.SUBMITTED,
            ),
        )
    ]


def credentials_figures(assembly: Assembly, user) -> list[Figure]:
    """Credentials pending and contested, and the voting roll's size: one query."""
    if not user.has_perm("delegations.view_credentials"):
        return []
    Status = Credentials.Status
    counts = Credentials.objects.filter(delegation__assembly=assembly).aggregate(
        pending=Count("pk", filter=Q(status=Status.PENDING)),
        contested=Count("pk", filter=Q(status=Status.CONTESTED)),
        roll=Count(
            "pk",
            filter=Q(
                status__in=[Status.ACCEPTED, Status.PROVISIONAL],
                delegation__kind__in=MEMBER_KINDS,
            ),
        ),
    )
    figures = [
        Figure(
            label,
            counts[status],
            changelist_url(
                "delegations_credentials",
                status__exact=status,
            ),
            tone="warn" if status == Status.CONTESTED and counts[status] else "",
        )
        for status, label in (
            (Status.PENDING, _("credentials pending")),
            (Status.CONTESTED, _("credentials contested")),
        )
    ]
    if user.has_perm("delegations.view_delegation"):
        figures.append(
            Figure(
                _("voting roll"),
                counts["roll"],
                f"{reverse('admin:delegations_voting_roll')}?assembly={assembly.number}",
                note=_("member countries with accepted or provisional credentials"),
            )
        )
    return figures


def delegations_section(assembly: Assembly, user, now: dt.datetime) -> Section:
    return Section(
        _("Delegations and credentials"),
        [
            *delegation_figures(assembly, user),
            *delegate_figures(assembly, user),
            *credentials_figures(assembly, user),
        ],
    )
