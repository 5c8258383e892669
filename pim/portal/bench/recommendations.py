"""The recommendations scenario: 5,000 recommendations with 20,000 register barriers, responses and status
updates on a share of them, and 2,000 good practices added to the bench database; the scoreboard (plain and
filtered), one recommendation's trace with many barriers, the CSV/JSON exports, the good-practice catalogue
and the API lists timed on them.

Like the MID scenario (`mid.py`), the rows are added by `ensure_recommendations()` after the dataset is built
or reused, not by `synthetic.build()`, so the dataset's fingerprint does not change. The function is idempotent
(it finds the scenario's edition by its slug), and every row is demo content named "Syntetyczn…".

The scenario has its own edition, dated before every synthetic one and with no more networks than they have,
so the pages the other scenarios pick ("the newest edition", "the edition with most networks") stay the same.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import connection, transaction
from django.urls import reverse

from pim.places.models import Participant
from pim.plans.models import ActionPlan
from pim.plans.models import Barrier as PlanBarrier
from pim.portal.bench.measure import Target
from pim.portal.bench.synthetic import LOREM, SOURCE_KEYS
from pim.portal.bench.synthetic import THEMES as PRACTICE_THEMES
from pim.programmes.models import Edition, Institution, Programme, ThematicNetwork
from pim.recommendations.models import (
    Barrier,
    GoodPractice,
    ImprovementPlan,
    Recommendation,
    RecommendationResponse,
    RecommendationStatusUpdate,
)

EDITION_SLUG = "syntetyczna-edycja-rekomendacji"
PAGE_BUDGET_MS = 50.0
# A download of the whole scoreboard is not a page: it streams every row.
EXPORT_BUDGET_MS = 2000.0
BATCH = 5000
PUBLIC_STATES = (ImprovementPlan.State.FINAL, ImprovementPlan.State.HANDED_OVER, ImprovementPlan.State.FOLLOW_UP)
COUNTRIES = ("Niemcy", "Austria", "Dania", "Holandia", "Francja", "Hiszpania")


@dataclass(frozen=True)
class RecommendationsSize:
    networks: int
    recommendations_per_network: int
    barriers_per_network: int
    practices: int
    # The recommendation whose trace is timed: its barriers, and barriers merged into each of a share of them.
    trace_barriers: int = 200
    trace_merged: int = 50
    ministries: int = 8

    @property
    def recommendations(self) -> int:
        return self.networks * self.recommendations_per_network


NATIONAL_RECOMMENDATIONS = RecommendationsSize(
    networks=10, recommendations_per_network=500, barriers_per_network=2000, practices=2000
)
# On the small dataset, for the "same query count" comparison.
SMALL_RECOMMENDATIONS = RecommendationsSize(
    networks=2, recommendations_per_network=20, barriers_per_network=80, practices=40, trace_barriers=20,
    trace_merged=5, ministries=3,
)


def ensure_recommendations(size: RecommendationsSize) -> None:
    """Add the scenario's rows to the current database, once."""
    if Edition.objects.filter(slug=EDITION_SLUG).exists():
        return
    with transaction.atomic():
        _create(size)
    # Planner statistics for the new rows, as `database.py` takes them after the dataset: autovacuum is off on
    # the bench's server, and plans made for empty tables scanned the 20,000 barriers' link tables.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _create(size: RecommendationsSize) -> None:
    programme = Programme.objects.order_by("pk").first()
    oldest = Edition.objects.order_by("start_year").values_list("start_year", flat=True).first() or 2000
    year = oldest - 5
    edition = Edition.objects.create(
        programme=programme, name="Syntetyczna edycja (benchmark rekomendacji)", short_name="Synt. rek.",
        slug=EDITION_SLUG, start_year=year, end_year=year + 2, state=Edition.State.CLOSED, is_demo=True,
        sources=SOURCE_KEYS,
    )
    ministries = Institution.objects.bulk_create([
        Institution(name=f"Syntetyczne Ministerstwo {i + 1}", short_name=f"SM{i + 1}", slug=f"syntetyczne-ministerstwo-{i + 1}",
                    kind=Institution.Kind.MINISTRY, is_demo=True)
        for i in range(size.ministries)
    ])
    networks = ThematicNetwork.objects.bulk_create([
        ThematicNetwork(edition=edition, name=f"Syntetyczna sieć rekomendacji {i + 1:02d}", short_name=f"SR{i + 1}",
                        slug=f"syntetyczna-siec-rekomendacji-{i + 1}", is_demo=True, sources=SOURCE_KEYS)
        for i in range(size.networks)
    ])
    plans = ImprovementPlan.objects.bulk_create([
        ImprovementPlan(network=network, title=f"Syntetyczny Plan Ulepszeń {network.short_name}",
                        authors="Zespół syntetyczny", state=PUBLIC_STATES[i % len(PUBLIC_STATES)], summary=LOREM,
                        is_demo=True, sources=SOURCE_KEYS)
        for i, network in enumerate(networks)
    ])
    recommendations = Recommendation.objects.bulk_create([
        Recommendation(
            improvement_plan=plan, order=k + 1, text=f"Syntetyczna rekomendacja {k + 1}: {LOREM}",
            type=list(Recommendation.Type)[k % len(Recommendation.Type)], is_key=k < 3,
            horizon=list(Recommendation.Horizon)[k % 3], priority=list(Recommendation.Priority)[k % 3],
            is_demo=True,
        )
        for plan in plans for k in range(size.recommendations_per_network)
    ], batch_size=BATCH)
    Addressee = Recommendation.addressees.through
    Addressee.objects.bulk_create([
        Addressee(recommendation_id=rec.pk, institution_id=ministries[(i + j) % len(ministries)].pk)
        for i, rec in enumerate(recommendations) for j in range(1 + i % 2)
    ], batch_size=BATCH)
    _answers(recommendations, ministries, year)
    barriers = _barriers(size, networks, recommendations)
    _trace(size, recommendations[0], networks[0], barriers[networks[0].pk])
    _practices(size, edition, networks)


