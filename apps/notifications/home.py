"""The inbox's part of the portal home page (registered in NotificationsConfig.ready)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.core.home import HomeItem, HomeSection
from apps.core.models import Assembly
from apps.notifications import selectors


def inbox_home_section(user, assembly: Assembly) -> HomeSection | None:
    unread = selectors.unread_count_for(user)
    if not unread:
        return None
    return HomeSection(
        title=_("Inbox"),
        todo=[
            HomeItem(
                ngettext("%(count)d unread message", "%(count)d unread messages", unread)
                % {"count": unread},
                reverse("notifications:inbox"),
            )
        ],
    )
