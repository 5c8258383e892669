"""Public pages: thin views that fetch through querysets and render."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from pim.core.models import Source
from pim.core.text import folded
from pim.events.access import get_event_for_user
from pim.events.models import Event
from pim.places.access import get_participant_for_user
from pim.places.map import LEVEL_BOUNDS, build_map
from pim.places.models import Participant, Voivodeship
from pim.plans.access import get_action_plan_for_user
from pim.plans.models import ActionPlan
from pim.portal.forms import MapFilterForm, ParticipantFilterForm
from pim.portal.pagination import paginate
from pim.programmes.access import get_edition_for_user, get_network_for_user
from pim.programmes.classifications import resolve_participants
from pim.programmes.models import (
    Edition,
    Institution,
    Membership,
    Programme,
    ProgrammeGoal,
    RoleAssignment,
    ThematicNetwork,
)
from pim.recommendations.models import ImprovementPlan, Recommendation

PARTICIPANTS_PER_PAGE = 50
# Lists inside a detail page are cut here, with a note, so a page never grows without bound.
EVENTS_ON_DETAIL_PAGE = 50
EVENTS_ON_PARTICIPANT_PAGE = 20


def _bounded(queryset: QuerySet, limit: int) -> tuple[list, bool]:
    """The first `limit` rows and whether there are more, in one query."""
    rows = list(queryset[: limit + 1])
    return rows[:limit], len(rows) > limit


def healthz(request: HttpRequest) -> HttpResponse:
    # Also the framework floor in `make bench`: a trivial view through the full middleware stack.
    return HttpResponse("ok", content_type="text/plain")


def home(request: HttpRequest) -> HttpResponse:
    programme = Programme.objects.order_by("pk").first()
    goals = list(programme.goals.order_by("kind", "order")) if programme else []
    key_numbers = {
        "participants": Participant.objects.in_pim().count(),
        "networks": ThematicNetwork.objects.count(),
        "action_plans": ActionPlan.objects.count(),
        "events": Event.objects.count(),
        "recommendations": Recommendation.objects.count(),
    }
    return render(request, "portal/home.html", {
        "programme": programme,
        "main_goals": [g for g in goals if g.kind == ProgrammeGoal.Kind.MAIN],
        "specific_goals": [g for g in goals if g.kind == ProgrammeGoal.Kind.SPECIFIC],
        "editions": Edition.objects.for_overview(),
        "key_numbers": key_numbers,
    })


def edition_detail(request: HttpRequest, slug: str) -> HttpResponse:
    edition = get_edition_for_user(request.user, slug)
    events, more_events = _bounded(edition.events.edition_level().for_list(), EVENTS_ON_DETAIL_PAGE)
    return render(request, "portal/edition_detail.html", {
        "edition": edition,
        "networks": edition.networks.for_edition_page(),
        "unassigned": edition.participants_without_network.for_list(),
        "events": events,
        "more_events": more_events,
        "event_limit": EVENTS_ON_DETAIL_PAGE,
    })


def network_detail(request: HttpRequest, slug: str) -> HttpResponse:
    network = get_network_for_user(request.user, slug)
    events, more_events = _bounded(network.events.for_list(), EVENTS_ON_DETAIL_PAGE)
    members = list(network.memberships.current().for_network_page())
    return render(request, "portal/network_detail.html", {
        "network": network,
        "members": members,
        "leads": [m for m in members if m.role == Membership.Role.LEAD],
        "former_members": network.memberships.former().for_network_page(),
        "experts": RoleAssignment.objects.experts_for(network),
        "classifications": resolve_participants(network.classification_groups),
        "action_plans": network.action_plans.for_list(),
        "events": events,
        "more_events": more_events,
        "event_limit": EVENTS_ON_DETAIL_PAGE,
        "improvement_plan": ImprovementPlan.objects.with_recommendations().filter(network=network).first(),
    })


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_user(request.user, pk)
    return render(request, "portal/event_detail.html", {"event": event})


def action_plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action_plan = get_action_plan_for_user(request.user, pk)
    return render(request, "portal/action_plan_detail.html", {"action_plan": action_plan})


def participant_list(request: HttpRequest) -> HttpResponse:
    form = ParticipantFilterForm(
        request.GET,
        voivodeships=Voivodeship.objects.order_by(folded("name")),
        editions=Edition.objects.order_by("start_year", "pk"),
    )
    participants = Participant.objects.filter_by(**form.queryset_filters()).for_list().with_editions()
    paginated = paginate(request, participants, per_page=PARTICIPANTS_PER_PAGE)
    return render(request, "portal/participant_list.html", {
        "form": form,
        "page_obj": paginated.page,
        "page_query": paginated.query,
        "notices": form.notices() + paginated.notices,
    })


def participant_detail(request: HttpRequest, slug: str) -> HttpResponse:
    participant = get_participant_for_user(request.user, slug)
    hosted_events, more_hosted = _bounded(participant.hosted_events.for_list(), EVENTS_ON_PARTICIPANT_PAGE)
    network_events, more_network_events = _bounded(
        Event.objects.of_networks_of(participant).for_list(), EVENTS_ON_PARTICIPANT_PAGE
    )
    return render(request, "portal/participant_detail.html", {
        "participant": participant,
        "memberships": participant.memberships.for_participant_page(),
        "edition_participations": participant.edition_participations.for_list(),
        "action_plans": participant.action_plans.for_participant_page(),
        "units": participant.units.order_by("name", "pk"),
        "hosted_events": hosted_events,
        "more_hosted_events": more_hosted,
        "network_events": network_events,
        "more_network_events": more_network_events,
        "event_limit": EVENTS_ON_PARTICIPANT_PAGE,
    })


def map_view(request: HttpRequest) -> HttpResponse:
    editions = list(Edition.objects.order_by("start_year", "pk"))
    form = MapFilterForm(request.GET, editions=editions)
    edition_slug = form.filters().get("edition", "")
    participants = Participant.objects.filter_by(edition=edition_slug).for_list()
    return render(request, "portal/map.html", {
        "form": form,
        "notices": form.notices(),
        "edition": next((e for e in editions if e.slug == edition_slug), None),
        "map": build_map(participants, Voivodeship.objects.order_by(folded("name"))),
        "level_bounds": LEVEL_BOUNDS,
    })


def _source_order(source: Source) -> tuple[str, int, str]:
    # Keys are a letter group and a number ("P2", "P10"); sort them as people read them.
    letters = source.key.rstrip("0123456789")
    digits = source.key[len(letters):]
    return letters, int(digits) if digits else -1, source.key


def about(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/about.html", {
        "sources": sorted(Source.objects.all(), key=_source_order),
        "institutions": Institution.objects.order_by("name"),
    })
