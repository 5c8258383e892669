"""Operators' admin for events."""

from __future__ import annotations

from django.contrib import admin

from pim.core.admin import RulesModelAdmin
from pim.events.models import Event


@admin.register(Event)
class EventAdmin(RulesModelAdmin):
    list_display = ["__str__", "kind", "starts_on", "network", "host", "edition", "is_online"]
    list_filter = ["kind", "edition", "network", "is_online", "date_precision"]
    list_select_related = ["network", "host", "edition"]
    search_fields = ["title", "place", "description", "host__name", "network__name"]
    autocomplete_fields = ["edition", "network", "host"]
    date_hierarchy = "starts_on"
