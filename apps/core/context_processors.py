"""What every page needs: the current assembly and the navigation the apps contribute."""

from __future__ import annotations

import copy

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


def admin_editions(request) -> dict:
    """The edition selector of the admin header: the chosen edition, every edition to choose
    from, and the zone its times are read and typed in."""
    from django.utils import timezone

    from apps.core.editions import admin_edition
    from apps.core.models import Assembly
    from apps.core.timezones import zone_label

    edition = admin_edition(request)
    return {
        "edition": edition,
        "editions": list(Assembly.objects.only("pk", "name", "number", "state")),
        "edition_zone": zone_label(timezone.now(), edition.tz, edition.display_city)
        if edition
        else "",
    }


def _closed_for_delegations(request) -> list:
    """What the edition no longer lets delegations do, shown on every portal page to people
    who work for a delegation (organisers are not bound by it)."""
    from apps.core.editions import closed_notices

    user = request.user
    if not user.is_authenticated or is_organiser(user):
        return []
    return closed_notices(getattr(request, "assembly", None))


def displayed_assembly():
    """The current assembly as pages show it: a copy (never saved) whose name, city, venue and
    host country are in the reader's language, so every template that prints
    `current_assembly.name` or `.city` reads "مراكش" in Arabic (apps/core/i18n.py)."""
    assembly = current_assembly()
    if assembly is None:
        return None
    shown = copy.copy(assembly)
    shown.name = assembly.display_name
    shown.city = assembly.display_city
    shown.venue_name = assembly.display_venue
    shown.country = assembly.display_country
    return shown


def portal(request) -> dict:
    in_admin = request.path.startswith(reverse("admin:index"))
    return {
        "admin_editions": SimpleLazyObject(lambda: admin_editions(request)) if in_admin else None,
        "current_assembly": SimpleLazyObject(displayed_assembly),
        "closed_actions": SimpleLazyObject(lambda: _closed_for_delegations(request)),
        "portal_nav": SimpleLazyObject(lambda: portal_navigation(request)),
        "is_organiser": SimpleLazyObject(lambda: is_organiser(request.user)),
    }
