from django.contrib.auth import authenticate
from django.core.management import call_command

from apps.core.models import Assembly
from apps.delegations.models import MemberCountry

MODELS_TO_COUNT = ("core.Assembly", "delegations.MemberCountry", "accounts.User", "auth.Group")


def row_counts() -> dict[str, int]:
    from django.apps import apps

    return {label: apps.get_model(label).objects.count() for label in MODELS_TO_COUNT}


def test_seed_demo_creates_assemblies_countries_and_organiser(db):
    call_command("seed_demo", verbosity=0)

    assert list(Assembly.objects.order_by("number").values_list("number", "city")) == [
        (92, "Glasgow"),
        (93, "Marrakech"),
        (94, "Hong Kong"),
    ]
    assert Assembly.objects.get(is_current=True).number == 94
    assert dict(Assembly.objects.values_list("number", "state")) == {
        92: "archived",
        93: "ended",
        94: "registration_open",
    }
    hong_kong = Assembly.objects.get(number=94)
    assert hong_kong.time_zone == "Asia/Hong_Kong"
    assert list(hong_kong.venues.values_list("name", flat=True)) == [
        "Hong Kong Convention and Exhibition Centre"
    ]
    assert hong_kong.sessions.count() == 3
    # Prepared from the 93rd: its delegations carried over, none of its delegates.
    assert hong_kong.delegations.count() == (
        Assembly.objects.get(number=93).delegations.exclude(status="withdrawn").count()
    )
    assert hong_kong.delegations.filter(delegates__isnull=False).count() == 0
    assert MemberCountry.objects.count() == 196
    assert MemberCountry.objects.get(iso2="MA").region == "africa"
    assert authenticate(email="organiser@ga-planner.local", password="marrakech-2025").is_staff


def test_seed_demo_twice_changes_nothing(db):
    call_command("seed_demo", verbosity=0)
    first = row_counts()

    call_command("seed_demo", verbosity=0)

    assert row_counts() == first


def test_seed_demo_keeps_a_region_an_organiser_corrected(db):
    call_command("seed_demo", verbosity=0)
    MemberCountry.objects.filter(iso2="EG").update(region="asia")

    call_command("seed_demo", verbosity=0)

    assert MemberCountry.objects.get(iso2="EG").region == "asia"
