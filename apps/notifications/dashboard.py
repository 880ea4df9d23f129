"""The outbox's health on the organisers' dashboard (registered in AppConfig.ready())."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.core.dashboard import Figure, Section, changelist_url
from apps.core.models import Assembly
from apps.notifications.models import Notification
from apps.notifications.selectors import outbox_health


def outbox_section(assembly: Assembly, user, now: dt.datetime) -> Section | None:
    """Pending, failed and the oldest due row of the outbox (one outbox for all editions):
    two queries."""
    if not user.has_perm("notifications.view_notification"):
        return None
    health = outbox_health(now=now)
    Status = Notification.Status
    minutes = round(health["oldest_due_seconds"] / 60)
    late = health["oldest_due_seconds"] > 5 * 60
    return Section(
        _("Outbox"),
        [
            Figure(
                _("messages pending"),
                health["pending"],
                changelist_url("notifications_notification", status__exact=Status.PENDING),
                note=ngettext("%(count)d due now", "%(count)d due now", health["due"])
                % {"count": health["due"]},
            ),
            Figure(
                _("messages failed"),
                health["failed"],
                changelist_url("notifications_notification", status__exact=Status.FAILED),
                tone="warn" if health["failed"] else "",
            ),
            Figure(
                _("oldest due, not yet sent"),
                ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
                if health["oldest_due_seconds"]
                else _("none"),
                changelist_url(
                    "notifications_notification",
                    status__exact=Status.PENDING,
                    due_at__lt=now.isoformat(timespec="seconds"),
                ),
                tone="warn" if late else "",
            ),
        ],
    )
