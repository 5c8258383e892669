"""Plan Ulepszeń (PU, Improvement Plan) per network: its content, workflow and versions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pim.core.models import SourcedModel
from pim.core.versioning import DocumentVersion
from pim.plans import richtext
from pim.programmes.models import Institution, ThematicNetwork
from pim.recommendations.models.barrier import Barrier
from pim.recommendations.models.practice import GoodPractice


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

    # Public content from `final` on; content edits while drafted or consulted; answers once handed over.
    PUBLIC_STATES = frozenset({State.FINAL, State.HANDED_OVER, State.FOLLOW_UP})
    EDITABLE_STATES = frozenset({State.DRAFT, State.CONSULTATION})
    ANSWERABLE_STATES = frozenset({State.HANDED_OVER, State.FOLLOW_UP})

    network = models.OneToOneField(
        ThematicNetwork, verbose_name=_("network"), on_delete=models.PROTECT, related_name="improvement_plan"
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    authors = models.CharField(_("authors"), max_length=300, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    summary = models.TextField(_("summary"), blank=True)
    introduction = models.TextField(_("introduction"), blank=True)
    barriers = models.ManyToManyField(
        Barrier, verbose_name=_("barriers addressed"), blank=True, related_name="improvement_plans"
    )
    good_practices = models.ManyToManyField(
        GoodPractice, verbose_name=_("good practices"), blank=True, related_name="improvement_plans"
    )
    handed_over_on = models.DateField(_("handed over on"), null=True, blank=True)
    handed_over_to = models.ForeignKey(
        Institution, verbose_name=_("handed over to"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="received_improvement_plans",
    )
    # Bumped on every save; a save that started from an older revision is refused (no silent overwrite).
    revision = models.PositiveIntegerField(_("revision"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )

    objects = ImprovementPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("Improvement Plan (PU)")
        verbose_name_plural = _("Improvement Plans (PU)")
        ordering = ["network"]

    def __str__(self) -> str:
        return self.title or f"{_('Improvement Plan')}: {self.network}"

    def get_absolute_url(self) -> str:
        return f"{reverse('portal:network', args=[self.network.slug])}#plan-ulepszen"

    def save(self, *args, **kwargs) -> None:
        # The introduction is shown as HTML: sanitise it whichever way it is saved (the editor, the admin,
        # a loader), not only in the services.
        self.introduction = richtext.sanitise(self.introduction)
        super().save(*args, **kwargs)


class ImprovementPlanVersion(DocumentVersion):
    improvement_plan = models.ForeignKey(
        ImprovementPlan, verbose_name=_("Improvement Plan"), on_delete=models.CASCADE, related_name="versions"
    )

    class Meta:
        verbose_name = _("PU version")
        verbose_name_plural = _("PU versions")
        ordering = ["improvement_plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["improvement_plan", "number"], name="pu_version_unique_number")
        ]


class ImprovementPlanTransition(models.Model):
    """One state change of a PU: who, when and why."""

    improvement_plan = models.ForeignKey(
        ImprovementPlan, verbose_name=_("Improvement Plan"), on_delete=models.CASCADE, related_name="transitions"
    )
    from_state = models.CharField(_("from"), max_length=20, choices=ImprovementPlan.State.choices)
    to_state = models.CharField(_("to"), max_length=20, choices=ImprovementPlan.State.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("PU state change")
        verbose_name_plural = _("PU state changes")
        ordering = ["improvement_plan", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_state_display()} → {self.get_to_state_display()}"


class ImprovementPlanComment(models.Model):
    """A remark on the PU by the network's cities during consultation (or by its authors at any time)."""

    improvement_plan = models.ForeignKey(
        ImprovementPlan, verbose_name=_("Improvement Plan"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("comment"), max_length=5000)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment on a PU")
        verbose_name_plural = _("comments on PUs")
        ordering = ["improvement_plan", "created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:80]
