"""The MID itself (Miejska Inicjatywa Działania): its metadata, prose sections and workflow state."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pim.core.models import SourcedModel
from pim.places.models import Participant
from pim.programmes.models import Edition, Person, RoleAssignment, ThematicNetwork
from pim.programmes.rules import user_roles


class ActionPlanQuerySet(models.QuerySet):
    def for_list(self) -> ActionPlanQuerySet:
        return self.select_related("participant", "network").order_by("network__name", "order", "pk")

    def for_participant_page(self) -> ActionPlanQuerySet:
        return self.select_related("network", "edition").order_by("-edition__start_year", "pk")

    def with_content(self) -> ActionPlanQuerySet:
        """Every section's rows, loaded in a fixed number of queries whatever the plan's size.

        Sections, checks, derived views and version snapshots read only what this loads: indicators are
        read from the plan (`plan.indicators`), never per action, and actions' dependencies and
        fundings come in one query each.
        """
        from pim.plans.models.action import Action

        actions = Action.objects.order_by("order", "pk").prefetch_related("fundings", "dependencies")
        return self.select_related("edition", "network", "participant", "expert").prefetch_related(
            "strategy_links", "problem_nodes", "stakeholders", "objectives", Prefetch("actions", queryset=actions),
            "indicators", "communication_items", "risks", "barriers",
        )

    def content_visible_to(self, user: Any) -> ActionPlanQuerySet:
        """Plans whose working content (sections, versions, comments) the user may read.

        The same rule as the `plans.view_actionplan_draft` permission, as one filter for lists.
        """
        visible = Q(state__in=ActionPlan.PUBLIC_STATES) | Q(
            state=ActionPlan.State.CONSULTATION, public_consultation=True
        )
        roles = user_roles(user)
        if roles.operator_of_all_editions:
            return self
        visible |= Q(edition_id__in=roles.operator_editions)
        visible |= Q(participant_id__in=roles.city_team_participants)
        visible |= Q(network_id__in=roles.expert_networks)
        visible |= Q(state=ActionPlan.State.CONSULTATION, participant_id__in=roles.lp_coordinator_participants)
        return self.filter(visible)


@dataclass(frozen=True)
class Transition:
    """One allowed step of the MID workflow and the permission it needs."""

    source: str
    target: str
    perm: str
    label: Any
    reason_required: bool = False


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
    # The authors are the participant's city team (RoleAssignment rows); the note says who did what.
    team_note = models.TextField(_("team note"), blank=True, help_text=_("Who in the city team wrote which part."))
    expert = models.ForeignKey(
        Person, verbose_name=_("reviewing expert"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="reviewed_action_plans",
    )
    started_on = models.DateField(_("work started on"), null=True, blank=True)
    target_completion_on = models.DateField(_("target completion date"), null=True, blank=True)
    context_diagnosis = models.TextField(_("context and diagnosis"), blank=True)
    challenge_title = models.CharField(_("challenge"), max_length=300, blank=True)
    challenge_statement = models.TextField(_("challenge statement"), blank=True)
    governance = models.TextField(_("implementation and governance"), blank=True)
    monitoring_note = models.TextField(
        _("monitoring arrangements"), blank=True, help_text=_("Who reviews the indicators, and how often.")
    )
    public_consultation = models.BooleanField(
        _("public consultation"), default=False,
        help_text=_("During consultation, anyone with an account may comment (comments are moderated)."),
    )
    no_barriers = models.BooleanField(
        _("no national barriers met"), default=False,
        help_text=_("The city states it met no national-level barrier worth reporting for the Improvement Plan."),
    )
    classification = models.JSONField(
        _("classification"), default=dict, blank=True,
        help_text=_("Values for the network's classifications, e.g. a PPP sector and process stage."),
    )
    is_example = models.BooleanField(
        _("worked example"), default=False, help_text=_("The demo's fully worked example MID.")
    )

    objects = ActionPlanQuerySet.as_manager()

    # Content may change only while the city is writing: the expert reviews a fixed text, and after
    # approval only follow-up (status reports, indicator values) is recorded.
    EDITABLE_STATES = frozenset({State.DRAFT, State.CONSULTATION})
    FOLLOW_UP_STATES = frozenset({State.APPROVED, State.IN_IMPLEMENTATION, State.COMPLETED})
    PUBLIC_STATES = frozenset({State.APPROVED, State.IN_IMPLEMENTATION, State.COMPLETED, State.PUBLISHED})

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

    def clean(self) -> None:
        if self.started_on and self.target_completion_on and self.target_completion_on < self.started_on:
            raise ValidationError(
                {"target_completion_on": _("The target completion date cannot be before the start date.")}
            )
        if self.network_id and self.edition_id and self.network.edition_id != self.edition_id:
            raise ValidationError({"network": _("The network belongs to another edition.")})
        if not isinstance(self.classification, dict):
            raise ValidationError({"classification": _("The classification is a mapping of names to values.")})

    @property
    def is_editable(self) -> bool:
        return self.state in self.EDITABLE_STATES

    @property
    def accepts_follow_up(self) -> bool:
        return self.state in self.FOLLOW_UP_STATES

    def transition_to(self, target: str) -> Transition | None:
        return WORKFLOW.get((self.state, target))

    def transitions_for(self, user: Any) -> list[Transition]:
        """The workflow steps `user` may take from the current state (for the UI's buttons)."""
        return [t for (source, _target), t in WORKFLOW.items() if source == self.state and user.has_perm(t.perm, self)]

    def team_members(self) -> models.QuerySet[Person]:
        """The authors: people with an active city-team role for the MID's participant."""
        return Person.objects.filter(
            roles__in=RoleAssignment.objects.active().filter(
                role=RoleAssignment.Role.CITY_TEAM_MEMBER, participant_id=self.participant_id
            )
        ).distinct().order_by("name")

    def section_revisions(self) -> dict[str, int]:
        """Each section's current revision (0 for a section never saved), in one query."""
        revisions = dict.fromkeys(SECTION_KEYS_FOR_REVISIONS, 0)
        revisions.update(self.section_revision_rows.values_list("section", "revision"))
        return revisions


S = ActionPlan.State
CHANGE = "plans.change_actionplan"
REVIEW = "plans.review_actionplan"

# The MID workflow. Historical records ("published") take no step: they are what the sources say.
WORKFLOW: dict[tuple[str, str], Transition] = {
    (t.source, t.target): t
    for t in [
        Transition(S.DRAFT, S.CONSULTATION, CHANGE, _("open the consultation")),
        Transition(S.CONSULTATION, S.DRAFT, CHANGE, _("close the consultation and keep drafting")),
        Transition(S.CONSULTATION, S.EXPERT_REVIEW, CHANGE, _("submit for expert review")),
        Transition(S.EXPERT_REVIEW, S.DRAFT, REVIEW, _("send back to the city"), reason_required=True),
        Transition(S.EXPERT_REVIEW, S.APPROVED, REVIEW, _("approve")),
        Transition(S.APPROVED, S.IN_IMPLEMENTATION, CHANGE, _("start implementation")),
        Transition(S.IN_IMPLEMENTATION, S.COMPLETED, CHANGE, _("mark as completed")),
    ]
}

# Kept here rather than imported from `pim.plans.sections`, which imports the models.
SECTION_KEYS_FOR_REVISIONS = (
    "metadata", "context", "problem_tree", "challenge", "stakeholders", "objectives", "actions",
    "governance", "communication", "risks", "monitoring", "barriers", "classification",
)
