"""Monitoring: indicators of the MID or of one action, and their measured values over time."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from pim.plans.models.action import Action
from pim.plans.models.content import plan_section_url
from pim.plans.models.plan import ActionPlan

# Indicator values are counts, areas, shares or money: 18 digits with 4 decimals hold them all.
VALUE_DIGITS = {"max_digits": 18, "decimal_places": 4}


class Indicator(models.Model):
    plan = models.ForeignKey(ActionPlan, verbose_name=_("MID"), on_delete=models.CASCADE, related_name="indicators")
    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, null=True, blank=True, related_name="indicators",
        help_text=_("Empty for an indicator of the whole MID."),
    )
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    baseline = models.DecimalField(_("baseline"), null=True, blank=True, **VALUE_DIGITS)
    baseline_on = models.DateField(_("baseline date"), null=True, blank=True)
    target = models.DecimalField(_("target"), null=True, blank=True, **VALUE_DIGITS)
    target_on = models.DateField(_("target date"), null=True, blank=True)
    source = models.CharField(_("data source"), max_length=300, blank=True)
    frequency = models.CharField(_("measurement frequency"), max_length=100, blank=True)
    responsible = models.CharField(_("responsible"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["plan_id", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})" if self.unit else self.name

    def get_absolute_url(self) -> str:
        return plan_section_url(self.plan_id, f"indicator-{self.pk}")

    def clean(self) -> None:
        if self.baseline_on and self.target_on and self.target_on < self.baseline_on:
            raise ValidationError({"target_on": _("The target date cannot be before the baseline date.")})
        if not self.action_id:
            return
        try:
            action = self.action
        except (ObjectDoesNotExist, ValueError, TypeError):
            return  # clean_fields() has reported the bad id
        if action.plan_id != self.plan_id:
            raise ValidationError({"action": _("The action belongs to another MID.")})


class IndicatorValue(models.Model):
    """A measured value; kept for ever, also after the edition has ended."""

    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="values")
    measured_on = models.DateField(_("measured on"))
    value = models.DecimalField(_("value"), **VALUE_DIGITS)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator_id", "measured_on", "pk"]
        indexes = [models.Index(fields=["indicator", "measured_on"])]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.value} ({self.measured_on})"

    def get_absolute_url(self) -> str:
        return self.indicator.get_absolute_url()
