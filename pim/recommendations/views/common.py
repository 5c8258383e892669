"""What the PU screens share: fetching the plan for editing, the page navigation, the conflict box."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pim.recommendations import services
from pim.recommendations.access import get_improvement_plan_for_user
from pim.recommendations.models import ImprovementPlan

EDIT = "recommendations.edit_improvementplan"


def plan_for_editing(request: HttpRequest, slug: str) -> ImprovementPlan:
    """Outsiders get 404 (from the accessor); readers who may not edit, or a PU past consultation, 403."""
    plan = get_improvement_plan_for_user(request.user, slug, content=True)
    if not request.user.has_perm(EDIT, plan):
        raise PermissionDenied(_("You cannot edit this Improvement Plan now."))
    return plan


def plan_nav(plan: ImprovementPlan, user: Any) -> dict[str, str]:
    slug = plan.network.slug
    nav = {
        "detail": reverse("recommendations:plan", args=[slug]),
        "pdf": reverse("recommendations:export", args=[slug, "pdf"]),
        "docx": reverse("recommendations:export", args=[slug, "docx"]),
    }
    if user.has_perm("recommendations.view_improvementplan_history", plan):
        nav["history"] = reverse("recommendations:history", args=[slug])
        nav["workflow"] = reverse("recommendations:workflow", args=[slug])
    if user.has_perm(EDIT, plan):
        nav["edit"] = reverse("recommendations:plan_edit", args=[slug])
    if user.has_perm("recommendations.view_barrier", plan.network):
        nav["register"] = reverse("recommendations:register", args=[slug])
    return nav


def conflict_context(error: services.ConcurrentEditError) -> dict[str, Any]:
    latest = error.changes[-1] if error.changes else None
    return {
        "by": latest.by if latest else "",
        "at": timezone.localtime(latest.at) if latest else None,
        "changes": error.changes,
        "diffs": error.diffs,
    }


def error_messages(error: Any) -> list[str]:
    return list(error.messages)


def network_pu_links(user: Any, network: Any, plan: ImprovementPlan | None) -> dict[str, Any]:
    """What the network page shows of the PU for this user: whether its content is readable, and links."""
    links: dict[str, Any] = {"content": False}
    if user.has_perm("recommendations.view_barrier", network):
        links["register"] = reverse("recommendations:register", args=[network.slug])
    if plan is None:
        links["can_start"] = user.has_perm("recommendations.add_improvementplan", network)
        links["start"] = reverse("recommendations:plan_create", args=[network.slug])
        return links
    # The page already loaded the plan without its network: read it from the page's network.
    plan.network = network
    links["content"] = user.has_perm("recommendations.view_improvementplan_content", plan)
    if links["content"]:
        links["detail"] = reverse("recommendations:plan", args=[network.slug])
    if user.has_perm(EDIT, plan):
        links["edit"] = reverse("recommendations:plan_edit", args=[network.slug])
    return links
