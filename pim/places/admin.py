"""Operators' admin for the registry: voivodeships (reference data) and ~3,800 participants."""

from __future__ import annotations

from django.contrib import admin

from pim.core.admin import RulesModelAdmin
from pim.places.models import Participant, Voivodeship


@admin.register(Voivodeship)
class VoivodeshipAdmin(RulesModelAdmin):
    list_display = ["name", "teryt", "iso_code", "slug"]
    search_fields = ["name", "teryt"]


@admin.register(Participant)
class ParticipantAdmin(RulesModelAdmin):
    list_display = ["name", "kind", "voivodeship", "population", "size_class", "teryt", "is_demo"]
    list_filter = ["kind", "size_class", "voivodeship", "is_demo"]
    list_select_related = ["voivodeship"]
    search_fields = ["name", "slug", "teryt"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["size_class"]
    prepopulated_fields = {"slug": ["name"]}
