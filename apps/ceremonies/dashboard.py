"""Today's ceremonies on the organisers' dashboard (registered in AppConfig.ready())."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from apps.agenda.dashboard import today_title
from apps.agenda.selectors import local_day_bounds
from apps.ceremonies.models import Ceremony
from apps.core.dashboard import Figure, Section, changelist_url, local_today
from apps.core.models import Assembly


def ceremonies_today_section(assembly: Assembly, user, now: dt.datetime) -> Section | None:
    """Ceremonies whose session is held today at the venue: one query."""
    if not user.has_perm("ceremonies.view_ceremony"):
        return None
    day = local_today(assembly, now)
    start, end = local_day_bounds(day, assembly=assembly)
    count = Ceremony.objects.filter(
        assembly=assembly, session__starts_at__gte=start, session__starts_at__lt=end
    ).count()
    return Section(
        today_title(),
        [
            Figure(
                _("ceremonies today"),
                count,
                changelist_url("ceremonies_ceremony", day=day.isoformat()),
            )
        ],
    )
