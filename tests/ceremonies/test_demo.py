from __future__ import annotations

import pytest

from apps.ceremonies import demo
from apps.ceremonies.models import Ceremony, CeremonyRole, Cue
from apps.ceremonies.selectors import ceremony_timeline, console_state
from apps.ceremonies.services import check_fits, missing_roles
from apps.core import demo as core_demo
from apps.delegations import demo as delegations_demo
from tests.factories import DelegateFactory


@pytest.mark.django_db
def test_demo_seeds_three_ceremonies_idempotently():
    core_demo.seed()
    delegations_demo.seed()

    demo.seed()
    counts = (Ceremony.objects.count(), Cue.objects.count(), CeremonyRole.objects.count())
    demo.seed()

    assert (Ceremony.objects.count(), Cue.objects.count(), CeremonyRole.objects.count()) == counts
    closing = Ceremony.objects.get(assembly__number=93, kind=Ceremony.Kind.CLOSING)
    assert (closing.outgoing_host, closing.incoming_host) == ("Morocco", "Hong Kong, China")
    assert missing_roles(ceremony=closing) == []
    check_fits(ceremony=closing)
    rows = ceremony_timeline(closing)
    assert rows[0].planned_start.astimezone(closing.assembly.tz).strftime("%H:%M") == "14:00"
    assert any("Hong Kong" in row.cue.title_en for row in rows)
    assert closing.rehearsals.count() == 1
    opening = Ceremony.objects.get(assembly__number=93, kind=Ceremony.Kind.OPENING)
    assert opening.session.starts_at.astimezone(opening.assembly.tz).strftime("%d %H:%M") == (
        "24 10:30"
    )
    glasgow = Ceremony.objects.get(assembly__number=92)
    assert (glasgow.status, glasgow.outgoing_host, glasgow.incoming_host) == (
        "final",
        "United Kingdom",
        "Morocco",
    )
    assert glasgow.session.starts_at.astimezone(glasgow.assembly.tz).strftime("%H:%M") == "15:00"
    assert console_state(glasgow)["ended"] is True


@pytest.mark.django_db
def test_demo_uses_delegates_of_morocco_and_china_when_present():
    core_demo.seed()
    delegations_demo.seed()
    from apps.core.models import Assembly
    from apps.delegations.models import Delegate, Delegation, MemberCountry

    assembly = Assembly.objects.get(number=93)
    for iso2 in ["MA", "CN"]:
        # The delegations demo may already have made these delegations and their heads.
        delegation, _ = Delegation.objects.get_or_create(
            assembly=assembly, country=MemberCountry.objects.get(iso2=iso2)
        )
        if not delegation.delegates.filter(function=Delegate.Function.HEAD).exists():
            DelegateFactory(delegation=delegation, function=Delegate.Function.HEAD)

    demo.seed()

    closing = Ceremony.objects.get(assembly__number=93, kind=Ceremony.Kind.CLOSING)
    codes = sorted(
        closing.roles.filter(delegate__isnull=False).values_list(
            "delegate__delegation__country__iso2", flat=True
        )
    )
    assert codes == ["CN", "MA"]


@pytest.mark.django_db
def test_demo_94th_has_the_93rds_ceremonies_as_templates():
    from apps.ceremonies.models import CeremonyTemplate

    core_demo.seed()
    delegations_demo.seed()
    demo.seed()
    core_demo.seed_after()  # the flag handover: the 94th is prepared from the 93rd

    templates = {t.kind: t for t in CeremonyTemplate.objects.filter(assembly__number=94)}
    assert set(templates) == {Ceremony.Kind.OPENING, Ceremony.Kind.CLOSING}
    closing = templates[Ceremony.Kind.CLOSING]
    assert closing.outgoing_label == "Hong Kong, China"
    assert closing.incoming_label == ""
    source = Ceremony.objects.get(assembly__number=93, kind=Ceremony.Kind.CLOSING)
    assert [c.duration_minutes for c in closing.cues.all()] == [
        c.duration_minutes for c in source.cues.order_by("order")
    ]
    assert not Ceremony.objects.filter(assembly__number=94).exists()
