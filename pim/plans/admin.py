"""Operators' admin for MIDs (action plans)."""

from __future__ import annotations

from django.contrib import admin

from pim.core.admin import RulesModelAdmin
from pim.plans.models import ActionPlan


@admin.register(ActionPlan)
class ActionPlanAdmin(RulesModelAdmin):
    list_display = ["__str__", "participant", "network", "edition", "state", "is_demo"]
    list_filter = ["edition", "state", "network", "is_demo"]
    list_select_related = ["participant", "network", "edition"]
    search_fields = ["title", "summary", "participant__name", "network__name"]
    autocomplete_fields = ["edition", "network", "participant"]
