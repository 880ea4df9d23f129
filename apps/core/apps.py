from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"
    verbose_name = _("Assemblies")

    def ready(self) -> None:
        from apps.core.redaction import install_record_factory

        install_record_factory()
