"""Who comes to an event: registrations, per-city delegation quotas and the attendance the organiser checks.

Rows point at `programmes.Person` and never copy a name: erasing a person (GDPR) anonymises that one row
and every list follows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pim.events.models.event import Event
from pim.places.models import Participant
from pim.programmes.models import Person


class DelegationQuota(models.Model):
    """How many people a city may register for the event."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="quotas")
    participant = models.ForeignKey(
        Participant, verbose_name=_("city"), on_delete=models.CASCADE, related_name="event_quotas"
    )
    places = models.PositiveSmallIntegerField(_("places"))

    class Meta:
        verbose_name = _("delegation quota")
        verbose_name_plural = _("delegation quotas")
        ordering = ["event_id", "participant__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "participant"], name="event_quota_once_per_city",
                violation_error_message=_("This city already has a quota for the event."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant}: {self.places}"

    def get_absolute_url(self) -> str:
        return self.event.get_absolute_url()


class RegistrationQuerySet(models.QuerySet):
    def for_list(self) -> RegistrationQuerySet:
        return self.select_related("person", "participant").order_by("participant__name", "person__name", "pk")


class Registration(models.Model):
    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="registrations")
    participant = models.ForeignKey(
        Participant, verbose_name=_("city"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="event_registrations", help_text=_("The city whose delegation the person belongs to."),
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registered by"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person"], name="event_registration_once_per_person",
                violation_error_message=_("This person is already registered."),
            )
        ]

    def __str__(self) -> str:
        # No name here: the admin's change log keeps this text, and an erased person must vanish everywhere.
        return gettext("Registration %(number)s: %(event)s") % {"number": self.pk, "event": self.event}

    def get_absolute_url(self) -> str:
        return self.event.get_absolute_url()


class AttendanceQuerySet(models.QuerySet):
    def for_list(self) -> AttendanceQuerySet:
        return self.select_related("person", "participant").order_by("participant__name", "person__name", "pk")


class Attendance(models.Model):
    """A person the organiser checked in; the city is the delegation they came with."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="attendances")
    participant = models.ForeignKey(
        Participant, verbose_name=_("city"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="event_attendances",
    )
    checked_in_at = models.DateTimeField(_("checked in at"), auto_now_add=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("checked in by"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["event_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person"], name="event_attendance_once_per_person",
                violation_error_message=_("This person is already checked in."),
            )
        ]

    def __str__(self) -> str:
        return gettext("Attendance %(number)s: %(event)s") % {"number": self.pk, "event": self.event}

    def get_absolute_url(self) -> str:
        return self.event.get_absolute_url()
