"""Operators' admin for events, with their agenda, quotas, registrations, attendance, outcomes and files."""

from __future__ import annotations

from django.contrib import admin

from pim.core.admin import ParentPermissionInlineMixin, RulesModelAdmin
from pim.events.models import (
    AgendaItem,
    Attendance,
    DelegationQuota,
    Event,
    EventAttachment,
    EventOutcome,
    Registration,
)


class AgendaItemInline(ParentPermissionInlineMixin, admin.TabularInline):
    model = AgendaItem
    extra = 0


class DelegationQuotaInline(ParentPermissionInlineMixin, admin.TabularInline):
    model = DelegationQuota
    extra = 0
    autocomplete_fields = ["participant"]


class RegistrationInline(ParentPermissionInlineMixin, admin.TabularInline):
    model = Registration
    extra = 0
    autocomplete_fields = ["person", "participant"]
    readonly_fields = ["created_at", "created_by"]


class AttendanceInline(ParentPermissionInlineMixin, admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["person", "participant"]
    readonly_fields = ["checked_in_at", "checked_in_by"]


class EventOutcomeInline(ParentPermissionInlineMixin, admin.StackedInline):
    model = EventOutcome
    extra = 0
    raw_id_fields = ["plan", "action"]
    readonly_fields = ["created_at", "created_by"]


class EventAttachmentInline(ParentPermissionInlineMixin, admin.TabularInline):
    model = EventAttachment
    extra = 0
    readonly_fields = ["content_type", "size", "uploaded_at", "uploaded_by"]


@admin.register(Event)
class EventAdmin(RulesModelAdmin):
    list_display = ["__str__", "kind", "level", "starts_on", "network", "host", "edition", "is_public"]
    list_filter = ["kind", "level", "edition", "network", "is_online", "is_public", "date_precision"]
    list_select_related = ["network", "host", "edition"]
    search_fields = ["title", "place", "description", "host__name", "network__name"]
    autocomplete_fields = ["edition", "network", "host", "expert"]
    raw_id_fields = ["plan"]
    readonly_fields = ["minutes_revision", "minutes_updated_at", "minutes_updated_by", "created_by"]
    date_hierarchy = "starts_on"
    inlines = [
        AgendaItemInline, DelegationQuotaInline, RegistrationInline, AttendanceInline, EventOutcomeInline,
        EventAttachmentInline,
    ]
