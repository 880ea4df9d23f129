"""The access sweep: every URL pattern (the admin's included) and every OpenAPI operation, each
method, requested as every role on objects of delegation B.

What each role may reach is declared once, in POLICIES (route name -> policy) and EXPECTED
(policy -> roles allowed). A route or an API operation missing from POLICIES fails the test, so a
new endpoint is covered the day it is added. Outcomes are checked on the data:
- no response ever carries a private marker the role may not see (B's delegates and credentials,
  the B-C meeting topic, a draft session, a session only B is invited to), whatever its status;
- a refused write changes no row of any project table;
- a refused read answers 401/403/404/405 or sends to a log-in page; an allowed read answers.
No response is a 5xx. Every request runs in a savepoint rolled back afterwards.
"""

from __future__ import annotations

import os
import pathlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from apps.accounts import api_tokens
from apps.accounts.roles import (
    CREDENTIALS_COMMITTEE,
    ORGANISER_ADMIN,
    ORGANISER_READ_ONLY,
    role_permissions,
)
from apps.agenda import services as agenda_services
from apps.agenda.feeds import feed_token
from apps.agenda.models import CalendarFeed, Session
from apps.ceremonies.models import CeremonyRole, RoleKind
from apps.core.models import AuditEntry
from apps.core.permissions import METRICS_PERMISSION
from apps.delegations import services as delegation_services
from apps.elections.models import Election, RollEntry, Round  # elections
from apps.meetings import services as meeting_services
from apps.meetings.models import ScheduleRun
from apps.notifications.models import Notification
from tests.agenda.factories import RoomFactory, SessionFactory, VenueFactory, local
from tests.ceremonies.factories import CeremonyFactory
from tests.delegations.factories import JPEG_BYTES, pdf_upload
from tests.factories import DelegationFactory, UserFactory
from tests.roles import staff_user

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

# Roles. There is no delegate-level account in GA Planner (delegates do not log in).
ANON, FP_A, FP_B, READER, COMMITTEE, BARE, ORGANISER = (
    "anonymous",
    "focal point of A",
    "focal point of B",
    "organiser read-only",
    "credentials committee",
    "staff without permission",
    "organiser",
)
ROLES = (ANON, FP_A, FP_B, READER, COMMITTEE, BARE, ORGANISER)
STAFF = {READER, COMMITTEE, BARE, ORGANISER}
EVERYONE = set(ROLES)
SIGNED_IN = EVERYONE - {ANON}

# Private markers, and who may see each.
B_DELEGATE = "Kipronobsecret"
B_ISSUER = "Ministry of Interior Bsecret"
BC_TOPIC = "Topic between B and C bsecret"
DRAFT_TITLE = "Draft session bsecret"
INVITED_TITLE = "Only B invited bsecret"
B_UNAVAILABLE = "B unavailable bsecret"
B_PASSPORT = "PB7700SECRET"  # a passport number: in clear only to holders of the permission
B_NEEDS = "Needs of B bsecret"
SEES = {
    B_DELEGATE: {FP_B, READER, COMMITTEE, ORGANISER},
    B_ISSUER: {FP_B, READER, COMMITTEE, ORGANISER},
    BC_TOPIC: {FP_B, READER, ORGANISER},
    DRAFT_TITLE: {READER, ORGANISER},
    INVITED_TITLE: {FP_B, READER, ORGANISER},
    B_UNAVAILABLE: {FP_B, READER, ORGANISER},
    B_PASSPORT: {ORGANISER},
    B_NEEDS: {FP_B, READER, ORGANISER},
}

# Policies: who may use a route (reads and writes alike, unless the policy says otherwise).
PUBLIC = "public"  # anyone, signed in or not (log-in pages, health, schema)
SIGNED = "signed in"  # any account; what it shows is scoped by selectors
OWN_B = "B's focal points and organisers who may view it"
FOCAL_B = "B's focal points only (portal pages; organisers work in the admin)"
ADMIN_SITE = "the admin site: staff accounts enter (and see only what their permissions give)"
ADMIN_MODEL = "admin model view: the permission on that model"
TOKEN = "the token in the address is the capability"
ANY_AUTH = "any account, for its own things (own notifications, own API keys, own profile)"
OPERATORS = "operators: the metrics permission (or the METRICS_TOKEN bearer token)"

# Routes whose 503 is an answer (a failing check named in the body), not a server error.
READINESS = {"healthz-ready"}

EXPECTED: dict[str, dict[str, set[str]]] = {
    # policy -> {"read": roles allowed to read, "write": roles allowed to write}
    PUBLIC: {"read": EVERYONE, "write": EVERYONE},
    SIGNED: {"read": SIGNED_IN, "write": SIGNED_IN},
    ANY_AUTH: {"read": SIGNED_IN, "write": SIGNED_IN},
    TOKEN: {"read": EVERYONE, "write": EVERYONE},
    ADMIN_SITE: {"read": STAFF, "write": STAFF},
}


def own_b(read: set[str], write: set[str]) -> dict[str, set[str]]:
    return {"read": read, "write": write}


