"""Ceremony templates: "prepare the next edition" turns the previous edition's ceremonies into
templates (cues and parts at times relative to the start), and organisers create the real
ceremony from one once the new edition has a session for it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.admin import helpers
from django.urls import reverse
from django.utils import translation

from apps.agenda.models import Room, Session, Venue
from apps.ceremonies import services
from apps.ceremonies.models import (
    Ceremony,
    CeremonyRole,
    CeremonyTemplate,
    Cue,
    CueTemplate,
    Rehearsal,
    RoleKind,
    RoleTemplate,
)
from apps.ceremonies.selectors import ceremony_timeline
from apps.core.errors import ApplicationError
from apps.core.models import AuditEntry
from apps.core.services import choose_admin_edition, prepare_next_edition
from apps.delegations.models import Delegate
from tests.ceremonies.factories import CeremonyFactory, CueFactory, SessionFactory
from tests.factories import DelegateFactory, DelegationFactory, MemberCountryFactory

UTC = dt.UTC
NEXT = {
    "number": 94,
    "name": "94th INTERPOL General Assembly",
    "city": "Hong Kong",
    "country": "China",
    "time_zone": "Asia/Hong_Kong",
    "start_date": dt.date(2026, 11, 16),
    "end_date": dt.date(2026, 11, 19),
}


@pytest.fixture
def handover(assembly):
    """The 93rd's closing with the flag handover (Morocco to Hong Kong, China): 3 cues, a guest
    master of ceremonies called 45 minutes before, a delegate carrying the flag."""
    morocco = MemberCountryFactory(iso2="MA", name_en="Morocco")
    china = MemberCountryFactory(iso2="CN", name_en="China")
    ceremony = CeremonyFactory(
        assembly=assembly,
        kind=Ceremony.Kind.FLAG_HANDOVER,
        title_en="Closing ceremony and flag handover",
        title_fr="Cérémonie de clôture et passation du drapeau",
        outgoing_country=morocco,
        incoming_country=china,
        incoming_label="Hong Kong, China",
        required_roles=[RoleKind.MASTER_OF_CEREMONIES],
    )
    for order, (title, minutes) in enumerate(
        [("Welcome", 10), ("Flag handover", 15), ("Closing words", 20)], start=1
    ):
        CueFactory(ceremony=ceremony, order=order, title_en=title, duration_minutes=minutes)
    start = ceremony.session.starts_at
    CeremonyRole.objects.create(
        ceremony=ceremony,
        kind=RoleKind.MASTER_OF_CEREMONIES,
        guest_name="Leila Benali",
        guest_email="leila@example.org",
        call_time=start - dt.timedelta(minutes=45),
        position="Lectern",
    )
    bearer = DelegateFactory(delegation=DelegationFactory(assembly=assembly, country=morocco))
    CeremonyRole.objects.create(
        ceremony=ceremony,
        kind=RoleKind.FLAG_BEARER,
        delegate=bearer,
        call_time=start - dt.timedelta(minutes=30),
    )
    Rehearsal.objects.create(
        ceremony=ceremony,
        starts_at=start - dt.timedelta(days=1),
        ends_at=start - dt.timedelta(days=1, minutes=-60),
        place="Main hall",
    )
    return ceremony


def _prepare(assembly, organiser):
    new, counts = prepare_next_edition(previous=assembly, by=organiser, **NEXT)
    return new, counts


@pytest.mark.django_db
def test_prepare_copies_ceremonies_as_templates_and_nothing_of_the_edition(
    assembly, organiser, handover
):
    before = {
        "ceremonies": Ceremony.objects.count(),
        "cues": Cue.objects.count(),
        "roles": CeremonyRole.objects.count(),
        "rehearsals": Rehearsal.objects.count(),
        "sessions": Session.objects.count(),
        "venues": Venue.objects.count(),
        "rooms": Room.objects.count(),
        "delegates": Delegate.objects.count(),
    }
    new, counts = _prepare(assembly, organiser)

    assert counts["ceremony_templates"] == 1
    template = CeremonyTemplate.objects.get(assembly=new)
    assert template.kind == Ceremony.Kind.FLAG_HANDOVER
    assert template.title_fr == "Cérémonie de clôture et passation du drapeau"
    # The host who received the flag hands it on at the 94th; the next host is not known yet.
    assert template.outgoing_country.iso2 == "CN"
    assert template.outgoing_label == "Hong Kong, China"
    assert template.incoming_country is None
    assert template.incoming_label == ""
    assert [(c.order, c.title_en, c.duration_minutes) for c in template.cues.all()] == [
        (1, "Welcome", 10),
        (2, "Flag handover", 15),
        (3, "Closing words", 20),
    ]
    roles = {role.kind: role for role in template.roles.all()}
    assert roles[RoleKind.MASTER_OF_CEREMONIES].call_offset_minutes == -45
    assert roles[RoleKind.MASTER_OF_CEREMONIES].guest_name == "Leila Benali"
    # A delegate's part is kept as a part to fill, without last year's delegate.
    assert roles[RoleKind.FLAG_BEARER].call_offset_minutes == -30
    assert roles[RoleKind.FLAG_BEARER].guest_name == ""
    assert set(template.required_roles) == {RoleKind.MASTER_OF_CEREMONIES, RoleKind.FLAG_BEARER}
    # Nothing of the 93rd's ceremonies, programme, venue or delegates is copied.
    assert {
        "ceremonies": Ceremony.objects.count(),
        "cues": Cue.objects.count(),
        "roles": CeremonyRole.objects.count(),
        "rehearsals": Rehearsal.objects.count(),
        "sessions": Session.objects.count(),
        "venues": Venue.objects.count(),
        "rooms": Room.objects.count(),
        "delegates": Delegate.objects.count(),
    } == before
    assert not Ceremony.objects.filter(assembly=new).exists()
    assert not Session.objects.filter(assembly=new).exists()
    # The 93rd's own ceremony is untouched.
    handover.refresh_from_db()
    assert handover.outgoing_country.iso2 == "MA"
    assert handover.cues.count() == 3
    assert AuditEntry.objects.filter(action="ceremonies.template.carried_over").count() == 1


@pytest.mark.django_db
def test_prepare_again_carries_the_templates_a_ceremony_never_used(assembly, organiser, handover):
    new, _counts = _prepare(assembly, organiser)
    following = {**NEXT, "number": 95, "name": "95th", "city": "Doha", "country": "Qatar"}
    following["time_zone"] = "Asia/Qatar"
    following["start_date"] = dt.date(2027, 11, 8)
    following["end_date"] = dt.date(2027, 11, 11)
    newer, counts = prepare_next_edition(previous=new, by=organiser, **following)
    assert counts["ceremony_templates"] == 1
    template = CeremonyTemplate.objects.get(assembly=newer)
    assert template.cues.count() == 3
    assert template.roles.count() == 2


def _hong_kong_session(new):
    # 18:00 to 19:30 in Hong Kong (UTC+8) on 19 November 2026 is 10:00 to 11:30 UTC.
    return SessionFactory(
        assembly=new,
        starts_at=dt.datetime(2026, 11, 19, 10, 0, tzinfo=UTC),
        ends_at=dt.datetime(2026, 11, 19, 11, 30, tzinfo=UTC),
    )


@pytest.mark.django_db
def test_ceremony_from_template_runs_from_the_sessions_start_in_utc(assembly, organiser, handover):
    new, _counts = _prepare(assembly, organiser)
    template = CeremonyTemplate.objects.get(assembly=new)
    session = _hong_kong_session(new)

    ceremony = services.create_ceremony_from_template(
        template=template, session=session, incoming_label="Doha, Qatar", by=organiser
    )

    assert ceremony.assembly == new
    assert ceremony.session == session
    assert ceremony.outgoing_label == "Hong Kong, China"
    assert ceremony.incoming_host == "Doha, Qatar"
    planned = [(row.cue.title_en, row.planned_start) for row in ceremony_timeline(ceremony)]
    assert planned == [
        ("Welcome", dt.datetime(2026, 11, 19, 10, 0, tzinfo=UTC)),  # 18:00 Hong Kong
        ("Flag handover", dt.datetime(2026, 11, 19, 10, 10, tzinfo=UTC)),  # 18:10
        ("Closing words", dt.datetime(2026, 11, 19, 10, 25, tzinfo=UTC)),  # 18:25
    ]
    master = ceremony.roles.get()
    assert master.kind == RoleKind.MASTER_OF_CEREMONIES
    assert master.guest_name == "Leila Benali"
    assert master.call_time == dt.datetime(2026, 11, 19, 9, 15, tzinfo=UTC)  # 17:15 Hong Kong
    assert master.call_time.astimezone(new.tz).strftime("%H:%M") == "17:15"
    assert RoleKind.FLAG_BEARER in ceremony.required_roles  # to fill with a 94th delegate
    assert AuditEntry.objects.filter(action="ceremonies.ceremony.created_from_template").exists()


@pytest.mark.django_db
def test_translations_of_staging_text_travel_to_the_next_edition(assembly, organiser, handover):
    """Positions, AV instructions and the host's label keep their French, Spanish and Arabic
    through the template to the next edition's ceremony, which shows them in each language."""
    Ceremony.objects.filter(pk=handover.pk).update(
        incoming_label_fr="Hong Kong, Chine",
        incoming_label_es="Hong Kong, China",
        incoming_label_ar="هونغ كونغ، الصين",
    )
    handover.cues.filter(order=2).update(
        position="Centre stage",
        position_fr="Centre de la scène",
        position_ar="وسط المسرح",
        av_instructions="Follow spot on the flag",
        av_instructions_es="Cañón de seguimiento sobre la bandera",
    )
    handover.roles.filter(kind=RoleKind.MASTER_OF_CEREMONIES).update(
        position_fr="Pupitre", position_ar="المنصة"
    )
    new, _counts = _prepare(assembly, organiser)
    template = CeremonyTemplate.objects.get(assembly=new)
    # The host who received the flag hands it on, with its name in every language.
    assert (template.outgoing_label_fr, template.outgoing_label_ar) == (
        "Hong Kong, Chine",
        "هونغ كونغ، الصين",
    )
    cue = template.cues.get(order=2)
    assert (cue.position_fr, cue.position_ar, cue.av_instructions_es) == (
        "Centre de la scène",
        "وسط المسرح",
        "Cañón de seguimiento sobre la bandera",
    )
    master = template.roles.get(kind=RoleKind.MASTER_OF_CEREMONIES)
    assert (master.position_fr, master.position_ar) == ("Pupitre", "المنصة")

    ceremony = services.create_ceremony_from_template(
        template=template,
        session=_hong_kong_session(new),
        incoming_label="Doha, Qatar",
        by=organiser,
    )

    cue = ceremony.cues.get(order=2)
    role = ceremony.roles.get(kind=RoleKind.MASTER_OF_CEREMONIES)
    with translation.override("fr"):
        assert ceremony.outgoing_host == "Hong Kong, Chine"
        assert ceremony.incoming_host == "Doha, Qatar"  # typed now: no translation yet
        assert cue.display_position == "Centre de la scène"
        assert cue.display_av_instructions == "Follow spot on the flag"  # no French: English
        assert role.display_position == "Pupitre"
    with translation.override("es"):
        assert cue.display_av_instructions == "Cañón de seguimiento sobre la bandera"
        assert cue.display_position == "Centre stage"
    with translation.override("ar"):
        assert ceremony.outgoing_host == "هونغ كونغ، الصين"
        assert role.display_position == "المنصة"


