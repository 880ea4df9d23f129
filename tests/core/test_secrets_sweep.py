"""No secret is readable at rest: after a full demo run plus invitations, password resets, feeds
and their rotation, API keys and two-factor enrolment, every live secret minted on the way is
looked for in every row of every table (sessions decoded), in every admin page a superuser can
open, in the API's answers and in every log line. New tables, admin pages and API operations
are covered the day they are added."""

from __future__ import annotations

import base64
import logging
import re
import time
import warnings
from urllib.parse import urlparse

import pytest
from django.contrib import admin
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.db import connection
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.deprecation import RemovedInDjango60Warning

pytestmark = pytest.mark.slow


class Secrets:
    """The live secrets minted during the test, and the pieces of them worth looking for."""

    def __init__(self):
        self.found: dict[str, str] = {}

    def add(self, label: str, secret: str) -> None:
        self.found[label] = secret
        # The random part alone (after an id or a prefix) is what would betray a token.
        tail = re.split(r"[._]", secret)[-1]
        if len(tail) >= 16 and tail != secret:
            self.found[f"{label} (random part)"] = tail

    def leaks(self, text: str) -> list[str]:
        return [label for label, secret in self.found.items() if secret in text]


def _table_text(table: str) -> str:
    quoted = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 - names from introspection
        rows = cursor.fetchall()
    text = repr(rows)
    if table == "django_session":
        text += repr([SessionStore().decode(row[1]) for row in rows])
    return text


def _admin_urls(edition, *, first: bool, limit_per_model: int = 3) -> list[str]:
    """The admin pages of one edition (the one chosen in the header); models that belong to
    no edition only on the first pass."""
    from apps.core.editions import assembly_path, in_edition

    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        if assembly_path(model) is None and not first:
            continue
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        rows = in_edition(model._default_manager.all(), edition)
        for pk in rows.values_list("pk", flat=True)[:limit_per_model]:
            try:
                urls.append(reverse("admin:{}_{}_change".format(*info), args=[pk]))
            except NoReverseMatch:
                continue
    return urls


def _api_list_paths(client) -> list[str]:
    schema = client.get("/api/schema/", {"format": "json"}).json()
    return [
        path
        for path, operations in schema["paths"].items()
        if "{" not in path and "get" in operations
    ]