# Route name -> policy (or an explicit {"read", "write"} of roles). Admin model views
# (<app>_<model>_<action>) are covered by ADMIN_MODEL_ROUTE below.
POLICIES: dict[str, str | dict[str, set[str]]] = {
    "healthz": PUBLIC,
    "healthz-ready": PUBLIC,
    "metrics": OPERATORS,
    "core:home": PUBLIC,
    "api-schema": PUBLIC,
    "api-docs": PUBLIC,
    "api:badge-list": SIGNED,
    "api:badge-detail": own_b({FP_B, READER, ORGANISER}, set()),
    "api:badge-scan-record": own_b(set(), {ORGANISER}),
    "api:badge-scan-sync": own_b(set(), {ORGANISER}),
    "api:badge-gate-bundle": own_b({ORGANISER}, set()),
    "api:badge-presence": own_b({READER, ORGANISER}, set()),
    "badges:own": FOCAL_B,
    "badges:gate": own_b({ORGANISER}, set()),
    "badges:gate-sw": own_b({ORGANISER}, set()),
    "badges:presence": own_b({READER, ORGANISER}, set()),
    "admin:badges_badge_issue": own_b({ORGANISER}, {ORGANISER}),
    "admin:badges_badge_print": own_b({ORGANISER}, {ORGANISER}),
    # Badges are issued by services (a button, approval), scans only by the gates.
    "admin:badges_badge_add": own_b(set(), set()),
    "admin:badges_scan_add": own_b(set(), set()),
    "admin:badges_scan_delete": own_b(set(), set()),
    # The media's accreditation form needs no account (throttled; the organisers decide).
    "badges:media-apply": PUBLIC,
    "admin:badges_mediaapplication_add": own_b(set(), set()),
    "admin:badges_mediaapplication_delete": own_b(set(), set()),
    # Accounts: log-in, resets and invitations are public; the security page is one's own.
    "admin_login": PUBLIC,
    "accounts:login": PUBLIC,
    "accounts:two_factor_verify": PUBLIC,
    "accounts:logout": PUBLIC,
    "accounts:set_language": PUBLIC,
    # No live invitation link exists here (the secrets sweep holds them): refused for everyone.
    "accounts:invitation": own_b(set(), set()),
    "accounts:invitation_reissue": own_b(set(), set()),
    "accounts:password_reset": PUBLIC,
    "accounts:password_reset_done": PUBLIC,
    "accounts:password_reset_confirm": TOKEN,
    "accounts:password_reset_complete": PUBLIC,
    "accounts:security": ANY_AUTH,
    "accounts:password_change": ANY_AUTH,
    "accounts:two_factor_setup": ANY_AUTH,
    "accounts:recovery_codes_renew": ANY_AUTH,
    "accounts:two_factor_disable": ANY_AUTH,
    "accounts:api_key_create": ANY_AUTH,
    "accounts:api_key_revoke": own_b({FP_B}, {FP_B}),
    # The API.
    "api:assembly-list": SIGNED,
    "api:assembly-current": SIGNED,
    "api:me": ANY_AUTH,
    "api:delegation-list": SIGNED,
    "api:delegation-detail": own_b({FP_B, READER, COMMITTEE, ORGANISER}, set()),
    "api:delegation-summary": own_b({FP_B, READER, COMMITTEE, ORGANISER}, set()),
    "api:delegation-submit-all": own_b(set(), {FP_B, ORGANISER}),
    "api:credentials-detail": own_b({FP_B, READER, COMMITTEE, ORGANISER}, set()),
    "api:credentials-upload": own_b(set(), {FP_B, ORGANISER}),
    "api:credentials-designate": own_b(set(), {FP_B, ORGANISER}),
    "api:credentials-decide": own_b(set(), {COMMITTEE, ORGANISER}),
    "api:delegate-list": SIGNED,
    "api:delegate-create": own_b(set(), SIGNED_IN),
    "api:delegate-detail": own_b({FP_B, READER, COMMITTEE, ORGANISER}, {FP_B, ORGANISER}),
    "api:delegate-submit": own_b(set(), {FP_B, ORGANISER}),
    "api:delegate-approve": own_b(set(), {ORGANISER}),
    "api:delegate-reject": own_b(set(), {ORGANISER}),
    "api:delegate-withdraw": own_b(set(), {FP_B, ORGANISER}),
    "api:delegate-reopen": own_b(set(), {ORGANISER}),
    "api:voting-roll": own_b({READER, COMMITTEE, ORGANISER}, set()),
    "api:agenda-venue-list": SIGNED,
    "api:agenda-room-list": SIGNED,
    "api:agenda-session-list": SIGNED,
    "api:agenda-session-create": own_b(set(), {ORGANISER}),
    "api:agenda-session-detail": own_b({FP_B, READER, ORGANISER}, set()),
    "api:agenda-session-update": own_b(set(), {ORGANISER}),
    "api:agenda-session-cancel": own_b(set(), {ORGANISER}),
    "api:agenda-session-publish": own_b(set(), {ORGANISER}),
    "api:agenda-session-unpublish": own_b(set(), {ORGANISER}),
    "api:agenda-programme": own_b({FP_A, FP_B}, set()),
    "api:meeting-request-list": SIGNED,
    "api:meeting-request-detail": own_b({FP_B, READER, ORGANISER}, set()),
    "api:meeting-request-accept": own_b(set(), {FP_B, ORGANISER}),
    "api:meeting-request-decline": own_b(set(), {FP_B, ORGANISER}),
    "api:meeting-request-counter-propose": own_b(set(), {FP_B, ORGANISER}),
    "api:meeting-request-cancel": own_b(set(), {FP_B, ORGANISER}),
    "api:meeting-list": SIGNED,
    "api:meeting-confirm": own_b(set(), {FP_B, ORGANISER}),
    "api:ceremony-list": SIGNED,
    "api:ceremony-detail": own_b({FP_B, READER, ORGANISER}, set()),
    "api:ceremony-timeline": own_b({READER, ORGANISER}, set()),
    "api:ceremony-cue-create": own_b(set(), {ORGANISER}),
    "api:ceremony-cue-reorder": own_b(set(), {ORGANISER}),
    "api:ceremony-finalise": own_b(set(), {ORGANISER}),
    "api:ceremony-console": own_b({READER, ORGANISER}, set()),
    "api:ceremony-advance": own_b(set(), {ORGANISER}),
    "api:ceremony-undo-advance": own_b(set(), {ORGANISER}),
    "api:ceremony-role-list": SIGNED,
    "api:notification-list": ANY_AUTH,
    "api:notification-unread-count": ANY_AUTH,
    "api:notification-read-all": ANY_AUTH,
    "api:notification-read": own_b(set(), {FP_B}),
    "api:notification-preferences": ANY_AUTH,
    # Portal pages: a delegation's focal points; organisers are sent to the admin.
    "delegations:home": PUBLIC,  # sends on to the overview, which decides
    "delegations:dashboard": FOCAL_B,
    "delegations:delegate_create": FOCAL_B,
    "delegations:delegate_edit": FOCAL_B,
    "delegations:delegate_delete": FOCAL_B,
    "delegations:delegate_submit": FOCAL_B,
    "delegations:delegate_withdraw": FOCAL_B,
    "delegations:delegate_detail": FOCAL_B,
    "delegations:delegate_restore": FOCAL_B,
    "delegations:submit_all": FOCAL_B,
    "delegations:credentials": FOCAL_B,
    "delegations:credentials_letter": own_b({FP_B, READER, COMMITTEE, ORGANISER}, set()),
    "delegations:delegate_photo": own_b({FP_B, READER, COMMITTEE, ORGANISER}, set()),
    "agenda:agenda": SIGNED,
    "agenda:programme": FOCAL_B,
    "agenda:programme_print": FOCAL_B,
    "agenda:calendars": FOCAL_B,
    "agenda:feed": TOKEN,
    "agenda:session_ics": own_b({FP_B, READER, ORGANISER}, set()),
    "meetings:requests": FOCAL_B,
    "meetings:request_create": FOCAL_B,
    "meetings:request_detail": FOCAL_B,
    "meetings:request_answer": FOCAL_B,
    "meetings:schedule": FOCAL_B,
    "meetings:meeting_confirm": FOCAL_B,
    "meetings:meeting_confirm_selected": FOCAL_B,
    # Only the side that asked withdraws (and undoes it); B is the invited side of the world's
    # request, so its focal points are refused too (a 404, the invitee declines instead).
    "meetings:request_withdraw": own_b(set(), set()),
    "meetings:request_restore": own_b(set(), set()),
    "meetings:meeting_ics": own_b({FP_B, READER, ORGANISER}, set()),
    "meetings:availability": FOCAL_B,
    "meetings:availability_remove": FOCAL_B,
    "ceremonies:list": SIGNED,
    "ceremonies:detail": own_b({FP_B, READER, ORGANISER}, set()),
    "ceremonies:role": own_b({FP_B, READER, ORGANISER}, set()),
    "ceremonies:run_sheet": own_b({READER, ORGANISER}, set()),
    "ceremonies:run_sheet_pdf": own_b({READER, ORGANISER}, set()),
    "ceremonies:console": own_b({READER, ORGANISER}, set()),
    "ceremonies:console_state": own_b({READER, ORGANISER}, set()),
    "ceremonies:console_advance": own_b(set(), {ORGANISER}),
    "ceremonies:console_undo": own_b(set(), {ORGANISER}),
    "notifications:inbox": ANY_AUTH,
    "notifications:mark_read": own_b(set(), {FP_B}),
    "notifications:mark_all_read": ANY_AUTH,
    "notifications:preferences": ANY_AUTH,
    # The admin site's own pages.
    "admin:index": ADMIN_SITE,
    "admin:login": PUBLIC,
    "admin:logout": PUBLIC,
    "admin:password_change": ADMIN_SITE,
    "admin:password_change_done": ADMIN_SITE,
    # Without its parameters (app, model, field) the autocomplete refuses everyone; with them,
    # the model admin's view permission decides (Django's).
    "admin:autocomplete": own_b(set(), set()),
    "admin:jsi18n": ADMIN_SITE,
    # No model here has a public page ("view on site"): a 404 for everyone.
    "admin:view_on_site": own_b(set(), set()),
    # An app's index: staff holding a permission in that app (here "delegations").
    "admin:app_list": own_b({READER, COMMITTEE, ORGANISER}, set()),
    "admin:catch_all": own_b(set(), set()),  # an unknown admin address: 404 for everyone
    "admin:legacy_change_redirect": ADMIN_SITE,
    # The admin's own screens beyond the model views.
    "admin:delegations_voting_roll": own_b({READER, COMMITTEE, ORGANISER}, set()),
    "admin:delegations_voting_roll_csv": own_b({READER, COMMITTEE, ORGANISER}, set()),
    "admin:delegations_import": own_b({ORGANISER}, {ORGANISER}),
    "admin:delegations_invite": own_b({ORGANISER}, {ORGANISER}),
    "admin:agenda_session_day_grid": own_b({READER, ORGANISER}, set()),
    "admin:meetings_meeting_move": own_b({ORGANISER}, {ORGANISER}),
    "admin:meetings_meeting_grid": own_b({READER, ORGANISER}, set()),
    "admin:meetings_meetingrequest_place": own_b({ORGANISER}, {ORGANISER}),
    "admin:meetings_schedulerun_run": own_b(set(), {ORGANISER}),
    "admin:meetings_schedulerun_progress": own_b({READER, ORGANISER}, set()),
    # Rows written only by services (or by the system): the admin offers no add page, and
    # the outbox is never deleted by hand.
    **dict.fromkeys(
        [
            "admin:core_heartbeat_add",
            "admin:accounts_invitation_add",
            "admin:accounts_apitoken_add",
            "admin:delegations_credentials_add",
            "admin:agenda_calendarfeed_add",
            "admin:meetings_meeting_add",
            "admin:meetings_meetingrequest_add",
            "admin:meetings_schedulerun_add",
            "admin:notifications_notification_add",
            "admin:notifications_notification_delete",
        ],
        own_b(set(), set()),
    ),
    # Results and seats are public to every account; the ballot is B's (on the frozen roll);
    # the booth and the receipt check take a one-time code or a receipt, not an account.
    "elections:list": SIGNED,
    "elections:vote": FOCAL_B,
    "elections:booth": PUBLIC,
    "elections:receipt": PUBLIC,
    "elections:display": own_b({READER, ORGANISER}, set()),
    # The organisers' pages that run a vote: read by who may view elections; opening, closing
    # and counting by the organisers' admin role, certifying by elections.certify_round.
    "elections:organise": own_b({READER, ORGANISER}, set()),
    "elections:console": own_b({READER, ORGANISER}, set()),
    "elections:state": own_b({READER, ORGANISER}, set()),
    "elections:open_election": own_b(set(), {ORGANISER}),
    "elections:open_resolution": own_b(set(), {ORGANISER}),
    "elections:close": own_b(set(), {ORGANISER}),
    "elections:certify": own_b(set(), {ORGANISER}),
    "elections:paper_count": own_b(set(), {ORGANISER}),
    "elections:discard_counts": own_b(set(), {ORGANISER}),
    "api:election-list": SIGNED,
    "api:election-round-detail": SIGNED,
    "api:election-round-ballot": FOCAL_B,
    "api:election-round-close": own_b(set(), {ORGANISER}),
    "api:election-round-certify": own_b(set(), {ORGANISER}),
    # Rounds and their frozen roll are written only by the voting services; paper counts are
    # entered once and never changed or deleted; the roll call is corrected, never deleted.
    **dict.fromkeys(
        [
            "admin:elections_round_add",
            "admin:elections_round_delete",
            "admin:elections_rollentry_add",
            "admin:elections_rollentry_delete",
            "admin:elections_papercount_delete",
            "admin:elections_presence_delete",
        ],
        own_b(set(), set()),
    ),
    "admin:elections_papercount_change": own_b({READER, ORGANISER}, set()),
    # Setting an account's password: who may change accounts (Django's UserAdmin).
    "admin:auth_user_password_change": own_b({ORGANISER}, {ORGANISER}),
    # The edition selector of the admin header: any staff account chooses the edition its
    # pages show (what it may see there is still its permissions' business).
    "admin:core_assembly_select_edition": ADMIN_SITE,
    # A scheduler run's raw input and result, as files: who may view scheduler runs.
    "admin:meetings_schedulerun_input": own_b({READER, ORGANISER}, set()),
    "admin:meetings_schedulerun_result": own_b({READER, ORGANISER}, set()),
    "logistics:travel": FOCAL_B,
    "logistics:travel_edit": FOCAL_B,
    "logistics:rooms": FOCAL_B,
    "logistics:booking_cancel": FOCAL_B,
    "admin:logistics_hotel_occupancy": own_b({READER, ORGANISER}, set()),
    "admin:logistics_hotel_rooming_list": own_b({READER, ORGANISER}, set()),
    "admin:logistics_travelrecord_export": own_b({ORGANISER}, set()),
    # Travel records are made by focal points and go with their delegate; bookings are made in
    # the portal; the settings row of an assembly stays.
    "admin:logistics_travelrecord_add": own_b(set(), set()),
    "admin:logistics_travelrecord_delete": own_b(set(), set()),
    "admin:logistics_booking_add": own_b(set(), set()),
    "admin:logistics_logisticssettings_delete": own_b(set(), set()),
    "logistics:visa_request": FOCAL_B,
    "logistics:visa_pdf": own_b({FP_B, READER, ORGANISER}, set()),
    # No live verification token here (it is derived from the key): refused for everyone.
    "logistics:visa_verify": own_b(set(), set()),
    "admin:logistics_visaletter_add": own_b(set(), set()),
    "admin:logistics_visaletter_delete": own_b(set(), set()),
    "admin:logistics_transferrun_plan": own_b(set(), {ORGANISER}),
    "admin:logistics_transferrun_dispatch": own_b({READER, ORGANISER}, set()),
    "admin:logistics_transferrun_add": own_b(set(), set()),
    "admin:logistics_transferseat_add": own_b(set(), set()),
    "admin:logistics_transferseat_delete": own_b(set(), set()),
    "logistics:shuttles": FOCAL_B,
    # A driver's link is signed (apps.logistics.drivers): a made-up token is refused to all.
    "logistics:driver": own_b(set(), set()),
    "admin:logistics_transferrun_shuttles": own_b(set(), {ORGANISER}),
    # Shuttles are planned from the agenda on the dispatcher's page, never added by hand.
    "admin:logistics_shuttle_add": own_b(set(), set()),
    "admin:logistics_shuttle_delete": own_b(set(), set()),
    "api:travel-record-list": SIGNED,
    "api:travel-record-detail": own_b({FP_B, READER, ORGANISER}, {FP_B, ORGANISER}),
    "api:travel-booking-list": SIGNED,
    "api:visa-letter-list": SIGNED,
    "api:visa-letter-request": own_b(set(), SIGNED_IN),  # the empty body is a 400 for all
    "api:transfer-run-list": own_b({READER, ORGANISER}, set()),
    "api:travel-occupancy": own_b({READER, ORGANISER}, set()),
    # Preparing the next edition creates an assembly: who may add one.
    "admin:core_assembly_prepare_next": own_b({ORGANISER}, {ORGANISER}),
    # "Copy last year's delegates": a focal point's choice for their own delegation.
    "delegations:delegates_copy_previous": FOCAL_B,
}
FOCAL_POLICY = own_b({FP_B}, {FP_B})
# A focal-point page reached by A on B's object is a 404; on a page without an object A sees
# its own delegation, which the private markers check.
FOCAL_WITHOUT_OBJECT = own_b({FP_A, FP_B}, {FP_A, FP_B})

