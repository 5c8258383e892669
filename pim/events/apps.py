"""App configuration for pim.events."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "pim.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        # A person's GDPR export and erasure (built in `partnerships`, a layer below) reach registrations,
        # attendance and feed addresses through these hooks; that layer may not import this one.
        from pim.events.gdpr import erase_person, export_person
        from pim.partnerships.gdpr import register_eraser, register_exporter

        register_exporter(export_person, key="events")
        register_eraser(erase_person, key="events")
