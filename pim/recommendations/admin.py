"""Operators' admin for Improvement Plans (PU), their recommendations and the barrier register.

All three are written in their own screens (the PU editor and workflow, the register), which record the
transitions, versions and revisions; the admin reads them and writes only the catalogue marks
(`CatalogueOnlyAdmin`).
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from pim.core.admin import CatalogueOnlyAdmin, ReadOnlyInline
from pim.programmes.models import Edition
from pim.recommendations.models import Barrier, ImprovementPlan, Recommendation


class RecommendationInline(ReadOnlyInline):
    model = Recommendation
    extra = 0
    fields = ["order", "text", "type", "is_key", "sources", "is_demo"]
    readonly_fields = fields


@admin.register(ImprovementPlan)
class ImprovementPlanAdmin(CatalogueOnlyAdmin):
    list_display = ["__str__", "network", "edition", "state", "is_demo"]
    list_filter = ["state", "network__edition", "is_demo"]
    list_select_related = ["network__edition"]
    search_fields = ["title", "summary", "network__name"]
    autocomplete_fields = ["network"]
    inlines = [RecommendationInline]

    @admin.display(description=_("edition"), ordering="network__edition__start_year")
    def edition(self, plan: ImprovementPlan) -> Edition:
        return plan.network.edition


@admin.register(Recommendation)
class RecommendationAdmin(CatalogueOnlyAdmin):
    list_display = ["__str__", "improvement_plan", "order", "type", "is_key", "response_due_on"]
    list_filter = ["type", "is_key", "horizon", "priority", "improvement_plan__network__edition"]
    list_select_related = ["improvement_plan__network"]
    search_fields = ["text", "improvement_plan__network__name"]
    autocomplete_fields = ["improvement_plan"]
    filter_horizontal = ["addressees"]
    raw_id_fields = ["barriers", "good_practices"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Recommendation]:
        # ImprovementPlan.__str__ falls back to the network's name; the change form's permission check
        # reads the edition.
        return super().get_queryset(request).select_related("improvement_plan__network__edition")


@admin.register(Barrier)
class BarrierAdmin(CatalogueOnlyAdmin):
    """The register's entries; experts and the operator correct and merge them in the register page."""

    list_display = ["__str__", "network", "origin", "merged_into", "is_demo"]
    list_filter = ["type", "origin", "network__edition"]
    list_select_related = ["network__edition", "merged_into"]
    search_fields = ["description", "network__name"]
    autocomplete_fields = ["network"]
    raw_id_fields = ["cities", "plan_barriers", "event_outcomes", "merged_into"]
