"""App configuration for pim.events."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "pim.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        # A person's GDPR export (built in `partnerships`, a layer below) includes their registrations and
        # attendance through this hook; that layer may not import this one.
        from pim.events.gdpr import export_person
        from pim.partnerships.gdpr import register_exporter

        register_exporter(export_person, key="events")
