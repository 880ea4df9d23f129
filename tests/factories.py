"""Factories for tests: one per model, sensible defaults, nothing random that matters."""

from __future__ import annotations

import datetime as dt

import factory

from apps.accounts.models import User
from apps.core.models import Assembly
from apps.delegations.models import Delegate, Delegation, MemberCountry, Organisation


class AssemblyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assembly
        django_get_or_create = ["number"]

    number = 93
    name = "93rd INTERPOL General Assembly"
    city = "Marrakech"
    country = "Morocco"
    venue_name = "Palmeraie Conference Village"
    start_date = dt.date(2025, 11, 24)
    end_date = dt.date(2025, 11, 27)
    time_zone = "Africa/Casablanca"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Sequence(lambda n: f"User {n}")
    password = factory.django.Password("a-long-test-password")


class MemberCountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberCountry
        django_get_or_create = ["iso2"]

    iso2 = factory.Iterator(["FR", "KE", "BR", "JP", "DE", "IN", "MX", "EG"])
    name_en = factory.LazyAttribute(lambda o: f"Country {o.iso2}")
    region = "europe"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    acronym = factory.Sequence(lambda n: f"ORG{n}")
    kind = Organisation.Kind.INTERNATIONAL


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegation

    assembly = factory.SubFactory(AssemblyFactory)
    country = factory.SubFactory(MemberCountryFactory)
    kind = Delegation.Kind.MEMBER


class DelegateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegate

    delegation = factory.SubFactory(DelegationFactory)
    family_name = factory.Sequence(lambda n: f"Family{n}")
    given_names = factory.Sequence(lambda n: f"Given{n}")
    email = factory.Sequence(lambda n: f"delegate{n}@example.org")


def enrol_two_factor(user) -> bytes:
    """Turn on an authenticator app for `user` (enrolled a minute ago); returns its secret,
    from which `two_factor_code(secret)` gives the code of now."""
    import time

    from apps.accounts import two_factor

    device = two_factor.start_enrolment(user=user)
    secret = two_factor.secret_of(device)
    earlier = time.time() - 60
    two_factor.confirm_enrolment(
        user=user, code=two_factor.totp(secret, two_factor.current_step(earlier)), now=earlier
    )
    return secret


def two_factor_code(secret: bytes) -> str:
    from apps.accounts import two_factor

    return two_factor.totp(secret, two_factor.current_step())
