"""Erase media applications' personal data: of one assembly (--assembly NUMBER), or of every
assembly whose erase date has come (the default; the daily beat task does the same)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from apps.badges import services
from apps.core.models import Assembly


class Command(BaseCommand):
    help = (
        "Erase the personal data of media applications of an assembly, or of every assembly "
        "whose erase date has come."
    )

    def add_arguments(self, parser):
        parser.add_argument("--assembly", type=int, help="the assembly's number")

    def handle(self, *args, **options):
        if options["assembly"] is not None:
            assembly = Assembly.objects.filter(number=options["assembly"]).first()
            if assembly is None:
                raise CommandError(f"No assembly number {options['assembly']}.")
            assemblies = [assembly]
        else:
            assemblies = services.assemblies_due_for_media_erasure(now=timezone.now())
        for assembly in assemblies:
            count = services.erase_media_applications(assembly=assembly)
            self.stdout.write(f"{assembly}: {count} media applications erased.")
        if not assemblies:
            self.stdout.write("No assembly's media applications are due for erasure.")
