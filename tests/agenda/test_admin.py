"""The organisers' screens: sessions in local time, actions through services, the day grid."""

import pytest
from django.db import connection
from django.urls import reverse

from apps.agenda.models import Session
from tests.agenda.factories import RoomFactory, SessionFactory, local


@pytest.fixture
def admin_client(client, organiser):
    client.force_login(organiser)
    return client


def _post_data(assembly, room, start, end, title="Plenary"):
    return {
        "assembly": assembly.pk,
        "kind": "plenary",
        "title_en": title,
        "starts_local_0": start[0],
        "starts_local_1": start[1],
        "ends_local_0": end[0],
        "ends_local_1": end[1],
        "room": room.pk if room else "",
        "attendance": "all",
        "visibility": "draft",
        "interpretation_languages": "[]",
        "speakers-TOTAL_FORMS": "0",
        "speakers-INITIAL_FORMS": "0",
        "speakers-MIN_NUM_FORMS": "0",
        "speakers-MAX_NUM_FORMS": "1000",
    }


def test_admin_adds_session_in_local_time(admin_client, assembly, hall):
    response = admin_client.post(
        reverse("admin:agenda_session_add"),
        _post_data(assembly, hall, ("2025-11-25", "09:00"), ("2025-11-25", "10:00")),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    session = Session.objects.get()
    assert session.starts_at == local(2025, 11, 25, 9)
    assert session.sequence == 0


def test_admin_add_clash_shows_the_clashing_session(admin_client, assembly, hall):
    SessionFactory(assembly=assembly, room=hall, title_en="Opening ceremony")

    response = admin_client.post(
        reverse("admin:agenda_session_add"),
        _post_data(assembly, hall, ("2025-11-25", "09:30"), ("2025-11-25", "10:30")),
    )

    assert response.status_code == 200
    assert "Opening ceremony" in response.context["adminform"].form.errors["room"][0]
    assert Session.objects.count() == 1


def test_admin_change_raises_sequence(admin_client, assembly, hall):
    session = SessionFactory(assembly=assembly, room=hall)

    response = admin_client.post(
        reverse("admin:agenda_session_change", args=[session.pk]),
        _post_data(assembly, hall, ("2025-11-25", "11:00"), ("2025-11-25", "12:00")),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    session.refresh_from_db()
    assert (session.starts_at, session.sequence) == (local(2025, 11, 25, 11), 1)


def test_admin_changelist_filters_by_local_day(admin_client, assembly):
    SessionFactory(assembly=assembly, title_en="Tuesday", starts_at=local(2025, 11, 25, 0, 30))
    SessionFactory(assembly=assembly, title_en="Wednesday", starts_at=local(2025, 11, 26, 9))

    response = admin_client.get(reverse("admin:agenda_session_changelist"), {"day": "2025-11-25"})

    assert [s.title_en for s in response.context["cl"].result_list] == ["Tuesday"]


def test_admin_publish_and_duplicate_actions(admin_client, assembly):
    session = SessionFactory(assembly=assembly, visibility="draft")
    url = reverse("admin:agenda_session_changelist")

    admin_client.post(url, {"action": "publish", "_selected_action": [session.pk]})
    admin_client.post(url, {"action": "duplicate", "_selected_action": [session.pk]})

    session.refresh_from_db()
    assert session.visibility == "published"
    copy = Session.objects.exclude(pk=session.pk).get()
    assert (copy.visibility, copy.title_en) == ("draft", session.title_en)


def test_admin_day_grid_marks_clashes(admin_client, assembly, venue):
    if connection.vendor == "postgresql":
        pytest.skip("the exclusion constraint makes a clash impossible to store on PostgreSQL")
    room = RoomFactory(venue=venue, code="SE1", name="Agdal room")
    SessionFactory(assembly=assembly, room=room, title_en="Side event A")
    # Written around the service (as a bad import could): the grid must show it.
    Session.objects.bulk_create(
        [
            Session(
                assembly=assembly,
                kind="side_event",
                title_en="Side event B",
                room=room,
                starts_at=local(2025, 11, 25, 9, 30),
                ends_at=local(2025, 11, 25, 10, 30),
            )
        ]
    )

    response = admin_client.get(reverse("admin:agenda_session_day_grid"), {"day": "2025-11-25"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "SE1" in body
    assert "Marrakech (UTC+1)" in body
    assert "09:00\u201310:00" in body  # an en dash between the times
    assert len(response.context["grid"].clashes) == 2
    assert 'class="clash"' in body


def test_admin_day_grid_bad_day_falls_back_to_first_day(admin_client, assembly):
    response = admin_client.get(reverse("admin:agenda_session_day_grid"), {"day": "nonsense"})

    assert response.context["grid"].day == assembly.start_date


def test_admin_day_grid_shows_sessions_by_room(admin_client, assembly, venue):
    room = RoomFactory(venue=venue, code="SE1", name="Agdal room")
    SessionFactory(assembly=assembly, room=room, title_en="Side event A")
    SessionFactory(assembly=assembly, title_en="Roomless lunch", kind="break")

    response = admin_client.get(reverse("admin:agenda_session_day_grid"), {"day": "2025-11-25"})

    body = response.content.decode()
    assert "Side event A" in body
    assert "Roomless lunch" in body  # listed under sessions without a room
    assert response.context["grid"].clashes == set()


def test_admin_day_grid_needs_view_permission(client, assembly, django_user_model):
    staff = django_user_model.objects.create_user(
        "nobody@example.org", "a-long-test-password", full_name="No Role", is_staff=True
    )
    client.force_login(staff)

    response = client.get(reverse("admin:agenda_session_day_grid"))

    assert response.status_code == 403
