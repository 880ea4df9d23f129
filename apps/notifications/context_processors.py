"""Optional: `apps.notifications.context_processors.inbox` gives every page the unread count.

The value is a callable the template engine calls on first use (and only then queries).
"""

from __future__ import annotations

import functools


def inbox(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"notifications_unread": 0}
    from apps.notifications.selectors import unread_count_for

    return {"notifications_unread": functools.cache(lambda: unread_count_for(user))}
