"""Log-in in two steps and how long a session lasts.

After a right password, an account that uses a second factor is not logged in yet: the session
only remembers, for a few minutes, who is half-way; the account is logged in (and the session
key rotated by Django's login()) once the code is right. Sessions of organisers end 12 hours
after log-in and after 1 hour without a request; focal points keep theirs longer.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.utils.translation import gettext as _

from apps.accounts import throttle
from apps.accounts.models import User
from apps.core.services import log_action

PENDING_KEY = "_ga_pending_login"
AUTH_AT_KEY = "_ga_auth_at"
SEEN_AT_KEY = "_ga_seen_at"
SECOND_FACTOR_KEY = "_ga_second_factor"
PENDING_SECONDS = 600
BACKEND = "django.contrib.auth.backends.ModelBackend"
# The idle clock is written to the session at most this often, not on every request.
SEEN_RESOLUTION = 60


@dataclass(frozen=True)
class SessionLimits:
    absolute: int  # seconds after log-in
    idle: int  # seconds without a request


def limits_for(user) -> SessionLimits:
    if user.is_staff:  # staff session policy: whoever may enter the admin gets short sessions
        return SessionLimits(settings.STAFF_SESSION_ABSOLUTE, settings.STAFF_SESSION_IDLE)
    return SessionLimits(settings.PORTAL_SESSION_ABSOLUTE, settings.PORTAL_SESSION_IDLE)


def begin_second_factor(request, user: User, *, next_url: str) -> None:
    request.session[PENDING_KEY] = {"user": user.pk, "at": time.time(), "next": next_url}


def pending_login(request) -> tuple[User, str] | None:
    """The account half-way through logging in, and where it goes next; None when expired."""
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    user = User.objects.filter(pk=int(pending["user"]), is_active=True).first()
    return (user, pending.get("next") or "") if user else None


def complete_login(request, user: User, *, second_factor: str) -> None:
    """The last step of a log-in: Django's login() rotates the session key."""
    request.session.pop(PENDING_KEY, None)
    login(request, user, backend=BACKEND)
    request.session[SECOND_FACTOR_KEY] = second_factor


def on_logged_in(sender, request, user, **kwargs) -> None:
    """Every log-in (user_logged_in): start the clocks, forget failures, audit it."""
    now = time.time()
    request.session[AUTH_AT_KEY] = now
    request.session[SEEN_AT_KEY] = now
    request.session.set_expiry(limits_for(user).idle)
    throttle.clear(throttle.LOGIN, account=user.email)
    log_action(user, "accounts.login.succeeded", by=user, address=throttle.client_address(request))


class SessionPolicyMiddleware:
    """Ends a session past its absolute or idle limit; keeps the idle clock going otherwise."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self._apply(request, user)
        return self.get_response(request)

    def _apply(self, request, user) -> None:
        limits = limits_for(user)
        session = request.session
        now = time.time()
        auth_at = session.setdefault(AUTH_AT_KEY, now)
        seen_at = session.get(SEEN_AT_KEY, now)
        if now - auth_at > limits.absolute or now - seen_at > limits.idle:
            logout(request)
            messages.info(request, _("Your session has ended. Please log in again."))
            return
        if now - seen_at >= SEEN_RESOLUTION or SEEN_AT_KEY not in session:
            session[SEEN_AT_KEY] = now
            session.set_expiry(limits.idle)