@pytest.mark.django_db
def test_ceremony_from_template_refuses_another_editions_session_and_a_missing_host(
    assembly, organiser, handover
):
    new, _counts = _prepare(assembly, organiser)
    template = CeremonyTemplate.objects.get(assembly=new)
    with pytest.raises(ApplicationError, match="another assembly"):
        services.create_ceremony_from_template(
            template=template, session=handover.session, incoming_label="Doha", by=organiser
        )
    with pytest.raises(ApplicationError, match="incoming host"):
        services.create_ceremony_from_template(
            template=template, session=_hong_kong_session(new), by=organiser
        )
    assert not Ceremony.objects.filter(assembly=new).exists()


@pytest.mark.django_db
def test_ceremony_from_template_refuses_a_run_longer_than_the_session(
    assembly, organiser, handover
):
    new, _counts = _prepare(assembly, organiser)
    template = CeremonyTemplate.objects.get(assembly=new)
    short = SessionFactory(
        assembly=new,
        starts_at=dt.datetime(2026, 11, 19, 10, 0, tzinfo=UTC),
        ends_at=dt.datetime(2026, 11, 19, 10, 30, tzinfo=UTC),
    )
    with pytest.raises(ApplicationError, match="overruns by 15 minutes"):
        services.create_ceremony_from_template(
            template=template, session=short, incoming_label="Doha", by=organiser
        )
    assert not Ceremony.objects.filter(assembly=new).exists()


