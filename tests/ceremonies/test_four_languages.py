"""Cue descriptions, interpretation notes, precedence seats and guests' functions in four
languages: shown in the reader's language, carried to the next edition, read and written by the
API; and the admin's timeline beside the cues."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from apps.ceremonies import selectors, services
from apps.ceremonies.models import CeremonyTemplate, RoleKind
from apps.core.services import prepare_next_edition
from tests.ceremonies.factories import CueFactory
from tests.ceremonies.test_templates import NEXT, _hong_kong_session


@pytest.fixture
def staged(ceremony, organiser):
    """A cue with a description and notes for the interpreters in English and French, a guest
    flag bearer of the Hong Kong Police Force, and a seat in the order of precedence."""
    services.add_cue(
        ceremony=ceremony,
        title_en="Flag handover",
        title_fr="Passation du drapeau",
        duration_minutes=15,
        responsible_roles=[RoleKind.FLAG_BEARER],
        description="The bearers bring the flag from upstage",
        description_fr="Les porte-drapeaux apportent le drapeau du fond de scène",
        interpretation_notes="No speech: interpret the announcement only",
        interpretation_notes_ar="لا كلمة: تُترجم الإعلان فقط",
        by=organiser,
    )
    bearer = services.assign_role(
        ceremony=ceremony,
        kind=RoleKind.FLAG_BEARER,
        guest_name="WONG Ka-ho",
        guest_function="Hong Kong Police Force",
        guest_function_fr="Police de Hong Kong",
        guest_function_ar="قوة شرطة هونغ كونغ",
        call_time=ceremony.session.starts_at - dt.timedelta(minutes=30),
        by=organiser,
    )
    services.set_precedence(
        ceremony=ceremony,
        entries=[{"role": bearer, "seat": "Row A, seat 1", "seat_fr": "Rang A, siège 1"}],
        by=organiser,
    )
    return ceremony


@pytest.mark.django_db
def test_run_sheet_shows_description_notes_seat_and_function_in_the_readers_language(
    client, organiser, staged
):
    client.force_login(organiser)
    url = reverse("ceremonies:run_sheet", args=[staged.pk])

    french = client.get(url + "?lang=fr").content.decode()
    arabic = client.get(url + "?lang=ar").content.decode()

    assert "Les porte-drapeaux apportent le drapeau du fond de scène" in french
    assert "The bearers bring the flag" not in french
    assert "No speech: interpret the announcement only" in french  # no French: the English
    assert "WONG Ka-ho, Police de Hong Kong" in french
    assert "Rang A, siège 1" in french
    assert "لا كلمة: تُترجم الإعلان فقط" in arabic
    assert "WONG Ka-ho، قوة شرطة هونغ كونغ" in arabic
    assert "Hong Kong Police Force" not in arabic
    assert "Row A, seat 1" in arabic  # no Arabic written: the English


@pytest.mark.django_db
def test_the_new_translations_travel_to_the_next_edition(assembly, organiser, staged):
    new, _counts = prepare_next_edition(previous=assembly, by=organiser, **NEXT)
    template = CeremonyTemplate.objects.get(assembly=new)
    cue = template.cues.get()
    role = template.roles.get(kind=RoleKind.FLAG_BEARER)
    assert cue.description_fr == "Les porte-drapeaux apportent le drapeau du fond de scène"
    assert cue.interpretation_notes_ar == "لا كلمة: تُترجم الإعلان فقط"
    assert (role.guest_function, role.guest_function_fr) == (
        "Hong Kong Police Force",
        "Police de Hong Kong",
    )

    ceremony = services.create_ceremony_from_template(
        template=template,
        session=_hong_kong_session(new),
        incoming_label="Doha, Qatar",
        by=organiser,
    )

    cue = ceremony.cues.get()
    bearer = ceremony.roles.get(kind=RoleKind.FLAG_BEARER)
    with translation.override("fr"):
        assert cue.display_description.startswith("Les porte-drapeaux")
        assert bearer.person_label == "WONG Ka-ho, Police de Hong Kong"
    with translation.override("ar"):
        assert cue.display_interpretation_notes == "لا كلمة: تُترجم الإعلان فقط"


@pytest.mark.django_db
def test_api_reads_and_writes_the_four_languages(client, organiser, staged):
    client.force_login(organiser)
    detail = client.get(
        reverse("api:ceremony-detail", args=[staged.pk]), HTTP_ACCEPT_LANGUAGE="fr"
    ).json()

    row = detail["timeline"][0]
    assert row["cue"]["description_fr"].startswith("Les porte-drapeaux")
    assert row["cue"]["interpretation_notes_ar"] == "لا كلمة: تُترجم الإعلان فقط"
    assert detail["title_en"] == staged.title_en
    assert "notes_ar" in detail
    assert "incoming_label_fr" in detail
    bearer = next(role for role in detail["roles"] if role["role"] == RoleKind.FLAG_BEARER)
    assert bearer["guest_function_fr"] == "Police de Hong Kong"
    assert detail["precedence"][0]["seat_fr"] == "Rang A, siège 1"
    assert detail["rehearsals"] == []

    created = client.post(
        reverse("api:ceremony-cue-create", args=[staged.pk]),
        {
            "title_en": "Group photo",
            "duration_minutes": 5,
            "description": "Heads of delegation on the risers",
            "description_es": "Jefes de delegación en las gradas",
            "position_ar": "المدرجات",
            "interpretation_notes_fr": "Pas d'interprétation",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["description_es"], body["position_ar"], body["interpretation_notes_fr"]) == (
        "Jefes de delegación en las gradas",
        "المدرجات",
        "Pas d'interprétation",
    )
    too_long = client.post(
        reverse("api:ceremony-cue-create", args=[staged.pk]),
        {"title_en": "X", "duration_minutes": 1, "interpretation_notes_ar": "x" * 100_000},
        content_type="application/json",
    )
    assert too_long.status_code == 400


@pytest.mark.django_db
def test_admin_timeline_is_built_from_the_saved_cues_in_one_query(ceremony):
    for order, (title, minutes, roles) in enumerate(
        [("Welcome", 10, [RoleKind.MASTER_OF_CEREMONIES]), ("Flag", 20, [])], start=1
    ):
        CueFactory(
            ceremony=ceremony,
            order=order,
            title_en=title,
            duration_minutes=minutes,
            responsible_roles=roles,
        )
    ceremony = selectors.ceremony_for_organiser(assembly=ceremony.assembly, pk=ceremony.pk)

    with CaptureQueriesContext(connection) as queries:
        timeline = selectors.admin_timeline(ceremony)

    assert len(queries) == 1
    session_minutes = timeline.session_minutes
    assert [(bar.start, bar.minutes, bar.roles) for bar in timeline.bars] == [
        ("14:00", 10, ["master of ceremonies"]),
        ("14:10", 20, []),
    ]
    scale = max(30, session_minutes)
    assert timeline.bars[1].width_percent == round(100 * 20 / scale, 1)
    assert "Marrakech" in timeline.zone


@pytest.mark.django_db
def test_admin_shows_the_timeline_beside_compact_cue_rows_escaped(client, organiser, ceremony):
    CueFactory(ceremony=ceremony, order=1, title_en="<script>alert(1)</script>", duration_minutes=5)
    client.force_login(organiser)

    body = client.get(
        reverse("admin:ceremonies_ceremony_change", args=[ceremony.pk])
    ).content.decode()

    assert 'class="ga-timeline"' in body
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert 'data-inline-type="tabular"' in body
    assert 'name="cues-0-description_fr"' in body
    assert 'name="cues-0-interpretation_notes_ar"' in body
    assert 'name="roles-TOTAL_FORMS"' in body


@pytest.mark.django_db
def test_admin_saves_the_folded_translations_of_a_cue_and_a_guest(client, organiser, ceremony):
    from tests.ceremonies.test_admin import _form

    client.force_login(organiser)
    url = reverse("admin:ceremonies_ceremony_change", args=[ceremony.pk])
    data = _form(
        ceremony,
        cues=[
            {
                "order": 1,
                "title_en": "Awards",
                "duration_minutes": 15,
                "description": "Five awards",
                "description_ar": "خمس جوائز",
                "interpretation_notes_es": "No traducir los nombres",
                "responsible_roles": [RoleKind.PRESIDENT],
            }
        ],
        roles=[
            {
                "kind": RoleKind.PRESIDENT,
                "guest_name": "Ahmed Naser AL-RAISI",
                "guest_function": "INTERPOL",
                "guest_function_ar": "الإنتربول",
            }
        ],
    )

    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    cue = ceremony.cues.get()
    assert (cue.description_ar, cue.interpretation_notes_es) == (
        "خمس جوائز",
        "No traducir los nombres",
    )
    role = ceremony.roles.get()
    with translation.override("ar"):
        assert role.person_label == "Ahmed Naser AL-RAISI، الإنتربول"


@pytest.mark.django_db
def test_console_shows_the_description_and_interpretation_notes_in_the_readers_language(
    staged,
):
    ceremony = selectors.ceremony_for_organiser(assembly=staged.assembly, pk=staged.pk)
    with translation.override("ar"):
        state = selectors.console_state(ceremony)

    upcoming = state["next"]
    assert upcoming["description"] == "The bearers bring the flag from upstage"  # no Arabic
    assert upcoming["interpretation"] == "لا كلمة: تُترجم الإعلان فقط"
