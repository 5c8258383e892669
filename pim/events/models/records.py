"""What an event produces and plans: its agenda, outcomes (linked to MIDs, candidate barriers) and attachments."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pim.events.models.event import Event
from pim.plans.models import Action, ActionPlan, Barrier
from pim.plans.sections import SECTION_CHOICES


class AgendaItem(models.Model):
    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    day = models.DateField(_("day"), null=True, blank=True, help_text=_("For events of several days."))
    time = models.TimeField(_("time"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300)
    speaker = models.CharField(_("speaker or lead"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["event_id", "order", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{self.event.get_absolute_url()}#agenda"

    def clean(self) -> None:
        event = self.event
        if self.day and event.starts_on and (self.day < event.starts_on or self.day > (event.ends_on or event.starts_on)):
            raise ValidationError({"day": _("The day must fall within the event's dates.")})


class EventOutcome(models.Model):
    """A result of the event; it can point at a MID section or action and propose a barrier for the PU."""

    BarrierType = Barrier.Type

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="outcomes")
    text = models.TextField(_("outcome"))
    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("MID"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="event_outcomes",
    )
    plan_section = models.CharField(_("MID section"), max_length=30, choices=SECTION_CHOICES, blank=True)
    action = models.ForeignKey(
        Action, verbose_name=_("MID action"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="event_outcomes",
    )
    is_candidate_barrier = models.BooleanField(
        _("candidate barrier for the Improvement Plan"), default=False,
        help_text=_("A national-level barrier the network may take into its Improvement Plan (PU)."),
    )
    barrier_type = models.CharField(_("barrier type"), max_length=20, choices=Barrier.Type.choices, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("event outcome")
        verbose_name_plural = _("event outcomes")
        ordering = ["event_id", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return f"{self.event.get_absolute_url()}#outcome-{self.pk}"

    def clean(self) -> None:
        errors = {}
        if self.action_id and self.plan_id and self.action.plan_id != self.plan_id:
            errors["action"] = _("The action belongs to another MID.")
        if self.plan_section and not self.plan_id and not self.action_id:
            errors["plan_section"] = _("Choose the MID the section belongs to.")
        if self.is_candidate_barrier and not self.barrier_type:
            errors["barrier_type"] = _("Say what kind of barrier it is.")
        if self.barrier_type and not self.is_candidate_barrier:
            errors["barrier_type"] = _("Only a candidate barrier has a barrier type.")
        if errors:
            raise ValidationError(errors)


def attachment_path(instance: EventAttachment, filename: str) -> str:
    return f"events/{instance.event_id}/{filename}"


class EventAttachment(models.Model):
    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["event_id", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:attachment", args=[self.event_id, self.pk])