# <app>_<model>_<action>: the admin's model views, decided by Django's model permissions.
ADMIN_MODEL_ROUTE = re.compile(
    r"^admin:(\w+?)_(\w+?)_(?:simple_)?(changelist|add|change|delete|history)$"
)
ADMIN_ACTION_PERMISSION = {
    "changelist": "view",
    "change": "view",
    "history": "view",
    "add": "add",
    "delete": "delete",
}

ALLOWED_STATUS = {200, 201, 202, 204, 301, 302, 303, 400, 409, 413, 415, 422, 429}
DENIED_STATUS = {401, 403, 404, 405}
LOGIN_PATHS = ("/accounts/login/", "/admin/login/")


@dataclass
class Route:
    name: str
    path: str
    methods: tuple[str, ...]


def _walk(patterns, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str, object]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = entry.name
            if name is None:
                # The admin's two unnamed patterns: a legacy redirect to a change page, and
                # its catch-all.
                name = "catch_all" if "(?P<url>" in str(entry.pattern) else "legacy_change_redirect"
            yield prefix + str(entry.pattern), f"{namespace}:{name}" if namespace else name, entry


def _policy(name: str, roles_perms: dict[str, set[str]]) -> dict[str, set[str]]:
    """Who may read and who may write through the route `name`."""
    match = ADMIN_MODEL_ROUTE.match(name)
    if match and name not in POLICIES:
        app_label, model, action = match.groups()
        model = _admin_model(app_label, model)
        label, model_name = model._meta.app_label, model._meta.model_name
        codename = f"{label}.{ADMIN_ACTION_PERMISSION[action]}_{model_name}"
        change = f"{label}.change_{model_name}"
        readers = {role for role, perms in roles_perms.items() if codename in perms}
        if action in ("changelist", "change"):
            # A changelist's POST runs actions, a change page's POST saves: change permission.
            writers = {role for role, perms in roles_perms.items() if change in perms}
        else:
            writers = readers
        return {"read": readers & STAFF, "write": writers & STAFF}
    policy = POLICIES[name]
    if isinstance(policy, dict):
        return policy
    if policy == FOCAL_B:
        return FOCAL_POLICY
    if policy == OPERATORS:
        holders = {role for role, perms in roles_perms.items() if METRICS_PERMISSION in perms}
        return {"read": holders, "write": holders}
    return EXPECTED[policy]


