"""The demo data: the size asked for, mixed states, four focal points, idempotent."""

from __future__ import annotations

from django.contrib.auth import authenticate

from apps.core import demo as core_demo
from apps.delegations import demo
from apps.delegations.models import Credentials, Delegate, Delegation, MemberCountry


def test_seed_builds_the_assembly_and_is_idempotent(db):
    core_demo.seed()

    logins = demo.seed()
    counts = (Delegation.objects.count(), Delegate.objects.count(), Credentials.objects.count())
    again = demo.seed()

    assert (Delegation.objects.count(), Delegate.objects.count()) == counts[:2]
    assert Credentials.objects.count() == counts[2]
    assert logins == again
    assert [email for _role, email, _pw in logins] == [
        "focal.ma@ga-planner.local",
        "focal.fr@ga-planner.local",
        "focal.ke@ga-planner.local",
        "focal.br@ga-planner.local",
    ]
    assert Delegation.objects.filter(kind="member").count() == 177
    assert Delegation.objects.filter(kind="observer").count() == 10
    host = Delegation.objects.get(kind="host")
    assert host.country.iso2 == "MA"
    assert host.credentials.status == "accepted"
    assert 850 <= counts[1] <= 950
    statuses = set(Delegate.objects.values_list("accreditation_status", flat=True))
    assert statuses == {"draft", "submitted", "approved", "rejected", "withdrawn"}
    assert set(Credentials.objects.values_list("status", flat=True)) == {
        "pending",
        "accepted",
        "provisional",
        "contested",
    }
    assert not Delegate.objects.filter(
        accreditation_status="approved", accreditation_number__isnull=True
    ).exists()
    user = authenticate(email="focal.ke@ga-planner.local", password=core_demo.DEMO_PASSWORD)
    assert user is not None
    assert Delegation.objects.get(country__iso2="KE").focal_points.get() == user


def test_country_names_in_four_languages(db):
    demo.seed_member_countries()

    morocco = MemberCountry.objects.get(iso2="MA")
    assert (morocco.name_en, morocco.name_fr, morocco.name_es, morocco.name_ar) == (
        "Morocco",
        "Maroc",
        "Marruecos",
        "المغرب",
    )
    assert MemberCountry.objects.count() == 196
    assert not MemberCountry.objects.filter(name_ar="").exists()
