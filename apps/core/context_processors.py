"""What every page needs: the current assembly and the navigation the apps contribute."""

from __future__ import annotations

from django.apps import apps
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from apps.core.access import is_organiser
from apps.core.selectors import current_assembly


def portal_navigation(request) -> list[dict]:
    """Links from each app's AppConfig.portal_nav: (url name, label, audience).

    Audience is "all" (anyone signed in), "delegation" (focal points) or "organiser".
    """
    user = request.user
    if not user.is_authenticated:
        return []
    organiser = is_organiser(user)
    items = []
    for config in apps.get_app_configs():
        for url_name, label, audience in getattr(config, "portal_nav", ()):
            if audience == "organiser" and not organiser:
                continue
            if audience == "delegation" and organiser:
                continue
            items.append({"url": reverse(url_name), "label": label, "active": False})
    # The deepest link that contains the current page is the active one (/meetings/schedule/
    # belongs to "My meetings", not to "Requests" at /meetings/).
    matches = [item for item in items if request.path.startswith(item["url"])]
    if matches:
        max(matches, key=lambda item: len(item["url"]))["active"] = True
    return items


def portal(request) -> dict:
    return {
        "current_assembly": SimpleLazyObject(current_assembly),
        "portal_nav": SimpleLazyObject(lambda: portal_navigation(request)),
        "is_organiser": SimpleLazyObject(lambda: is_organiser(request.user)),
    }