def _admin_model(app_label: str, model_name: str):
    for model in apps.get_models():
        if model._meta.app_label == app_label and model._meta.model_name == model_name:
            return model
    # Admin URL names join app label and model name with "_", both may hold "_".
    for model in apps.get_models():
        if f"{model._meta.app_label}_{model._meta.model_name}" == f"{app_label}_{model_name}":
            return model
    raise LookupError(f"{app_label}_{model_name}")


@pytest.fixture
def world(assembly, settings, tmp_path):
    """Delegations A, B and C; B holds a delegate (with a photo), credentials with a letter, a
    request from C with a placed meeting, an unavailability, a feed, a notification, an API key;
    a draft session, a session only B is invited to, a ceremony where B's delegate has a role."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    users = {}
    delegations = {}
    for code, role in (("FR", FP_A), ("KE", FP_B), ("JP", None)):
        delegation = DelegationFactory(
            assembly=assembly, country__iso2=code, country__name_en=f"Land {code}"
        )
        focal = UserFactory(email=f"focal.{code.lower()}@example.org")
        delegation.focal_points.add(focal)
        delegations[code] = delegation
        if role:
            users[role] = focal
    users[READER] = staff_user("reader@example.org", ORGANISER_READ_ONLY)
    users[COMMITTEE] = staff_user("committee@example.org", CREDENTIALS_COMMITTEE)
    users[BARE] = staff_user("bare@example.org")
    users[ORGANISER] = staff_user("organiser@example.org", ORGANISER_ADMIN)
    a, b, c = delegations["FR"], delegations["KE"], delegations["JP"]
    fp_b, organiser = users[FP_B], users[ORGANISER]

    delegate = delegation_services.create_delegate(
        delegation=b,
        by=fp_b,
        family_name=B_DELEGATE,
        given_names="Wanjiru",
        photo=SimpleUploadedFile("p.jpg", JPEG_BYTES, content_type="image/jpeg"),
    )
    credentials = delegation_services.upload_credentials(
        delegation=b, by=fp_b, letter=pdf_upload(), issued_by=B_ISSUER
    )
    venue = VenueFactory(assembly=assembly)
    room = RoomFactory(venue=venue, code="B01", name="Atlas", kind="bilateral", capacity=8)
    request = meeting_services.request_meeting(
        requester=c, invitee=b, topic=BC_TOPIC, by=c.focal_points.get()
    )
    meeting_services.accept_meeting_request(request=request, by=fp_b)
    meeting = meeting_services.place_meeting(
        request=request, room=room, starts_at=local(2025, 11, 25, 10), by=organiser
    )
    unavailability = meeting_services.declare_unavailability(
        delegation=b,
        starts_at=local(2025, 11, 26, 9),
        ends_at=local(2025, 11, 26, 10),
        reason=B_UNAVAILABLE,
        by=fp_b,
    )
    SessionFactory(assembly=assembly, title_en=DRAFT_TITLE, visibility=Session.Visibility.DRAFT)
    invited = SessionFactory(
        assembly=assembly,
        title_en=INVITED_TITLE,
        starts_at=local(2025, 11, 25, 15),
        attendance=Session.Attendance.INVITED,
    )
    invited.invited_delegations.add(b)
    ceremony = CeremonyFactory(assembly=assembly)
    role = CeremonyRole.objects.create(
        ceremony=ceremony, kind=RoleKind.FLAG_BEARER, delegate=delegate
    )
    agenda_services.ensure_feeds(delegation=b)
    badge = _badge_of_b(assembly, b, organiser)
    token, _key = api_tokens.create_api_token(user=fp_b, name="B's key")
    election = Election.objects.create(
        assembly=assembly,
        seat="president",
        nomination_deadline=local(2025, 11, 20, 9),
        mode="electronic",
    )
    vote = Round.objects.create(
        election=election, number=1, mode="electronic", opened_at=local(2025, 11, 25, 9)
    )
    RollEntry.objects.create(round=vote, delegation=b, voting_delegate=str(delegate))
    notification = Notification.objects.filter(
        recipient=fp_b, channel=Notification.Channel.PORTAL
    ).first()
    assert notification is not None
    logistics = _logistics_world(assembly, b, delegate, fp_b, organiser)
    return {
        "round": vote,  # elections
        "assembly": assembly,
        "users": users,
        "a": a,
        "b": b,
        "delegate": delegate,
        "credentials": credentials,
        "request": request,
        "meeting": meeting,
        "unavailability": unavailability,
        "invited": invited,
        "ceremony": ceremony,
        "role": role,
        "badge": badge,
        "feed": feed_token(CalendarFeed.objects.get(delegation=b)),
        "token": token,
        "notification": notification,
        "room": room,
        "run": ScheduleRun.objects.create(assembly=assembly, status=ScheduleRun.Status.SUCCEEDED),
        **logistics,
    }


def _badge_of_b(assembly, b, organiser):
    """A badge of B's second delegate (approved), in a category that opens one zone."""
    from apps.badges import services as badge_services
    from apps.badges.models import BadgeCategory, Zone
    from tests.delegations.factories import approved_delegate

    zone = badge_services.save_config(
        obj=Zone(assembly=assembly, code="plenary", name="Plenary", plenary=True), by=organiser
    )
    category = badge_services.save_config(
        obj=BadgeCategory(assembly=assembly, code="delegate", name="Delegate"), by=organiser
    )
    badge_services.set_category_zones(category=category, zones=[zone], by=organiser)
    holder = approved_delegate(b, organiser, family_name=B_DELEGATE, given_names="Badge")
    return badge_services.issue_badge(category=category, delegate=holder, by=organiser)


