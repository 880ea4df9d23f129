"""The delegation's part of the portal home page (registered in DelegationsConfig.ready)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from apps.core.editions import Action
from apps.core.home import HomeItem, HomeSection, deadline
from apps.core.models import Assembly
from apps.delegations import selectors


def delegation_home_section(user, assembly: Assembly) -> HomeSection | None:
    delegation = selectors.delegation_of(user, assembly=assembly)
    if delegation is None:
        return None
    delegates = list(selectors.delegates_of(delegation))
    summary = selectors.delegation_summary(delegation, delegates=delegates)
    status = [
        _("Registration: %(status)s") % {"status": delegation.get_status_display()},
        _(
            "%(used)d of %(quota)d places used; %(approved)d approved, %(submitted)d awaiting a "
            "decision"
        )
        % {
            "used": summary.used,
            "quota": summary.quota,
            "approved": summary.counts["approved"],
            "submitted": summary.counts["submitted"],
        },
    ]
    if delegation.is_member:
        credentials = summary.credentials
        status.append(
            _("Credentials: %(status)s")
            % {
                "status": credentials.get_status_display()
                if credentials is not None and credentials.letter
                else _("missing")
            }
        )
    todo = [
        HomeItem(text=item.text[:1].upper() + item.text[1:], url=item.url, tone="warn")
        for item in summary.todo
    ]
    deadlines = [
        deadline(assembly, Action.REGISTER_DELEGATES, url=reverse("delegations:dashboard"))
    ]
    if delegation.is_member:
        deadlines.append(
            deadline(assembly, Action.SEND_CREDENTIALS, url=reverse("delegations:credentials"))
        )
    return HomeSection(title=delegation.name, status=status, todo=todo, deadlines=deadlines)
