from django.apps import AppConfig
from django.core.signals import request_finished
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"
    verbose_name = _("Assemblies")

    def ready(self) -> None:
        from apps.core import logging as request_logging
        from apps.core.redaction import install_record_factory

        install_record_factory()
        request_logging.install_record_factory()
        request_finished.connect(request_logging.clear_request_id, dispatch_uid="clear_request_id")
