"""The organisers' dashboard on the admin's index: {% organiser_dashboard as sections %}."""

from __future__ import annotations

from django import template

from apps.core.dashboard import Section, dashboard

register = template.Library()


@register.simple_tag(takes_context=True)
def organiser_dashboard(context) -> list[Section]:
    """The sections of the assembly the page shows (`current_assembly` of the context) that
    the signed-in user may see."""
    request = context.get("request")
    if request is None:
        return []
    assembly = context.get("current_assembly")
    return dashboard(request.user, assembly=assembly or None)
