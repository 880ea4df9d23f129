"""Brute-force protection: counts attempts per account and per address in the cache.

Each policy counts attempts in a fixed window; the attempt that reaches the limit locks that
account (or address) for the lock-out period, during which every attempt is refused without
being checked. The cache is Redis in production (shared by every web process) and the
local-memory cache on the embedded default. Keys hold a hash of the account or address, never
the address itself.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import ngettext


@dataclass(frozen=True)
class Rule:
    limit: int  # attempts counted within the window; the one that reaches it locks
    window: int  # seconds
    lockout: int  # seconds locked once the limit is reached

    @property
    def per_minute(self) -> float:
        """Attempts allowed per minute in the long run (the figure the security note gives)."""
        return self.limit * 60 / max(self.window, self.lockout)


@dataclass(frozen=True)
class Policy:
    name: str
    per_account: Rule
    per_address: Rule


# Failed password log-ins (portal and admin share the log-in page).
LOGIN = Policy("login", per_account=Rule(5, 900, 900), per_address=Rule(20, 900, 900))
# Wrong second-factor codes, after a right password.
TWO_FACTOR = Policy("two_factor", per_account=Rule(5, 900, 900), per_address=Rule(20, 900, 900))
# Every request counts: a reset sends an e-mail.
PASSWORD_RESET = Policy(
    "password_reset", per_account=Rule(3, 3600, 3600), per_address=Rule(10, 3600, 3600)
)
INVITATION_RENEWAL = Policy(
    "invitation_renewal", per_account=Rule(3, 3600, 3600), per_address=Rule(10, 3600, 3600)
)
# Wrong API keys; the account is the key's public prefix.
API_TOKEN = Policy("api_token", per_account=Rule(10, 900, 900), per_address=Rule(30, 900, 900))

POLICIES = (LOGIN, TWO_FACTOR, PASSWORD_RESET, INVITATION_RENEWAL, API_TOKEN)


class Throttled(Exception):
    def __init__(self, retry_after: int):
        super().__init__(retry_after)
        self.retry_after = retry_after


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or the one the trusted proxies put in X-Forwarded-For.

    GA_TRUSTED_PROXIES is how many reverse proxies stand in front (0 when none); the address
    that many hops from the right is the client's. An IPv6 client counts as its /64 network,
    which one machine usually holds whole.
    """
    address = request.META.get("REMOTE_ADDR", "")
    hops = settings.GA_TRUSTED_PROXIES
    if hops:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= hops:
            address = forwarded[-hops]
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address[:64]
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def _key(policy: Policy, scope: str, ident: str, suffix: str) -> str:
    digest = hashlib.sha256(ident.strip().lower().encode()).hexdigest()[:32]
    return f"throttle:{policy.name}:{scope}:{digest}:{suffix}"


def _targets(policy: Policy, account: str, address: str) -> list[tuple[str, str, Rule]]:
    found = []
    if account:
        found.append(("account", account, policy.per_account))
    if address:
        found.append(("address", address, policy.per_address))
    return found


def retry_after(policy: Policy, *, account: str = "", address: str = "") -> int:
    """Seconds until the account and the address may try again; 0 when neither is locked."""
    now = time.time()
    keys = [
        _key(policy, scope, ident, "lock")
        for scope, ident, _rule in _targets(policy, account, address)
    ]
    until = [value for value in cache.get_many(keys).values() if value]
    return max((math.ceil(u - now) for u in until), default=0)


def hit(policy: Policy, *, account: str = "", address: str = "") -> list[str]:
    """Count one attempt; returns the scopes ("account", "address") this attempt locked."""
    now = time.time()
    locked = []
    for scope, ident, rule in _targets(policy, account, address):
        counter = _key(policy, scope, ident, str(int(now // rule.window)))
        cache.add(counter, 0, timeout=rule.window * 2)
        try:
            count = cache.incr(counter)
        except ValueError:  # expired between add and incr
            cache.set(counter, 1, timeout=rule.window * 2)
            count = 1
        if count >= rule.limit:
            cache.set(_key(policy, scope, ident, "lock"), now + rule.lockout, timeout=rule.lockout)
            cache.delete(counter)
            locked.append(scope)
    return locked


def clear(policy: Policy, *, account: str) -> None:
    """Forget an account's failures (after it proved itself another way)."""
    cache.delete(_key(policy, "account", account, "lock"))
    rule = policy.per_account
    cache.delete(_key(policy, "account", account, str(int(time.time() // rule.window))))


def lockout_message(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return ngettext(
        "Too many attempts. For your security, try again in %(minutes)d minute.",
        "Too many attempts. For your security, try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}
