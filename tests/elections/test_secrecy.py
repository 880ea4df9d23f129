"""Secrecy: after a vote, nothing in any table or log line links a ballot to a country.

And one ballot per country per round holds under concurrent submissions (PostgreSQL)."""

from __future__ import annotations

import logging
import threading

import pytest
from django.db import connection

from apps.core.errors import ConflictError
from apps.core.models import AuditEntry
from apps.elections.models import Ballot, RollEntry, VoteRecord
from apps.elections.services import voting
from tests.elections.conftest import focal


def _all_rows() -> dict[str, list[tuple]]:
    """Every row of every table of the database, as text."""
    rows = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from the catalogue
            rows[table] = [tuple(str(v) for v in row) for row in cursor.fetchall()]
    return rows


@pytest.mark.postgres
def test_no_link_from_ballot_to_voter_in_tables_or_logs(organiser, president, roll, caplog):
    a, b, _c = president.candidates.order_by("name")
    round_ = voting.open_round(election=president, by=organiser)
    entry = RollEntry.objects.get(round=round_, delegation=roll[5])
    code = voting.issue_booth_code(entry=entry, by=organiser)
    caplog.set_level(logging.DEBUG)

    receipts = [
        voting.cast_ballot(round_=round_, choice=str(a.pk), by=focal(roll[0]), delegation=roll[0]),
        voting.cast_ballot(round_=round_, choice=str(b.pk), by=focal(roll[1]), delegation=roll[1]),
        voting.cast_ballot(round_=round_, choice="abstain", by=focal(roll[2]), delegation=roll[2]),
        voting.cast_ballot(round_=round_, choice=str(a.pk), booth_code=code),
    ]

    # The two tables share nothing: no foreign key, no time, no common column but the round.
    ballot_columns = {f.column for f in Ballot._meta.concrete_fields}
    record_columns = {f.column for f in VoteRecord._meta.concrete_fields}
    assert ballot_columns == {"id", "round_id", "kind", "candidate_id", "answer", "receipt_hash"}
    assert record_columns == {"id", "round_id", "delegation_id"}
    # Every ballot row was written by the last cast's transaction, in a shuffled order.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(DISTINCT xmin::text) FROM elections_ballot WHERE round_id = %s",
            [round_.pk],
        )
        assert cursor.fetchone()[0] == 1
    ballots = list(Ballot.objects.filter(round=round_))
    secret_values = {str(b.id) for b in ballots} | {b.receipt_hash for b in ballots}
    secret_values |= {r.replace("-", "") for r in receipts} | set(receipts)
    # No other table holds a ballot's id, receipt or receipt hash.
    for table, table_rows in _all_rows().items():
        if table == "elections_ballot":
            continue
        for row in table_rows:
            for value in row:
                assert not any(s in value for s in secret_values), (table, row)
    # The audit says that ballots were cast, not by whom.
    cast = AuditEntry.objects.filter(action="elections.ballot.cast")
    assert cast.count() == 4
    assert {(e.actor_id, e.object_id, str(e.data)) for e in cast} == {(None, str(round_.pk), "{}")}
    # The logs name no ballot, receipt or choice.
    for record in caplog.records:
        message = record.getMessage()
        assert not any(s in message for s in secret_values), message
    # And the count is right.
    closed = voting.close_round(round_=round_, by=organiser)
    assert closed.result["votes"][str(a.pk)] == 2
    assert closed.result["abstentions"] == 1


@pytest.mark.postgres
def test_one_ballot_per_country_under_concurrent_submissions(transactional_db, django_user_model):
    import datetime as dt

    from django.contrib.auth.models import Group
    from django.utils import timezone

    from apps.accounts.roles import ORGANISER_ADMIN, sync_roles
    from apps.elections.models import Candidate, Election
    from tests.elections.conftest import member
    from tests.factories import AssemblyFactory

    sync_roles()
    boss = django_user_model.objects.create_user("boss@example.org", "x" * 20, full_name="B")
    boss.groups.add(Group.objects.get(name=ORGANISER_ADMIN))
    assembly = AssemblyFactory(is_current=True)
    delegations = [member(assembly, iso2) for iso2 in ("FR", "TR", "NA")]
    election = Election.objects.create(
        assembly=assembly,
        seat="president",
        nomination_deadline=timezone.now() - dt.timedelta(hours=1),
        mode="electronic",
    )
    candidate = Candidate.objects.create(election=election, delegation=delegations[0], name="A")
    round_ = voting.open_round(election=election, by=boss)
    entry = RollEntry.objects.get(round=round_, delegation=delegations[1])
    code = voting.issue_booth_code(entry=entry, by=boss)
    voter = focal(delegations[1])
    attempts = 6
    barrier = threading.Barrier(attempts)
    outcomes: list[str] = []

    def cast(i: int) -> None:
        try:
            barrier.wait()
            if i == 0:
                voting.cast_ballot(round_=round_, choice=str(candidate.pk), booth_code=code)
            else:
                voting.cast_ballot(
                    round_=round_, choice=str(candidate.pk), by=voter, delegation=delegations[1]
                )
            outcomes.append("cast")
        except ConflictError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=cast, args=(i,)) for i in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["cast"] + ["refused"] * (attempts - 1)
    assert VoteRecord.objects.filter(round=round_).count() == 1
    assert Ballot.objects.filter(round=round_).count() == 1