@pytest.mark.django_db
def test_admin_creates_the_ceremony_from_a_template(client, assembly, organiser, handover):
    new, _counts = _prepare(assembly, organiser)
    template = CeremonyTemplate.objects.get(assembly=new)
    session = _hong_kong_session(new)
    choose_admin_edition(user=organiser, assembly=new)
    client.force_login(organiser)
    url = reverse("admin:ceremonies_ceremonytemplate_changelist")

    listing = client.get(url)
    assert "Closing ceremony and flag handover" in listing.content.decode()
    form = client.post(
        url, {"action": "create_ceremony", helpers.ACTION_CHECKBOX_NAME: [template.pk]}
    )
    page = form.content.decode()
    assert "Thu 19 Nov 2026, 18:00 Hong Kong (UTC+8)" in page  # the session, in local time
    assert not Ceremony.objects.filter(assembly=new).exists()

    done = client.post(
        url,
        {
            "action": "create_ceremony",
            helpers.ACTION_CHECKBOX_NAME: [template.pk],
            "apply": "1",
            "session": session.pk,
            "incoming_label": "Doha, Qatar",
        },
    )
    ceremony = Ceremony.objects.get(assembly=new)
    assert done.status_code == 302
    assert done["Location"] == reverse("admin:ceremonies_ceremony_change", args=[ceremony.pk])
    assert ceremony.cues.count() == 3


@pytest.mark.django_db
def test_admin_lists_only_the_chosen_editions_templates(client, assembly, organiser, handover):
    new, _counts = _prepare(assembly, organiser)
    CeremonyTemplate.objects.create(assembly=assembly, kind="opening", title_en="Old opening")
    client.force_login(organiser)
    choose_admin_edition(user=organiser, assembly=new)
    page = client.get(reverse("admin:ceremonies_ceremonytemplate_changelist")).content.decode()
    assert "Closing ceremony and flag handover" in page
    assert "Old opening" not in page
    assert CueTemplate.objects.filter(template__assembly=new).count() == 3
    assert RoleTemplate.objects.filter(template__assembly=new).count() == 2
