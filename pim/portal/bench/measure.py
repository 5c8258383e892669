"""Server time of one URL, measured in-process: django.test.Client runs the full middleware stack, URL routing,
the view and template rendering, without a socket, so what is left is the time the server spends per request.

The pages measured are picked from whatever data the current database holds (the busiest network, the
participant with most memberships…), so the same code times the national dataset and the small one.
"""

from __future__ import annotations

import cProfile
import gc
import io
import json
import math
import pstats
import statistics
import time
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count
from django.http import HttpResponseBase
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from pim.events.models import Event
from pim.places.models import Participant, Voivodeship
from pim.plans.models import ActionPlan
from pim.programmes.models import Edition, ThematicNetwork

BUDGET_MS = 50.0
FLOOR = "floor:healthz"


class BenchError(Exception):
    """A URL did not answer 200, so its timing would measure an error page."""


@dataclass(frozen=True)
class Target:
    # Stable across datasets and backends, so rows line up in var/bench.json and the docs.
    name: str
    path: str
    note: str = ""
    # A page may have its own budget (the big MID's page: 80 ms); the rest keep the default.
    budget_ms: float = BUDGET_MS
    # The statistic held to the budget: "p95" for pages, "p50" (the median) for the few timed exports.
    budget_stat: str = "p95"
    # The username of a reader to log in as (a page as its authors see it); anonymous when empty.
    user: str = ""


@dataclass
class Measurement:
    target: Target
    timings_ms: list[float]
    queries: int
    size_bytes: int

    @property
    def p50_ms(self) -> float:
        return statistics.median(self.timings_ms)

    @property
    def p95_ms(self) -> float:
        return percentile(self.timings_ms, 95)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile: with 50 samples p95 is the 48th fastest, a value that was really observed."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def floor_target() -> Target:
    return Target(FLOOR, reverse("healthz"), "trivial view, same middleware")


def page_targets() -> list[Target]:
    """The public pages, each on the heaviest object of its kind in the current database."""
    targets = [Target("page:home", reverse("portal:home"))]
    edition = Edition.objects.annotate(n=Count("networks")).order_by("-n", "-start_year").first()
    if edition:
        targets.append(Target("page:edition", reverse("portal:edition", args=[edition.slug]), f"{edition.n} networks"))
    network = ThematicNetwork.objects.annotate(n=Count("memberships")).order_by("-n", "pk").first()
    if network:
        targets.append(Target("page:network", reverse("portal:network", args=[network.slug]), f"{network.n} members"))
    event = Event.objects.filter(network__isnull=False, host__isnull=False).order_by("pk").first()
    if event:
        targets.append(Target("page:event", reverse("portal:event", args=[event.pk]), "network event with host"))
    plan = ActionPlan.objects.filter(participant__isnull=False).order_by("pk").first()
    if plan:
        targets.append(Target("page:action_plan", reverse("portal:action_plan", args=[plan.pk])))
    listing = reverse("portal:participant_list")
    total = Participant.objects.count()
    targets.append(Target("page:participant_list", listing, f"page 1 of {total} participants"))
    participant = Participant.objects.annotate(n=Count("memberships")).order_by("-n", "pk").first()
    # Filtered to the busiest participant's voivodeship: the biggest one on the national data, and one
    # whose page 1 has the same kinds of rows on every dataset, so the query counts compare.
    voivodeships = Voivodeship.objects.annotate(n=Count("participants")).order_by("-n", "pk")
    voivodeship = (participant and voivodeships.filter(pk=participant.voivodeship_id).first()) or voivodeships.first()
    if voivodeship:
        targets.append(Target(
            "page:participant_list_filtered", f"{listing}?voivodeship={voivodeship.slug}",
            f"{voivodeship.n} in {voivodeship.slug}",
        ))
    if participant:
        targets.append(Target(
            "page:participant", reverse("portal:participant", args=[participant.slug]), f"{participant.n} memberships"
        ))
    targets.append(Target("page:map", reverse("portal:map"), f"{total} participants"))
    targets.append(Target("page:about", reverse("portal:about")))
    return targets


