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


@register.filter
def country_name(name: str) -> str:
    """A member country's English name (as an e-mail's stored context holds it) in the reader's
    language: "Morocco" reads "المغرب" in an Arabic e-mail. Other names stay as written."""
    from apps.delegations.selectors import country_name_in_language

    return country_name_in_language(str(name)) if name else ""
