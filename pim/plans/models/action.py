"""The action table (tabela działań): actions, their funding and their implementation status over time."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pim.plans.models.content import Objective, plan_section_url
from pim.plans.models.plan import ActionPlan

NON_NEGATIVE = MinValueValidator(0)


class ActionQuerySet(models.QuerySet):
    def with_current_status(self) -> ActionQuerySet:
        """Annotate the latest status report (`current_status`, `current_percent`, `status_reported_on`).

        Correlated subqueries: one query for any number of actions.
        """
        latest = ActionStatusReport.objects.filter(action=OuterRef("pk")).order_by("-reported_on", "-pk")
        return self.annotate(
            current_status=Subquery(latest.values("status")[:1]),
            current_percent=Subquery(latest.values("percent")[:1]),
            status_reported_on=Subquery(latest.values("reported_on")[:1]),
        )

    def for_list(self) -> ActionQuerySet:
        return self.with_current_status().select_related("objective").order_by("plan", "order", "pk")


class Action(models.Model):
    class Type(models.TextChoices):
        INVESTMENT = "investment", _("investment")
        SOFT = "soft", _("soft (organisational, educational)")
        SYSTEMIC = "systemic", _("systemic or regulatory")
        PILOT = "pilot", _("pilot")
        STUDY = "study", _("study")

    plan = models.ForeignKey(ActionPlan, verbose_name=_("MID"), on_delete=models.CASCADE, related_name="actions")
    objective = models.ForeignKey(
        Objective, verbose_name=_("specific objective served"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="actions",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices, default=Type.SOFT)
    lead_unit = models.CharField(_("lead unit"), max_length=300, blank=True)
    partners = models.TextField(_("partners"), blank=True)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    cost_estimate = models.DecimalField(
        _("cost estimate (PLN)"), max_digits=14, decimal_places=2, null=True, blank=True, validators=[NON_NEGATIVE]
    )
    outputs = models.TextField(_("outputs"), blank=True)
    risks = models.TextField(_("risks"), blank=True)
    dependencies = models.ManyToManyField(
        "self", verbose_name=_("depends on"), symmetrical=False, blank=True, related_name="dependants"
    )

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["plan_id", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="action_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return plan_section_url(self.plan_id, f"action-{self.pk}")

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date cannot be before the start date.")})
        if self.objective_id:
            try:
                objective = self.objective
            except (ObjectDoesNotExist, ValueError, TypeError):
                return  # clean_fields() has reported the bad id
            if objective.plan_id != self.plan_id:
                raise ValidationError({"objective": _("The objective belongs to another MID.")})
            if objective.kind != Objective.Kind.SPECIFIC:
                raise ValidationError({"objective": _("An action serves a specific objective.")})

    @property
    def current_status(self) -> str | None:
        """The latest reported status: annotated by `with_current_status()` for lists, else one query."""
        if "_current_status" in self.__dict__:
            return self.__dict__["_current_status"]
        report = self.status_reports.order_by("-reported_on", "-pk").first()
        return report.status if report else None

    @current_status.setter
    def current_status(self, value: str | None) -> None:
        # The QuerySet annotation sets the attribute; keep it so the property reads it without a query.
        self.__dict__["_current_status"] = value


class ActionFunding(models.Model):
    class Kind(models.TextChoices):
        CITY_BUDGET = "city_budget", _("city budget")
        EU_FUNDS = "eu_funds", _("EU funds")
        NATIONAL = "national", _("national programmes")
        PPP_PRIVATE = "ppp_private", _("PPP or private")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        SECURED = "secured", _("secured")
        # A context: in Polish the adjective agrees with "finansowanie", unlike an edition's "planned".
        PLANNED = "planned", pgettext_lazy("funding status", "planned")
        NEEDED = "needed", _("needed")

    action = models.ForeignKey(Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="fundings")
    source = models.CharField(_("funding source"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    amount = models.DecimalField(_("amount (PLN)"), max_digits=14, decimal_places=2, validators=[NON_NEGATIVE])
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("action funding")
        verbose_name_plural = _("action funding")
        ordering = ["action_id", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.source}: {self.amount} PLN"

    def get_absolute_url(self) -> str:
        # Lists of fundings come with their action (`select_related("action")`), so this costs no query.
        return self.action.get_absolute_url()


class ActionStatusReport(models.Model):
    """What the city reports about an action after approval; every report is kept."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", pgettext_lazy("action status", "done")  # "done" of an export is another word in Polish
        DELAYED = "delayed", _("delayed")
        DROPPED = "dropped", _("dropped")

    action = models.ForeignKey(Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="status_reports")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    percent = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    note = models.TextField(_("note"), blank=True)
    reported_on = models.DateField(_("reported on"), default=timezone.localdate)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("action status report")
        verbose_name_plural = _("action status reports")
        ordering = ["action_id", "-reported_on", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(percent__lte=100), name="status_report_percent_range")]

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.percent}%)"

    def get_absolute_url(self) -> str:
        return self.action.get_absolute_url()

    def clean(self) -> None:
        if self.status == self.Status.DONE and self.percent != 100:
            # xgettext:no-python-format ("100% d" is no placeholder: the message is never %-formatted)
            raise ValidationError({"percent": _("A finished action is 100% done.")})