def _logistics_world(assembly, b, delegate, fp_b, organiser) -> dict:
    """B's delegate has a travel record (passport number, needs) and a booked room."""
    import datetime as dt
    from decimal import Decimal

    from apps.logistics import services as logistics_services

    hotel = logistics_services.save_hotel(
        assembly=assembly,
        by=organiser,
        name="Hotel Sweep",
        address="Avenue Sweep",
        distance_km=Decimal(2),
        shuttle_minutes=10,
    )
    block = logistics_services.save_room_block(
        hotel=hotel,
        by=organiser,
        room_type="single",
        occupancy=1,
        rooms_per_night=5,
        first_night=dt.date(2025, 11, 23),
        last_night=dt.date(2025, 11, 27),
        rate=Decimal(100),
        release_date=dt.date(2025, 10, 24),
    )
    allocation = logistics_services.allocate_rooms(block=block, delegation=b, rooms=2, by=organiser)
    travel = logistics_services.save_travel_record(
        delegate=delegate,
        by=fp_b,
        passport_number=B_PASSPORT,
        passport_name="WANJIRU B",
        nationality="KE",
        needs=B_NEEDS,
        arrival_mode="other",
    )
    visa = logistics_services.decide_visa_letter(
        letter=logistics_services.request_visa_letter(delegate=delegate, by=fp_b, language="en"),
        approve=True,
        by=organiser,
    )
    booking = logistics_services.book_room(
        allocation=allocation,
        guests=[delegate],
        check_in=dt.date(2025, 11, 23),
        check_out=dt.date(2025, 11, 26),
        by=fp_b,
    )
    return {
        "hotel": hotel,
        "travel": travel,
        "booking": booking,
        "allocation": allocation,
        "visa": visa,
    }


