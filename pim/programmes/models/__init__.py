"""The programme core: institutions, programmes, editions, thematic networks, memberships and people's roles."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery, Window
from django.db.models.functions import Coalesce, RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pim.core.models import SourcedModel
from pim.places.models import Participant
from pim.programmes import classifications as classification_display


class Institution(SourcedModel):
    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("ministry")
        STRATEGIC_PARTNER = "strategic_partner", _("strategic partner")
        NATIONAL_BODY = "national_body", _("national body")
        FOREIGN = "foreign", _("foreign partner")
        ACADEMIC = "academic", _("academic institution")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=250, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    country = models.CharField(_("country"), max_length=60, blank=True, default="Polska")
    website = models.URLField(_("website"), blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name

    def get_absolute_url(self) -> str:
        return f"{reverse('portal:about')}#instytucja-{self.slug}"


class Programme(SourcedModel):
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=20)
    slug = models.SlugField(_("slug"), unique=True)
    description = models.TextField(_("description"), blank=True)
    parent_strategy = models.CharField(_("parent strategy"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name

    def get_absolute_url(self) -> str:
        return reverse("portal:home")


class ProgrammeGoal(SourcedModel):
    class Kind(models.TextChoices):
        MAIN = "main", _("main goal")
        SPECIFIC = "specific", _("specific goal")

    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="goals")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("order"))
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("programme goal")
        verbose_name_plural = _("programme goals")
        ordering = ["programme", "kind", "order"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "kind", "order"], name="programme_goal_unique_order"),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse("portal:home")


def _count(queryset: models.QuerySet, group: str, what: str = "pk", *, distinct: bool = False) -> Coalesce:
    """A count as a correlated subquery, for an `annotate()` on the outer queryset.

    Counting through joins (`Count("networks__memberships__participant")`) groups every joined row, 30,000
    memberships on the national data, before the outer LIMIT; a subquery per outer row reads only that
    row's memberships through an index, and `count()` of the outer queryset drops it entirely.
    """
    counted = queryset.order_by().values(group).annotate(n=Count(what, distinct=distinct)).values("n")
    return Coalesce(Subquery(counted), 0)


class EditionQuerySet(models.QuerySet):
    def with_counts(self) -> EditionQuerySet:
        return self.annotate(
            network_count=_count(ThematicNetwork.objects.filter(edition=OuterRef("pk")), "edition"),
            participant_count=_count(
                Membership.objects.filter(network__edition=OuterRef("pk")),
                "network__edition",
                "participant",
                distinct=True,
            ),
        )

    def with_participation_counts(self) -> EditionQuerySet:
        """`with_counts()` and `unassigned_count`, the participants placed in the edition without a known network."""
        unassigned = EditionParticipant.objects.filter(edition=OuterRef("pk"))
        return self.with_counts().annotate(unassigned_count=_count(unassigned, "edition"))

    def for_overview(self) -> EditionQuerySet:
        """Editions oldest first with the figures the sources state (home page, which adds cached counts)."""
        # Figures by key only: their default ordering starts with the edition, which joins the edition table
        # just to sort rows that are already grouped by edition.
        figures = Prefetch("figures", queryset=EditionFigure.objects.order_by("key", "pk"))
        return self.select_related("strategic_partner").prefetch_related(figures).order_by("start_year", "pk")

    def by_participant(self, participant_ids: Iterable[int]) -> dict[int, list[Edition]]:
        """The editions each participant took part in, oldest first, each once; two queries for any number.

        A participant counts in an edition through a membership of one of its networks or as an
        `EditionParticipant`; a participant in two networks of one edition (Skawina in the pilot) gets
        that edition once. Reads (participant, edition) id pairs instead of prefetching the memberships:
        one participant may have hundreds of them.
        """
        participant_ids = list(participant_ids)
        if not participant_ids:
            return {}
        pairs = (
            Membership.objects.filter(participant__in=participant_ids)
            .order_by()
            .values_list("participant_id", "network__edition_id")
            .union(
                EditionParticipant.objects.filter(participant__in=participant_ids)
                .order_by()
                .values_list("participant_id", "edition_id"),
                all=True,
            )
            .order_by()
        )
        editions = {edition.pk: edition for edition in self.order_by("start_year", "pk")}
        edition_ids: dict[int, set[int]] = {}
        for participant_id, edition_id in pairs:
            edition_ids.setdefault(participant_id, set()).add(edition_id)
        return {
            participant_id: sorted(
                (editions[pk] for pk in ids if pk in editions), key=lambda e: (e.start_year, e.pk)
            )
            for participant_id, ids in edition_ids.items()
        }


class Edition(SourcedModel):
    class State(models.TextChoices):
        PLANNED = "planned", _("planned")
        CALL_OPEN = "call_open", _("call open")
        SELECTION = "selection", _("selection")
        RUNNING = "running", _("running")
        CLOSING = "closing", _("closing")
        CLOSED = "closed", _("closed")

    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="editions")
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40)
    slug = models.SlugField(_("slug"), unique=True)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    starts_on = models.DateField(_("start date"), null=True, blank=True)
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.PLANNED)
    owner = models.ForeignKey(
        Institution, verbose_name=_("owner ministry"), on_delete=models.PROTECT, related_name="owned_editions",
        null=True, blank=True,
    )
    strategic_partner = models.ForeignKey(
        Institution, verbose_name=_("strategic partner"), on_delete=models.PROTECT,
        related_name="partnered_editions", null=True, blank=True,
    )
    description = models.TextField(_("description"), blank=True)

    objects = EditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["-start_year"]
        constraints = [
            models.CheckConstraint(condition=Q(end_year__gte=models.F("start_year")), name="edition_years_ordered"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portal:edition", args=[self.slug])

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date cannot be before the start date.")})


class ProductKind(models.TextChoices):
    ROADMAP = "roadmap", _("network roadmap (Fiszka sieci)")
    LOCAL_PARTNERSHIP = "local_partnership", _("Local Partnership (LP)")
    ACTION_PLAN = "action_plan", _("Miejska Inicjatywa Działania (MID)")
    IMPROVEMENT_PLAN = "improvement_plan", _("Plan Ulepszeń (PU)")
    FINAL_REPORT = "final_report", _("final report")


class EditionProduct(SourcedModel):
    """A product an edition expects from its networks or cities, with its deadline when one is set."""

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="products")
    kind = models.CharField(_("product"), max_length=20, choices=ProductKind.choices)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("expected product")
        verbose_name_plural = _("expected products")
        ordering = ["edition", "kind"]
        constraints = [models.UniqueConstraint(fields=["edition", "kind"], name="edition_product_unique")]

    def __str__(self) -> str:
        return f"{self.edition}: {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return self.edition.get_absolute_url()


class EditionFigure(SourcedModel):
    """A number a source states about an edition (applicants, meetings held…), kept as stated."""

    class Key(models.TextChoices):
        APPLICANTS = "applicants", _("applicants")
        PARTICIPANTS = "participants", _("participants")
        PARTICIPANTS_AT_START = "participants_at_start", _("participants at the start")
        JOINT_MEETINGS = "joint_meetings", _("joint meetings of all cities")
        NETWORK_MEETINGS = "network_meetings", _("network meetings")
        NETWORK_MEETING_CITIES = "network_meeting_cities", _("cities hosting network meetings")
        ACTION_PLANS = "action_plans", _("MIDs prepared")
        IMPROVEMENT_PLANS = "improvement_plans", _("Improvement Plans prepared")
        CITIES_PER_NETWORK = "cities_per_network", _("cities per network")

    class Qualifier(models.TextChoices):
        EXACT = "exact", _("exactly")
        AT_LEAST = "at_least", _("more than")
        ABOUT = "about", _("about")

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="figures")
    key = models.CharField(_("what"), max_length=30, choices=Key.choices)
    value = models.PositiveIntegerField(_("value"))
    qualifier = models.CharField(_("qualifier"), max_length=10, choices=Qualifier.choices, default=Qualifier.EXACT)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("stated figure")
        verbose_name_plural = _("stated figures")
        ordering = ["edition", "key"]
        constraints = [models.UniqueConstraint(fields=["edition", "key"], name="edition_figure_unique")]

    def __str__(self) -> str:
        return f"{self.edition}: {self.get_key_display()} = {self.display_value}"

    def get_absolute_url(self) -> str:
        return self.edition.get_absolute_url()

    @property
    def display_value(self) -> str:
        if self.qualifier == self.Qualifier.AT_LEAST:
            return f"{self.value}+"
        if self.qualifier == self.Qualifier.ABOUT:
            return f"~{self.value}"
        return str(self.value)


class NetworkQuerySet(models.QuerySet):
    def with_member_counts(self) -> NetworkQuerySet:
        members = Membership.objects.filter(network=OuterRef("pk"))
        return self.annotate(member_count=_count(members, "network", "participant", distinct=True))

    def with_current_leads(self) -> NetworkQuerySet:
        # Ordered by columns of the unique (network, participant, role) index: Membership's default ordering
        # joins network and edition just to sort, and ordering by the participant's name makes SQLite walk
        # every participant by name and probe its memberships (40 ms against 2 ms on the national data).
        leads = (
            Membership.objects.filter(role=Membership.Role.LEAD, ended=False)
            .select_related("participant")
            .order_by("network_id", "participant_id")
        )
        return self.prefetch_related(Prefetch("memberships", queryset=leads, to_attr="current_leads"))

    def with_members(self) -> NetworkQuerySet:
        """All memberships, current and ended, as `member_list` in network-page order."""
        members = Membership.objects.for_network_page()
        return self.prefetch_related(Prefetch("memberships", queryset=members, to_attr="member_list"))

    def for_edition_page(self) -> NetworkQuerySet:
        """The edition page's networks table; the members below it come from `MembershipQuerySet.first_per_network`."""
        return self.with_member_counts().with_current_leads().order_by("name", "pk")


