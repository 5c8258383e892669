"""The registry of places: voivodeships and participants (cities, municipalities, unions, associations, units)."""

from __future__ import annotations

from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pim.core.models import SourcedModel
from pim.core.text import fold, folded


class Voivodeship(models.Model):
    teryt = models.CharField(_("TERYT code"), max_length=2, unique=True)
    iso_code = models.CharField(_("ISO 3166-2 code"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=40, unique=True)
    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    geonames_admin1 = models.CharField(_("GeoNames admin1 code"), max_length=3, unique=True)

    class Meta:
        verbose_name = _("voivodeship")
        verbose_name_plural = _("voivodeships")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"{reverse('portal:participant_list')}?voivodeship={self.slug}"


class SizeClass(models.TextChoices):
    # Thresholds follow GUS's usual split of Polish towns: small < 20k, medium 20k-100k, large > 100k.
    SMALL = "small", _("small (under 20,000)")
    MEDIUM = "medium", _("medium (20,000-100,000)")
    LARGE = "large", _("large (over 100,000)")
    UNKNOWN = "unknown", _("population unknown")


SMALL_MAX = 20_000
MEDIUM_MAX = 100_000


def size_class_for(population: int | None) -> str:
    if population is None:
        return SizeClass.UNKNOWN
    if population < SMALL_MAX:
        return SizeClass.SMALL
    if population <= MEDIUM_MAX:
        return SizeClass.MEDIUM
    return SizeClass.LARGE


class ParticipantQuerySet(models.QuerySet):
    # "Took part in PIM" means a membership of a network, or a place in an edition whose network the
    # sources do not name. Both live in programmes, which places (the bottom layer) may not import, so
    # the two models are reached through the reverse relations; `pk__in` subqueries need no DISTINCT.

    def _participant_ids(self, relation: str, **lookup: object) -> models.QuerySet:
        related = self.model._meta.get_field(relation).related_model
        return related.objects.filter(**lookup).order_by().values("participant_id")

    def in_pim(self) -> ParticipantQuerySet:
        # One EXISTS over both relations (UNION ALL), answered per participant from the participant_id
        # indexes. With an OR of two `pk__in` subqueries PostgreSQL hashes all 30,000 memberships of the
        # national data on every request, even for a page of 50 (8 ms against 0.5 ms for the query).
        in_either = self._participant_ids("memberships", participant=OuterRef("pk")).union(
            self._participant_ids("edition_participations", participant=OuterRef("pk")), all=True
        )
        return self.filter(Exists(in_either))

    def in_edition(self, edition_slug: str) -> ParticipantQuerySet:
        return self.filter(
            Q(pk__in=self._participant_ids("memberships", network__edition__slug=edition_slug))
            | Q(pk__in=self._participant_ids("edition_participations", edition__slug=edition_slug))
        )

    def search(self, text: str) -> ParticipantQuerySet:
        """Names containing `text`, ignoring case and Polish diacritics ('lodz' finds 'Łódź')."""
        return self.filter(name_folded__contains=fold(text.strip()))

    def filter_by(
        self,
        *,
        voivodeship: str = "",
        size_class: str = "",
        kind: str = "",
        edition: str = "",
        q: str = "",
        pim_only: bool = True,
    ) -> ParticipantQuerySet:
        """The registry filters shared by the participant list page and the API; empty means no filter."""
        qs = self
        if edition:
            qs = qs.in_edition(edition)
        elif pim_only:
            qs = qs.in_pim()
        if voivodeship:
            qs = qs.filter(voivodeship__slug=voivodeship)
        if size_class:
            qs = qs.filter(size_class=size_class)
        if kind:
            qs = qs.filter(kind=kind)
        if q.strip():
            qs = qs.search(q)
        return qs

    def for_list(self) -> ParticipantQuerySet:
        return self.select_related("voivodeship").order_by("name_folded", "name", "pk")

    def map_points(self) -> models.QuerySet:
        """Named rows of what the map draws, in list order: thousands of them cost a tenth of model instances."""
        return (
            self.order_by("name_folded", "name", "pk")
            .annotate(voivodeship_name=F("voivodeship__name"))
            .values_list("slug", "name", "voivodeship_id", "voivodeship_name", "latitude", "longitude", "is_demo",
                         named=True)
        )

    def with_editions(self) -> ParticipantQuerySet:
        """Prefetch what `Participant.editions` reads: five queries whatever the number of rows."""
        return self.prefetch_related("memberships__network__edition", "edition_participations__edition")


class Participant(SourcedModel):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("city or municipality")
        ASSOCIATION = "association", _("association")
        UNION = "union", _("inter-municipal union")
        CITY_UNIT = "city_unit", _("city unit")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MUNICIPALITY)
    name = models.CharField(_("name"), max_length=200)
    # Sorting and search key computed by the database: SQLite's byte order and PostgreSQL's C collation
    # would put every name starting with Ł, Ś or Ż after Z, and a stored column keeps both indexable.
    name_folded = models.GeneratedField(
        expression=folded("name"),
        output_field=models.CharField(max_length=200),
        db_persist=True,
        verbose_name=_("name without diacritics"),
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    voivodeship = models.ForeignKey(
        Voivodeship, verbose_name=_("voivodeship"), on_delete=models.PROTECT, related_name="participants",
        null=True, blank=True,
    )
    teryt = models.CharField(_("TERYT code"), max_length=7, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_source = models.CharField(_("population source"), max_length=100, blank=True)
    size_class = models.GeneratedField(
        expression=Case(
            When(population__isnull=True, then=Value(SizeClass.UNKNOWN.value)),
            When(population__lt=SMALL_MAX, then=Value(SizeClass.SMALL.value)),
            When(population__lte=MEDIUM_MAX, then=Value(SizeClass.MEDIUM.value)),
            default=Value(SizeClass.LARGE.value),
        ),
        output_field=models.CharField(max_length=10, choices=SizeClass.choices),
        db_persist=True,
        verbose_name=_("size class"),
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    geonames_id = models.PositiveIntegerField(_("GeoNames id"), null=True, blank=True, unique=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent participant"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="units", help_text=_("For a city unit: the city it belongs to."),
    )
    note = models.TextField(_("note"), blank=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["name"]),
            models.Index(fields=["name_folded", "name"]),
            models.Index(fields=["voivodeship", "name"]),
            models.Index(fields=["size_class", "name"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="participant_latitude_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portal:participant", args=[self.slug])

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def size_class_label(self) -> str:
        # A GeneratedField gets no get_size_class_display(); its choices still name the classes.
        return SizeClass(self.size_class).label if self.size_class else ""

    @property
    def editions(self) -> list:
        """The PIM editions this participant took part in, oldest first, each once.

        Reads prefetched memberships (see `ParticipantQuerySet.with_editions`); a participant in two
        networks of one edition (Skawina in the pilot) still lists that edition once.
        """
        editions = {m.network.edition_id: m.network.edition for m in self.memberships.all()}
        editions.update((p.edition_id, p.edition) for p in self.edition_participations.all())
        return sorted(editions.values(), key=lambda e: (e.start_year, e.pk))
