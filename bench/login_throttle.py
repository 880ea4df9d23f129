"""What the brute-force throttle lets through, measured on the real log-in page.

    .venv/bin/python bench/login_throttle.py [--minutes 60]

Runs in-process on a throw-away SQLite database (GA_VAR_DIR in a temporary folder), with the
local-memory cache, and moves the throttle's clock by hand: an attacker tries one password
every 2 seconds for `--minutes` (simulated), (1) against one account from one address, (2)
against a new account at each try from one address, (3) against one account from a new
address at each try. For each it prints how many tries were checked against the password
(the others were refused unchecked), per minute on average and in the worst minute. Then the
issue's scenario: 30 wrong passwords in 15 s, then the right one.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.update(
    DJANGO_DEBUG="false",
    DJANGO_SECURE_HTTPS="false",
    DJANGO_SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY", "bench-only-not-secret"),
    GA_VAR_DIR=tempfile.mkdtemp(prefix="ga-throttle-bench-"),
)
for variable in ("DATABASE_URL", "CACHE_URL", "REDIS_URL"):
    os.environ.pop(variable, None)

import django  # noqa: E402 - after the environment is set

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from apps.accounts import throttle  # noqa: E402
from apps.accounts.models import User  # noqa: E402

PASSWORD = "the-right-password-2025"  # noqa: S105 - a throw-away account
STEP_SECONDS = 2.0


class Clock:
    """time.time() for the throttle and the local-memory cache, moved by the script."""

    def __init__(self):
        self.now = throttle.time.time()
        self.real = throttle.time.time

    def __enter__(self):
        throttle.time.time = lambda: self.now
        return self

    def __exit__(self, *exc):
        throttle.time.time = self.real


def attempt(client: Client, email: str, password: str, address: str) -> int:
    response = client.post(
        "/accounts/login/", {"username": email, "password": password}, REMOTE_ADDR=address
    )
    return response.status_code


def scenario(name: str, minutes: int, target) -> None:
    from django.core.cache import cache

    cache.clear()
    client = Client()
    checked_per_minute: Counter[int] = Counter()
    steps = int(minutes * 60 / STEP_SECONDS)
    with Clock() as clock:
        for step in range(steps):
            email, address = target(step)
            if attempt(client, email, "wrong-password", address) != 429:
                checked_per_minute[int(step * STEP_SECONDS // 60)] += 1
            clock.now += STEP_SECONDS
    total = sum(checked_per_minute.values())
    worst = max(checked_per_minute.values(), default=0)
    print(
        f"{name:<44} {steps:>6} tries  {total:>5} checked  "
        f"{total / minutes:>6.2f}/min on average  {worst:>3} in the worst minute"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=int, default=60)
    args = parser.parse_args()
    setup_test_environment()
    logging.disable(logging.WARNING)  # one "Too Many Requests" line per refused try
    settings.WHITENOISE_AUTOREFRESH = True  # no collectstatic for a throw-away run
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("migrate", verbosity=0)
    victim = User.objects.create_user("victim@example.org", PASSWORD, full_name="Victim")
    many = [f"user{n}@example.org" for n in range(int(args.minutes * 60 / STEP_SECONDS))]
    User.objects.bulk_create(
        User(email=email, full_name=email, password=victim.password) for email in many
    )

    account, address = throttle.LOGIN.per_account, throttle.LOGIN.per_address
    print(
        f"Policy: per account {account.limit} failures in {account.window // 60} min lock it for "
        f"{account.lockout // 60} min; per address {address.limit} failures in "
        f"{address.window // 60} min lock it for {address.lockout // 60} min."
    )
    print(f"Attacker: one wrong password every {STEP_SECONDS:g} s for {args.minutes} min.\n")
    scenario("one account, one address", args.minutes, lambda s: (victim.email, "203.0.113.7"))
    scenario(
        "a new account each try, one address", args.minutes, lambda s: (many[s], "203.0.113.7")
    )
    scenario(
        "one account, a new address each try",
        args.minutes,
        lambda s: (victim.email, f"10.{s // 65536 % 256}.{s // 256 % 256}.{s % 256}"),
    )

    from django.core.cache import cache

    cache.clear()
    client = Client()
    with Clock() as clock:
        codes = []
        for _n in range(30):
            codes.append(attempt(client, victim.email, "wrong-password", "203.0.113.7"))
            clock.now += 0.5
        right = attempt(client, victim.email, PASSWORD, "203.0.113.7")
    print(
        f"\n30 wrong passwords in 15 s, then the right one: {codes.count(200)} checked, "
        f"{codes.count(429)} refused, the right one answered {right} "
        f"({'refused' if right == 429 else 'LOGGED IN'})."
    )


if __name__ == "__main__":
    main()
