"""Operators' admin for MIDs (action plans) and their parts.

The parts (actions, indicators, content rows, comments, versions) have no permissions of their own: every
check asks the MID's (`plans.view_actionplan_draft` to read, `plans.change_actionplan` to write), after the
app's module rule that keeps the back office to operators. The admin reads MIDs; it writes none of their
content, since a write here would skip the workflow's record of who and why, the versions, the sanitiser
and the editors' conflict check. Operators correct a MID in the MID editor, as the city team writes it. The
admin keeps what the editor has no screen for: creating a MID (through `plan_create`, so version 1 and the
membership check are the editor's too) and the catalogue marks (sources, demo, example).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from pim.core.admin import ReadOnlyInline, RulesModelAdmin, RulesTabularInline
from pim.plans import services
from pim.plans.models import (
    Action,
    ActionFunding,
    ActionPlan,
    ActionStatusReport,
    Barrier,
    Comment,
    CommunicationItem,
    Indicator,
    IndicatorValue,
    Objective,
    PlanTransition,
    PlanVersion,
    ProblemTreeNode,
    Risk,
    RubricScore,
    SectionRevision,
    Stakeholder,
    StrategyLink,
)
from pim.programmes.models import Membership

VIEW_CONTENT = "plans.view_actionplan_draft"
CHANGE = "plans.change_actionplan"


class PlanTransitionInline(ReadOnlyInline):
    model = PlanTransition
    extra = 0
    fields = ["from_state", "to_state", "by", "at", "reason"]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("by")


class ActionPlanAddForm(forms.ModelForm):
    class Meta:
        model = ActionPlan
        fields = ["edition", "network", "participant", "title"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        network, participant = data.get("network"), data.get("participant")
        if network and participant and not Membership.objects.filter(network=network, participant=participant).exists():
            self.add_error("participant", _("The city is not a member of this network."))
        return data


@admin.register(ActionPlan)
class ActionPlanAdmin(RulesModelAdmin):
    list_display = ["__str__", "participant", "network", "edition", "state", "is_example", "is_demo"]
    list_filter = ["edition", "state", "network", "is_example", "is_demo"]
    list_select_related = ["participant", "network", "edition"]
    search_fields = ["title", "summary", "participant__name", "network__name"]
    autocomplete_fields = ["edition", "network", "participant"]
    inlines = [PlanTransitionInline]
    catalogue_fields = ("sources", "is_demo", "is_example")

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = ActionPlanAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ActionPlanAddForm.Meta.fields if obj is None else super().get_fields(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return []
        return [f.name for f in ActionPlan._meta.fields if f.editable and f.name not in self.catalogue_fields]

    def save_model(self, request: HttpRequest, obj: ActionPlan, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        created = services.plan_create(
            edition=obj.edition, network=obj.network, participant=obj.participant, title=obj.title, by=request.user
        )
        obj.pk, obj._state = created.pk, created._state


class PlanPartAdmin(RulesModelAdmin):
    """A row that belongs to a MID: readable with the MID's content, writable with the MID."""

    plan_path = "plan"
    read_only = True

    def plan_of(self, obj: Model) -> ActionPlan:
        for name in self.plan_path.split("__"):
            obj = getattr(obj, name)
        return obj  # type: ignore[return-value]

    def _allowed(self, request: HttpRequest, perm: str, obj: Model | None) -> bool:
        if not self.has_module_permission(request):
            return False
        return request.user.has_perm(perm, None if obj is None else self.plan_of(obj))

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._allowed(request, VIEW_CONTENT if obj is not None else CHANGE, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not self.read_only and self._allowed(request, CHANGE, None)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # A new row's MID comes from the form; RulesAdminMixin.save_model checks it before saving.
        if obj is not None and obj.pk is None and not self._has_plan(obj):
            obj = None
        return not self.read_only and self._allowed(request, CHANGE, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return not self.read_only and self._allowed(request, CHANGE, obj)

    def _has_plan(self, obj: Model) -> bool:
        try:
            self.plan_of(obj)
        except ObjectDoesNotExist:
            return False
        return True

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # The permission checks and `__str__` of the MID read its edition and network. The changelist adds
        # `list_select_related` only to a queryset without select_related, so it is repeated here.
        extra = self.list_select_related if isinstance(self.list_select_related, (list, tuple)) else []
        return super().get_queryset(request).select_related(
            f"{self.plan_path}__edition", f"{self.plan_path}__network", *extra, *self.readonly_users
        )

    # Users shown, not edited: who wrote or recorded something is part of the record.
    readonly_users: tuple[str, ...] = ()

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> Any:
        return [*super().get_readonly_fields(request, obj), *self.readonly_users]


class PlanRowAdmin(PlanPartAdmin):
    """The list-section rows (stakeholders, risks…): the same shape for each."""

    list_filter = ["plan__edition", "plan__state"]
    list_select_related = ["plan__edition", "plan__network"]
    autocomplete_fields = ["plan"]


@admin.register(StrategyLink)
class StrategyLinkAdmin(PlanRowAdmin):
    list_display = ["title", "plan", "order", "url"]
    search_fields = ["title", "note", "plan__title", "plan__participant__name"]


@admin.register(ProblemTreeNode)
class ProblemTreeNodeAdmin(PlanRowAdmin):
    list_display = ["__str__", "plan", "kind", "order"]
    list_filter = ["kind", *PlanRowAdmin.list_filter]
    search_fields = ["text", "plan__title", "plan__participant__name"]
    autocomplete_fields = ["plan", "parent"]


@admin.register(Stakeholder)
class StakeholderAdmin(PlanRowAdmin):
    list_display = ["name", "plan", "influence", "order"]
    list_filter = ["influence", *PlanRowAdmin.list_filter]
    search_fields = ["name", "interest", "plan__title", "plan__participant__name"]


@admin.register(Objective)
class ObjectiveAdmin(PlanRowAdmin):
    list_display = ["__str__", "plan", "kind", "order"]
    list_filter = ["kind", *PlanRowAdmin.list_filter]
    search_fields = ["text", "plan__title", "plan__participant__name"]
    autocomplete_fields = ["plan", "parent"]


@admin.register(CommunicationItem)
class CommunicationItemAdmin(PlanRowAdmin):
    list_display = ["target_group", "plan", "channel", "when"]
    search_fields = ["target_group", "channel", "milestone", "plan__title", "plan__participant__name"]


@admin.register(Risk)
class RiskAdmin(PlanRowAdmin):
    list_display = ["__str__", "plan", "likelihood", "impact"]
    search_fields = ["description", "mitigation", "plan__title", "plan__participant__name"]


@admin.register(Barrier)
class BarrierAdmin(PlanRowAdmin):
    list_display = ["__str__", "plan", "type"]
    list_filter = ["type", *PlanRowAdmin.list_filter]
    search_fields = ["description", "plan__title", "plan__participant__name"]


class ActionFundingInline(RulesTabularInline):
    model = ActionFunding
    extra = 0
    fields = ["order", "source", "kind", "amount", "status"]

    # The inline's permission is the action's MID's, not the action's (which has no rule of its own).
    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm(VIEW_CONTENT if obj else CHANGE, obj.plan if obj else None)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    has_change_permission = has_add_permission
    has_delete_permission = has_add_permission


    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        users = [name for name in ("reported_by", "recorded_by") if name in self.fields]
        return queryset.select_related(*users) if users else queryset


class ActionStatusReportInline(ActionFundingInline):
    model = ActionStatusReport
    fields = ["reported_on", "status", "percent", "note", "reported_by"]
    readonly_fields = ["reported_by"]


@admin.register(Action)
class ActionAdmin(PlanRowAdmin):
    list_display = ["title", "plan", "type", "starts_on", "ends_on", "cost_estimate"]
    list_filter = ["type", *PlanRowAdmin.list_filter]
    search_fields = ["title", "description", "lead_unit", "plan__title", "plan__participant__name"]
    autocomplete_fields = ["plan", "objective", "dependencies"]
    inlines = [ActionFundingInline, ActionStatusReportInline]


class IndicatorValueInline(ActionFundingInline):
    model = IndicatorValue
    fields = ["measured_on", "value", "note", "recorded_by"]
    readonly_fields = ["recorded_by"]


@admin.register(Indicator)
class IndicatorAdmin(PlanRowAdmin):
    list_display = ["name", "plan", "action", "unit", "baseline", "target"]
    list_select_related = ["plan__edition", "plan__network", "action"]
    search_fields = ["name", "source", "plan__title", "plan__participant__name"]
    autocomplete_fields = ["plan", "action"]
    inlines = [IndicatorValueInline]


@admin.register(Comment)
class CommentAdmin(PlanRowAdmin):
    list_display = ["__str__", "plan", "section", "author", "is_public", "moderation", "state", "created_at"]
    list_filter = ["moderation", "state", "is_public", *PlanRowAdmin.list_filter]
    list_select_related = ["plan__edition", "plan__network", "author"]
    search_fields = ["body", "plan__title", "plan__participant__name"]
    autocomplete_fields = ["plan", "parent"]
    readonly_users = ("author", "resolved_by")


@admin.register(RubricScore)
class RubricScoreAdmin(PlanRowAdmin):
    list_display = ["plan", "criterion", "scorer_role", "score", "scored_at"]
    list_filter = ["criterion", "scorer_role", *PlanRowAdmin.list_filter]
    search_fields = ["note", "plan__title", "plan__participant__name"]
    readonly_users = ("scored_by",)


@admin.register(PlanTransition)
class PlanTransitionAdmin(PlanRowAdmin):
    readonly_users = ("by",)
    list_display = ["plan", "from_state", "to_state", "by", "at"]
    list_filter = ["to_state", *PlanRowAdmin.list_filter]
    list_select_related = ["plan__edition", "plan__network", "by"]
    search_fields = ["reason", "plan__title", "plan__participant__name"]


@admin.register(PlanVersion)
class PlanVersionAdmin(PlanRowAdmin):
    readonly_users = ("created_by",)
    list_display = ["plan", "number", "section", "summary", "created_by", "created_at"]
    list_select_related = ["plan__edition", "plan__network", "created_by"]
    search_fields = ["summary", "plan__title", "plan__participant__name"]


@admin.register(SectionRevision)
class SectionRevisionAdmin(PlanRowAdmin):
    readonly_users = ("updated_by",)
    list_display = ["plan", "section", "revision", "updated_by", "updated_at"]
    list_select_related = ["plan__edition", "plan__network", "updated_by"]
    search_fields = ["section", "plan__title", "plan__participant__name"]
