"""The organisers' pages that run a vote: quorum, open (the roll frozen), live count, close,
paper double entry, certify; the hall display's poll. Staff pages behind named permissions."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from apps.accounts.roles import ORGANISER_READ_ONLY
from apps.core.models import AuditEntry
from apps.elections.models import Election, PaperCount, Resolution, RollEntry, Round
from apps.elections.services import voting
from apps.elections.services.elections import create_election, create_resolution
from tests.elections.conftest import focal
from tests.factories import UserFactory
from tests.roles import staff_user


def _body(response) -> str:
    return response.content.decode()


def _paper_seat(assembly, organiser, roll) -> Election:
    from apps.elections.services.elections import nominate_candidate

    election = create_election(
        assembly=assembly,
        by=organiser,
        seat="vice_president",
        region="europe",
        nomination_deadline=timezone.now() + dt.timedelta(hours=1),
        mode="paper",
    )
    for delegation in (roll[3], roll[7]):  # the two European members
        nominate_candidate(
            election=election, delegation=delegation, name=f"Cand {delegation.pk}", by=organiser
        )
    Election.objects.filter(pk=election.pk).update(
        nomination_deadline=timezone.now() - dt.timedelta(minutes=1)
    )
    election.refresh_from_db()
    return election


def _teller(email: str):
    user = staff_user(email)
    user.user_permissions.add(
        Permission.objects.get(codename="add_papercount"),
        Permission.objects.get(codename="view_election"),
    )
    return user


def test_quorum_counts_the_roll_call_and_the_plenary_check_in(client, assembly, organiser, roll):
    from apps.badges import services as badge_services
    from apps.badges.models import BadgeCategory, Zone
    from tests.delegations.factories import approved_delegate

    voting.record_presence(delegation=roll[0], present=True, by=organiser)
    voting.record_presence(delegation=roll[1], present=True, by=organiser)
    voting.record_presence(delegation=roll[2], present=False, by=organiser)
    zone = badge_services.save_config(
        obj=Zone(assembly=assembly, code="plenary", name="Plenary", plenary=True), by=organiser
    )
    category = badge_services.save_config(
        obj=BadgeCategory(assembly=assembly, code="delegate", name="Delegate"), by=organiser
    )
    badge_services.set_category_zones(category=category, zones=[zone], by=organiser)
    for delegation in (roll[1], roll[5]):  # roll[1] both called and checked in: counted once
        badge = badge_services.issue_badge(
            category=category, delegate=approved_delegate(delegation, organiser), by=organiser
        )
        badge_services.record_scan(
            scan_id=uuid.uuid4(), zone=zone, gate="A", direction="in", by=organiser, badge=badge
        )
    client.force_login(organiser)

    page = client.get(reverse("elections:organise"))

    assert page.status_code == 200
    assert page.context["quorum"].on_roll == 8
    assert page.context["quorum"].present == 3
    assert (page.context["quorum"].by_roll_call, page.context["quorum"].by_check_in) == (2, 2)
    assert 'id="quorum-present">3<' in _body(page)
    assert "Fewer than half" in _body(page)


def test_organiser_runs_a_vote_from_open_to_certified(client, organiser, president, roll):
    voting.record_presence(delegation=roll[0], present=True, by=organiser)
    client.force_login(organiser)

    opened = client.post(reverse("elections:open_election", args=[president.pk]))
    round_ = Round.objects.get(election=president)
    candidate = president.candidates.order_by("name").first()
    voting.cast_ballot(
        round_=round_, choice=str(candidate.pk), by=focal(roll[0]), delegation=roll[0]
    )
    console = client.get(reverse("elections:console", args=[round_.pk]))
    closed = client.post(reverse("elections:close", args=[round_.pk]))
    certified = client.post(reverse("elections:certify", args=[round_.pk]), follow=True)

    assert opened.url == reverse("elections:console", args=[round_.pk])
    assert RollEntry.objects.filter(round=round_).count() == 8  # frozen when it opened
    assert (round_.roll_size, round_.present) == (8, 1)
    assert 'id="console-cast" aria-live="polite">1<' in _body(console)
    assert candidate.name not in _body(console)  # no partial result while open
    assert closed.status_code == 302
    round_.refresh_from_db()
    assert round_.status == Round.Status.CERTIFIED
    assert round_.certified_by == organiser
    assert "Elected: Candidate AA" in _body(certified)
    audited = AuditEntry.objects.filter(
        action__in=["elections.round.opened", "elections.round.closed", "elections.round.certified"]
    )
    assert sorted(audited.values_list("action", flat=True)) == [
        "elections.round.certified",
        "elections.round.closed",
        "elections.round.opened",
    ]
    assert set(audited.values_list("actor", flat=True)) == {organiser.pk}


def test_opening_too_early_is_a_clear_message_not_an_error(client, organiser, president):
    Election.objects.filter(pk=president.pk).update(
        nomination_deadline=timezone.now() + dt.timedelta(days=1)
    )
    client.force_login(organiser)

    response = client.post(reverse("elections:open_election", args=[president.pk]), follow=True)

    assert "Nominations are still open for this seat." in _body(response)
    assert not Round.objects.exists()


def test_read_only_organiser_sees_but_cannot_close_or_certify(client, organiser, president):
    round_ = voting.open_round(election=president, by=organiser)
    reader = staff_user("reader@example.org", ORGANISER_READ_ONLY)
    client.force_login(reader)

    console = client.get(reverse("elections:console", args=[round_.pk]))
    close = client.post(reverse("elections:close", args=[round_.pk]))

    assert console.status_code == 200
    assert 'id="close-vote"' not in _body(console)
    assert close.status_code == 404
    round_.refresh_from_db()
    assert round_.status == Round.Status.OPEN


def test_certifying_needs_the_named_permission(client, organiser, president):
    round_ = voting.close_round(
        round_=voting.open_round(election=president, by=organiser), by=organiser
    )
    manager = staff_user("manager@example.org")
    manager.user_permissions.add(
        Permission.objects.get(codename="view_election"),
        Permission.objects.get(codename="change_election"),
    )
    client.force_login(manager)

    console = client.get(reverse("elections:console", args=[round_.pk]))
    certify = client.post(reverse("elections:certify", args=[round_.pk]))

    assert 'id="certify-result"' not in _body(console)
    assert certify.status_code == 404
    round_.refresh_from_db()
    assert round_.status == Round.Status.CLOSED


def test_organiser_pages_are_404_for_a_focal_point_and_bare_staff(
    client, organiser, president, roll
):
    round_ = voting.open_round(election=president, by=organiser)
    urls = [
        reverse("elections:organise"),
        reverse("elections:console", args=[round_.pk]),
        reverse("elections:state", args=[round_.pk]),
    ]
    for user in (focal(roll[0]), staff_user("bare@example.org")):
        client.force_login(user)
        assert [client.get(url).status_code for url in urls] == [404, 404, 404]
        assert client.post(reverse("elections:close", args=[round_.pk])).status_code == 404
    round_.refresh_from_db()
    assert round_.status == Round.Status.OPEN


def test_paper_double_entry_on_the_console(client, assembly, organiser, roll):
    election = _paper_seat(assembly, organiser, roll)
    round_ = voting.close_round(
        round_=voting.open_round(election=election, by=organiser), by=organiser
    )
    a, b = election.candidates.order_by("pk")
    first, second = _teller("t1@example.org"), _teller("t2@example.org")
    url = reverse("elections:paper_count", args=[round_.pk])
    count = {f"votes_{a.pk}": 5, f"votes_{b.pk}": 2, "abstentions": 1, "invalid": 0}

    client.force_login(first)
    client.post(url, count)
    again = client.post(url, count)
    client.force_login(second)
    differs = client.post(url, {**count, f"votes_{a.pk}": 4}, follow=True)
    blocked = client.post(reverse("elections:certify", args=[round_.pk]))
    client.post(reverse("elections:discard_counts", args=[round_.pk]))
    client.post(url, count)
    client.force_login(first)
    matched = client.post(url, count, follow=True)

    assert again.status_code == 400
    assert "another teller" in _body(again)
    assert "counts differ" in _body(differs)
    assert blocked.status_code == 404  # a teller may not certify
    round_.refresh_from_db()
    assert round_.result["votes"] == {str(a.pk): 5, str(b.pk): 2}
    assert round_.result["elected"] == a.pk
    assert PaperCount.objects.filter(round=round_).count() == 2
    assert 'id="console-result"' in _body(matched)
    assert AuditEntry.objects.filter(action="elections.paper_count.discarded").count() == 1


def test_paper_count_bad_input_is_a_400_with_field_errors(client, assembly, organiser, roll):
    election = _paper_seat(assembly, organiser, roll)
    round_ = voting.close_round(
        round_=voting.open_round(election=election, by=organiser), by=organiser
    )
    a, b = election.candidates.order_by("pk")
    client.force_login(_teller("t1@example.org"))

    response = client.post(
        reverse("elections:paper_count", args=[round_.pk]),
        {f"votes_{a.pk}": "-3", f"votes_{b.pk}": "x", "abstentions": 0, "invalid": 0},
    )

    assert response.status_code == 400
    assert response.context["paper_form"].errors.keys() == {f"votes_{a.pk}", f"votes_{b.pk}"}
    assert not PaperCount.objects.exists()


def test_state_has_the_count_but_no_result_until_closed(client, organiser, president, roll):
    round_ = voting.open_round(election=president, by=organiser)
    candidate = president.candidates.order_by("name").first()
    voting.cast_ballot(
        round_=round_, choice=str(candidate.pk), by=focal(roll[0]), delegation=roll[0]
    )
    client.force_login(organiser)
    url = reverse("elections:state", args=[round_.pk])

    during = client.get(url)
    voting.close_round(round_=round_, by=organiser)
    after = json.loads(client.get(url).content)

    assert during["Content-Type"] == "application/json"
    assert json.loads(during.content)["rows"] == []
    assert (json.loads(during.content)["cast"], json.loads(during.content)["roll_size"]) == (1, 8)
    assert candidate.name not in during.content.decode()
    assert after["status"] == "closed"
    assert after["rows"][0] == {"name": candidate.name, "votes": 1, "elected": True}
    assert [language["code"] for language in after["languages"]] == ["en", "fr", "es", "ar"]
    by_code = {language["code"]: language for language in after["languages"]}
    assert by_code["ar"]["dir"] == "rtl"
    assert by_code["fr"]["label"] == "résultat en attente de certification"
    assert by_code["en"]["figures"].startswith("votes cast 1 · majority required 1")


def test_display_polls_with_a_script_and_reloads_only_without_it(client, organiser, president):
    round_ = voting.open_round(election=president, by=organiser)
    client.force_login(organiser)

    body = _body(client.get(reverse("elections:display", args=[round_.pk])))

    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in body
    assert "elections/display.js" in body
    assert f'data-state-url="/elections/rounds/{round_.pk}/state.json"' in body
    assert 'id="hall-cast">0<' in body


def test_resolution_put_to_the_vote_from_the_page(client, assembly, organiser, roll):
    resolution = create_resolution(
        assembly=assembly, by=organiser, reference="R1", title_en="Budget", share="two_thirds"
    )
    client.force_login(organiser)

    page = client.get(reverse("elections:organise"))
    client.post(reverse("elections:open_resolution", args=[resolution.pk]))

    assert "two thirds of the votes cast" in _body(page)
    resolution.refresh_from_db()
    assert resolution.status == Resolution.Status.VOTING
    assert Round.objects.get(resolution=resolution).roll_size == 8


@pytest.mark.parametrize("seats", [1, 3])
def test_organise_page_query_count_is_exact(
    client, assembly, organiser, roll, seats, django_assert_num_queries
):
    for i, region in enumerate(["africa", "americas", "asia"][:seats]):
        election = create_election(
            assembly=assembly,
            by=organiser,
            seat="delegate",
            region=region,
            nomination_deadline=timezone.now() - dt.timedelta(hours=1),
            mode="electronic",
        )
        create_resolution(assembly=assembly, by=organiser, reference=f"R{i}", title_en="T")
        Round.objects.create(
            election=election, number=1, mode="electronic", opened_at=timezone.now()
        )
    user = UserFactory(email="o2@example.org")
    user.user_permissions.add(Permission.objects.get(codename="view_election"))
    client.force_login(user)

    with django_assert_num_queries(15):
        response = client.get(reverse("elections:organise"))

    assert len(response.context["elections"]) == seats