class ThematicNetwork(SourcedModel):
    class Type(models.TextChoices):
        ACTION_PLANNING = "action_planning", _("action-planning network")
        SOLUTION_TRANSFER = "solution_transfer", _("solution-transfer network")

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="networks")
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    theme = models.TextField(_("theme"), blank=True)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices, default=Type.ACTION_PLANNING)
    description = models.TextField(_("description"), blank=True)
    classifications = models.JSONField(
        _("classifications"), default=dict, blank=True,
        help_text=_("Network-specific classification lists, e.g. PPP sectors and PPP process stages."),
    )

    objects = NetworkQuerySet.as_manager()

    class Meta:
        verbose_name = _("thematic network")
        verbose_name_plural = _("thematic networks")
        ordering = ["edition", "name"]
        constraints = [models.UniqueConstraint(fields=["edition", "name"], name="network_unique_name_per_edition")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portal:network", args=[self.slug])

    @property
    def classification_groups(self) -> list[classification_display.Group]:
        return classification_display.classification_groups(self.classifications)


class MembershipQuerySet(models.QuerySet):
    def current(self) -> MembershipQuerySet:
        return self.filter(ended=False)

    def former(self) -> MembershipQuerySet:
        return self.filter(ended=True)

    def for_network_page(self) -> MembershipQuerySet:
        return self.select_related("participant__voivodeship").order_by("role", "ended", "participant__name")

    def for_participant_page(self) -> MembershipQuerySet:
        return self.select_related("network__edition").order_by("-network__edition__start_year", "network__name")

    def first_per_network(self, limit: int) -> MembershipQuerySet:
        """At most `limit` memberships of each network, in network-page order, in one query (a window function)."""
        rank = Window(RowNumber(), partition_by=F("network_id"), order_by=["role", "ended", "participant__name"])
        return self.annotate(rank=rank).filter(rank__lte=limit).order_by("network_id", "rank")

    def table_rows(self, *related: str) -> models.QuerySet:
        """What a table of memberships shows, plus the `related` lookups it names, as named tuples.

        For the long tables (150-200 rows on the network, participant and edition pages): model instances of
        each membership and its participant or network cost four times as much to load (on PostgreSQL 9 ms
        against 2.5 ms for 150 members), the largest part of those pages.
        """
        return self.values_list(
            "role", "ended", "valid_from", "valid_to", "note", "sources", "is_demo", *related, named=True
        )


class Membership(SourcedModel):
    class Role(models.TextChoices):
        LEAD = "lead", _("lead")
        PARTNER = "partner", _("partner")

    network = models.ForeignKey(
        ThematicNetwork, verbose_name=_("network"), on_delete=models.CASCADE, related_name="memberships"
    )
    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.PARTNER)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    ended = models.BooleanField(
        _("ended"), default=False, help_text=_("The membership ended; its end date may be unknown.")
    )
    note = models.TextField(_("note"), blank=True)
    # Audited: leaders are replaced mid-edition and operators correct dates; the trail must survive.
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["network", "role", "participant__name"]
        constraints = [
            models.UniqueConstraint(fields=["network", "participant", "role"], name="membership_unique_role"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="membership_dates_ordered",
            ),
        ]
        indexes = [models.Index(fields=["participant", "network"])]

    def __str__(self) -> str:
        return f"{self.participant} – {self.network} ({self.get_role_display()})"

    def get_absolute_url(self) -> str:
        return reverse("portal:network", args=[self.network.slug])

    def clean(self) -> None:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end date cannot be before the start date.")})
        if self.valid_to and not self.ended:
            raise ValidationError({"ended": _("A membership with an end date has ended.")})

    @property
    def period_label(self) -> str:
        """The membership's dates as the sources give them; an end without a date says so."""
        start = date_format(self.valid_from) if self.valid_from else ""
        end = date_format(self.valid_to) if self.valid_to else ""
        if start and end:
            return gettext("from %(start)s to %(end)s") % {"start": start, "end": end}
        if start and self.ended:
            return gettext("from %(start)s; ended, date unknown") % {"start": start}
        if start:
            return gettext("since %(start)s") % {"start": start}
        if end:
            return gettext("until %(end)s") % {"end": end}
        if self.ended:
            return gettext("ended, date unknown")
        return gettext("dates not stated")


