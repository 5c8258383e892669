"""The network roadmap (Fiszka sieci): the network's problems, goals, actions and schedule, versioned."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pim.core.models import SourcedModel
from pim.core.versioning import DocumentVersion


class NetworkRoadmap(SourcedModel):
    """Written by the lead city with the network's experts in the network's first half-year; draft, then agreed."""

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        AGREED = "agreed", _("agreed")

    network = models.OneToOneField(
        "programmes.ThematicNetwork", verbose_name=_("network"), on_delete=models.CASCADE, related_name="roadmap"
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    problems = models.TextField(_("main problems of the theme"), blank=True)
    goals = models.TextField(_("goals"), blank=True)
    # Bumped on every save; a save that started from an older revision is refused (no silent overwrite).
    revision = models.PositiveIntegerField(_("revision"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    agreed_on = models.DateField(_("agreed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("network roadmap (Fiszka sieci)")
        verbose_name_plural = _("network roadmaps (Fiszki sieci)")

    def __str__(self) -> str:
        return f"{_('Network roadmap')}: {self.network}"

    def get_absolute_url(self) -> str:
        return f"{reverse('portal:network', args=[self.network.slug])}#fiszka"


class RoadmapAction(models.Model):
    """One action of the network's work plan; its dates make the roadmap's schedule."""

    roadmap = models.ForeignKey(NetworkRoadmap, verbose_name=_("roadmap"), on_delete=models.CASCADE, related_name="actions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    responsible = models.CharField(_("responsible"), max_length=250, blank=True)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)

    class Meta:
        verbose_name = _("roadmap action")
        verbose_name_plural = _("roadmap actions")
        ordering = ["roadmap", "order", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end cannot be before the start.")})


class RoadmapVersion(DocumentVersion):
    roadmap = models.ForeignKey(
        NetworkRoadmap, verbose_name=_("roadmap"), on_delete=models.CASCADE, related_name="versions"
    )

    class Meta:
        verbose_name = _("roadmap version")
        verbose_name_plural = _("roadmap versions")
        ordering = ["roadmap", "number"]
        constraints = [models.UniqueConstraint(fields=["roadmap", "number"], name="roadmap_version_unique_number")]