def test_no_live_secret_in_any_row_admin_page_api_answer_or_log(
    db, client, settings, caplog, mailoutbox
):
    from apps.accounts import two_factor
    from apps.accounts.api_tokens import create_api_token
    from apps.accounts.invitations import accept_invitation, invitation_token, reissue_invitation
    from apps.accounts.models import Invitation, User
    from apps.agenda import services as agenda_services
    from apps.agenda.feeds import feed_token
    from apps.agenda.models import CalendarFeed
    from apps.core.models import Assembly
    from apps.core.services import choose_admin_edition
    from apps.delegations.models import Delegation
    from apps.delegations.services import invite_focal_point
    from apps.notifications.delivery import deliver_due
    from apps.notifications.models import Notification

    caplog.set_level(logging.DEBUG)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    secrets = Secrets()
    call_command("seed_demo", verbosity=0)
    organiser = User.objects.get(email="organiser@ga-planner.local")
    france = Delegation.objects.get(assembly__is_current=True, country__iso2="FR")
    kenya = Delegation.objects.get(assembly__is_current=True, country__iso2="KE")

    # Invitations: one pending, one accepted, one expired and renewed; all e-mailed (the demo's
    # own mail, the next edition's re-invitations included, is more than one delivery batch).
    demo_mail = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    _pending, token = invite_focal_point(
        delegation=france, email="pending@example.org", by=organiser
    )
    secrets.add("pending invitation", token)
    _used, used_token = invite_focal_point(delegation=kenya, email="used@example.org", by=organiser)
    accept_invitation(token=used_token, email="used@example.org", password="Nairobi-2025-safe")
    expired, expired_token = invite_focal_point(
        delegation=kenya, email="late@example.org", by=organiser
    )
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now())
    renewed = reissue_invitation(token=expired_token, address="127.0.0.1")
    secrets.add("renewed invitation", invitation_token(renewed))
    deliver_due(
        ids=list(
            Notification.objects.filter(
                status="pending", channel="email", pk__gt=demo_mail
            ).values_list("pk", flat=True)
        )
    )
    assert any(token in message.body for message in mailoutbox)

    # Password resets: one link followed (its token now kept in the session), one not.
    for email in ("focal.fr@ga-planner.local", "focal.ke@ga-planner.local"):
        client.post(reverse("accounts:password_reset"), {"email": email})
    links = [re.search(r"https?://\S+/password-reset/\S+/", m.body)[0] for m in mailoutbox[-2:]]
    for link in links:
        secrets.add("password reset", link.rstrip("/").rsplit("/", 1)[-1])
    client.get(urlparse(links[0]).path, follow=True)

    # Calendar feeds: made, one rotated.
    agenda_services.ensure_feeds(delegation=france)
    feeds = list(CalendarFeed.objects.all())
    agenda_services.rotate_feed_token(feed=feeds[0])
    for feed in CalendarFeed.objects.all():
        secrets.add(f"feed {feed.pk}", feed_token(feed))

    # API keys, and an organiser's second factor with its recovery codes.
    for user in (organiser, User.objects.get(email="focal.fr@ga-planner.local")):
        _api_token, key = create_api_token(user=user, name="sweep")
        secrets.add(f"API key of {user.email}", key)
    device = two_factor.start_enrolment(user=organiser)
    totp_secret = two_factor.secret_of(device)
    secrets.add("TOTP secret", base64.b32encode(totp_secret).decode().rstrip("="))
    secrets.add("TOTP secret (hex)", totp_secret.hex())
    earlier = time.time() - 60
    codes = two_factor.confirm_enrolment(
        user=organiser,
        code=two_factor.totp(totp_secret, two_factor.current_step(earlier)),
        now=earlier,
    )
    for n, code in enumerate(codes):
        secrets.add(f"recovery code {n}", code)

    # 1. Every row of every table.
    tables = connection.introspection.table_names()
    assert {"accounts_invitation", "agenda_calendarfeed", "notifications_notification"} <= set(
        tables
    )
    row_leaks = {table: secrets.leaks(_table_text(table)) for table in tables}
    assert {table: found for table, found in row_leaks.items() if found} == {}

    # 2. Every admin changelist and a few change forms of every model, as a superuser, in each
    # edition (the admin shows the one chosen in its header).
    superuser = User.objects.create_superuser(
        "root@example.org", "root-long-password", full_name="R"
    )
    client.force_login(superuser)
    admin_leaks = {}
    for number, edition in enumerate(Assembly.objects.order_by("number")):
        choose_admin_edition(user=superuser, assembly=edition)
        for url in _admin_urls(edition, first=number == 0):
            with warnings.catch_warnings():
                # Not this test's concern: a URLField's default scheme changes in Django 6.
                warnings.simplefilter("ignore", RemovedInDjango60Warning)
                response = client.get(url)
            assert response.status_code == 200, (edition, url)
            if found := secrets.leaks(response.content.decode()):
                admin_leaks[url] = found
    assert admin_leaks == {}

    # 3. Every API list answer, for the organiser.
    client.force_login(organiser)
    api_leaks = {}
    for path in _api_list_paths(client):
        response = client.get(path)
        if found := secrets.leaks(response.content.decode()):
            api_leaks[path] = found
    assert api_leaks == {}

    # 4. Every log line of all of the above.
    assert caplog.records
    assert secrets.leaks("\n".join(record.getMessage() for record in caplog.records)) == []
    assert len(secrets.found) >= 20
