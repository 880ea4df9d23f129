"""Observer organisations' names in the four official languages: pages, sorting, e-mails,
admin and API read the reader's."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from apps.delegations.models import Delegation
from apps.delegations.selectors import delegations_by_name
from tests.factories import DelegationFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
# The organisation list: session, user, permissions, the names for the order, the counts,
# the page; the same for 1 and 3 rows.
QUERIES = 11


@pytest.fixture
def secretariat(assembly):
    organisation = OrganisationFactory(
        name="INTERPOL General Secretariat",
        name_fr="Secrétariat général d'INTERPOL",
        name_es="Secretaría General de INTERPOL",
        name_ar="الأمانة العامة للإنتربول",
        acronym="IPSG",
        kind="secretariat",
    )
    return DelegationFactory(
        assembly=assembly, country=None, organisation=organisation, kind="secretariat"
    )


@pytest.fixture
def unodc(assembly):
    organisation = OrganisationFactory(
        name="United Nations Office on Drugs and Crime",
        name_fr="Office des Nations Unies contre la drogue et le crime",
        name_es="Oficina de las Naciones Unidas contra la Droga y el Delito",
        name_ar="مكتب الأمم المتحدة المعني بالمخدرات والجريمة",
        acronym="UNODC",
    )
    return DelegationFactory(assembly=assembly, country=None, organisation=organisation)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "INTERPOL General Secretariat (IPSG)"),
        ("fr", "Secrétariat général d'INTERPOL (IPSG)"),
        ("es", "Secretaría General de INTERPOL (IPSG)"),
        ("ar", "الأمانة العامة للإنتربول (IPSG)"),
    ],
)
def test_delegation_of_an_organisation_reads_in_the_readers_language(
    secretariat, language, expected
):
    with translation.override(language):
        assert secretariat.name == expected


def test_an_untranslated_organisation_reads_in_english(assembly):
    organisation = OrganisationFactory(name="Geneva Centre", acronym="")

    with translation.override("ar"):
        assert str(organisation) == "Geneva Centre"


def test_organisations_sort_by_their_names_in_the_readers_language(secretariat, unodc):
    delegations = Delegation.objects.filter(pk__in=[secretariat.pk, unodc.pk])

    with translation.override("en"):
        english = [d.organisation.acronym for d in delegations_by_name(delegations)]
    with translation.override("fr"):
        french = [d.organisation.acronym for d in delegations_by_name(delegations)]

    assert english == ["IPSG", "UNODC"]  # INTERPOL < United
    assert french == ["UNODC", "IPSG"]  # Office < Secrétariat


def test_email_reads_an_organisation_named_in_another_language(secretariat):
    template = Template("{% load delegations %}{{ name|country_name }}")
    with translation.override("fr"):
        stored = secretariat.name  # the sender read French

    with translation.override("ar"):
        arabic = template.render(Context({"name": stored}))

    assert arabic == "الأمانة العامة للإنتربول (IPSG)"


def test_request_form_offers_the_organisation_in_arabic(client, assembly, secretariat):
    from tests.factories import MemberCountryFactory, UserFactory

    morocco = DelegationFactory(
        assembly=assembly, country=MemberCountryFactory(iso2="MA", name_en="Morocco")
    )
    focal_point = UserFactory(email="focal-ma@example.org", preferred_language="ar")
    morocco.focal_points.add(focal_point)
    client.force_login(focal_point)

    page = client.get(reverse("meetings:request_create"), HTTP_ACCEPT_LANGUAGE="ar")

    body = page.content.decode()
    assert '<option value="الأمانة العامة للإنتربول (IPSG)">' in body
    assert "INTERPOL General Secretariat" not in body


def test_admin_lists_organisations_in_the_readers_language(client, organiser, secretariat, unodc):
    organiser.preferred_language = "fr"
    organiser.save(update_fields=["preferred_language"])
    client.force_login(organiser)

    page = client.get(
        reverse("admin:delegations_organisation_changelist"), HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    form = client.get(
        reverse("admin:delegations_organisation_change", args=[secretariat.organisation.pk])
    ).content.decode()

    assert page.index("Office des Nations Unies") < page.index(
        "Secrétariat général d&#x27;INTERPOL"
    )
    for field in ("name_fr", "name_es", "name_ar"):
        assert f'name="{field}"' in form


def test_api_exposes_the_four_names(organiser, secretariat):
    api = APIClient()
    api.force_authenticate(organiser)

    body = api.get(reverse("api:delegation-detail", args=[secretariat.pk])).json()

    assert body["organisation_details"] == {
        "id": secretariat.organisation.pk,
        "name": "INTERPOL General Secretariat",
        "name_fr": "Secrétariat général d'INTERPOL",
        "name_es": "Secretaría General de INTERPOL",
        "name_ar": "الأمانة العامة للإنتربول",
        "acronym": "IPSG",
        "kind": "secretariat",
    }


@pytest.mark.parametrize("count", [1, 3])
def test_organisation_list_query_count(count, client, organiser, django_assert_num_queries):
    client.force_login(organiser)
    for index in range(count):
        OrganisationFactory(name=f"Organisation {index}", name_fr=f"Organisation {index} (fr)")

    with django_assert_num_queries(QUERIES):
        response = client.get(reverse("admin:delegations_organisation_changelist"))

    assert response.context["cl"].result_count == count
