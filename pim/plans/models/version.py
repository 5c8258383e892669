"""Version history and per-section revisions (optimistic concurrency) of a MID's content."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pim.plans.models.content import plan_section_url
from pim.plans.models.plan import ActionPlan

User = settings.AUTH_USER_MODEL


class PlanVersion(models.Model):
    """The whole content of a MID after one saved change (a full snapshot, so any two versions diff)."""

    CREATE = "create"
    RESTORE = "restore"

    plan = models.ForeignKey(ActionPlan, verbose_name=_("MID"), on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("number"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        User, verbose_name=_("created by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    section = models.CharField(
        _("changed section"), max_length=30, help_text=_("Section key, or 'create' / 'restore'.")
    )
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    snapshot = models.JSONField(_("content"), default=dict)
    # Each section's revision at this version: finds the content a concurrent editor started from.
    revisions = models.JSONField(_("section revisions"), default=dict)

    class Meta:
        verbose_name = _("MID version")
        verbose_name_plural = _("MID versions")
        ordering = ["plan_id", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique_number")]

    def __str__(self) -> str:
        return f"v{self.number}"

    def get_absolute_url(self) -> str:
        return plan_section_url(self.plan_id, f"version-{self.number}")


class SectionRevision(models.Model):
    """How many times a section was saved, and by whom last: the save services compare revisions."""

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("MID"), on_delete=models.CASCADE, related_name="section_revision_rows"
    )
    section = models.CharField(_("section"), max_length=30)
    revision = models.PositiveIntegerField(_("revision"), default=0)
    updated_by = models.ForeignKey(
        User, verbose_name=_("updated by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("section revision")
        verbose_name_plural = _("section revisions")
        ordering = ["plan_id", "section"]
        constraints = [models.UniqueConstraint(fields=["plan", "section"], name="section_revision_unique")]

    def __str__(self) -> str:
        return f"{self.section} r{self.revision}"

    def get_absolute_url(self) -> str:
        return plan_section_url(self.plan_id, self.section)
