"""Review of a MID: workflow transitions, comments (also from the public consultation) and the rubric."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pim.plans.models.content import plan_section_url
from pim.plans.models.plan import ActionPlan

User = settings.AUTH_USER_MODEL


class PlanTransition(models.Model):
    """One step of the workflow: who moved the MID from which state to which, when and why."""

    plan = models.ForeignKey(ActionPlan, verbose_name=_("MID"), on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(_("from state"), max_length=20, choices=ActionPlan.State.choices)
    to_state = models.CharField(_("to state"), max_length=20, choices=ActionPlan.State.choices)
    by = models.ForeignKey(User, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("MID workflow step")
        verbose_name_plural = _("MID workflow steps")
        ordering = ["plan_id", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_state_display()} → {self.get_to_state_display()}"

    def get_absolute_url(self) -> str:
        return plan_section_url(self.plan_id, "history")


class CommentQuerySet(models.QuerySet):
    def open_threads(self) -> CommentQuerySet:
        """Open top-level comments that count: not rejected by moderation (pending ones still await it)."""
        return self.filter(parent__isnull=True, state=Comment.State.OPEN).exclude(
            moderation=Comment.Moderation.REJECTED
        )

    def visible_to(self, user: Any, plan: ActionPlan) -> CommentQuerySet:
        """What `user` sees of `plan`'s comments: moderators see all, others approved ones and their own."""
        if user.has_perm("plans.moderate_actionplan", plan):
            return self
        if not user.is_authenticated:
            return self.filter(moderation=Comment.Moderation.APPROVED)
        return self.filter(Q(moderation=Comment.Moderation.APPROVED) | Q(author_id=user.pk))

    def for_plan_page(self, plan: ActionPlan) -> CommentQuerySet:
        return self.filter(plan=plan).select_related("author__person", "resolved_by").order_by("created_at", "pk")


class Comment(models.Model):
    class Moderation(models.TextChoices):
        PENDING = "pending", _("awaiting moderation")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    class State(models.TextChoices):
        OPEN = "open", _("open")
        RESOLVED = "resolved", _("resolved")

    plan = models.ForeignKey(ActionPlan, verbose_name=_("MID"), on_delete=models.CASCADE, related_name="comments")
    section = models.CharField(
        _("section"), max_length=30, blank=True, help_text=_("Key of the commented section; empty for the whole MID.")
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("reply to"), on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    author = models.ForeignKey(
        User, verbose_name=_("author"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    body = models.TextField(_("comment"))
    is_public = models.BooleanField(
        _("public comment"), default=False, help_text=_("Written by a member of the public during a public consultation.")
    )
    moderation = models.CharField(
        _("moderation"), max_length=10, choices=Moderation.choices, default=Moderation.APPROVED
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    resolved_by = models.ForeignKey(
        User, verbose_name=_("resolved by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["plan_id", "created_at", "pk"]
        indexes = [models.Index(fields=["plan", "state"])]

    def __str__(self) -> str:
        return self.body[:80]

    def get_absolute_url(self) -> str:
        return plan_section_url(self.plan_id, f"comment-{self.pk}")


class Criterion(models.TextChoices):
    """The 12 URBACT Integrated Action Plan self-assessment criteria (domain.md §5), scored 1-4."""

    PROBLEM_DEFINED = "problem_defined", _("Problem clearly defined and evidence-based")
    INTEGRATED_APPROACH = "integrated_approach", _(
        "Integrated approach: across sectors and departments, levels of government, territorial"
    )
    STAKEHOLDERS_INVOLVED = "stakeholders_involved", _("Stakeholders genuinely involved in co-producing it (LP)")
    SMART_OBJECTIVES = "smart_objectives", _("SMART objectives that follow logically from the problem analysis")
    CONCRETE_ACTIONS = "concrete_actions", _("Actions concrete and linked to objectives")
    RESPONSIBILITIES = "responsibilities", _("Responsibilities and partners assigned")
    REALISTIC_SCHEDULE = "realistic_schedule", _("Realistic schedule")
    COSTED_AND_FUNDED = "costed_and_funded", _("Costed actions with identified or secured funding")
    RISKS_MITIGATED = "risks_mitigated", _("Risks identified with mitigation")
    MONITORING_FRAMEWORK = "monitoring_framework", _(
        "Monitoring framework with output and result indicators and baselines"
    )
    COMMUNICATION_PLAN = "communication_plan", _("Communication plan")
    POLITICAL_ENDORSEMENT = "political_endorsement", _("Political endorsement and link to the city's strategies")


RUBRIC_CRITERIA: list[tuple[str, str]] = Criterion.choices
RUBRIC_MIN_SCORE = 1
RUBRIC_MAX_SCORE = 4


class RubricScore(models.Model):
    """One criterion's score for a MID, by the expert or by the city (self-assessment); updated in place."""

    class ScorerRole(models.TextChoices):
        EXPERT = "expert", _("expert")
        CITY = "city", _("city (self-assessment)")

    plan = models.ForeignKey(ActionPlan, verbose_name=_("MID"), on_delete=models.CASCADE, related_name="rubric_scores")
    criterion = models.CharField(_("criterion"), max_length=30, choices=Criterion.choices)
    scorer_role = models.CharField(_("scored as"), max_length=10, choices=ScorerRole.choices)
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(RUBRIC_MIN_SCORE), MaxValueValidator(RUBRIC_MAX_SCORE)]
    )
    note = models.TextField(_("note"), blank=True)
    scored_by = models.ForeignKey(
        User, verbose_name=_("scored by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    scored_at = models.DateTimeField(_("scored at"), auto_now=True)

    class Meta:
        verbose_name = _("rubric score")
        verbose_name_plural = _("rubric scores")
        ordering = ["plan_id", "scorer_role", "criterion"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "criterion", "scorer_role"], name="rubric_score_unique"),
            models.CheckConstraint(
                condition=Q(score__gte=RUBRIC_MIN_SCORE, score__lte=RUBRIC_MAX_SCORE), name="rubric_score_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_criterion_display()}: {self.score}"

    def get_absolute_url(self) -> str:
        return plan_section_url(self.plan_id, "rubric")
