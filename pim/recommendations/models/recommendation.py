"""Recommendations of a PU to central government, the addressees' formal responses and follow-up."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pim.core.models import SourcedModel
from pim.programmes.models import Institution
from pim.recommendations.models.barrier import Barrier
from pim.recommendations.models.plan import ImprovementPlan
from pim.recommendations.models.practice import GoodPractice


class RecommendationQuerySet(models.QuerySet):
    def _unanswered(self) -> Q:
        """A condition: some addressee has not responded yet (or, with no addressee, nobody has).

        With no addressee the edition's owner ministry answers (see `pim.recommendations.rules`), so any
        response counts.
        """
        addressed = Recommendation.addressees.through.objects.filter(recommendation_id=OuterRef("pk"))
        unanswered_addressee = addressed.filter(
            ~Exists(RecommendationResponse.objects.filter(
                recommendation_id=OuterRef("recommendation_id"), institution_id=OuterRef("institution_id")
            ))
        )
        any_response = RecommendationResponse.objects.filter(recommendation_id=OuterRef("pk"))
        return Q(Exists(unanswered_addressee)) | (~Exists(addressed) & ~Exists(any_response))

    def overdue(self, today: datetime.date | None = None) -> RecommendationQuerySet:
        """Recommendations past the operator's response deadline that still wait for a response."""
        today = today or timezone.localdate()
        return self.filter(Q(response_due_on__lt=today) & self._unanswered())

    def with_overdue(self, today: datetime.date | None = None) -> RecommendationQuerySet:
        """Annotate `is_overdue` (the flag pages show) in the same query."""
        today = today or timezone.localdate()
        # A CASE, not the bare condition: a missing deadline compares as NULL, and the flag must be False.
        return self.annotate(
            is_overdue=models.Case(
                models.When(Q(response_due_on__lt=today) & self._unanswered(), then=models.Value(True)),
                default=models.Value(False), output_field=models.BooleanField(),
            )
        )

    def refresh_status(self) -> int:
        """Store each recommendation's latest status (see `status_from_history`) in its columns; the rows
        updated. The services call it inside their transaction, after locking the recommendation's row."""
        return self.update(**status_from_history())


def status_from_history() -> dict[str, models.Expression]:
    """A recommendation's status as its history gives it, as expressions over the recommendation's row.

    `latest_status`: the latest status update's status (by date, then id), else the latest response's decision,
    else "" (the scoreboard then says "no response yet", or "no response recorded" for a historical record);
    `latest_status_on`: the date of that update or response. The one rule: stored by `refresh_status`, checked
    against the stored columns by the tests.
    """
    updates = RecommendationStatusUpdate.objects.filter(recommendation=OuterRef("pk")).order_by("-reported_on", "-pk")
    responses = RecommendationResponse.objects.filter(recommendation=OuterRef("pk")).order_by("-responded_on", "-pk")
    return {
        "latest_status": Coalesce(
            Subquery(updates.values("status")[:1]), Subquery(responses.values("decision")[:1]), Value(""),
            output_field=models.CharField(),
        ),
        "latest_status_on": Coalesce(
            Subquery(updates.values("reported_on")[:1]), Subquery(responses.values("responded_on")[:1]),
            output_field=models.DateField(),
        ),
    }