def _object_for(name: str, param: str, world) -> str:
    """B's object for the route's path parameter (routes named by prefix, first match wins)."""
    b = world["b"]
    by_route = (
        ("api:badge-", world["badge"].pk),
        ("api:delegation-", b.pk),
        ("api:credentials-", b.pk),
        ("api:delegate-", world["delegate"].pk),
        ("api:agenda-session-", world["invited"].pk),
        ("api:meeting-request-", world["request"].pk),
        ("api:meeting-confirm", world["meeting"].pk),
        ("api:ceremony-", world["ceremony"].pk),
        ("api:notification-read", world["notification"].pk),
        ("accounts:api_key_revoke", world["token"].pk),
        ("delegations:credentials_letter", world["credentials"].pk),
        ("delegations:delegate_", world["delegate"].pk),
        ("agenda:session_ics", world["invited"].pk),
        ("meetings:request_", world["request"].pk),
        ("meetings:meeting_", world["meeting"].pk),
        ("meetings:availability_remove", world["unavailability"].pk),
        ("ceremonies:role", world["role"].pk),
        ("ceremonies:", world["ceremony"].pk),
        ("elections:open_election", world["round"].election_id),  # elections
        ("elections:", world["round"].pk),  # elections
        ("api:election-round-", world["round"].pk),  # elections
        ("notifications:mark_read", world["notification"].pk),
        ("admin:delegations_invite", b.pk),
        ("admin:meetings_meeting_move", world["meeting"].pk),
        ("admin:meetings_meetingrequest_place", world["request"].pk),
        ("admin:meetings_schedulerun_progress", world["run"].pk),
        ("logistics:travel_edit", world["delegate"].pk),
        ("api:travel-record-detail", world["delegate"].pk),
        ("logistics:booking_cancel", world["booking"].pk),
        ("logistics:visa_request", world["delegate"].pk),
        ("logistics:visa_pdf", world["visa"].pk),
        ("logistics:visa_verify", world["visa"].reference),
        ("admin:logistics_hotel_rooming_list", world["hotel"].pk),
    )
    if param == "token":
        return world["feed"] if name == "agenda:feed" else "not-a-live-token"
    if param == "uidb64":
        return "Mg"
    if param == "action":
        return "accept"
    for prefix, value in by_route:
        if name.startswith(prefix):
            return str(value)
    raise LookupError(f"no object of B for {name}:{param}")


