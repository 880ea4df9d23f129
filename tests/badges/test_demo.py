"""The demo assembly gets zones, categories and badges through the services; twice changes
nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from apps.badges.models import Badge, BadgeCategory, Participant, Zone
from apps.core.models import Assembly

pytestmark = pytest.mark.django_db


def test_seed_demo_badges_twice_changes_nothing(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", verbosity=0)
    assembly = Assembly.objects.get(number=93)
    counts = (
        Zone.objects.filter(assembly=assembly).count(),
        BadgeCategory.objects.filter(assembly=assembly).count(),
        Participant.objects.filter(assembly=assembly, approved=True).count(),
        Badge.objects.filter(assembly=assembly).count(),
    )

    call_command("seed_demo", verbosity=0)

    assert counts[:3] == (6, 9, 3)
    assert counts[3] > 3
    assert (
        Zone.objects.filter(assembly=assembly).count(),
        BadgeCategory.objects.filter(assembly=assembly).count(),
        Participant.objects.filter(assembly=assembly, approved=True).count(),
        Badge.objects.filter(assembly=assembly).count(),
    ) == counts