def _answers(recommendations: list[Recommendation], ministries: list[Institution], year: int) -> None:
    """Responses on 40% of the recommendations (a second, later one on a quarter of those), status updates on
    20%: the scoreboard's status is then a mix of every kind, stored on the recommendations as the services
    store it."""
    decisions = list(RecommendationResponse.Decision)
    statuses = list(RecommendationStatusUpdate.Status)
    day = datetime.date(year + 3, 3, 1)
    responses, updates = [], []
    for i, rec in enumerate(recommendations):
        institution = ministries[i % len(ministries)]
        if i % 5 < 2:
            responses.append(RecommendationResponse(
                recommendation=rec, institution=institution, decision=decisions[i % len(decisions)],
                text="Syntetyczna odpowiedź ministerstwa.", responded_on=day,
            ))
            if i % 20 == 0:
                responses.append(RecommendationResponse(
                    recommendation=rec, institution=institution, decision=decisions[(i + 1) % len(decisions)],
                    text="Syntetyczna odpowiedź uzupełniająca.", responded_on=day + datetime.timedelta(days=60),
                ))
        if i % 5 == 0:
            updates.append(RecommendationStatusUpdate(
                recommendation=rec, institution=institution, status=statuses[i % len(statuses)],
                evidence="Syntetyczny dowód wdrożenia.", reported_on=day + datetime.timedelta(days=120),
            ))
    RecommendationResponse.objects.bulk_create(responses, batch_size=BATCH)
    RecommendationStatusUpdate.objects.bulk_create(updates, batch_size=BATCH)
    # Written in bulk, not through the services: store the status they would have stored, by the same rule.
    Recommendation.objects.filter(pk__in=[rec.pk for rec in recommendations]).refresh_status()


def _barriers(
    size: RecommendationsSize, networks: list[ThematicNetwork], recommendations: list[Recommendation]
) -> dict[int, list[Barrier]]:
    """The register: `barriers_per_network` barriers per network, two cities each, spread over its
    recommendations (four each on the national size)."""
    cities = list(Participant.objects.order_by("pk").values_list("pk", flat=True)[:500])
    types = list(Barrier.Type)
    by_network: dict[int, list[Barrier]] = {}
    for network in networks:
        by_network[network.pk] = Barrier.objects.bulk_create([
            Barrier(network=network, type=types[k % len(types)], description=f"Syntetyczna bariera {k + 1}: {LOREM}",
                    origin=Barrier.Origin.MID, is_demo=True)
            for k in range(size.barriers_per_network)
        ], batch_size=BATCH)
    everything = [barrier for network in networks for barrier in by_network[network.pk]]
    City = Barrier.cities.through
    City.objects.bulk_create([
        City(barrier_id=barrier.pk, participant_id=cities[(i + j * 7) % len(cities)])
        for i, barrier in enumerate(everything) for j in range(2)
    ], batch_size=BATCH)
    Link = Recommendation.barriers.through
    links = []
    for network in networks:
        network_recs = [rec for rec in recommendations if rec.improvement_plan.network_id == network.pk]
        for k, barrier in enumerate(by_network[network.pk]):
            links.append(Link(recommendation_id=network_recs[k % len(network_recs)].pk, barrier_id=barrier.pk))
    Link.objects.bulk_create(links, batch_size=BATCH, ignore_conflicts=True)
    return by_network


