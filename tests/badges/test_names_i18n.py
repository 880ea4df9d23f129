"""Zones and badge categories have names in the four languages: the portal, the gate and the API
show the reader's (English where not translated), the API gives all four, the next edition
carries them, and the printed badge keeps the English name."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from apps.badges import services
from apps.badges.models import BadgeCategory, Zone
from apps.badges.pdf import badge_token, card_for
from apps.core.services import prepare_next_edition

pytestmark = pytest.mark.django_db


@pytest.fixture
def translated(zones, categories, organiser):
    head, plenary = categories["delegate"], zones["plenary"]
    head.name_fr, head.name_es, head.name_ar = ("Délégué", "Delegado", "مندوب")
    services.save_config(obj=head, by=organiser, changed=["name_fr", "name_es", "name_ar"])
    plenary.name_fr, plenary.name_ar = "Salle plénière", "القاعة العامة"  # no Spanish
    services.save_config(obj=plenary, by=organiser, changed=["name_fr", "name_ar"])
    return head, plenary


def test_names_follow_the_readers_language_with_english_as_fallback(translated):
    head, plenary = translated
    with translation.override("ar"):
        assert (head.display_name, plenary.display_name) == ("مندوب", "القاعة العامة")
    with translation.override("es"):
        assert (head.display_name, str(plenary)) == ("Delegado", "Plenary hall")
    with translation.override("en"):
        assert str(head) == "Delegate"


def test_api_gives_the_four_names_and_the_readers_one(translated, badge, organiser):
    api = APIClient()
    api.force_authenticate(organiser)
    row = api.get(reverse("api:badge-detail", args=[badge.pk]), HTTP_ACCEPT_LANGUAGE="fr").json()
    assert row["category_names"] == {
        "name": "Delegate",
        "name_fr": "Délégué",
        "name_es": "Delegado",
        "name_ar": "مندوب",
    }
    assert row["category"] == "Délégué"


def test_portal_own_badges_page_in_arabic(client, translated, badge, delegation):
    user = delegation.focal_points.get()
    user.preferred_language = "ar"
    user.save()
    client.force_login(user)
    html = client.get(reverse("badges:own"), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "<bdi>مندوب</bdi>" in html
    assert "<bdi>Delegate</bdi>" not in html


def test_gate_verdict_and_bundle_in_the_staff_members_language(
    translated, badge, zones, gate_staff, during
):
    api = APIClient()
    api.force_authenticate(gate_staff)
    with translation.override("fr"):
        verdict = api.post(
            reverse("api:badge-scan-record"),
            {
                "scan_id": str(uuid.uuid4()),
                "zone": zones["plenary"].pk,
                "gate": "North 1",
                "direction": "in",
                "token": badge_token(badge),
            },
            format="json",
            HTTP_ACCEPT_LANGUAGE="fr",
        ).json()
        bundle = api.get(
            reverse("api:badge-gate-bundle"),
            {"zone": zones["plenary"].pk},
            HTTP_ACCEPT_LANGUAGE="fr",
        ).json()
    assert verdict["category"] == "Délégué"
    assert bundle["zone"]["name"] == "Salle plénière"
    assert bundle["roster"][0]["category"] == "Délégué"


def test_the_printed_badge_keeps_the_english_names(translated, badge):
    with translation.override("ar"):
        card = card_for(badge)
    assert card.category == "Delegate"
    assert "Plenary hall" in card.zones


def test_next_edition_carries_the_translations(assembly, organiser, translated):
    new, _counts = prepare_next_edition(
        previous=assembly,
        by=organiser,
        number=94,
        name="94th INTERPOL General Assembly",
        city="Hong Kong",
        country="China",
        time_zone="Asia/Hong_Kong",
        start_date=dt.date(2026, 11, 16),
        end_date=dt.date(2026, 11, 19),
    )
    head = BadgeCategory.objects.get(assembly=new, code="delegate")
    plenary = Zone.objects.get(assembly=new, code="plenary")
    assert (head.name_fr, head.name_es, head.name_ar) == ("Délégué", "Delegado", "مندوب")
    assert (plenary.name_fr, plenary.name_es, plenary.name_ar) == (
        "Salle plénière",
        "",
        "القاعة العامة",
    )


def test_admin_groups_the_names_and_shows_the_participant_photo(
    client, organiser, assembly, categories, tmp_path, settings
):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from apps.badges.models import Participant

    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(organiser)
    page = client.get(reverse("admin:badges_badgecategory_change", args=[categories["head"].pk]))
    html = page.content.decode()
    assert page.status_code == 200
    for field in ("name_fr", "name_es", "name_ar"):
        assert f'name="{field}"' in html

    out = io.BytesIO()
    Image.new("RGB", (60, 80), (10, 200, 10)).save(out, "JPEG")
    participant = Participant(
        assembly=assembly,
        family_name="Alaoui",
        given_names="Youssef",
        organisation="Host committee",
        category=categories["media"],
    )
    participant.photo = SimpleUploadedFile("p.jpg", out.getvalue(), content_type="image/jpeg")
    participant = services.save_config(obj=participant, by=organiser)
    page = client.get(reverse("admin:badges_participant_change", args=[participant.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'src="data:image/jpeg;base64,' in html
    assert 'name="photo"' in html


def test_zones_are_listed_in_the_readers_alphabet(zones, organiser):
    from apps.badges.selectors import zones_of

    names = {"plenary": "القاعة العامة", "press": "قاعة الصحافة", "lounge": "استراحة المندوبين"}
    for code, arabic in names.items():
        zones[code].name_ar = arabic
        services.save_config(obj=zones[code], by=organiser, changed=["name_ar"])
    assembly = zones["plenary"].assembly

    with translation.override("en"):
        english = [zone.display_name for zone in zones_of(assembly)]
    with translation.override("ar"):
        arabic = [zone.display_name for zone in zones_of(assembly)]

    assert english == ["Delegates' lounge", "Plenary hall", "Press room"]
    assert arabic == ["استراحة المندوبين", "القاعة العامة", "قاعة الصحافة"]
