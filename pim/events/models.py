"""Events of the programme: workshops, joint meetings, study visits, online meetings, conferences, advisory."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Subquery
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pim.core.models import SourcedModel
from pim.places.models import Participant
from pim.programmes.models import Edition, ThematicNetwork

LIST_ORDER = ("starts_on", "kind", "sequence_number", "pk")


class EventQuerySet(models.QuerySet):
    def for_list(self) -> EventQuerySet:
        return self.select_related("network", "host", "edition").order_by(*LIST_ORDER)

    def first_for_list(self, limit: int) -> EventQuerySet:
        """The first `limit` events in list order, as `for_list()`, sorted before they are joined.

        Sliced after `for_list()`, the query joins every matching event to its network, host and edition
        before it keeps the first few: 1,200 events of a participant's 200 networks took 6-9 ms on
        PostgreSQL, against 1 ms when only the kept ones are joined.
        """
        first = self.order_by(*LIST_ORDER).values("pk")[:limit]
        return self.model.objects.filter(pk__in=Subquery(first)).for_list()

    def edition_level(self) -> EventQuerySet:
        return self.filter(network__isnull=True)

    def of_networks_of(self, participant: Participant) -> EventQuerySet:
        """Events of every network the participant belongs or belonged to.

        A subquery of network ids, not a join through the memberships: the join needs a DISTINCT over
        every event column, and a participant in 200 networks made it the page's slowest query.
        """
        networks = participant.memberships.order_by().values("network_id")
        return self.filter(network_id__in=Subquery(networks))


class Event(SourcedModel):
    class Kind(models.TextChoices):
        NETWORK_WORKSHOP = "network_workshop", _("network workshop")
        JOINT_MEETING = "joint_meeting", _("joint meeting")
        STUDY_VISIT = "study_visit", _("study visit")
        ONLINE_MEETING = "online_meeting", _("online network meeting")
        OPENING_CONFERENCE = "opening_conference", _("opening conference")
        CLOSING_CONFERENCE = "closing_conference", _("closing conference")
        INDIVIDUAL_ADVISORY = "individual_advisory", _("individual advisory")
        LP_MEETING = "lp_meeting", _("LP meeting")
        EXTERNAL_PRESENTATION = "external_presentation", _("external presentation")
        LEADERS_MEETING = "leaders_meeting", _("leaders' meeting")

    class DatePrecision(models.TextChoices):
        DAY = "day", _("day")
        MONTH = "month", _("month")
        YEAR = "year", _("year")
        UNKNOWN = "unknown", _("unknown")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    sequence_number = models.PositiveSmallIntegerField(_("sequence number"), null=True, blank=True)
    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="events")
    network = models.ForeignKey(
        ThematicNetwork, verbose_name=_("network"), on_delete=models.PROTECT, related_name="events", null=True, blank=True,
        help_text=_("Empty for edition-level events."),
    )
    host = models.ForeignKey(
        Participant, verbose_name=_("host"), on_delete=models.PROTECT, related_name="hosted_events", null=True, blank=True
    )
    place = models.CharField(_("place"), max_length=250, blank=True)
    is_online = models.BooleanField(_("online"), default=False)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    date_precision = models.CharField(
        _("date precision"), max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY,
        help_text=_("How much of the start date the sources state; 'month' shows only the month."),
    )
    description = models.TextField(_("what is known"), blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_on", "pk"]
        indexes = [models.Index(fields=["network", "starts_on"]), models.Index(fields=["host", "starts_on"])]

    def __str__(self) -> str:
        if self.sequence_number:
            return f"{self.title} #{self.sequence_number}"
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portal:event", args=[self.pk])

    @property
    def date_label(self) -> str:
        """The dates as precisely as the sources state them: '10–12 May 2022', 'May 2022', '2022'."""
        start, end = self.starts_on, self.ends_on
        if start is None or self.date_precision == self.DatePrecision.UNKNOWN:
            return gettext("date unknown")
        if self.date_precision == self.DatePrecision.YEAR:
            return str(start.year)
        if self.date_precision == self.DatePrecision.MONTH:
            return date_format(start, "F Y")
        if end is None or end == start:
            return date_format(start, "j E Y")
        if (start.year, start.month) == (end.year, end.month):
            return f"{date_format(start, 'j')}–{date_format(end, 'j E Y')}"
        if start.year == end.year:
            return f"{date_format(start, 'j E')} – {date_format(end, 'j E Y')}"
        return f"{date_format(start, 'j E Y')} – {date_format(end, 'j E Y')}"

    @property
    def place_label(self) -> str:
        if self.is_online and self.place:
            return gettext("%(place)s and online") % {"place": self.place}
        if self.is_online:
            return gettext("online")
        return self.place

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end cannot be before the start.")})
        if self.date_precision == self.DatePrecision.UNKNOWN and self.starts_on:
            raise ValidationError({"starts_on": _("A date whose precision is unknown must stay empty.")})
