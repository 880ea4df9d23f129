"""Organiser roles as Django groups; their permissions are kept in step after every migrate.

A role names apps (all permissions), or (app, action) pairs, or single codenames; new apps
and models join a role by being listed here, not by hand in the admin.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

ORGANISER_ADMIN = "Organiser admin"
ORGANISER_READ_ONLY = "Organiser read-only"
CREDENTIALS_COMMITTEE = "Credentials committee"
TECHNICAL_OPERATOR = "Technical operator"
GATE_STAFF = "Gate staff"

PROJECT_APPS = [
    "core",
    "accounts",
    "delegations",
    "agenda",
    "meetings",
    "ceremonies",
    "notifications",
    "badges",
    "logistics",
    "elections",
]
# Nobody mints an API key for someone else (apps.accounts.api_tokens): whoever could would act
# as that user. Organisers with the accounts permissions may list and revoke keys.
# The beat schedule (django_celery_beat's tables) belongs to the technical operators only: an
# organiser who edits a periodic task can stop reminders or the dispatcher for everyone.
TECHNICAL_APPS = ["django_celery_beat"]

ROLE_DESCRIPTIONS = {
    ORGANISER_ADMIN: _("Everything organisers do: delegations, agenda, meetings, ceremonies."),
    ORGANISER_READ_ONLY: _("Sees everything in the administration, changes nothing."),
    CREDENTIALS_COMMITTEE: _("Decides on credentials; sees delegations and delegates."),
    TECHNICAL_OPERATOR: _(
        "Runs the system: the background jobs' schedule (periodic tasks), health and metrics."
    ),
    GATE_STAFF: _("Scans badges at the gates; nothing else."),
}


def role_permissions(role: str):
    perms = Permission.objects.select_related("content_type")
    if role == ORGANISER_ADMIN:
        return perms.filter(content_type__app_label__in=PROJECT_APPS).exclude(
            content_type__model="auditentry", codename__regex=r"^(add|change|delete)_"
        )
    if role == ORGANISER_READ_ONLY:
        return perms.filter(
            content_type__app_label__in=PROJECT_APPS,
            codename__startswith="view_",
        )
    if role == CREDENTIALS_COMMITTEE:
        return perms.filter(
            Q(content_type__app_label="delegations", codename__startswith="view_")
            | Q(content_type__app_label="delegations", codename__contains="credential")
            | Q(content_type__app_label="core", codename="view_assembly")
        )
    if role == TECHNICAL_OPERATOR:
        return perms.filter(
            Q(content_type__app_label__in=TECHNICAL_APPS)
            | Q(content_type__app_label="core", codename="view_heartbeat")
        )
    if role == GATE_STAFF:
        return perms.filter(content_type__app_label="badges", codename="scan_badge")
    raise ValueError(role)


def sync_roles() -> None:
    for role in ROLE_DESCRIPTIONS:
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.set(role_permissions(role))


def sync_roles_after_migrate(sender, app_config=None, using="default", **kwargs) -> None:
    """Once per migrate, on the last app's signal, when every app's permissions exist."""
    from django.apps import apps

    if app_config is not None and app_config is list(apps.get_app_configs())[-1]:
        sync_roles()
