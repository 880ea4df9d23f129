"""Who may do what with the agenda."""

from __future__ import annotations

from apps.agenda.models import CalendarFeed
from apps.delegations.models import Delegation
from apps.delegations.permissions import is_focal_point


def can_edit_sessions(user) -> bool:
    return user.has_perm("agenda.change_session")


def can_view_all_sessions(user) -> bool:
    """Organisers who see drafts and every "by invitation" session."""
    return user.has_perm("agenda.view_session")


def can_manage_calendar_feeds(user, delegation: Delegation) -> bool:
    """A delegation's focal points manage its feeds (and its delegates'); organisers too."""
    if not user.is_authenticated:
        return False
    if user.has_perm("agenda.change_calendarfeed"):
        return True
    return is_focal_point(user, delegation)


def feed_delegation(feed: CalendarFeed) -> Delegation:
    """The delegation whose programme the feed holds (its own, or its delegate's)."""
    if feed.delegation is not None:
        return feed.delegation
    if feed.delegate is None:  # a constraint holds one or the other
        raise ValueError(f"calendar feed {feed.pk} has neither delegation nor delegate")
    return feed.delegate.delegation
