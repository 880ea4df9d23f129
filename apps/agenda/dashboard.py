"""Today's sessions on the organisers' dashboard (registered in AppConfig.ready())."""

from __future__ import annotations

import datetime as dt

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.agenda.models import Session
from apps.agenda.selectors import local_day_bounds
from apps.core.dashboard import Figure, Section, changelist_url, local_today
from apps.core.models import Assembly


def today_title() -> str:
    return _("Today")


def sessions_today_section(assembly: Assembly, user, now: dt.datetime) -> Section | None:
    """Sessions held today at the venue (not cancelled): one query."""
    if not user.has_perm("agenda.view_session"):
        return None
    day = local_today(assembly, now)
    start, end = local_day_bounds(day, assembly=assembly)
    count = Session.objects.filter(
        assembly=assembly, starts_at__gte=start, starts_at__lt=end, cancelled=False
    ).count()
    return Section(
        today_title(),
        [
            Figure(
                _("sessions today"),
                count,
                changelist_url("agenda_session", day=day.isoformat(), cancelled__exact=0),
                note=date_format(day, "DATE_FORMAT"),
            )
        ],
    )
