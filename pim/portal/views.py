"""Public pages: thin views that fetch through querysets and render."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from pim.core.models import Source
from pim.core.text import folded
from pim.events.models import Event
from pim.partnerships.models import LocalPartnership
from pim.places.access import get_participant_for_user
from pim.places.map import LEVEL_BOUNDS, build_map
from pim.places.models import Participant, Voivodeship
from pim.plans.models import ActionPlan
from pim.portal.forms import MapFilterForm, ParticipantFilterForm
from pim.portal.pagination import paginate
from pim.portal.signals import CACHE_SECONDS, participation_cache_key
from pim.programmes.access import get_edition_for_user, get_network_for_user, roadmap_for_reader
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
from pim.recommendations.views.common import network_pu_links

PARTICIPANTS_PER_PAGE = 50
# Lists inside a detail page are cut here, with a note, so a page never grows without bound.
EVENTS_ON_DETAIL_PAGE = 50
EVENTS_ON_PARTICIPANT_PAGE = 20
# A city takes part in a few networks over the years; 20 is far beyond any real participant.
MEMBERSHIPS_ON_PARTICIPANT_PAGE = 20
# The edition page lists each network's members up to here and links to the network page for the rest;
# real networks have had at most 12 memberships, so real editions stay fully listed.
MEMBERS_PER_NETWORK_ON_EDITION_PAGE = 15
# Above this many participants the map page leaves out its table of coordinates (a 2,500-row table is a
# megabyte of HTML) and points to the paginated participant list; the real programme has about 60.
MAP_TABLE_LIMIT = 200


def _bounded(queryset: QuerySet, limit: int) -> tuple[list, bool]:
    """The first `limit` rows and whether there are more, in one query."""
    rows = list(queryset[: limit + 1])
    return rows[:limit], len(rows) > limit


def _slug_urls(viewname: str) -> Callable[[str], str]:
    """`reverse(viewname, args=[slug])` for the rows of a long table, at the cost of one reverse().

    A slug route's other parts do not depend on the slug, and a valid slug needs no quoting, so each
    address is a prefix, the slug and a suffix; reverse() costs ~11 µs a row (style.md, Performance habits 3).
    """
    marker = "slug-marker"
    prefix, suffix = reverse(viewname, args=[marker]).split(marker)
    return lambda slug: f"{prefix}{slug}{suffix}"


@dataclass(slots=True, kw_only=True)
class MembershipRow:
    """A row of a long membership table, made from `MembershipQuerySet.table_rows()`, not model instances.

    `slug`, `name` and `url` are the participant's on network and edition pages, the network's on a
    participant's page. The labels come from the model's own code (`Membership.period_label`).
    """

    slug: str
    name: str
    url: str
    role: str
    role_label: str
    ended: bool
    period_label: str
    note: str
    sources: str
    is_demo: bool
    network_id: int | None = None
    voivodeship: str | None = None
    edition_short_name: str = ""
    edition_url: str = ""


def _membership_rows(memberships: QuerySet, *, subject: str, **lookups: str) -> list[MembershipRow]:
    """Rows for `memberships` naming their `subject` ("participant" or "network").

    `lookups` fills other fields of MembershipRow (`voivodeship="participant__voivodeship__name"`);
    `edition_slug` gives the row its `edition_url`.
    """
    lookups = {"slug": f"{subject}__slug", "name": f"{subject}__name", **lookups}
    subject_url = _slug_urls(f"portal:{subject}")
    edition_url = _slug_urls("portal:edition")
    roles = {value: str(label) for value, label in Membership.Role.choices}
    # Many memberships share their dates (a network's members start together), and each label costs
    # two date_format() calls: compute each distinct one once.
    periods: dict[tuple, str] = {}
    rows = []
    for row in memberships.table_rows(*lookups.values()):
        values = row._asdict()
        fields = {field: values[lookup] for field, lookup in lookups.items()}
        if (edition_slug := fields.pop("edition_slug", None)) is not None:
            fields["edition_url"] = edition_url(edition_slug)
        dates = (row.valid_from, row.valid_to, row.ended)
        if dates not in periods:
            periods[dates] = Membership.period_label.fget(row)
        rows.append(MembershipRow(
            url=subject_url(fields["slug"]),
            role=row.role,
            role_label=roles.get(row.role, row.role),
            ended=row.ended,
            period_label=periods[dates],
            note=row.note,
            sources=row.sources,
            is_demo=row.is_demo,
            **fields,
        ))
    return rows


def _set_urls(objects: Iterable, viewname: str) -> None:
    """Give each object of a long table its `url` (the same as its `get_absolute_url()`), computed cheaply."""
    url = _slug_urls(viewname)
    for obj in objects:
        obj.url = url(obj.slug)


def healthz(request: HttpRequest) -> HttpResponse:
    # Also the framework floor in `make bench`: a trivial view through the full middleware stack.
    return HttpResponse("ok", content_type="text/plain")


def _participation_counts() -> dict:
    """How many took part in PIM and in each edition, pre-aggregated (style.md, Performance habits 4).

    Counting distinct participants reads every membership (30,000 on the national data, 10-15 ms on
    PostgreSQL, most of the home page's queries) and the numbers change only with memberships, so they
    are cached with the map and busted by the same signals (`pim.portal.signals`).
    """
    key = participation_cache_key("counts")
    counts = cache.get(key)
    if counts is None:
        counts = {
            "participants": Participant.objects.in_pim().count(),
            "editions": {
                edition.pk: (edition.network_count, edition.participant_count, edition.unassigned_count)
                for edition in Edition.objects.with_participation_counts()
            },
        }
        cache.set(key, counts, CACHE_SECONDS)
    return counts


def home(request: HttpRequest) -> HttpResponse:
    programme = Programme.objects.order_by("pk").first()
    goals = list(programme.goals.order_by("kind", "order")) if programme else []
    counts = _participation_counts()
    key_numbers = {
        "participants": counts["participants"],
        "networks": ThematicNetwork.objects.count(),
        "action_plans": ActionPlan.objects.count(),
        "events": Event.objects.public().count(),
        "recommendations": Recommendation.objects.count(),
    }
    editions = list(Edition.objects.for_overview())
    for edition in editions:
        # An edition added since the counts were cached has no networks yet: adding one busts the cache.
        edition.network_count, edition.participant_count, edition.unassigned_count = counts["editions"].get(
            edition.pk, (0, 0, 0)
        )
    return render(request, "portal/home.html", {
        "programme": programme,
        "main_goals": [g for g in goals if g.kind == ProgrammeGoal.Kind.MAIN],
        "specific_goals": [g for g in goals if g.kind == ProgrammeGoal.Kind.SPECIFIC],
        "editions": editions,
        "key_numbers": key_numbers,
    })


def edition_detail(request: HttpRequest, slug: str) -> HttpResponse:
    edition = get_edition_for_user(request.user, slug)
    events, more_events = _bounded(edition.events.edition_level().public().for_list(), EVENTS_ON_DETAIL_PAGE)
    limit = MEMBERS_PER_NETWORK_ON_EDITION_PAGE
    networks = list(edition.networks.for_edition_page())
    # Picking each network's first members sorts all of the edition's memberships by name (1,500 on the
    # national data, the page's dearest query), so the rows are cached like the map, per language (their
    # labels are translated), and busted by the same signals.
    key = participation_cache_key("edition-members", str(edition.pk), str(limit), get_language())
    members = cache.get(key)
    if members is None:
        members = _membership_rows(
            Membership.objects.filter(network__edition=edition).first_per_network(limit + 1),
            subject="participant",
            network_id="network_id",
            voivodeship="participant__voivodeship__name",
        )
        cache.set(key, members, CACHE_SECONDS)
    members_of: dict[int, list[MembershipRow]] = {}
    for row in members:
        members_of.setdefault(row.network_id, []).append(row)
    for network in networks:
        network.member_list = members_of.get(network.pk, [])
        network.more_members = len(network.member_list) > limit
        del network.member_list[limit:]
    unassigned = list(edition.participants_without_network.for_list())
    _set_urls((row.participant for row in unassigned), "portal:participant")
    return render(request, "portal/edition_detail.html", {
        "edition": edition,
        "networks": networks,
        "member_limit": limit,
        "unassigned": unassigned,
        # Ordered here by their own columns: the models' default ordering starts with the edition, a join.
        "products": edition.products.order_by("kind", "pk"),
        "figures": edition.figures.order_by("key", "pk"),
        "events": events,
        "more_events": more_events,
        "event_limit": EVENTS_ON_DETAIL_PAGE,
    })


def network_detail(request: HttpRequest, slug: str) -> HttpResponse:
    network = get_network_for_user(request.user, slug)
    improvement_plan = ImprovementPlan.objects.with_recommendations().filter(network=network).first()
    events, more_events = _bounded(network.events.public().for_list(), EVENTS_ON_DETAIL_PAGE)
    rows = {"subject": "participant", "voivodeship": "participant__voivodeship__name"}
    members = _membership_rows(network.memberships.current().for_network_page(), **rows)
    former_members = _membership_rows(network.memberships.former().for_network_page(), **rows)
    return render(request, "portal/network_detail.html", {
        "network": network,
        "members": members,
        "leads": [m for m in members if m.role == Membership.Role.LEAD],
        "former_members": former_members,
        "experts": RoleAssignment.objects.experts_for(network),
        "classifications": resolve_participants(network.classification_groups),
        "action_plans": network.action_plans.for_list(),
        "events": events,
        "more_events": more_events,
        "event_limit": EVENTS_ON_DETAIL_PAGE,
        "improvement_plan": improvement_plan,
        "pu": network_pu_links(request.user, network, improvement_plan),
        "roadmap": roadmap_for_reader(request.user, network),
        # Asked about a workshop of this network: its organisers are the operator, the experts and the lead city.
        "can_add_event": request.user.has_perm(
            "events.add_event", Event(network=network, edition_id=network.edition_id, kind=Event.Kind.NETWORK_WORKSHOP)
        ),
    })


@dataclass(frozen=True)
class ParticipantRow:
    participant: Participant
    url: str
    editions: list[Edition]
    # The links of the editions column, joined: participants of the national data took part in ten
    # editions each, and a template loop over them was most of the page's rendering.
    edition_links: SafeString


def participant_list(request: HttpRequest) -> HttpResponse:
    form = ParticipantFilterForm(
        request.GET,
        voivodeships=Voivodeship.objects.order_by(folded("name")),
        editions=Edition.objects.order_by("start_year", "pk"),
    )
    participants = Participant.objects.filter_by(**form.queryset_filters()).for_list()
    paginated = paginate(request, participants, per_page=PARTICIPANTS_PER_PAGE)
    page_participants = list(paginated.page.object_list)
    # The editions column comes from (participant, edition) id pairs, not prefetched memberships (participant
    # 0000 of the bench has 200), and each edition's link is built once, not once per row naming it.
    editions = Edition.objects.by_participant(p.pk for p in page_participants)
    edition_url = _slug_urls("portal:edition")
    links = {
        edition.pk: format_html('<a href="{}">{}</a>', edition_url(edition.slug), edition.short_name)
        for edition in {e.pk: e for row_editions in editions.values() for e in row_editions}.values()
    }
    participant_url = _slug_urls("portal:participant")
    rows = []
    for participant in page_participants:
        row_editions = editions.get(participant.pk, [])
        rows.append(ParticipantRow(
            participant=participant,
            url=participant_url(participant.slug),
            editions=row_editions,
            # Joined from format_html() output, which is escaped.
            edition_links=mark_safe(", ".join(links[e.pk] for e in row_editions)),
        ))
    return render(request, "portal/participant_list.html", {
        "form": form,
        "page_obj": paginated.page,
        "rows": rows,
        "page_query": paginated.query,
        "notices": form.notices() + paginated.notices,
    })


def participant_detail(request: HttpRequest, slug: str) -> HttpResponse:
    participant = get_participant_for_user(request.user, slug)
    hosted_events, more_hosted = _bounded(participant.hosted_events.public().for_list(), EVENTS_ON_PARTICIPANT_PAGE)
    network_events, more_network_events = _bounded(
        Event.objects.public().of_networks_of(participant).first_for_list(EVENTS_ON_PARTICIPANT_PAGE + 1),
        EVENTS_ON_PARTICIPANT_PAGE,
    )
    memberships = _membership_rows(
        participant.memberships.for_participant_page()[: MEMBERSHIPS_ON_PARTICIPANT_PAGE + 1],
        subject="network",
        edition_slug="network__edition__slug",
        edition_short_name="network__edition__short_name",
    )
    more_memberships = len(memberships) > MEMBERSHIPS_ON_PARTICIPANT_PAGE
    del memberships[MEMBERSHIPS_ON_PARTICIPANT_PAGE:]
    edition_participations = list(participant.edition_participations.for_list())
    _set_urls((row.edition for row in edition_participations), "portal:edition")
    return render(request, "portal/participant_detail.html", {
        "participant": participant,
        "memberships": memberships,
        "more_memberships": more_memberships,
        "membership_limit": MEMBERSHIPS_ON_PARTICIPANT_PAGE,
        "edition_participations": edition_participations,
        "action_plans": participant.action_plans.for_participant_page(),
        "units": participant.units.order_by("name", "pk"),
        "hosted_events": hosted_events,
        "more_hosted_events": more_hosted,
        "network_events": network_events,
        "more_network_events": more_network_events,
        "event_limit": EVENTS_ON_PARTICIPANT_PAGE,
        "lp_summaries": LocalPartnership.objects.public_summaries_of(participant),
    })


def map_view(request: HttpRequest) -> HttpResponse:
    editions = list(Edition.objects.order_by("start_year", "pk"))
    form = MapFilterForm(request.GET, editions=editions)
    edition_slug = form.filters().get("edition", "")
    # The drawing and its tables take 0.1-0.2 s to build for 2,500 participants (0.5 MB of SVG) and change
    # only when participants or memberships do, so they are cached per language and edition filter;
    # `pim.portal.signals` busts the cache.
    key = participation_cache_key("map", get_language(), edition_slug)
    map_html = cache.get(key)
    if map_html is None:
        map_html = _render_map(request, edition_slug)
        cache.set(key, map_html, CACHE_SECONDS)
    return render(request, "portal/map.html", {
        "form": form,
        "notices": form.notices(),
        "edition": next((e for e in editions if e.slug == edition_slug), None),
        "map_html": map_html,
    })


@dataclass(frozen=True, slots=True)
class MapParticipant:
    """One participant as the map draws it: a row of `ParticipantQuerySet.map_points()` and its address."""

    slug: str
    name: str
    voivodeship_id: int | None
    voivodeship_name: str | None
    latitude: float | None
    longitude: float | None
    is_demo: bool
    url: str


def _render_map(request: HttpRequest, edition_slug: str) -> str:
    participant_url = _slug_urls("portal:participant")
    points = [
        MapParticipant(**row._asdict(), url=participant_url(row.slug))
        for row in Participant.objects.filter_by(edition=edition_slug).map_points()
    ]
    list_url = reverse("portal:participant_list")
    return render_to_string("portal/_map.html", {
        "map": build_map(points, Voivodeship.objects.order_by(folded("name"))),
        "edition_slug": edition_slug,
        "participant_list_url": f"{list_url}?edition={edition_slug}" if edition_slug else list_url,
        "table_limit": MAP_TABLE_LIMIT,
        "level_bounds": LEVEL_BOUNDS,
    }, request)


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
