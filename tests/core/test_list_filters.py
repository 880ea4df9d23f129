"""Every list endpoint is filtered by its own django-filter FilterSet (the default backend), and
the filters added for the lists that had none narrow the data and refuse a wrong value."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend

from apps.ceremonies.models import Ceremony, RoleKind
from apps.core.api.base import ListApiView
from tests.agenda.factories import VenueFactory
from tests.ceremonies.factories import CeremonyFactory, CeremonyRoleFactory
from tests.factories import AssemblyFactory
from tests.notifications.factories import NotificationFactory


def _list_views(patterns=None, prefix=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            yield from _list_views(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            view_class = getattr(entry.callback, "view_class", None)
            if view_class is not None and issubclass(view_class, ListApiView):
                yield prefix + str(entry.pattern), view_class


def test_django_filter_is_the_default_filter_backend():
    assert settings.REST_FRAMEWORK["DEFAULT_FILTER_BACKENDS"] == [
        "django_filters.rest_framework.DjangoFilterBackend"
    ]


def test_every_list_endpoint_declares_its_filterset():
    views = dict(_list_views())
    without = sorted(
        route
        for route, view in views.items()
        if view.filterset_class is None or DjangoFilterBackend not in view.filter_backends
    )

    assert len(views) >= 13
    assert without == []


@pytest.mark.django_db
def test_assembly_list_filters_the_current_one(client, organiser):
    current = AssemblyFactory(is_current=True)
    AssemblyFactory(is_current=False)
    client.force_login(organiser)

    response = client.get(reverse("api:assembly-list"), {"is_current": "true"})

    assert [row["id"] for row in response.json()["results"]] == [current.pk]


@pytest.mark.django_db
def test_venue_list_filters_by_part_of_the_name(client, organiser, assembly):
    palace = VenueFactory(assembly=assembly, name="Palais des Congrès")
    VenueFactory(assembly=assembly, name="Hotel Atlas")
    client.force_login(organiser)

    response = client.get(reverse("api:agenda-venue-list"), {"name": "congrès"})

    assert [row["id"] for row in response.json()["results"]] == [palace.pk]


@pytest.mark.django_db
def test_ceremony_list_filters_by_kind_and_roles_by_ceremony(client, organiser, assembly):
    closing = CeremonyFactory(assembly=assembly, kind=Ceremony.Kind.CLOSING)
    opening = CeremonyFactory(assembly=assembly, kind=Ceremony.Kind.OPENING)
    role = CeremonyRoleFactory(ceremony=opening, kind=RoleKind.MASTER_OF_CEREMONIES)
    CeremonyRoleFactory(ceremony=closing, kind=RoleKind.MASTER_OF_CEREMONIES)
    client.force_login(organiser)

    ceremonies = client.get(reverse("api:ceremony-list"), {"kind": "opening"}).json()
    roles = client.get(reverse("api:ceremony-role-list"), {"ceremony": opening.pk}).json()

    assert [row["id"] for row in ceremonies["results"]] == [opening.pk]
    assert [row["id"] for row in roles["results"]] == [role.pk]


@pytest.mark.django_db
def test_inbox_filters_unread(client, organiser):
    unread = NotificationFactory(recipient=organiser, context={"headline": "New"})
    NotificationFactory(recipient=organiser, context={"headline": "Old"}, read_at=timezone.now())
    client.force_login(organiser)

    response = client.get(reverse("api:notification-list"), {"unread": "true"})

    assert [row["id"] for row in response.json()["results"]] == [unread.pk]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "query", "field"),
    [
        ("api:assembly-list", {"is_current": "yes"}, "is_current"),
        ("api:agenda-venue-list", {"name": ""}, "name"),
        ("api:ceremony-list", {"status": "perfect"}, "status"),
        ("api:ceremony-role-list", {"ceremony": "٣"}, "ceremony"),
        ("api:voting-roll", {"region": "atlantis"}, "region"),
        ("api:notification-list", {"unread": "maybe"}, "unread"),
    ],
)
def test_a_wrong_value_of_a_new_filter_is_a_400_naming_it(
    client, assembly, organiser, name, query, field
):
    client.force_login(organiser)

    response = client.get(reverse(name), query)

    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_schema_announces_the_bounds_and_choices_of_the_new_filters(client, organiser):
    client.force_login(organiser)
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()

    def parameter(path: str, name: str) -> dict:
        (found,) = [p for p in schema["paths"][path]["get"]["parameters"] if p["name"] == name]
        return found["schema"]

    assert parameter("/api/v1/agenda/venues/", "name") == {
        "type": "string",
        "minLength": 1,
        "maxLength": 200,
    }
    assert parameter("/api/v1/notifications/", "unread")["enum"] == ["false", "true"]
    assert parameter("/api/v1/voting-roll/", "region")["enum"]


@pytest.mark.django_db
def test_venue_name_filter_refuses_a_nul_character_and_overlong_text(client, organiser, assembly):
    client.force_login(organiser)

    nul = client.get(reverse("api:agenda-venue-list"), {"name": "a\x00b"})
    long = client.get(reverse("api:agenda-venue-list"), {"name": "x" * 201})

    assert nul.status_code == 400
    assert long.status_code == 400
