from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CeremoniesConfig(AppConfig):
    name = "apps.ceremonies"
    label = "ceremonies"
    verbose_name = _("Ceremonies")
    portal_nav = (("ceremonies:list", _("Ceremonies"), "all"),)
