"""The barrier register: national-level barriers the cities met, gathered per network for the PU."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pim.core.models import SourcedModel
from pim.places.models import Participant
from pim.plans.models import Barrier as PlanBarrier
from pim.programmes.models import ThematicNetwork


class BarrierQuerySet(models.QuerySet):
    def in_register(self) -> BarrierQuerySet:
        """Barriers still standing on their own: a merged barrier lives on inside its cluster."""
        return self.filter(merged_into__isnull=True)

    def of_network(self, network: ThematicNetwork) -> BarrierQuerySet:
        """The register page's rows: standing barriers with their cities and their sources, in a fixed
        number of queries."""
        return (
            self.filter(network=network).in_register()
            .prefetch_related("cities", "plan_barriers__plan__participant", "event_outcomes__event", "merged")
            .order_by("type", "pk")
        )


class Barrier(SourcedModel):
    """A barrier in a network's register: from a MID's barriers section, an event outcome, or an expert.

    Merging similar barriers keeps every source: the merged barrier points at the one it was merged into
    (`merged_into`), and its MID barriers, event outcomes and cities are added to that one.
    """

    Type = PlanBarrier.Type

    class Origin(models.TextChoices):
        MID = "mid", _("MID barriers section")
        EVENT = "event", _("event outcome")
        EXPERT = "expert", _("added by an expert")

    network = models.ForeignKey(
        ThematicNetwork, verbose_name=_("network"), on_delete=models.PROTECT, related_name="barriers"
    )
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    description = models.TextField(_("description"))
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices, default=Origin.EXPERT)
    cities = models.ManyToManyField(
        Participant, verbose_name=_("cities that raised it"), blank=True, related_name="raised_barriers"
    )
    plan_barriers = models.ManyToManyField(
        PlanBarrier, verbose_name=_("MID barriers"), blank=True, related_name="register_entries"
    )
    event_outcomes = models.ManyToManyField(
        "events.EventOutcome", verbose_name=_("event outcomes"), blank=True, related_name="register_entries"
    )
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), on_delete=models.PROTECT, null=True, blank=True, related_name="merged"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = BarrierQuerySet.as_manager()

    class Meta:
        verbose_name = _("barrier (register)")
        verbose_name_plural = _("barrier register")
        ordering = ["network", "type", "pk"]
        indexes = [models.Index(fields=["network", "merged_into"])]

    def __str__(self) -> str:
        return f"{self.get_type_display()}: {self.description[:80]}"

    def get_absolute_url(self) -> str:
        return f"{reverse('recommendations:register', args=[self.network.slug])}#bariera-{self.pk}"
