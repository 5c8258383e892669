"""Plan Ulepszeń (PU, Improvement Plan) per network and its recommendations to central government."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pim.core.models import SourcedModel
from pim.programmes.models import ThematicNetwork


class ImprovementPlanQuerySet(models.QuerySet):
    def with_recommendations(self) -> ImprovementPlanQuerySet:
        return self.prefetch_related("recommendations")


class ImprovementPlan(SourcedModel):
    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        CONSULTATION = "consultation", _("consultation")
        FINAL = "final", _("final")
        HANDED_OVER = "handed_over", _("handed over")
        FOLLOW_UP = "follow_up", _("follow-up")

    network = models.OneToOneField(
        ThematicNetwork, verbose_name=_("network"), on_delete=models.PROTECT, related_name="improvement_plan"
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    authors = models.CharField(_("authors"), max_length=300, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    summary = models.TextField(_("summary"), blank=True)

    objects = ImprovementPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("Improvement Plan (PU)")
        verbose_name_plural = _("Improvement Plans (PU)")
        ordering = ["network"]

    def __str__(self) -> str:
        return self.title or f"{_('Improvement Plan')}: {self.network}"

    def get_absolute_url(self) -> str:
        return f"{reverse('portal:network', args=[self.network.slug])}#plan-ulepszen"


class Recommendation(SourcedModel):
    class Type(models.TextChoices):
        LEGAL = "legal", _("legal")
        FINANCIAL = "financial", _("financial")
        ORGANISATIONAL = "organisational", _("organisational")
        OTHER = "other", _("other")

    improvement_plan = models.ForeignKey(
        ImprovementPlan, verbose_name=_("Improvement Plan"), on_delete=models.CASCADE, related_name="recommendations"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("text"))
    type = models.CharField(_("type"), max_length=20, choices=Type.choices, default=Type.OTHER)
    is_key = models.BooleanField(_("key recommendation"), default=False)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["improvement_plan", "order"]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return f"{self.improvement_plan.get_absolute_url()}-{self.order}"
