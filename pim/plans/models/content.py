"""The rows of a MID's list sections: strategy links, problem tree, stakeholders, objectives,
communication plan, risks and barriers for the Improvement Plan."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pim.plans.models.plan import ActionPlan


class Level(models.TextChoices):
    LOW = "low", _("low")
    MEDIUM = "medium", _("medium")
    HIGH = "high", _("high")


def plan_section_url(plan_id: int, section: str) -> str:
    # No query: the plan's primary key is on the row already.
    return f"{reverse('portal:action_plan', args=[plan_id])}#{section}"


class StrategyLink(models.Model):
    """A city strategy, plan or ongoing programme the MID builds on."""

    plan = models.ForeignKey(ActionPlan, verbose_name=_("MID"), on_delete=models.CASCADE, related_name="strategy_links")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("address"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("link to a strategy or plan")
        verbose_name_plural = _("links to strategies and plans")
        ordering = ["plan_id", "order", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return plan_section_url(self.plan_id, "context")


class ProblemTreeNode(models.Model):
    """One box of the problem tree: causes lead to the core problem, which leads to effects."""

    class Kind(models.TextChoices):
        CAUSE = "cause", _("cause")
        CORE_PROBLEM = "core_problem", _("core problem")
        EFFECT = "effect", _("effect")

    plan = models.ForeignKey(ActionPlan, verbose_name=_("MID"), on_delete=models.CASCADE, related_name="problem_nodes")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("leads to / follows from"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="children",
        help_text=_("For a cause: what it causes; for an effect: what it follows from. Empty for the core problem."),
    )
    text = models.TextField(_("text"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("problem tree node")
        verbose_name_plural = _("problem tree nodes")
        ordering = ["plan_id", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:80]}"

    def get_absolute_url(self) -> str:
        return plan_section_url(self.plan_id, "problem_tree")


class Stakeholder(models.Model):
    plan = models.ForeignKey(ActionPlan, verbose_name=_("MID"), on_delete=models.CASCADE, related_name="stakeholders")
    name = models.CharField(_("name"), max_length=300)
    interest = models.TextField(_("interest"), blank=True, help_text=_("What the stakeholder wants from the MID."))
    influence = models.CharField(_("influence"), max_length=10, choices=Level.choices, default=Level.MEDIUM)
    engagement = models.TextField(_("engagement"), blank=True, help_text=_("How the stakeholder is engaged."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        ordering = ["plan_id", "order", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return plan_section_url(self.plan_id, "stakeholders")


class Objective(models.Model):
    """A general objective, or a specific one serving a general one.

    That rule spans rows saved together (a new specific objective under a new general one), so
    `pim.plans.editing` checks it for the whole list rather than `clean()` for one row.
    """

    class Kind(models.TextChoices):
        GENERAL = "general", _("general objective")
        SPECIFIC = "specific", _("specific objective")

    plan = models.ForeignKey(ActionPlan, verbose_name=_("MID"), on_delete=models.CASCADE, related_name="objectives")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("general objective"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="specific_objectives", help_text=_("For a specific objective: the general objective it serves."),
    )
    text = models.TextField(_("text"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["plan_id", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return plan_section_url(self.plan_id, "objectives")


class CommunicationItem(models.Model):
    """A row of the communication and participation plan."""

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("MID"), on_delete=models.CASCADE, related_name="communication_items"
    )
    target_group = models.CharField(_("target group"), max_length=300)
    channel = models.CharField(_("channel"), max_length=300, blank=True)
    milestone = models.CharField(_("milestone"), max_length=300, blank=True)
    when = models.DateField(_("when"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("communication plan item")
        verbose_name_plural = _("communication plan items")
        ordering = ["plan_id", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.target_group}: {self.channel}"

    def get_absolute_url(self) -> str:
        return plan_section_url(self.plan_id, "communication")


class Risk(models.Model):
    plan = models.ForeignKey(ActionPlan, verbose_name=_("MID"), on_delete=models.CASCADE, related_name="risks")
    description = models.TextField(_("risk"))
    likelihood = models.CharField(_("likelihood"), max_length=10, choices=Level.choices, default=Level.MEDIUM)
    impact = models.CharField(_("impact"), max_length=10, choices=Level.choices, default=Level.MEDIUM)
    mitigation = models.TextField(_("mitigation"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        ordering = ["plan_id", "order", "pk"]

    def __str__(self) -> str:
        return self.description[:80]

    def get_absolute_url(self) -> str:
        return plan_section_url(self.plan_id, "risks")


class Barrier(models.Model):
    """A national-level barrier the city met: raw material for the network's Improvement Plan (PU)."""

    class Type(models.TextChoices):
        LEGAL = "legal", _("legal")
        FINANCIAL = "financial", _("financial")
        ORGANISATIONAL = "organisational", _("organisational")
        COMPETENCE = "competence", _("competence")
        DATA = "data", _("data")
        OTHER = "other", _("other")

    plan = models.ForeignKey(ActionPlan, verbose_name=_("MID"), on_delete=models.CASCADE, related_name="barriers")
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    description = models.TextField(_("description"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("barrier")
        verbose_name_plural = _("barriers")
        ordering = ["plan_id", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.get_type_display()}: {self.description[:80]}"

    def get_absolute_url(self) -> str:
        return plan_section_url(self.plan_id, "barriers")