def _admin_object(name: str, world, path: str = "") -> str:
    """An object of the admin model the route is about (B's where it has one)."""
    match = re.match(r"^/?admin/(\w+)/(\w+)/", path) or ADMIN_MODEL_ROUTE.match(name)
    if match is None:
        return "0"
    try:
        model = _admin_model(match.group(1), match.group(2))
    except LookupError:
        return "0"
    preferred = {
        "delegation": world["b"],
        "delegate": world["delegate"],
        "credentials": world["credentials"],
        "meetingrequest": world["request"],
        "meeting": world["meeting"],
        "session": world["invited"],
        "user": world["users"][FP_B],
        "apitoken": world["token"],
        "notification": world["notification"],
        "delegationavailability": world["unavailability"],
        "travelrecord": world["travel"],
        "booking": world["booking"],
        "allocation": world["allocation"],
        "hotel": world["hotel"],
        "visaletter": world["visa"],
    }.get(model._meta.model_name)
    if preferred is not None:
        return str(preferred.pk)
    found = model._default_manager.order_by("pk").first()
    return str(found.pk) if found is not None else "0"


def _history_record(path: str, world) -> str:
    """The latest recorded version of the admin object a simple-history page is about."""
    match = re.match(r"^/?admin/(\w+)/(\w+)/", path)
    model = _admin_model(match.group(1), match.group(2))
    pk = _admin_object("", world, path)
    record = model.history.model.objects.filter(pk=pk).order_by("-history_id").first()  # type: ignore[attr-defined]
    return str(record.history_id) if record is not None else "0"


def _fill(path: str, name: str, world) -> str:
    """A concrete address for the route, its parameters naming objects of B."""
    path = re.sub(r"(?<!\[)\^", "", path).replace("$", "")
    if "(?P<app_label>" in path:
        path = re.sub(r"\(\?P<app_label>[^)]*\)", "delegations", path)
    path = re.sub(r"\(\?P<url>\.\*\)", "no-such-page/", path)

    def value(match: re.Match) -> str:
        param = match.group(1).split(":")[-1]
        if param == "object_id":
            if name == "admin:view_on_site":
                return str(world["b"].pk)
            return _admin_object(name, world, path)
        if param == "history_id":
            return _history_record(path, world)
        if param == "content_type_id":
            from django.contrib.contenttypes.models import ContentType

            return str(ContentType.objects.get_for_model(world["b"]).pk)
        if name.startswith("admin:"):
            try:
                return _object_for(name, param, world)
            except LookupError:
                return _admin_object(name, world, path)
        return _object_for(name, param, world)

    if name.endswith("_simple_history"):
        obj = _admin_object(name, world, path)
        path = path.replace("([^/]+)", obj, 1).replace("([^/]+)", _history_record(path, world), 1)
    return "/" + re.sub(r"<([^>]+)>", value, path)


def _routes(world) -> list[Route]:
    """Every URL pattern, with GET and one write method (POST), and every OpenAPI operation
    with its own methods."""
    routes: dict[str, Route] = {}
    for path, name, _entry in _walk(get_resolver().url_patterns):
        key = f"{name} {path}" if name == "admin:legacy_change_redirect" else name
        if key not in routes:
            routes[key] = Route(name=name, path=_fill(path, name, world), methods=("GET", "POST"))
    for name, methods in _openapi_operations(world).items():
        routes[name].methods = tuple(sorted(set(methods) | {"GET"}))
    return list(routes.values())


