"""Improvement Plans (PU), their recommendations and follow-up, the barrier register and good practices."""

from pim.recommendations.models.barrier import Barrier, BarrierQuerySet
from pim.recommendations.models.plan import (
    ImprovementPlan,
    ImprovementPlanComment,
    ImprovementPlanQuerySet,
    ImprovementPlanTransition,
    ImprovementPlanVersion,
)
from pim.recommendations.models.practice import GoodPractice
from pim.recommendations.models.recommendation import (
    Recommendation,
    RecommendationQuerySet,
    RecommendationResponse,
    RecommendationStatusUpdate,
    status_from_history,
)

__all__ = [
    "Barrier",
    "BarrierQuerySet",
    "GoodPractice",
    "ImprovementPlan",
    "ImprovementPlanComment",
    "ImprovementPlanQuerySet",
    "ImprovementPlanTransition",
    "ImprovementPlanVersion",
    "Recommendation",
    "RecommendationQuerySet",
    "RecommendationResponse",
    "RecommendationStatusUpdate",
    "status_from_history",
]
