"""Loads the demo data of every app, in dependency order; running it twice changes nothing."""

from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


def seed_all() -> list[tuple[str, str, str]]:
    """Each app may have a `demo` module whose seed() returns the log-ins it created."""
    logins: list[tuple[str, str, str]] = []
    demos = []
    for config in apps.get_app_configs():
        if not config.name.startswith("apps."):
            continue
        try:
            demos.append(import_module(f"{config.name}.demo"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
            continue
    for demo in demos:
        with transaction.atomic():
            logins.extend(demo.seed())
    # A second pass once every edition is filled: the next edition prepared from the last one
    # (core), then what belongs to it alone (its venue and first sessions, agenda).
    for demo in demos:
        seed_after = getattr(demo, "seed_after", None)
        if seed_after is not None:
            with transaction.atomic():
                logins.extend(seed_after())
    return logins


class Command(BaseCommand):
    help = "Create or refresh the demo data (assemblies, countries, delegations, agenda, ...)."

    def handle(self, *args, **options):
        logins = seed_all()
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        for role, email, password in logins:
            self.stdout.write(f"  {role:<34} {email:<40} {password}")
