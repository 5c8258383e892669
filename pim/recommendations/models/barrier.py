"""The barrier register: national-level barriers the cities met, gathered per network for the PU."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, Value
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pim.core.models import SourcedModel
from pim.core.text import fold, folded
from pim.places.models import Participant
from pim.plans.models import ActionPlan
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

    def matching(self, text: str) -> BarrierQuerySet:
        """Entries whose description contains `text`, ignoring case and Polish diacritics."""
        text = fold(text.strip())
        if not text:
            return self
        # `folded()` replaces with CharField values: the TextField is cast so the expression has one type.
        return self.annotate(description_chars=Cast("description", output_field=models.CharField())).annotate(
            folded_description=folded("description_chars")
        ).filter(folded_description__contains=text)

    def with_public_text(self, *, reveal: bool = False) -> BarrierQuerySet:
        """Annotate `has_public_text`: may the description be printed to anyone?

        Entries are copied from MID barriers and event outcomes, whose text is confidential while the MID is
        not approved (`ActionPlan.PUBLIC_STATES`) or the event is not public. The copy is public only when an
        expert wrote or reworded it (their wording is meant for the PU), or when every source it holds is
        public. `reveal` is for readers who may see every source (the register's readers): all text shows.
        Two EXISTS subqueries, so the rows cost no extra query.
        """
        if reveal:
            return self.annotate(has_public_text=Value(True, output_field=BooleanField()))
        outcomes = self.model._meta.get_field("event_outcomes").related_model
        private_mid = PlanBarrier.objects.filter(register_entries=OuterRef("pk")).exclude(
            plan__state__in=ActionPlan.PUBLIC_STATES
        )
        private_event = outcomes.objects.filter(register_entries=OuterRef("pk"), event__is_public=False)
        public = Q(own_wording=True) | Q(origin=Barrier.Origin.EXPERT) | (~Exists(private_mid) & ~Exists(private_event))
        return self.annotate(has_public_text=ExpressionWrapper(public, output_field=BooleanField()))


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
    own_wording = models.BooleanField(
        _("worded by an expert"), default=False,
        help_text=_("The description was rewritten in the register, so it no longer copies a source's text."),
    )
    revision = models.PositiveIntegerField(_("revision"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("last changed by"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )
    updated_at = models.DateTimeField(_("last changed at"), null=True, blank=True)

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

    @staticmethod
    def text_or_placeholder(description: str, has_public_text: bool) -> str:
        """For value rows (`values("description", "has_public_text")`) as for instances."""
        return description if has_public_text else gettext("Barrier description from a non-public document")

    @property
    def public_description(self) -> str:
        """The description where `with_public_text()` allows it, else a neutral placeholder (fails closed)."""
        return self.text_or_placeholder(self.description, getattr(self, "has_public_text", False))
