"""Admin plumbing: every ModelAdmin asks the `rules` layer, never Django's permission rows.

Operators are staff users without model-permission rows; what they may see and edit in the admin is
decided by the same predicates the views and the API use (`<app>/rules.py`). The admin is the
operators' back office, so every admin check also needs the app's module rule (`rules.add_perm("<app_label>",
…)`, granted to operators); the public reads the records on the portal.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from rules.contrib.admin import ObjectPermissionsModelAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from pim.core.access import perm_name
from pim.core.models import Source


class RulesAdminMixin(ObjectPermissionsModelAdminMixin):
    # Every check first asks the app's module rule: a city officer who may edit their own MID does so in
    # the platform's pages, not in the back office, even if someone ticks their staff flag.
    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self.has_module_permission(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.has_module_permission(request) and request.user.has_perm(perm_name(self.opts, "add"))

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self.has_module_permission(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self.has_module_permission(request) and super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        # The add form offers every edition, network and city; an operator scoped to one edition may
        # only create objects they could then change.
        if not change and not self.has_change_permission(request, obj):
            raise PermissionDenied
        super().save_model(request, obj, form, change)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        # The "delete selected" action checks only the model-level permission; check every object.
        for obj in queryset:
            if not self.has_delete_permission(request, obj):
                raise PermissionDenied
        super().delete_queryset(request, queryset)


class RulesModelAdmin(RulesAdminMixin, admin.ModelAdmin):
    pass


class CatalogueOnlyAdmin(RulesModelAdmin):
    """A versioned, workflow-driven document read in the admin: it writes only the catalogue marks.

    A write here would skip the record of who changed what and why, the versions and the editors' conflict
    check, so the document's own screens write it; the admin keeps the sources and the demo mark, and never
    adds or deletes.
    """

    catalogue_fields: tuple[str, ...] = ("sources", "is_demo")

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> Any:
        names = [f.name for f in self.model._meta.get_fields() if getattr(f, "editable", False)
                 and (f.concrete or f.many_to_many) and not f.auto_created]
        return [name for name in names if name not in self.catalogue_fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class RulesHistoryAdmin(RulesAdminMixin, SimpleHistoryAdmin):
    pass


class ParentPermissionInlineMixin:
    """Inline rows are part of their parent: editing them needs `parent_perm` (default: change the parent)."""

    parent_perm: str = ""

    def _parent_perm(self) -> str:
        return self.parent_perm or perm_name(self.parent_model._meta, "change")

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return request.user.has_perm(perm_name(self.parent_model._meta, "view"), obj)

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return request.user.has_perm(self._parent_perm(), obj)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return request.user.has_perm(self._parent_perm(), obj)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return request.user.has_perm(self._parent_perm(), obj)


class RulesTabularInline(ParentPermissionInlineMixin, admin.TabularInline):
    pass


class ReadOnlyInline(RulesTabularInline):
    """Rows shown for reference only: their services write them (a workflow, versions, a history)."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Source)
class SourceAdmin(RulesModelAdmin):
    list_display = ["key", "title", "url"]
    search_fields = ["key", "title", "note"]
