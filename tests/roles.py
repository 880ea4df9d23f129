"""Accounts for each organiser role, for tests that check access by role."""

from __future__ import annotations

from django.contrib.auth.models import Group

from apps.accounts.roles import sync_roles
from tests.factories import UserFactory


def staff_user(email: str, role: str | None = None):
    """A staff account in `role` (a group of apps.accounts.roles), or in no group at all."""
    user = UserFactory(email=email, full_name=email.split("@")[0].title(), is_staff=True)
    if role is not None:
        sync_roles()
        user.groups.add(Group.objects.get(name=role))
    return user
