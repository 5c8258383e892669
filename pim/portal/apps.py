"""App configuration for pim.portal."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "pim.portal"
    label = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from pim.portal import signals

        signals.connect()
