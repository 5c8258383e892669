"""Operators' admin for the programme core. Permissions come from `pim.programmes.rules`."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from pim.core.admin import ReadOnlyInline, RulesHistoryAdmin, RulesModelAdmin, RulesTabularInline
from pim.programmes.models import (
    Edition,
    EditionFigure,
    EditionProduct,
    Institution,
    Membership,
    NetworkRoadmap,
    Person,
    Programme,
    ProgrammeGoal,
    RoadmapAction,
    RoadmapVersion,
    RoleAssignment,
    ThematicNetwork,
)


@admin.register(Institution)
class InstitutionAdmin(RulesModelAdmin):
    list_display = ["name", "short_name", "kind", "country"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class ProgrammeGoalInline(RulesTabularInline):
    model = ProgrammeGoal
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(RulesModelAdmin):
    list_display = ["name", "short_name", "slug"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}
    inlines = [ProgrammeGoalInline]


@admin.register(ProgrammeGoal)
class ProgrammeGoalAdmin(RulesModelAdmin):
    list_display = ["__str__", "programme", "kind", "order"]
    list_filter = ["programme", "kind"]
    list_select_related = ["programme"]
    search_fields = ["text"]


class EditionProductInline(RulesTabularInline):
    model = EditionProduct
    extra = 0


class EditionFigureInline(RulesTabularInline):
    model = EditionFigure
    extra = 0


@admin.register(Edition)
class EditionAdmin(RulesModelAdmin):
    list_display = ["name", "short_name", "start_year", "end_year", "state", "owner", "is_demo"]
    list_filter = ["state", "programme", "is_demo"]
    list_select_related = ["owner"]
    search_fields = ["name", "short_name", "slug"]
    autocomplete_fields = ["owner", "strategic_partner"]
    prepopulated_fields = {"slug": ["short_name"]}
    inlines = [EditionProductInline, EditionFigureInline]


@admin.register(EditionProduct)
class EditionProductAdmin(RulesModelAdmin):
    list_display = ["edition", "kind", "deadline"]
    list_filter = ["edition", "kind"]
    list_select_related = ["edition"]
    search_fields = ["note", "edition__name"]


@admin.register(EditionFigure)
class EditionFigureAdmin(RulesModelAdmin):
    list_display = ["edition", "key", "display_value", "note"]
    list_filter = ["edition", "key"]
    list_select_related = ["edition"]
    search_fields = ["note", "edition__name"]


class MembershipInline(RulesTabularInline):
    model = Membership
    extra = 0
    fields = ["participant", "role", "valid_from", "valid_to", "ended", "sources", "is_demo"]
    autocomplete_fields = ["participant"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Membership]:
        # The rows' labels name the participant and the network; load both with the rows.
        return super().get_queryset(request).select_related("participant", "network")


@admin.register(ThematicNetwork)
class ThematicNetworkAdmin(RulesModelAdmin):
    list_display = ["name", "edition", "type", "is_demo"]
    list_filter = ["edition", "type", "is_demo"]
    list_select_related = ["edition"]
    search_fields = ["name", "short_name", "slug"]
    autocomplete_fields = ["edition"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(RulesHistoryAdmin):
    list_display = ["participant", "network", "edition", "role", "valid_from", "valid_to", "ended"]
    list_filter = ["role", "ended", "network__edition", "network"]
    list_select_related = ["participant", "network__edition"]
    search_fields = ["participant__name", "network__name"]
    autocomplete_fields = ["network", "participant"]

    @admin.display(description=_("edition"), ordering="network__edition__start_year")
    def edition(self, membership: Membership) -> Edition:
        return membership.network.edition


class RoleAssignmentInline(RulesTabularInline):
    model = RoleAssignment
    parent_perm = "programmes.manage_roles"
    extra = 0
    fields = ["role", "edition", "network", "participant", "institution", "valid_from", "valid_to", "ended"]
    autocomplete_fields = ["edition", "network", "participant", "institution"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[RoleAssignment]:
        return super().get_queryset(request).select_related("person", "edition", "network", "participant", "institution")


@admin.register(Person)
class PersonAdmin(RulesModelAdmin):
    list_display = ["name", "email", "organisation", "user", "is_demo"]
    list_filter = ["is_demo"]
    list_select_related = ["user"]
    search_fields = ["name", "email", "organisation", "user__username"]
    # A plain select of accounts: operators may not browse the user admin (no autocomplete or raw-id
    # lookup), and the platform has a few hundred accounts at most.
    inlines = [RoleAssignmentInline]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(RulesModelAdmin):
    list_display = ["person", "role", "scope", "valid_from", "valid_to", "ended"]
    list_filter = ["role", "ended", "edition"]
    list_select_related = ["person", "edition", "network", "participant", "institution"]
    search_fields = ["person__name", "network__name", "participant__name", "institution__name"]
    autocomplete_fields = ["person", "edition", "network", "participant", "institution"]

    @admin.display(description=_("scope"))
    def scope(self, assignment: RoleAssignment) -> str:
        return str(assignment.network or assignment.participant or assignment.institution or assignment.edition
                   or _("all editions"))


class RoadmapActionInline(ReadOnlyInline):
    model = RoadmapAction
    extra = 0
    fields = ["order", "title", "responsible", "starts_on", "ends_on"]
    readonly_fields = fields


class RoadmapVersionInline(ReadOnlyInline):
    model = RoadmapVersion
    extra = 0
    fields = ["number", "created_at", "created_by", "summary"]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("created_by").defer("snapshot")


@admin.register(NetworkRoadmap)
class NetworkRoadmapAdmin(RulesModelAdmin):
    """Read-only here: every change goes through the roadmap editor, which checks revisions and records versions."""

    list_display = ["network", "state", "agreed_on", "revision", "updated_at"]
    list_filter = ["state", "network__edition"]
    list_select_related = ["network__edition"]
    search_fields = ["network__name", "problems", "goals"]
    readonly_fields = [
        "network", "state", "problems", "goals", "revision", "updated_at", "updated_by", "agreed_on", "sources",
        "is_demo",
    ]
    inlines = [RoadmapActionInline, RoadmapVersionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
