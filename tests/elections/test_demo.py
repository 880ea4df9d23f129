"""The demo replays the 93rd's President election through the services, once."""

from __future__ import annotations

from apps.core.models import AuditEntry
from apps.elections import demo
from apps.elections.models import Election, Resolution, Round
from tests.elections.conftest import iso, member


def test_demo_president_93_real_figures_and_idempotent(assembly, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    codes = ["FR", "TR", "NA", "ET"]
    codes += [c for c in (iso(i + 30) for i in range(170)) if c not in codes][:160]
    for code in codes:
        member(assembly, code)

    demo.seed()
    demo.seed()

    election = Election.objects.get(assembly=assembly)
    round_ = Round.objects.get(election=election)
    winner = election.candidates.get(elected=True)
    assert (election.status, round_.status) == ("elected", "certified")
    assert (round_.result["cast"], round_.result["required"]) == (164, 83)
    assert sorted(round_.result["votes"].values()) == [8, 12, 60, 84]
    assert winner.delegation.country.iso2 == "FR"
    assert round(84 / round_.result["cast"] * 100, 1) == 51.2
    assert Resolution.objects.get(assembly=assembly).adoption == "consensus"
    assert AuditEntry.objects.filter(action="elections.round.certified").count() == 1


def test_demo_candidates_have_names_and_statements_in_four_languages(assembly, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    codes = ["FR", "TR", "NA", "ET"]
    codes += [c for c in (iso(i + 30) for i in range(170)) if c not in codes][:160]
    for code in codes:
        member(assembly, code)

    demo.seed()

    candidates = list(Election.objects.get(assembly=assembly).candidates.order_by("name"))
    names = {c.delegation.country.iso2: c.name for c in candidates}
    assert names == {iso2: demo.CANDIDATES_93[iso2][0] for iso2 in ("FR", "TR", "NA", "ET")}
    assert not any("Candidate of" in name for name in names.values())
    for candidate in candidates:
        statements = [getattr(candidate, f"statement_{code}") for code in ("en", "fr", "es", "ar")]
        assert len(set(statements)) == 4  # four real translations, not copies
        assert [
            demo.DEMO_MARK[code] in text
            for code, text in zip(("en", "fr", "es", "ar"), statements, strict=True)
        ] == [True] * 4
