"""The demo assembly gets zones, categories and badges through the services; twice changes
nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from apps.badges.models import Badge, BadgeCategory, MediaApplication, Participant, Zone
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
        sorted(MediaApplication.objects.filter(assembly=assembly).values_list("outlet", "status")),
    )

    call_command("seed_demo", verbosity=0)

    # Three participants of the demo and the approved journalist.
    assert counts[:3] == (6, 9, 4)
    assert counts[3] > 3
    assert (
        Zone.objects.filter(assembly=assembly).count(),
        BadgeCategory.objects.filter(assembly=assembly).count(),
        Participant.objects.filter(assembly=assembly, approved=True).count(),
        Badge.objects.filter(assembly=assembly).count(),
        sorted(MediaApplication.objects.filter(assembly=assembly).values_list("outlet", "status")),
    ) == counts
    assert sorted(status for _outlet, status in counts[4]) == [
        "approved",
        "pending",
        "pending",
        "refused",
    ]
    approved = MediaApplication.objects.get(assembly=assembly, status="approved")
    assert approved.participant is not None
    assert approved.participant.approved
    assert Badge.objects.filter(participant=approved.participant).exists()
    assert approved.participant.category.code == "media"
    refused = MediaApplication.objects.get(assembly=assembly, status="refused")
    assert refused.reason


def test_demo_zones_and_categories_are_named_in_four_languages(settings, tmp_path):
    from django.utils import translation

    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", verbosity=0)
    assembly = Assembly.objects.get(number=93)
    head = BadgeCategory.objects.get(assembly=assembly, code="head")
    plenary = Zone.objects.get(assembly=assembly, code="plenary")
    assert (head.name, head.name_fr, head.name_es, head.name_ar) == (
        "Head of delegation",
        "Chef de délégation",
        "Jefe de delegación",
        "رئيس الوفد",
    )
    assert (plenary.name, plenary.name_fr, plenary.name_es, plenary.name_ar) == (
        "Plenary hall",
        "Salle plénière",
        "Sala plenaria",
        "القاعة العامة",
    )
    for model in (Zone, BadgeCategory):
        assert not model.objects.filter(assembly=assembly, name_ar="").exists()
        assert not model.objects.filter(assembly=assembly, name_fr="").exists()
        assert not model.objects.filter(assembly=assembly, name_es="").exists()
    with translation.override("ar"):
        assert str(head) == "رئيس الوفد"
    with translation.override("fr"):
        assert plenary.display_name == "Salle plénière"
