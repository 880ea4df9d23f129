"""Defect 2: user text arrived as live HTML (links, styles) in another delegation's mailbox.

Every e-mail kind (every templates/emails/*.subject.txt) is rendered with hostile text in
every user-supplied field: context values, the names and titles of its subject, the
recipient's name. No tag, attribute or link from that text may reach the HTML part, no bidi
override may reach any part, the links are the configured site's, and the footer is there.
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from apps.notifications.models import Notification
from apps.notifications.rendering import render_email
from tests.factories import DelegateFactory, DelegationFactory, MemberCountryFactory, UserFactory

EVIL = "evil.example"
# Under 100 characters, the shortest limit of the fields it goes into.
PAYLOAD = (
    f'<a href="https://{EVIL}/x">x</a><style>*{{}}</style>"\'><img src=x onerror=1>\u202egnp\u2066'
)
# A name can no longer hold direction controls (the service refuses them, see
# apps.core.validators); through the service the rest of the payload still goes in.
NAME_PAYLOAD = PAYLOAD.replace("\u202e", "").replace("\u2066", "")
KINDS = sorted(
    path.name.removesuffix(".subject.txt")
    for folder in (
        Path(settings.BASE_DIR) / "templates" / "emails",
        Path(settings.BASE_DIR) / "apps" / "badges" / "templates" / "emails",  # badges
    )
    for path in folder.glob("*.subject.txt")
)
DANGEROUS_TAGS = {"style", "img", "script", "iframe", "form", "input", "object", "embed", "link"}


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def hostile_context(request_id: int) -> dict:
    """Every key a template of ours reads from the context, hostile where it is text."""
    text_keys = [
        "requester",
        "invitee",
        "topic",
        "decline_reason",
        "room",
        "title",
        "person",
        "ceremony_title",
        "role_label",
        "position",
        "place",
        "name",
        "number",
        "reason",
        "note",
        "status_label",
        "delegation",
        "previous_room",
        "message",
        "headline",
        "outlet",  # badges
    ]
    return {
        **dict.fromkeys(text_keys, PAYLOAD),
        "names": [PAYLOAD, PAYLOAD],
        "count": 2,
        "duration_minutes": 30,
        "request_id": request_id,
        "minutes_before": 60,
        "starts_at": "2025-11-25T09:00:00+00:00",
        "date": "2025-11-25",
        "status": "contested",
        "change": "moved",
        "expires_at": "2025-12-08T09:00:00+00:00",
    }


@pytest.fixture
def world(assembly, organiser):
    """One object of each kind a notification is about, with hostile text wherever a person
    writes it."""
    from apps.accounts.invitations import invite_user
    from apps.ceremonies.models import Rehearsal
    from apps.elections.models import Mode, Resolution, Round
    from apps.meetings.models import Meeting
    from tests.agenda.factories import RoomFactory, SessionFactory, VenueFactory
    from tests.ceremonies.factories import CeremonyFactory, CeremonyRoleFactory
    from tests.meetings.factories import MeetingRequestFactory

    country = MemberCountryFactory(iso2="FR", name_en=PAYLOAD)
    delegation = DelegationFactory(assembly=assembly, country=country)
    other = DelegationFactory(assembly=assembly, country=MemberCountryFactory(iso2="KE"))
    room = RoomFactory(venue=VenueFactory(assembly=assembly, name=PAYLOAD), name=PAYLOAD)
    starts = dt.datetime(2025, 11, 25, 9, tzinfo=dt.UTC)
    session = SessionFactory(
        assembly=assembly,
        title_en=PAYLOAD,
        room=room,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
    )
    request = MeetingRequestFactory(
        assembly=assembly, requester=delegation, invitee=other, topic=PAYLOAD
    )
    meeting = Meeting.objects.create(
        request=request,
        assembly=assembly,
        room=room,
        starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=30),
    )
    ceremony = CeremonyFactory(assembly=assembly, title_en=PAYLOAD, session=session)
    role = CeremonyRoleFactory(ceremony=ceremony, guest_name=PAYLOAD, call_time=starts)
    rehearsal = Rehearsal.objects.create(
        ceremony=ceremony, starts_at=starts, ends_at=starts + dt.timedelta(hours=1), place=PAYLOAD
    )
    delegate = DelegateFactory(delegation=delegation, family_name=PAYLOAD, given_names=PAYLOAD)
    resolution = Resolution.objects.create(
        assembly=assembly, reference="GA-2025-RES-01", title_en=PAYLOAD, text_en=PAYLOAD
    )
    vote = Round.objects.create(resolution=resolution, mode=Mode.PAPER, opened_at=starts)
    invitation, _token = invite_user(
        email="invitee@example.org", full_name=NAME_PAYLOAD, by=organiser
    )
    return {
        "recipient": UserFactory(email="reader@example.org", full_name=PAYLOAD),
        "accounts": invitation,
        "agenda": session,
        "ceremonies.call_time": role,
        "ceremonies.role_assigned": role,
        "ceremonies.rehearsal": rehearsal,
        "delegations.accreditation_submitted": delegation,
        "elections": vote,
        "delegations": delegate,
        "meetings.request": request,
        "meetings": meeting,
        "notifications.meeting_reminder": meeting,
        "notifications.session_reminder": session,
        "notifications.daily_digest": assembly,
        "notifications.generic": session,
        "badges.media": _media_application(assembly),  # badges
    }


def _media_application(assembly):
    """A media application with hostile text in every field the applicant types."""
    from apps.badges.models import MediaApplication

    return MediaApplication.objects.create(
        assembly=assembly,
        family_name=NAME_PAYLOAD,
        given_names=NAME_PAYLOAD,
        outlet=NAME_PAYLOAD,
        country=MemberCountryFactory(iso2="DE"),
        email="press@example.org",
        function=NAME_PAYLOAD,
        press_card_number="PC-1",
        photo="badges/photos/none.jpg",
        consented_at=timezone.now(),
    )


def subject_for(world, kind: str):
    """The most specific entry of `world` for the kind (a new kind must be added there)."""
    for key in sorted(world, key=len, reverse=True):
        if kind == key or kind.startswith(key + ".") or kind.startswith(key + "_"):
            return world[key]
    raise AssertionError(f"no hostile subject for e-mail kind {kind!r}: add one to world()")


def _render(kind, subject, recipient, context) -> Notification:
    row = Notification.objects.create(
        kind=kind,
        recipient=recipient if kind != "accounts.invitation" else None,
        recipient_email="" if kind != "accounts.invitation" else "invitee@example.org",
        recipient_key=f"hostile:{kind}",
        content_type_id=None,
        channel="email",
        due_at=timezone.now(),
        context=context,
    )
    row.subject = subject
    row.save()
    return row


def test_every_kind_is_covered():
    assert len(KINDS) >= 20
    assert "accounts.invitation" in KINDS


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("kind", KINDS)
def test_no_live_html_from_user_text_in_any_email(kind, language, world, settings):
    settings.SITE_URL = "https://ga.example.org"
    recipient = world["recipient"]
    recipient.preferred_language = language
    recipient.save()
    subject = subject_for(world, kind)
    request_id = world["meetings.request"].pk
    notification = _render(kind, subject, recipient, hostile_context(request_id))

    email = render_email(notification)

    parser = Tags()
    parser.feed(email.html)
    tags = {tag for tag, _attrs in parser.tags}
    attributes = {name for _tag, attrs in parser.tags for name in attrs}
    links = [attrs.get("href", "") for tag, attrs in parser.tags if tag == "a"]
    assert not tags & DANGEROUS_TAGS, tags & DANGEROUS_TAGS
    assert "onerror" not in attributes
    assert links
    assert all(link.startswith("https://ga.example.org/") for link in links), links
    assert EVIL in email.html  # the hostile text was rendered, as text
    for part in (email.subject, email.text, email.html):
        assert "\u202e" not in part
        assert "\u2066" not in part
    footer = re.sub(r"<[^>]+>|\s+", " ", email.html.rsplit("border-top", 1)[-1])
    assert "GA Planner" in footer


def test_the_generic_wrapper_links_only_this_sites_addresses(settings):
    from apps.notifications.rendering import text_as_html

    settings.SITE_URL = "https://ga.example.org"

    html = text_as_html(
        "See https://ga.example.org/meetings/12/ and https://ga.example.org.evil.example/x "
        'or <a href="https://evil.example">here</a>'
    )

    assert html.count("<a ") == 2
    assert '<a href="https://ga.example.org/meetings/12/"' in html
    assert '<a href="https://ga.example.org" ' in html
    assert "&lt;a href=&quot;https://evil.example&quot;&gt;" in html
