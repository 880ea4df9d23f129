"""manage.py prepare_next_edition --from 93 --number 94 --city "Hong Kong" --zone Asia/Hong_Kong"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from apps.core.errors import ApplicationError
from apps.core.models import Assembly
from apps.core.services import prepare_next_edition


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"{value!r} is not a date (YYYY-MM-DD).") from exc


class Command(BaseCommand):
    help = (
        "After the flag handover: create the next edition from the previous one (member "
        "countries' delegations with their focal points invited again, quotas, bilateral rules "
        "and slot grid), in the state 'preparing'. Venue, rooms, programme, delegates and "
        "credentials are not carried over."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="previous", type=int, required=True)
        parser.add_argument("--number", type=int, required=True)
        parser.add_argument("--name", default="")
        parser.add_argument("--city", required=True)
        parser.add_argument("--country", required=True)
        parser.add_argument("--zone", required=True, help="IANA time zone, e.g. Asia/Hong_Kong")
        parser.add_argument("--start", required=True, help="first day, YYYY-MM-DD")
        parser.add_argument("--end", required=True, help="last day, YYYY-MM-DD")
        parser.add_argument(
            "--by", required=True, help="e-mail of the organiser account the change is audited to"
        )

    def handle(self, *args, **options):
        from apps.accounts.models import User

        previous = Assembly.objects.filter(number=options["previous"]).first()
        if previous is None:
            raise CommandError(f"No assembly number {options['previous']}.")
        by = User.objects.filter(email__iexact=options["by"]).first()
        if by is None:
            raise CommandError(f"No account {options['by']}.")
        number = options["number"]
        try:
            assembly, counts = prepare_next_edition(
                previous=previous,
                number=number,
                name=options["name"] or f"{_ordinal(number)} INTERPOL General Assembly",
                city=options["city"],
                country=options["country"],
                time_zone=options["zone"],
                start_date=_date(options["start"]),
                end_date=_date(options["end"]),
                by=by,
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        except PermissionDenied as exc:
            raise CommandError(f"{by} may not add assemblies.") from exc
        self.stdout.write(self.style.SUCCESS(f"{assembly} prepared from {previous}."))
        for what, count in sorted(counts.items()):
            self.stdout.write(f"  {what}: {count}")


def _ordinal(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"
