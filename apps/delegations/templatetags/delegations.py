"""Badges of accreditation and credentials states."""

from django import template

register = template.Library()

BADGES = {
    "draft": "badge",
    "submitted": "badge badge-info",
    "approved": "badge badge-ok",
    "rejected": "badge badge-err",
    "withdrawn": "badge",
    "pending": "badge badge-info",
    "accepted": "badge badge-ok",
    "provisional": "badge badge-warn",
    "contested": "badge badge-err",
}


@register.filter
def badge_class(status: str) -> str:
    return BADGES.get(status, "badge")
