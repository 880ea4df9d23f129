"""The secret address of a calendar feed: derived, checked by deriving it again, never stored.

token = "<feed id>.<HMAC(key outside the database, feed id, version)>"; rotating the feed
(version + 1) ends every address given out before.
"""

from __future__ import annotations

from apps.agenda.models import CalendarFeed
from apps.core.secrets import derive_token, token_matches

PURPOSE = "agenda.feed"


def feed_token(feed: CalendarFeed) -> str:
    return f"{feed.pk}.{derive_token(PURPOSE, feed.pk, feed.version)}"


def feed_by_token(token: str) -> CalendarFeed | None:
    """The feed a token opens, with its owner; None for a token that is not (or no longer) one."""
    pk, _dot, mac = (token or "").partition(".")
    if not (pk.isascii() and pk.isdigit() and len(pk) <= 18 and 0 < len(mac) <= 64):
        return None
    feed = (
        CalendarFeed.objects.select_related(
            "delegation__assembly",
            "delegation__country",
            "delegation__organisation",
            "delegate__delegation__assembly",
            "delegate__delegation__country",
            "delegate__delegation__organisation",
        )
        .filter(pk=int(pk))
        .first()
    )
    if feed is None or not token_matches(mac, PURPOSE, feed.pk, feed.version):
        return None
    return feed
