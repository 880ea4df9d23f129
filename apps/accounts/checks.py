"""`manage.py check --deploy`: a production site makes organisers use a second factor."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def two_factor_required(app_configs, **kwargs):
    if settings.DEBUG or settings.TWO_FACTOR_REQUIRED_FOR_STAFF:
        return []
    return [
        checks.Warning(
            "Organisers can log in without a second factor (GA_TWO_FACTOR_REQUIRED is off).",
            hint="Unset GA_TWO_FACTOR_REQUIRED (it defaults to on when DJANGO_DEBUG is off).",
            id="accounts.W001",
        )
    ]
