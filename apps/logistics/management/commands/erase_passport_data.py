"""Erase passport data: of one assembly (--assembly NUMBER), or of every assembly whose erase
date has come (the default, for a daily cron or beat job)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from apps.core.models import Assembly
from apps.logistics import services


class Command(BaseCommand):
    help = "Erase passport data of an assembly, or of every assembly whose erase date has come."

    def add_arguments(self, parser):
        parser.add_argument("--assembly", type=int, help="the assembly's number")

    def handle(self, *args, **options):
        if options["assembly"] is not None:
            assembly = Assembly.objects.filter(number=options["assembly"]).first()
            if assembly is None:
                raise CommandError(f"No assembly number {options['assembly']}.")
            assemblies = [assembly]
        else:
            assemblies = services.assemblies_due_for_erasure(now=timezone.now())
        for assembly in assemblies:
            count = services.erase_passport_data(assembly=assembly)
            self.stdout.write(f"{assembly}: passport data erased from {count} travel records.")
        if not assemblies:
            self.stdout.write("No assembly's passport data is due for erasure.")
