"""Good practices: what a participant or a foreign city did well, supporting the PU's recommendations."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pim.core.models import SourcedModel
from pim.places.models import Participant
from pim.plans.models import ActionPlan
from pim.programmes.models import Edition, ThematicNetwork


class GoodPractice(SourcedModel):
    class SourceKind(models.TextChoices):
        STUDY_VISIT = "study_visit", _("study visit")
        MID = "mid", _("MID")
        MEETING = "meeting", _("meeting")
        OTHER = "other", _("other")

    title = models.CharField(_("title"), max_length=300)
    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="good_practices", help_text=_("Empty for a foreign city's practice."),
    )
    foreign_city = models.CharField(_("foreign city"), max_length=200, blank=True)
    country = models.CharField(_("country"), max_length=100, blank=True)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    source_kind = models.CharField(_("source"), max_length=20, choices=SourceKind.choices, default=SourceKind.OTHER)
    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="good_practices",
    )
    network = models.ForeignKey(
        ThematicNetwork, verbose_name=_("network"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="good_practices",
    )
    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("MID"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="good_practices",
    )
    events = models.ManyToManyField(
        "events.Event", verbose_name=_("events"), blank=True, related_name="good_practices"
    )

    class Meta:
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("recommendations:good_practice", args=[self.pk])
