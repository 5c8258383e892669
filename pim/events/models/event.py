"""The event itself: kind, level, host, place, dates, sequence number, registration settings and minutes."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Subquery
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pim.core.models import SourcedModel
from pim.places.models import Participant
from pim.plans.models import ActionPlan
from pim.programmes.models import Edition, Membership, Person, RoleAssignment, ThematicNetwork
from pim.programmes.rules import user_roles

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

    def public(self) -> EventQuerySet:
        return self.filter(is_public=True)

    def upcoming(self, today: datetime.date) -> EventQuerySet:
        """Events not over by `today`: ending on or after it, or starting on or after it when the end is not known."""
        return self.filter(Q(ends_on__gte=today) | Q(ends_on__isnull=True, starts_on__gte=today))

    def lp_meetings(self, *, edition_id: int) -> EventQuerySet:
        """The LP meetings of one edition; on a participant's `hosted_events`, those of its Local Partnership."""
        return self.filter(kind=Event.Kind.LP_MEETING, edition_id=edition_id)

    def visible_to(self, user: Any) -> EventQuerySet:
        """Events the user may see: the `events.view_event` rule (pim/events/rules.py) as one filter for lists.

        Public events; a private one for the operator of its edition, the experts of its network (not for LP
        meetings), the lead city's team of its network (network events), the host's city team, the host's LP
        coordinator and LP members (LP meetings), and the people registered for it. `test_visibility` checks
        that the two agree.
        """
        roles = user_roles(user)
        if roles.operator_of_all_editions:
            return self
        visible = Q(is_public=True)
        if not getattr(user, "is_authenticated", False):
            return self.filter(visible)
        # Only the roles the user holds: an empty `__in` still adds its clause, and every list would pay it.
        lp_meeting, advisory = Event.Kind.LP_MEETING, Event.Kind.INDIVIDUAL_ADVISORY
        if roles.operator_editions:
            visible |= Q(edition_id__in=roles.operator_editions)
        if roles.expert_networks:
            visible |= Q(network_id__in=roles.expert_networks) & ~Q(kind=lp_meeting)
        if cities := roles.city_team_participants:
            visible |= Q(host_id__in=cities)
            # A subquery rather than `lead_network_ids()`: the lead networks are needed only here, and the
            # account hub would pay a round trip for them.
            leads = Membership.objects.current().filter(role=Membership.Role.LEAD, participant_id__in=cities)
            visible |= Q(network_id__in=Subquery(leads.values("network_id"))) & ~Q(kind__in=[lp_meeting, advisory])
        if lp_cities := roles.lp_coordinator_participants | roles.lp_member_participants:
            visible |= Q(kind=lp_meeting, host_id__in=lp_cities)
        # registration.py imports this module.
        from pim.events.models.registration import Registration

        registered = Registration.objects.filter(person__user_id=user.pk).values("event_id")
        return self.filter(visible | Q(pk__in=Subquery(registered)))


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

    class Level(models.TextChoices):
        EDITION = "edition", _("edition")
        NETWORK = "network", _("network")
        LOCAL_PARTNERSHIP = "lp", _("Local Partnership")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, default=Level.NETWORK)
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
    online_link = models.URLField(_("online meeting link"), blank=True)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    # Times are optional: the history states days at best, and an event without times is an all-day one.
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    date_precision = models.CharField(
        _("date precision"), max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY,
        help_text=_("How much of the start date the sources state; 'month' shows only the month."),
    )
    description = models.TextField(_("what is known"), blank=True)
    is_public = models.BooleanField(
        _("public"), default=True,
        help_text=_("A public event is listed on the portal; others are seen only by their organisers and guests."),
    )
    # An individual advisory is one expert's session with one city (the host), about the city's MID.
    expert = models.ForeignKey(
        Person, verbose_name=_("expert"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
    )
    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("MID"), on_delete=models.SET_NULL, null=True, blank=True, related_name="events",
        help_text=_("The MID the event worked on, e.g. the city's MID in an individual advisory."),
    )
    registration_open = models.BooleanField(_("registration open"), default=False)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("How many people may register; empty means no limit.")
    )
    # Minutes are sanitised rich text; the revision lets two organisers notice each other's saves.
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_revision = models.PositiveIntegerField(_("minutes revision"), default=0)
    minutes_updated_at = models.DateTimeField(_("minutes updated"), null=True, blank=True)
    minutes_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("minutes updated by"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    # A cancelled event stays (its people were told, calendar apps show it struck out): see event_cancel.
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("cancelled by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    cancellation_reason = models.TextField(_("reason for cancelling"), blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_on", "pk"]
        indexes = [
            models.Index(fields=["network", "starts_on"]),
            models.Index(fields=["host", "starts_on"]),
            # The public lists (calendar, API, a participant's network events) read the events in LIST_ORDER
            # and stop after a page: this index gives that order, and its trailing network makes it cover the
            # "events of these networks" filter, so the first few are found without sorting every event.
            models.Index(fields=["is_public", "starts_on", "kind", "sequence_number", "id", "network"],
                         name="event_public_list_idx"),
        ]
        # Sequence numbers count a kind of event within its network ("Spotkanie Sieci Online #2"), within the
        # edition for edition-level events, and within the host city for LP meetings (a city's LP meets
        # on its own, as Katowice's LP meetings #1 and #2 did).
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "network", "sequence_number"], name="event_sequence_per_network",
                condition=Q(network__isnull=False, sequence_number__isnull=False) & ~Q(kind="lp_meeting"),
                violation_error_message=_("This network already has an event of this kind with this number."),
            ),
            models.UniqueConstraint(
                fields=["kind", "edition", "sequence_number"], name="event_sequence_per_edition",
                condition=Q(network__isnull=True, sequence_number__isnull=False) & ~Q(kind="lp_meeting"),
                violation_error_message=_("This edition already has an event of this kind with this number."),
            ),
            models.UniqueConstraint(
                fields=["kind", "edition", "host", "sequence_number"], name="event_sequence_per_lp",
                condition=Q(kind="lp_meeting", sequence_number__isnull=False),
                violation_error_message=_("This city already has an LP meeting with this number."),
            ),
        ]

    def __str__(self) -> str:
        if self.sequence_number:
            return f"{self.title} #{self.sequence_number}"
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.pk])

    def sequence_scope(self) -> dict[str, object]:
        """The events this one is numbered among (see the constraints in Meta)."""
        if self.kind == self.Kind.LP_MEETING:
            return {"kind": self.kind, "edition_id": self.edition_id, "host_id": self.host_id}
        if self.network_id is None:
            return {"kind": self.kind, "edition_id": self.edition_id, "network__isnull": True}
        return {"kind": self.kind, "network_id": self.network_id}

    def eligible_people(self) -> models.QuerySet[Person]:
        """People an organiser may register: the host's LP and team for an LP meeting (and the network's
        experts), the host's team and LP coordinator and the network's experts for an advisory, the network's
        city teams and experts for a network event, everyone with a role in the edition for an edition-level
        event."""
        role = RoleAssignment.Role
        roles = RoleAssignment.objects.active()
        if self.kind in (self.Kind.LP_MEETING, self.Kind.INDIVIDUAL_ADVISORY):
            host_roles = [role.LP_COORDINATOR, role.CITY_TEAM_MEMBER]
            # An advisory is organised by the network's expert too, and experts never see LP members' personal
            # data (docs/partnerships.md): its list would show them their names.
            if self.kind == self.Kind.LP_MEETING:
                host_roles.append(role.LP_MEMBER)
            roles = roles.filter(
                Q(participant_id=self.host_id, role__in=host_roles)
                | Q(network_id=self.network_id, role=role.THEMATIC_EXPERT)
            )
        elif self.network_id is not None:
            members = Membership.objects.filter(network_id=self.network_id).values("participant_id")
            roles = roles.filter(Q(participant_id__in=members, role=role.CITY_TEAM_MEMBER) | Q(network_id=self.network_id))
        else:
            members = Membership.objects.filter(network__edition_id=self.edition_id).values("participant_id")
            roles = roles.filter(
                Q(participant_id__in=members, role=role.CITY_TEAM_MEMBER) | Q(network__edition_id=self.edition_id)
                | Q(role=role.OPERATOR)
            )
        return Person.objects.filter(pk__in=roles.values("person_id")).order_by("name", "pk")

    def delegation_cities(self) -> models.QuerySet[Participant]:
        """The cities whose delegations may come: the host for an LP meeting, else the network's (edition's) members."""
        cities = Participant.objects.order_by("name")
        if self.kind in (self.Kind.LP_MEETING, self.Kind.INDIVIDUAL_ADVISORY):
            return cities.filter(pk=self.host_id)
        members = Membership.objects.all()
        if self.network_id is not None:
            members = members.filter(network_id=self.network_id)
        else:
            members = members.filter(network__edition_id=self.edition_id)
        return cities.filter(pk__in=members.values("participant_id"))

    def delegation_city_of(self, person: Person) -> Participant | None:
        """The city a person comes for: the first of the event's cities they hold a role at."""
        held = RoleAssignment.objects.active().filter(person=person).values("participant_id")
        return self.delegation_cities().filter(pk__in=held).first()

    def is_upcoming(self, today: datetime.date) -> bool:
        """Whether the event is among `Event.objects.upcoming(today)`."""
        if self.ends_on is not None:
            return self.ends_on >= today
        return self.starts_on is not None and self.starts_on >= today

    @property
    def is_lp_meeting(self) -> bool:
        return self.kind == self.Kind.LP_MEETING

    @property
    def is_advisory(self) -> bool:
        return self.kind == self.Kind.INDIVIDUAL_ADVISORY

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

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
        errors = {}
        if self.starts_on and self.ends_on == self.starts_on and self.start_time and self.end_time:
            if self.end_time < self.start_time:
                errors["end_time"] = _("The end cannot be before the start.")
        if self.network_id and self.edition_id and self.network.edition_id != self.edition_id:
            errors["network"] = _("The network belongs to another edition.")
        if self.kind in (self.Kind.LP_MEETING, self.Kind.INDIVIDUAL_ADVISORY) and not self.host_id:
            errors["host"] = _("An LP meeting or an individual advisory is held for a city: choose the host.")
        if self.level == self.Level.EDITION and self.network_id:
            errors["network"] = _("An edition-level event belongs to no network.")
        # An LP meeting or an advisory works on the host city's own MID; a network event may discuss any.
        hosts_own = self.kind in (self.Kind.LP_MEETING, self.Kind.INDIVIDUAL_ADVISORY)
        if hosts_own and self.plan_id and self.host_id and self.plan.participant_id not in (None, self.host_id):
            errors["plan"] = _("The MID must be the host city's.")
        if errors:
            raise ValidationError(errors)
