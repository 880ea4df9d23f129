"""The organisers' dashboard on the admin's index: {% organiser_dashboard as sections %}."""

from __future__ import annotations

from django import template

from apps.core.dashboard import Section, dashboard
from apps.core.editions import admin_edition

register = template.Library()


@register.simple_tag(takes_context=True)
def organiser_dashboard(context) -> list[Section]:
    """The sections of the edition the administration shows (the header's edition selector)
    that the signed-in user may see. Its links need no edition filter: every list is scoped
    to that same edition."""
    request = context.get("request")
    if request is None:
        return []
    return dashboard(request.user, assembly=admin_edition(request))