class EditionParticipantQuerySet(models.QuerySet):
    def for_list(self) -> EditionParticipantQuerySet:
        return self.select_related("participant__voivodeship", "edition").order_by("participant__name", "pk")


class EditionParticipant(SourcedModel):
    """A participant the sources place in an edition without saying in which network.

    Kept apart from Membership because a membership needs a network: Krzywiń, Pilawa and Łódź are
    confirmed PIM 2021-2023 cities whose network no source names. Once a network is known, the row
    becomes a Membership and this one is deleted.
    """

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="participants_without_network"
    )
    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.PROTECT, related_name="edition_participations"
    )
    note = models.TextField(_("note"), blank=True)

    objects = EditionParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant without a known network")
        verbose_name_plural = _("participants without a known network")
        ordering = ["edition", "participant__name"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "participant"], name="edition_participant_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} – {self.edition}"

    def get_absolute_url(self) -> str:
        return reverse("portal:edition", args=[self.edition.slug])


class Person(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user account"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="person",
    )
    name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    organisation = models.CharField(_("organisation"), max_length=250, blank=True)
    is_demo = models.BooleanField(_("demo content"), default=False)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("admin:programmes_person_change", args=[self.pk])


class RoleAssignmentQuerySet(models.QuerySet):
    def active(self, on: datetime.date | None = None) -> RoleAssignmentQuerySet:
        # A role counts while it is not ended and `on` (today by default) falls inside its dates, so an
        # assignment entered ahead of time or left open after its end date grants nothing.
        on = on or timezone.localdate()
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=on),
            Q(valid_to__isnull=True) | Q(valid_to__gte=on),
            ended=False,
        )

    def experts_for(self, network: ThematicNetwork) -> RoleAssignmentQuerySet:
        return (
            self.filter(network=network, role=RoleAssignment.Role.THEMATIC_EXPERT)
            .select_related("person")
            .order_by("ended", "person__name", "pk")
        )


