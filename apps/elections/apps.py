from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElectionsConfig(AppConfig):
    name = "apps.elections"
    label = "elections"
    verbose_name = _("Elections and votes")
    portal_nav = (("elections:list", _("Votes"), "all"),)