def _openapi_operations(world) -> dict[str, list[str]]:
    """Route name -> the methods drf-spectacular's schema documents for it."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    found: dict[str, list[str]] = {}
    for path, operations in schema["paths"].items():
        concrete = re.sub(r"\{[^}]+\}", "1", path)
        match = resolve(concrete)
        name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
        found.setdefault(name, []).extend(
            method.upper()
            for method in operations
            if method in ("get", "post", "put", "patch", "delete")
        )
    return found


def _fingerprint() -> tuple:
    """Row counts and latest changes of every project table, in one query (an audit entry of a
    denied access is the only row a refused request may add)."""
    parts = []
    for model in apps.get_models():
        if not model.__module__.startswith("apps.") or not model._meta.managed:
            continue
        table = connection.ops.quote_name(model._meta.db_table)
        where = " WHERE action <> 'core.access.denied'" if model is AuditEntry else ""
        parts.append(f"(SELECT count(*) FROM {table}{where})")  # noqa: S608 (model tables)
        if any(f.name == "updated_at" for f in model._meta.concrete_fields):
            parts.append(f"(SELECT max(updated_at) FROM {table})")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        return cursor.fetchone()


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def _write_payload(name: str, world) -> dict:
    """Enough for a write to take effect if it is allowed: deletes confirmed, actions chosen."""
    if name.endswith("_delete"):
        return {"post": "yes"}
    if name.endswith("_changelist"):
        return {
            "action": "delete_selected",
            "_selected_action": [_admin_object(name, world)],
            "post": "yes",
        }
    return {}


def _refused(response, route: Route) -> bool:
    """A refusal: 401/403/404/405, or a redirect to a log-in page (or, from a portal page, to
    the admin, where organisers work)."""
    if response.status_code in DENIED_STATUS:
        return True
    location = response.headers.get("Location", "")
    if response.status_code not in (301, 302, 303):
        return False
    if any(path in location for path in LOGIN_PATHS):
        return True
    return not route.path.startswith("/admin/") and location.startswith("/admin/")


def _judge(route: Route, response, write: bool, allowed: bool) -> list[str]:
    """What is wrong with this answer's status, given whether the role may use the route."""
    refused = _refused(response, route)
    # 405: the route does not offer the method, to anyone (not an access decision). An admin
    # page about a model with no row here ("/0/") only says so.
    unchecked = response.status_code == 405 or "/0/" in route.path
    if not write:
        if allowed and refused and not unchecked and route.name not in SIGNED_OUT:
            return ["refused, expected allowed"]
        if not allowed and not refused and not unchecked:
            return ["answered, expected refused"]
        return []
    # A refused write fails (4xx, or the log-in page). The admin shows its page again with a
    # message instead, and some pages answer everyone alike: there the rows tell.
    rows_tell = route.path.startswith("/admin/") or route.name in NEUTRAL_ANSWER
    if not allowed and not rows_tell and not refused and response.status_code < 400:
        return ["a refused write succeeded"]
    return []


def test_access_sweep(world, capsys):
    perms_of = {ANON: set()}
    for role in ROLES[1:]:
        user = world["users"][role]
        perms_of[role] = set(user.get_all_permissions())
    assert perms_of[READER] == {
        f"{p.content_type.app_label}.{p.codename}" for p in role_permissions(ORGANISER_READ_ONLY)
    }
    clients = {role: Client() for role in ROLES}
    routes = _routes(world)

    missing = sorted(
        r.name for r in routes if r.name not in POLICIES and not ADMIN_MODEL_ROUTE.match(r.name)
    )
    assert missing == [], f"routes without a declared policy: {missing}"

    problems: list[str] = []
    requests = 0
    for route in routes:
        policy = _policy(route.name, perms_of)
        if policy is FOCAL_POLICY and "<" not in route.path and not re.search(r"/\d+/", route.path):
            policy = FOCAL_WITHOUT_OBJECT
        for role in ROLES:
            client = clients[role]
            if role != ANON and "_auth_user_id" not in client.session:
                client.force_login(world["users"][role])
            # A feed's token is B's capability: whoever holds it sees what B's feed holds.
            viewer = FP_B if POLICIES.get(route.name) == TOKEN else role
            forbidden = [marker for marker, seen_by in SEES.items() if viewer not in seen_by]
            for method in route.methods:
                write = method != "GET"
                with transaction.atomic():
                    before = _fingerprint() if write else None
                    kwargs = {"data": _write_payload(route.name, world)} if method == "POST" else {}
                    if route.name.startswith("api:") and write:
                        kwargs = {"data": {}, "content_type": "application/json"}
                    response = getattr(client, method.lower())(route.path, **kwargs)
                    after = _fingerprint() if write else None
                    body = _body(response)
                    transaction.set_rollback(True)
                requests += 1
                where = f"{method} {route.path} ({route.name}) as {role}: {response.status_code}"
                # Readiness answers 503 by design when a check fails (no worker runs here).
                if response.status_code >= 500 and route.name not in READINESS:
                    problems.append(f"{where}: server error")
                leaked = [marker for marker in forbidden if marker in body]
                if leaked:
                    problems.append(f"{where}: shows {leaked}")
                allowed = role in policy["write" if write else "read"]
                problems += [f"{where}: {p}" for p in _judge(route, response, write, allowed)]
                if not allowed and write and before != after:
                    problems.append(f"{where}: a refused write changed rows")

    size = f"{len(routes)} routes x {len(ROLES)} roles; {requests} requests"
    with capsys.disabled():
        print(f"\naccess sweep: {size}")  # noqa: T201 (the figure the issue asks for)
    report = pathlib.Path(os.environ.get("ACCESS_SWEEP_REPORT", "/dev/null"))
    report.write_text("\n".join(problems))
    assert problems == [], "\n".join(problems)


# Refused writes answered with the same neutral page whoever asks (no oracle for tokens): the
# rows tell.
NEUTRAL_ANSWER = {"accounts:invitation_reissue"}

# Pages that log the account out or send it on by design, whoever asks.
SIGNED_OUT = {
    "accounts:logout",
    "admin:logout",
    "admin_login",
    "accounts:login",
    "admin:login",
    "accounts:two_factor_verify",  # without a log-in half done, back to the log-in page
}
