"""Editions: the assembly's zone per request, the admin's edition selector and its scoping,
past editions read-only, and what an edition's lifecycle still lets delegations do."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse

from apps.core.admin_editions import EditionAdminMixin, EditionRelatedFieldListFilter
from apps.core.editions import (
    Action,
    admin_edition,
    assembly_path,
    delegation_refusal,
    portal_assembly,
)
from apps.core.errors import ApplicationError
from apps.core.models import AdminEdition, Assembly, AuditEntry
from apps.core.services import (
    choose_admin_edition,
    close_reopened_assembly,
    reopen_assembly,
    set_assembly_state,
)
from apps.delegations import services as delegation_services
from apps.delegations.models import Delegation
from apps.meetings.models import AssemblyMeetingSettings
from tests.factories import AssemblyFactory, DelegationFactory, MemberCountryFactory, UserFactory

HONG_KONG = {
    "number": 94,
    "name": "94th INTERPOL General Assembly",
    "city": "Hong Kong",
    "country": "China",
    "start_date": dt.date(2026, 11, 16),
    "end_date": dt.date(2026, 11, 19),
    "time_zone": "Asia/Hong_Kong",
}
SAO_PAULO = {
    "number": 95,
    "name": "95th INTERPOL General Assembly",
    "city": "São Paulo",
    "country": "Brazil",
    "start_date": dt.date(2027, 10, 4),
    "end_date": dt.date(2027, 10, 7),
    "time_zone": "America/Sao_Paulo",
}


@pytest.fixture
def hong_kong(db):
    return AssemblyFactory(**HONG_KONG)


@pytest.fixture
def sao_paulo(db):
    return AssemblyFactory(**SAO_PAULO)


@pytest.fixture
def admin_client(client, organiser):
    client.force_login(organiser)
    return client


def _request(user, path="/admin/"):
    request = RequestFactory().get(path)
    request.user = user
    return request


# --- The edition each request works on -----------------------------------------------------


@pytest.mark.django_db
def test_admin_edition_is_the_current_one_until_chosen(organiser, assembly, hong_kong):
    assert admin_edition(_request(organiser)) == assembly

    choose_admin_edition(user=organiser, assembly=hong_kong)

    assert admin_edition(_request(organiser)) == hong_kong
    assert AdminEdition.objects.get(user=organiser).assembly == hong_kong


@pytest.mark.django_db
def test_edition_selector_remembers_the_choice_and_goes_back(admin_client, organiser, hong_kong):
    response = admin_client.post(
        reverse("admin:core_assembly_select_edition"),
        {"edition": hong_kong.pk, "next": reverse("admin:delegations_delegation_changelist")},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:delegations_delegation_changelist")
    assert AdminEdition.objects.get(user=organiser).assembly == hong_kong


@pytest.mark.django_db
def test_edition_selector_refuses_an_outside_next_address(admin_client, hong_kong):
    response = admin_client.post(
        reverse("admin:core_assembly_select_edition"),
        {"edition": hong_kong.pk, "next": "https://evil.example.com/"},
    )

    assert response["Location"] == reverse("admin:index")


@pytest.mark.django_db
def test_admin_header_shows_selector_and_the_editions_zone(admin_client, organiser, hong_kong):
    choose_admin_edition(user=organiser, assembly=hong_kong)

    body = admin_client.get(reverse("admin:index")).content.decode()

    assert 'name="edition"' in body
    assert f'<option value="{hong_kong.pk}" selected>' in body
    assert "Times are read and typed in Hong Kong (UTC+8)." in body


@pytest.mark.django_db
def test_portal_assembly_is_the_focal_points_delegation_edition(assembly, hong_kong):
    user = UserFactory()
    delegation = DelegationFactory(assembly=hong_kong, country=MemberCountryFactory(iso2="FR"))
    delegation.focal_points.add(user)

    assert portal_assembly(user) == hong_kong
    assert portal_assembly(UserFactory()) == assembly


# --- Admin scoping ---------------------------------------------------------------------------


def _scoped_admins():
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if assembly_path(model) is not None
    ]


def test_assembly_paths_follow_foreign_keys():
    from apps.ceremonies.models import Cue
    from apps.delegations.models import Delegate

    assert assembly_path(Delegation) == "assembly"
    assert assembly_path(Delegate) == "delegation__assembly"
    assert assembly_path(Cue) == "ceremony__assembly"
    assert assembly_path(Assembly) is None


def test_every_admin_of_an_edition_model_is_edition_scoped():
    scoped = _scoped_admins()

    assert len(scoped) >= 10
    missing = [type(ma).__name__ for _m, ma in scoped if not isinstance(ma, EditionAdminMixin)]
    assert missing == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model", [m for m, _ma in _scoped_admins()], ids=lambda m: m._meta.label_lower
)
def test_every_edition_changelist_lists_only_the_chosen_edition(
    admin_client, organiser, assembly, hong_kong, model
):
    choose_admin_edition(user=organiser, assembly=hong_kong)
    opts = model._meta

    response = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))

    assert response.status_code == 200
    sql = str(response.context["cl"].queryset.query)
    assert f'"assembly_id" = {hong_kong.pk}' in sql
    for spec in response.context["cl"].filter_specs:
        assert (
            not isinstance(spec, admin.RelatedFieldListFilter)
            or isinstance(spec, EditionRelatedFieldListFilter)
            or assembly_path(spec.field.related_model) is None
        )


@pytest.mark.django_db
def test_delegation_changelist_shows_the_chosen_editions_rows(admin_client, organiser, assembly):
    hong_kong = AssemblyFactory(**HONG_KONG)
    kenya_93 = DelegationFactory(assembly=assembly, country=MemberCountryFactory(iso2="KE"))
    japan_94 = DelegationFactory(assembly=hong_kong, country=MemberCountryFactory(iso2="JP"))
    url = reverse("admin:delegations_delegation_changelist")

    before = list(admin_client.get(url).context["cl"].result_list)
    choose_admin_edition(user=organiser, assembly=hong_kong)
    after = list(admin_client.get(url).context["cl"].result_list)
    foreign = admin_client.get(reverse("admin:delegations_delegation_change", args=[kenya_93.pk]))

    assert before == [kenya_93]
    assert after == [japan_94]
    assert foreign.status_code == 302  # Django's "does not exist" redirect to the admin index


# --- Past editions are archives ---------------------------------------------------------------


@pytest.mark.django_db
def test_past_edition_is_read_only_in_every_scoped_admin(organiser, assembly):
    set_assembly_state(assembly=assembly, state=Assembly.State.ENDED, by=organiser)
    request = _request(organiser)

    for _model, model_admin in _scoped_admins():
        assert model_admin.has_change_permission(request) is False
        assert model_admin.has_delete_permission(request) is False

    reopen_assembly(assembly=assembly, by=organiser)
    reopened = _request(organiser)
    assert AuditEntry.objects.filter(action="core.assembly.reopened").count() == 1
    assert admin.site._registry[Delegation].has_change_permission(reopened) is True

    close_reopened_assembly(assembly=assembly, by=organiser)
    assert admin.site._registry[Delegation].has_change_permission(_request(organiser)) is False


@pytest.mark.django_db
def test_reopening_needs_the_named_permission(organiser, assembly):
    set_assembly_state(assembly=assembly, state=Assembly.State.ARCHIVED, by=organiser)
    staff = UserFactory(is_staff=True)

    with pytest.raises(PermissionDenied):
        reopen_assembly(assembly=assembly, by=staff)


@pytest.mark.django_db
def test_running_edition_cannot_be_reopened(organiser, assembly):
    with pytest.raises(ApplicationError):
        reopen_assembly(assembly=assembly, by=organiser)


@pytest.mark.django_db
def test_past_edition_admin_page_says_it_is_read_only(admin_client, organiser, assembly):
    set_assembly_state(assembly=assembly, state=Assembly.State.ENDED, by=organiser)

    body = admin_client.get(reverse("admin:index")).content.decode()

    assert f"{assembly.name} is ended: it is read-only here." in body


# --- Admin input in the edition's zone -------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("edition", "expected_utc"),
    [
        (HONG_KONG, dt.datetime(2026, 11, 10, 1, 0, tzinfo=dt.UTC)),  # UTC+8
        (SAO_PAULO, dt.datetime(2026, 11, 10, 12, 0, tzinfo=dt.UTC)),  # UTC-3
    ],
    ids=["hong-kong", "sao-paulo"],
)
def test_admin_time_typed_in_the_editions_zone_is_stored_as_utc(
    admin_client, organiser, edition, expected_utc
):
    chosen = AssemblyFactory(**edition)
    choose_admin_edition(user=organiser, assembly=chosen)

    response = admin_client.post(
        reverse("admin:meetings_assemblymeetingsettings_add"),
        {
            "assembly": chosen.pk,
            "response_deadline_0": "2026-11-10",
            "response_deadline_1": "09:00",
            "solver_time_limit": "10",
        },
    )

    assert response.status_code == 302
    assert AssemblyMeetingSettings.objects.get(assembly=chosen).response_deadline == expected_utc


@pytest.mark.django_db
def test_admin_form_shows_a_stored_time_in_the_editions_zone(admin_client, organiser):
    chosen = AssemblyFactory(**HONG_KONG)
    choose_admin_edition(user=organiser, assembly=chosen)
    rules = AssemblyMeetingSettings.objects.create(
        assembly=chosen, response_deadline=dt.datetime(2026, 11, 10, 1, 0, tzinfo=dt.UTC)
    )

    body = admin_client.get(
        reverse("admin:meetings_assemblymeetingsettings_change", args=[rules.pk])
    ).content.decode()

    assert 'value="09:00:00"' in body


# --- Lifecycle ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "action", "open_"),
    [
        (Assembly.State.PREPARING, Action.REGISTER_DELEGATES, False),
        (Assembly.State.REGISTRATION_OPEN, Action.REGISTER_DELEGATES, True),
        (Assembly.State.REGISTRATION_CLOSED, Action.REGISTER_DELEGATES, False),
        (Assembly.State.REGISTRATION_CLOSED, Action.SEND_CREDENTIALS, True),
        (Assembly.State.RUNNING, Action.REQUEST_MEETINGS, True),
        (Assembly.State.ENDED, Action.ANSWER_MEETINGS, False),
        (Assembly.State.ARCHIVED, Action.SEND_CREDENTIALS, False),
    ],
)
def test_state_decides_what_delegations_may_do(state, action, open_):
    edition = Assembly(**HONG_KONG, state=state)

    assert (delegation_refusal(edition, action) is None) is open_


@pytest.mark.django_db
def test_closed_deadline_names_its_date_with_the_year_in_local_time():
    edition = Assembly(
        **HONG_KONG, registration_deadline=dt.datetime(2026, 10, 31, 10, 0, tzinfo=dt.UTC)
    )
    before = dt.datetime(2026, 10, 31, 9, 59, tzinfo=dt.UTC)
    after = dt.datetime(2026, 10, 31, 10, 0, tzinfo=dt.UTC)

    assert delegation_refusal(edition, Action.REGISTER_DELEGATES, now=before) is None
    assert delegation_refusal(edition, Action.REGISTER_DELEGATES, now=after) == (
        "Registering and changing delegates closed on Sat 31 Oct 2026, 18:00 Hong Kong (UTC+8)."
    )


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 11, 1, 0, 0, tzinfo=dt.UTC), tick=False)
def test_closed_registration_refuses_a_focal_point_but_not_an_organiser(organiser):
    edition = AssemblyFactory(
        **HONG_KONG, registration_deadline=dt.datetime(2026, 10, 31, 10, 0, tzinfo=dt.UTC)
    )
    delegation = DelegationFactory(assembly=edition, country=MemberCountryFactory(iso2="FR"))
    focal_point = UserFactory()
    delegation.focal_points.add(focal_point)
    fields = {"family_name": "Martin", "given_names": "Anne", "email": "anne@example.org"}

    with pytest.raises(ApplicationError) as refused:
        delegation_services.create_delegate(delegation=delegation, by=focal_point, **fields)
    by_organiser = delegation_services.create_delegate(
        delegation=delegation, by=organiser, **fields
    )

    assert "closed on Sat 31 Oct 2026, 18:00 Hong Kong (UTC+8)" in refused.value.message
    assert by_organiser.delegation == delegation


@pytest.mark.django_db
def test_portal_says_plainly_what_is_closed(client, assembly, organiser):
    set_assembly_state(assembly=assembly, state=Assembly.State.ENDED, by=organiser)
    focal_point = UserFactory()
    DelegationFactory(assembly=assembly, country=MemberCountryFactory(iso2="FR")).focal_points.add(
        focal_point
    )
    client.force_login(focal_point)

    body = client.get(reverse("delegations:dashboard")).content.decode()

    # One notice for what the state closes, not four.
    assert body.count("message-warning") == 1
    assert "is in the state “ended”. Closed: Registering and changing delegates; " in body
    assert "Answering bilateral meeting requests." in body


# --- Links in e-mails -------------------------------------------------------------------------


def test_serve_points_site_url_at_its_own_port():
    from apps.core.management.commands.serve import child_environment

    assert child_environment("127.0.0.1", 8123, {})["SITE_URL"] == "http://127.0.0.1:8123"
    assert child_environment("0.0.0.0", 9000, {})["SITE_URL"] == "http://127.0.0.1:9000"  # noqa: S104 - a string compared, nothing bound
    explicit = {"SITE_URL": "https://ga.example.org"}
    assert child_environment("127.0.0.1", 8123, explicit)["SITE_URL"] == "https://ga.example.org"


def test_make_run_sets_site_url_from_port():
    from pathlib import Path

    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()

    assert "SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)}" in makefile


@pytest.mark.django_db
def test_api_refuses_a_closed_action_with_its_reason(assembly, organiser):
    from rest_framework.test import APIClient

    from apps.delegations.models import Delegate

    set_assembly_state(assembly=assembly, state=Assembly.State.REGISTRATION_CLOSED, by=organiser)
    delegation = DelegationFactory(assembly=assembly, country=MemberCountryFactory(iso2="FR"))
    focal_point = UserFactory()
    delegation.focal_points.add(focal_point)
    api = APIClient()
    api.force_authenticate(focal_point)

    response = api.post(
        reverse("api:delegate-create"),
        {"delegation": delegation.pk, "family_name": "Roux", "given_names": "Léa"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["detail"] == (
        "Registering and changing delegates is closed: the 93rd INTERPOL General Assembly is "
        "in the state “registration closed”."
    )
    assert not Delegate.objects.exists()