class RoleAssignment(models.Model):
    """A role a person holds in an edition, a network, a participant (city) or an institution."""

    class Role(models.TextChoices):
        OPERATOR = "operator", _("programme operator")
        THEMATIC_EXPERT = "thematic_expert", _("thematic expert")
        CITY_TEAM_MEMBER = "city_team_member", _("city team member")
        LP_COORDINATOR = "lp_coordinator", _("LP coordinator")
        LP_MEMBER = "lp_member", _("LP member")
        MINISTRY_LIAISON = "ministry_liaison", _("ministry liaison")

    # Which scope a role needs: the permission layer reads roles only through these scopes.
    SCOPE = {
        Role.OPERATOR: "edition",
        Role.THEMATIC_EXPERT: "network",
        Role.CITY_TEAM_MEMBER: "participant",
        Role.LP_COORDINATOR: "participant",
        Role.LP_MEMBER: "participant",
        Role.MINISTRY_LIAISON: "institution",
    }

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, null=True, blank=True, related_name="roles",
        help_text=_("For an operator: empty means every edition."),
    )
    network = models.ForeignKey(
        ThematicNetwork, verbose_name=_("network"), on_delete=models.CASCADE, null=True, blank=True, related_name="roles"
    )
    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.CASCADE, null=True, blank=True, related_name="roles"
    )
    institution = models.ForeignKey(
        Institution, verbose_name=_("institution"), on_delete=models.CASCADE, null=True, blank=True, related_name="roles"
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    ended = models.BooleanField(_("ended"), default=False)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["person__name", "role"]

    def __str__(self) -> str:
        scope = self.network or self.participant or self.institution or self.edition or _("all editions")
        return f"{self.person}: {self.get_role_display()} ({scope})"

    def get_absolute_url(self) -> str:
        return self.person.get_absolute_url()

    def clean(self) -> None:
        scope = self.SCOPE.get(self.role)
        if scope == "network" and not self.network_id:
            raise ValidationError({"network": _("A thematic expert is assigned to a network.")})
        if scope == "participant" and not self.participant_id:
            raise ValidationError({"participant": _("This role is held for a participant (city).")})
        if scope == "institution" and not self.institution_id:
            raise ValidationError({"institution": _("A ministry liaison acts for an institution.")})


# The roadmap's models live in their own module; importing them here registers them with the app.
from pim.programmes.models.roadmap import NetworkRoadmap, RoadmapAction, RoadmapVersion  # noqa: E402, F401
