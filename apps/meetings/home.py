"""The bilateral meetings' part of the portal home page (registered in MeetingsConfig.ready)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.core.editions import Action, format_deadline
from apps.core.home import Deadline, HomeItem, HomeSection, deadline
from apps.core.models import Assembly
from apps.delegations.selectors import delegation_of
from apps.meetings import selectors


def meetings_home_section(user, assembly: Assembly) -> HomeSection | None:
    delegation = delegation_of(user, assembly=assembly)
    if delegation is None:
        return None
    awaiting = selectors.awaiting_answer_count(delegation=delegation)
    to_confirm = selectors.meetings_to_confirm(delegation=delegation).count()
    todo = []
    if awaiting:
        todo.append(
            HomeItem(
                ngettext(
                    "%(count)d meeting request awaits your answer",
                    "%(count)d meeting requests await your answer",
                    awaiting,
                )
                % {"count": awaiting},
                reverse("meetings:requests") + "?status=awaiting#incoming-title",
                tone="warn",
            )
        )
    if to_confirm:
        todo.append(
            HomeItem(
                ngettext(
                    "%(count)d meeting to confirm",
                    "%(count)d meetings to confirm",
                    to_confirm,
                )
                % {"count": to_confirm},
                reverse("meetings:schedule"),
                tone="warn",
            )
        )
    deadlines = [
        deadline(assembly, Action.REQUEST_MEETINGS, url=reverse("meetings:request_create"))
    ]
    first_due = selectors.next_answer_due(delegation=delegation)
    if first_due is not None and first_due.respond_by is not None:
        deadlines.append(
            Deadline(
                label=_("Answer to %(name)s") % {"name": first_due.other_side(delegation)},
                at=first_due.respond_by,
                when=format_deadline(first_due.respond_by, assembly),
                url=reverse("meetings:request_detail", args=[first_due.pk]),
            )
        )
    return HomeSection(title=_("Bilateral meetings"), todo=todo, deadlines=deadlines)