def api_targets(client: Client) -> tuple[list[Target], list[str]]:
    """Every public GET endpoint without path or required parameters, read from the API's OpenAPI schema.

    Returns the targets and a note for each endpoint left out (and why).
    """
    try:
        schema_url = reverse("api:openapi-json")
    except NoReverseMatch:
        return [], ["no OpenAPI schema route api:openapi-json"]
    response = client.get(schema_url)
    if response.status_code != 200:
        return [], [f"{schema_url} answered {response.status_code}"]
    root = schema_url.rsplit("/", 1)[0] + "/"
    targets, skipped = [], []
    for path, operations in sorted(json.loads(response.content)["paths"].items()):
        operation = operations.get("get")
        if operation is None or "{" in path:
            continue
        required = [p["name"] for p in operation.get("parameters", []) if p.get("required")]
        if operation.get("security"):
            skipped.append(f"{path}: needs authentication")
        elif required:
            skipped.append(f"{path}: needs {', '.join(required)}")
        else:
            targets.append(Target(f"api:{path.removeprefix(root).strip('/')}", path))
    return targets, skipped


def client_for(client: Client, target: Target) -> Client:
    """The client that requests `target`: `client` itself, or one logged in as the target's user (kept on
    `client`, so every round reuses the same session)."""
    if not target.user:
        return client
    logins: dict[str, Client] = client.__dict__.setdefault("bench_logins", {})
    if target.user not in logins:
        logins[target.user] = Client()
        logins[target.user].force_login(get_user_model().objects.get(username=target.user))
    return logins[target.user]


def get(client: Client, path: str) -> HttpResponseBase:
    response = client.get(path)
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def count_queries(client: Client, target: Target) -> int:
    with CaptureQueriesContext(connection) as queries:
        _get_ok(client, target)
    return len(queries)


def measure(client: Client, target: Target, *, requests: int = 50, warmup: int = 5) -> Measurement:
    """Warm up (template loading, first-query caches), count queries once, then time `requests` GETs."""
    measurements, failed = measure_many(client, [target], requests=requests, warmup=warmup)
    if failed:
        raise failed[target]
    return measurements[0]


def measure_many(
    client: Client, targets: list[Target], *, requests: int = 50, warmup: int = 5
) -> tuple[list[Measurement], dict[Target, Exception]]:
    """Time every target in interleaved rounds: one request to each target per round.

    On a shared machine the load changes over a run; interleaving spreads those changes over all the
    targets (the floor included) instead of charging them to whichever page was being timed. Targets
    that fail while warming up are returned apart, with their exception, and not timed.
    """
    failed: dict[Target, Exception] = {}
    ready: list[tuple[Target, int, int]] = []
    for target in targets:
        # The caller reports a failing page; one broken page must not stop the others being timed.
        try:
            for _ in range(warmup):
                _get_ok(client, target)
            size = len(getattr(_get_ok(client, target), "content", b""))
            ready.append((target, count_queries(client, target), size))
        except Exception as exc:
            failed[target] = exc
    timings: list[list[float]] = [[] for _ in ready]
    gc.collect()
    # As the WSGI entry point does after loading the application (config/wsgi.py): the long-lived objects
    # (modules, templates, the warmed caches) leave the collector's generations, so a full collection does
    # not rescan them. Without it, full collections came round at the same slot of every round and put one
    # target's p95 at 110-140 ms while its p50 stayed at 10-30 ms.
    gc.freeze()
    try:
        for _ in range(requests):
            for (target, _queries, _size), samples in zip(ready, timings, strict=True):
                reader = client_for(client, target)
                started = time.perf_counter()
                get(reader, target.path)
                samples.append((time.perf_counter() - started) * 1000)
    finally:
        gc.unfreeze()
    measurements = [
        Measurement(target, samples, queries, size)
        for (target, queries, size), samples in zip(ready, timings, strict=True)
    ]
    return measurements, failed


def _get_ok(client: Client, target: Target) -> HttpResponseBase:
    response = get(client_for(client, target), target.path)
    if response.status_code != 200:
        raise BenchError(f"{target.path} answered {response.status_code}")
    return response


def profile(client: Client, target: Target, *, requests: int = 20, limit: int = 30) -> str:
    """cProfile of `requests` GETs, sorted by cumulative time: where a slow page spends it."""
    client = client_for(client, target)
    get(client, target.path)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        get(client, target.path)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(limit)
    return out.getvalue()


def sql_log(client: Client, target: Target) -> list[str]:
    """The SQL one request runs, with each statement's time, slowest first."""
    client = client_for(client, target)
    get(client, target.path)
    with CaptureQueriesContext(connection) as queries:
        get(client, target.path)
    ordered = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))
    return [f"{float(q['time']) * 1000:7.2f} ms  {q['sql']}" for q in ordered]
