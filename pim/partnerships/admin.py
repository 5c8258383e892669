"""Operators' admin for Local Partnerships: corrections, and the register seen whole.

Members are never deleted, only erased through `services.member_erase` (the "erase" action), so the
statistics keep them. Consents, invitations and consent texts are records: readable here, written only
by the services (a new consent wording is a new version, added here by an all-editions operator).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from pim.core.admin import RulesModelAdmin
from pim.partnerships import services
from pim.partnerships.models import Consent, ConsentText, Invitation, LocalPartnership, PartnershipMember


class ReadOnlyAdmin(RulesModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(LocalPartnership)
class LocalPartnershipAdmin(RulesModelAdmin):
    list_display = ["__str__", "participant", "edition", "formula", "founded_on", "is_demo"]
    list_filter = ["edition", "formula", "is_demo"]
    list_select_related = ["participant", "edition"]
    search_fields = ["participant__name", "founding_act_title"]
    autocomplete_fields = ["participant", "edition", "coordinator"]


@admin.register(PartnershipMember)
class PartnershipMemberAdmin(RulesModelAdmin):
    list_display = ["__str__", "partnership", "kind", "category", "sector", "joined_on", "left_on", "erased_at"]
    list_filter = ["category", "kind", "partnership__edition"]
    list_select_related = ["person", "partnership__participant", "partnership__edition"]
    search_fields = ["organisation", "person__name", "sector", "partnership__participant__name"]
    readonly_fields = ["person", "erased_at", "created_at"]
    autocomplete_fields = ["partnership"]
    actions = ["erase"]

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # An erased row stays as it is: editing it could put personal data back.
        if obj is not None and obj.erased_at:
            return False
        return super().has_change_permission(request, obj)

    @admin.action(description=_("Erase the personal data of the selected members"))
    def erase(self, request: HttpRequest, queryset: QuerySet) -> None:
        erased = 0
        for member in queryset.select_related("person__user", "partnership"):
            try:
                services.member_erase(member=member, by=request.user)
            except (PermissionDenied, ValidationError):
                continue
            erased += 1
        self.message_user(
            request, ngettext("%(count)d member erased.", "%(count)d members erased.", erased) % {"count": erased},
            messages.SUCCESS if erased else messages.WARNING,
        )


@admin.register(ConsentText)
class ConsentTextAdmin(RulesModelAdmin):
    list_display = ["__str__", "scope", "version", "published_at"]
    list_filter = ["scope"]
    search_fields = ["text"]


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "member", "scope", "given_at", "withdrawn_at"]
    list_filter = ["scope"]
    list_select_related = ["text", "member__person"]
    search_fields = ["member__organisation", "member__person__name"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["email", "member", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_select_related = ["member__person"]
    search_fields = ["email"]
    exclude = ["token_hash"]
