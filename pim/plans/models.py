"""Miejska Inicjatywa Działania (MID): each city's action plan for one local challenge."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pim.core.models import SourcedModel
from pim.places.models import Participant
from pim.programmes.models import Edition, ThematicNetwork


class ActionPlanQuerySet(models.QuerySet):
    def for_list(self) -> ActionPlanQuerySet:
        return self.select_related("participant", "network").order_by("network__name", "order", "pk")

    def for_participant_page(self) -> ActionPlanQuerySet:
        return self.select_related("network", "edition").order_by("-edition__start_year", "pk")


class ActionPlan(SourcedModel):
    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        CONSULTATION = "consultation", _("consultation")
        EXPERT_REVIEW = "expert_review", _("expert review")
        APPROVED = "approved", _("approved")
        IN_IMPLEMENTATION = "in_implementation", _("in implementation")
        COMPLETED = "completed", _("completed")
        PUBLISHED = "published", _("published (historical record)")

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="action_plans")
    network = models.ForeignKey(
        ThematicNetwork, verbose_name=_("network"), on_delete=models.PROTECT, related_name="action_plans",
        null=True, blank=True,
    )
    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.PROTECT, related_name="action_plans",
        null=True, blank=True, help_text=_("Empty when the sources do not say which city wrote it."),
    )
    title = models.CharField(_("title"), max_length=400, blank=True)
    summary = models.TextField(_("what the sources say"), blank=True)
    attribution_note = models.CharField(_("attribution note"), max_length=300, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    order = models.PositiveSmallIntegerField(_("order in source"), default=0)

    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("MID (action plan)")
        verbose_name_plural = _("MIDs (action plans)")
        ordering = ["edition", "network", "order"]
        constraints = [
            # One MID per participant per edition; historical MIDs without a known city are exempt.
            models.UniqueConstraint(
                fields=["edition", "participant"], condition=models.Q(participant__isnull=False),
                name="action_plan_one_per_participant_edition",
            ),
        ]

    def __str__(self) -> str:
        return self.title or str(_("MID (title unknown)"))

    def get_absolute_url(self) -> str:
        return reverse("portal:action_plan", args=[self.pk])
