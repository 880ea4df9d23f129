"""The portal shell: home page per kind of user, health, admin branding, headers."""

import pytest
from django.urls import reverse


def test_home_greets_anonymous_visitor_with_assembly_and_login(client, assembly):
    response = client.get("/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "Marrakech, Morocco" in body
    assert reverse("accounts:login") in body


def test_home_sends_organiser_to_the_administration(client, organiser, assembly):
    client.force_login(organiser)

    body = client.get("/").content.decode()

    assert "Welcome, Olga" in body
    assert reverse("admin:index") in body


def test_home_tells_focal_point_without_delegation_what_happens_next(client, assembly):
    from tests.factories import UserFactory

    client.force_login(UserFactory(full_name="Farid Focal"))

    body = client.get("/").content.decode()

    assert "Welcome, Farid" in body
    assert "not yet linked to a delegation" in body


def test_healthz_ready_reports_database_and_broker(client, db):
    response = client.get("/healthz/ready")

    assert response.json()["checks"]["database"] == "ok"
    assert response.json()["checks"]["broker"] == "ok"


def test_admin_is_branded_with_the_current_assembly(client, organiser, assembly):
    client.force_login(organiser)

    body = client.get(reverse("admin:index")).content.decode()

    assert "GA Planner · 93rd INTERPOL General Assembly" in body


def test_responses_carry_security_headers(client, db):
    response = client.get("/accounts/login/")

    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("count", [1, 3])
def test_assembly_admin_list_query_count_is_constant(
    client, organiser, count, django_assert_num_queries
):
    from tests.factories import AssemblyFactory

    for number in range(90, 90 + count):
        AssemblyFactory(number=number, name=f"{number}th")
    client.force_login(organiser)

    with django_assert_num_queries(11):
        response = client.get(reverse("admin:core_assembly_changelist"))

    assert response.status_code == 200
    assert f"{count} assembl" in response.content.decode()


def test_navigation_marks_only_the_deepest_matching_link(rf, assembly):
    from apps.core.context_processors import portal_navigation
    from tests.factories import UserFactory

    request = rf.get(reverse("meetings:schedule"))
    request.user = UserFactory()

    active = [item["url"] for item in portal_navigation(request) if item["active"]]

    assert active == [reverse("meetings:schedule")]
