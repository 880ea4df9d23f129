from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DelegationsConfig(AppConfig):
    name = "apps.delegations"
    label = "delegations"
    verbose_name = _("Delegations")
    portal_nav = (
        ("delegations:dashboard", _("My delegation"), "delegation"),
        ("delegations:credentials", _("Credentials"), "delegation"),
    )

    def ready(self) -> None:
        from apps.core.home import register_home_section
        from apps.delegations.home import delegation_home_section

        register_home_section(delegation_home_section, order=10)
        from apps.core.dashboard import register_section
        from apps.core.editions import register_carry_over
        from apps.delegations.dashboard import delegations_section
        from apps.delegations.services.editions import carry_delegations

        register_section(delegations_section, order=10)
        register_carry_over("delegations", carry_delegations)
        # Country and organisation names read in e-mails are looked up once per request or task.
        from celery.signals import task_prerun
        from django.core.signals import request_started
        from django.db.models.signals import post_save

        from apps.delegations.models import MemberCountry, Organisation
        from apps.delegations.selectors import forget_country_names

        request_started.connect(forget_country_names, dispatch_uid="delegations.country_names")
        task_prerun.connect(forget_country_names, dispatch_uid="delegations.country_names")
        post_save.connect(
            forget_country_names, sender=MemberCountry, dispatch_uid="delegations.country_names"
        )
        post_save.connect(
            forget_country_names,
            sender=Organisation,
            dispatch_uid="delegations.organisation_names",
        )
