"""MID models, split by sub-domain; import them from here (`from pim.plans.models import Action`)."""

from pim.plans.models.action import Action, ActionFunding, ActionStatusReport
from pim.plans.models.content import (
    Barrier,
    CommunicationItem,
    Level,
    Objective,
    ProblemTreeNode,
    Risk,
    Stakeholder,
    StrategyLink,
)
from pim.plans.models.export import PlanExport
from pim.plans.models.indicator import Indicator, IndicatorValue
from pim.plans.models.plan import WORKFLOW, ActionPlan, Transition
from pim.plans.models.review import RUBRIC_CRITERIA, Comment, Criterion, PlanTransition, RubricScore
from pim.plans.models.version import PlanVersion, SectionRevision

__all__ = [
    "RUBRIC_CRITERIA",
    "WORKFLOW",
    "Action",
    "ActionFunding",
    "ActionPlan",
    "ActionStatusReport",
    "Barrier",
    "Comment",
    "CommunicationItem",
    "Criterion",
    "Indicator",
    "IndicatorValue",
    "Level",
    "Objective",
    "PlanExport",
    "PlanTransition",
    "PlanVersion",
    "ProblemTreeNode",
    "Risk",
    "RubricScore",
    "SectionRevision",
    "Stakeholder",
    "StrategyLink",
    "Transition",
]