def _trace(size: RecommendationsSize, recommendation: Recommendation, network: ThematicNetwork,
           barriers: list[Barrier]) -> None:
    """The timed trace: `trace_barriers` barriers, each named in a MID's barriers section, `trace_merged` of them
    clusters with a merged barrier inside; plus its responses and status history."""
    own = barriers[: size.trace_barriers]
    Link = Recommendation.barriers.through
    Link.objects.bulk_create([Link(recommendation_id=recommendation.pk, barrier_id=b.pk) for b in own],
                             ignore_conflicts=True)
    merged = barriers[size.trace_barriers: size.trace_barriers + size.trace_merged]
    for source, cluster in zip(merged, own, strict=False):
        source.merged_into = cluster
    Barrier.objects.bulk_update(merged, ["merged_into"], batch_size=BATCH)
    # The MIDs' barriers sections the register entries come from: on the synthetic MIDs of other networks
    # (this edition has none), never the first ones, which other targets time.
    mids = list(ActionPlan.objects.filter(is_demo=True, participant__isnull=False).exclude(
        title__startswith="Syntetyczna MID"
    ).order_by("-pk")[:20])
    mid_barriers = PlanBarrier.objects.bulk_create([
        PlanBarrier(plan=mids[k % len(mids)], type=PlanBarrier.Type.LEGAL, order=100 + k,
                    description=f"Syntetyczna bariera z MID {k + 1}")
        for k in range(size.trace_barriers)
    ]) if mids else []
    # Both ends of this many-to-many are models called "Barrier", so Django names its columns from_/to_.
    Source = Barrier.plan_barriers.through
    Source.objects.bulk_create(
        [Source(from_barrier_id=b.pk, to_barrier_id=m.pk) for b, m in zip(own, mid_barriers, strict=False)],
        batch_size=BATCH,
    )


def _practices(size: RecommendationsSize, edition: Edition, networks: list[ThematicNetwork]) -> None:
    """Good practices: two in three of a network's city, the rest of a foreign city."""
    cities = list(Participant.objects.order_by("pk").values_list("pk", flat=True)[:500])
    sources = list(GoodPractice.SourceKind)
    practices = []
    for k in range(size.practices):
        foreign = k % 3 == 2
        practices.append(GoodPractice(
            title=f"Syntetyczna dobra praktyka {k + 1:04d}", description=LOREM,
            participant_id=None if foreign else cities[k % len(cities)],
            foreign_city=f"Syntetyczne miasto {k % 40 + 1}" if foreign else "",
            country=COUNTRIES[k % len(COUNTRIES)] if foreign else "",
            theme=PRACTICE_THEMES[k % len(PRACTICE_THEMES)], source_kind=sources[k % len(sources)],
            edition=edition, network=networks[k % len(networks)], is_demo=True,
        ))
    GoodPractice.objects.bulk_create(practices, batch_size=BATCH)


def targets() -> list[Target]:
    """The scenario's pages, downloads and filtered API lists (the plain API lists are timed with every API
    list, from the OpenAPI description)."""
    edition = Edition.objects.get(slug=EDITION_SLUG)
    network = ThematicNetwork.objects.filter(edition=edition).order_by("slug").first()
    heavy = Recommendation.objects.filter(improvement_plan__network=network, order=1).get()
    ministry = Institution.objects.filter(slug__startswith="syntetyczne-ministerstwo-").order_by("slug").first()
    total = Recommendation.objects.count()
    board = reverse("recommendations:scoreboard")
    csv_url, json_url = reverse("recommendations:scoreboard_csv"), reverse("recommendations:scoreboard_json")
    practices = reverse("recommendations:good_practice_list")
    barriers = heavy.barriers.count()
    return [
        Target("rec:scoreboard", board, f"page 1 of {total} recommendations", budget_ms=PAGE_BUDGET_MS),
        Target("rec:scoreboard_page_40", f"{board}?page=40", "a deep page", budget_ms=PAGE_BUDGET_MS),
        Target("rec:scoreboard_status", f"{board}?status=in_progress", "filtered by current status",
               budget_ms=PAGE_BUDGET_MS),
        Target("rec:scoreboard_filtered", f"{board}?network={network.slug}&type=legal&addressee={ministry.slug}"
               "&status=no_response", "network, type, addressee and status", budget_ms=PAGE_BUDGET_MS),
        Target("rec:trace", reverse("recommendations:trace", args=[heavy.pk]), f"{barriers} barriers",
               budget_ms=PAGE_BUDGET_MS),
        Target("rec:export:csv", csv_url, f"all {total} rows", budget_ms=EXPORT_BUDGET_MS),
        Target("rec:export:json", json_url, f"all {total} rows", budget_ms=EXPORT_BUDGET_MS),
        Target("rec:export:csv_network", f"{csv_url}?network={network.slug}", "one network's rows",
               budget_ms=PAGE_BUDGET_MS * 4),
        Target("rec:practices", practices, f"page 1 of {GoodPractice.objects.count()}", budget_ms=PAGE_BUDGET_MS),
        Target("rec:practices_search", f"{practices}?q=MIASTO+12&country=Dania", "text search and country",
               budget_ms=PAGE_BUDGET_MS),
        Target("rec:api:recommendations_status", "/api/v1/recommendations?current_status=accepted&limit=100",
               "filtered by current status"),
        Target("rec:api:barriers_network", f"/api/v1/barriers?network={network.slug}&limit=100", "one network"),
        Target("rec:api:responses", f"/api/v1/recommendations/{heavy.pk}/responses", "one recommendation"),
    ]