class Recommendation(SourcedModel):
    class Type(models.TextChoices):
        LEGAL = "legal", _("legal")
        FINANCIAL = "financial", _("financial")
        ORGANISATIONAL = "organisational", _("organisational")
        OTHER = "other", _("other")

    class Horizon(models.TextChoices):
        SHORT = "short", _("short term")
        MEDIUM = "medium", _("medium term")
        LONG = "long", _("long term")

    class Priority(models.TextChoices):
        HIGH = "high", _("high")
        MEDIUM = "medium", _("medium")
        LOW = "low", _("low")

    improvement_plan = models.ForeignKey(
        ImprovementPlan, verbose_name=_("Improvement Plan"), on_delete=models.CASCADE, related_name="recommendations"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("text"))
    type = models.CharField(_("type"), max_length=20, choices=Type.choices, default=Type.OTHER)
    is_key = models.BooleanField(_("key recommendation"), default=False)
    # Unknown for the historical recommendations: empty, never guessed.
    horizon = models.CharField(_("horizon"), max_length=10, choices=Horizon.choices, blank=True)
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, blank=True)
    addressees = models.ManyToManyField(
        Institution, verbose_name=_("addressee institutions"), blank=True, related_name="addressed_recommendations"
    )
    barriers = models.ManyToManyField(
        Barrier, verbose_name=_("barriers it answers"), blank=True, related_name="recommendations"
    )
    good_practices = models.ManyToManyField(
        GoodPractice, verbose_name=_("supporting good practices"), blank=True, related_name="recommendations"
    )
    response_due_on = models.DateField(
        _("response due on"), null=True, blank=True, help_text=_("Set by the operator; later responses are flagged.")
    )
    # The history's answer (`status_from_history`), stored by the services that append responses and status
    # updates, so the scoreboard reads and filters a column instead of running subqueries for every row. Not
    # editable: no form, the admin's included, can make it disagree with the history.
    latest_status = models.CharField(_("latest status"), max_length=20, blank=True, editable=False)
    latest_status_on = models.DateField(_("latest status date"), null=True, blank=True, editable=False)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["improvement_plan", "order"]
        indexes = [models.Index(fields=["latest_status"], name="rec_latest_status_idx")]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return f"{self.improvement_plan.get_absolute_url()}-{self.order}"


class RecommendationResponse(models.Model):
    """A formal response of one addressee institution; a later response supersedes, never replaces, it."""

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", _("accepted")
        PARTLY_ACCEPTED = "partly_accepted", _("partly accepted")
        NOT_ACCEPTED = "not_accepted", _("not accepted")
        UNDER_ANALYSIS = "under_analysis", _("under analysis")

    recommendation = models.ForeignKey(
        Recommendation, verbose_name=_("recommendation"), on_delete=models.CASCADE, related_name="responses"
    )
    institution = models.ForeignKey(
        Institution, verbose_name=_("institution"), on_delete=models.PROTECT, related_name="recommendation_responses"
    )
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    text = models.TextField(_("response"))
    responded_on = models.DateField(_("response date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.SET_NULL, null=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("response to a recommendation")
        verbose_name_plural = _("responses to recommendations")
        ordering = ["recommendation", "responded_on", "pk"]
        indexes = [models.Index(fields=["recommendation", "institution", "responded_on"])]

    def __str__(self) -> str:
        return f"{self.institution}: {self.get_decision_display()} ({self.responded_on})"


class RecommendationStatusUpdate(models.Model):
    """How implementation stands, reported by the addressee after its response, with evidence."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        IN_PROGRESS = "in_progress", _("in progress")
        IMPLEMENTED = "implemented", _("implemented")
        NOT_PURSUED = "not_pursued", _("not pursued")

    recommendation = models.ForeignKey(
        Recommendation, verbose_name=_("recommendation"), on_delete=models.CASCADE, related_name="status_updates"
    )
    institution = models.ForeignKey(
        Institution, verbose_name=_("institution"), on_delete=models.PROTECT, related_name="recommendation_updates"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    evidence = models.TextField(_("evidence"), blank=True)
    evidence_url = models.URLField(_("evidence link"), blank=True)
    reported_on = models.DateField(_("as of"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.SET_NULL, null=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("recommendation status update")
        verbose_name_plural = _("recommendation status updates")
        ordering = ["recommendation", "reported_on", "pk"]
        indexes = [models.Index(fields=["recommendation", "reported_on"])]

    def __str__(self) -> str:
        return f"{self.institution}: {self.get_status_display()} ({self.reported_on})"
