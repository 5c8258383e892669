"""The public scoreboard: every recommendation with its current status, read from the recommendation's row.

The current status of a recommendation is its latest status update, else the decision of its latest
response, else "no response yet" (or "no response recorded" for records of the programme's history, whose
responses, if any, are not known to us). The services store the first two in `Recommendation.latest_status`
when they append a response or an update; `with_current_status` adds the last two, so a page of the
scoreboard, the CSV and JSON exports and the API read it in the same query as the rows.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from html import escape as _esc
from itertools import islice
from typing import Any, NamedTuple

from django import forms
from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import normalize_newlines
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pim.core.forms import LenientFilterForm
from pim.core.text import fold
from pim.plans.models import ActionPlan
from pim.programmes.models import Edition, Institution, ThematicNetwork
from pim.programmes.rules import user_roles
from pim.recommendations.models import (
    Barrier,
    ImprovementPlan,
    Recommendation,
    RecommendationQuerySet,
    RecommendationResponse,
    RecommendationStatusUpdate,
)
from pim.recommendations.rules import member_network_ids

# A PU is public from the moment the network finalises it (the historical ones were all handed over); its
# drafts stay with the people writing them (`recommendations.view_recommendation`).
PUBLIC_PLAN_STATES = ImprovementPlan.PUBLIC_STATES

NO_RESPONSE = "no_response"
NOT_RECORDED = "not_recorded"

# Every value `current_status` can take, in the order the filter offers them. Decisions and statuses never
# share a value, so one column holds both.
STATUS_CHOICES: list[tuple[str, Any]] = [
    *RecommendationStatusUpdate.Status.choices,
    *RecommendationResponse.Decision.choices,
    (NO_RESPONSE, _("no response yet")),
    (NOT_RECORDED, _("no response recorded")),
]
STATUS_LABELS: dict[str, Any] = dict(STATUS_CHOICES)


def status_label(value: str) -> str:
    return str(STATUS_LABELS.get(value, value))


def is_historical(recommendation: Recommendation) -> bool:
    """A record of the programme's history (it cites sources); records entered in the platform cite none."""
    return bool(recommendation.sources)


def public_filter() -> Q:
    """Recommendations anyone may read."""
    return Q(improvement_plan__state__in=PUBLIC_PLAN_STATES)


SCOREBOARD_ORDER = ("-improvement_plan__network__edition__start_year", "improvement_plan__network__name", "order", "pk")


class ScoreboardQuerySet(RecommendationQuerySet):
    """Recommendations as the scoreboard, its exports and the API read them (with the model's `overdue` rule)."""

    def visible_to(self, user: Any) -> ScoreboardQuerySet:
        """Public recommendations, and the drafts the user reads while the network writes them.

        The `recommendations.view_recommendation` rule (the trace page's) as one filter for lists.
        """
        roles = user_roles(user)
        if roles.operator_of_all_editions:
            return self
        visible = public_filter()
        # Only the roles the user holds: an empty `__in` still adds its join, and the public pages would pay it.
        if roles.operator_editions:
            visible |= Q(improvement_plan__network__edition_id__in=roles.operator_editions)
        if networks := roles.expert_networks | member_network_ids(user):
            visible |= Q(improvement_plan__network_id__in=networks)
        return self.filter(visible)

    def with_current_status(self) -> ScoreboardQuerySet:
        """Annotate `current_status` (a value of `STATUS_CHOICES`) and `status_on` from the stored columns."""
        return self.annotate(
            current_status=Case(
                When(latest_status="", sources="", then=Value(NO_RESPONSE)),
                When(latest_status="", then=Value(NOT_RECORDED)),
                default=F("latest_status"), output_field=CharField(),
            ),
            status_on=F("latest_status_on"),
        )

    def for_scoreboard(self) -> ScoreboardQuerySet:
        """Rows with what the scoreboard shows: status, overdue flag, PU, network, edition and its owner ministry
        (who answers when no addressee is named), addressees; in a stable order."""
        return (
            self.with_current_status().with_overdue()
            .select_related("improvement_plan__network__edition__owner")
            .prefetch_related("addressees").order_by(*SCOREBOARD_ORDER)
        )

    def page_ids(self) -> QuerySet:
        """The ids in scoreboard order, to choose a page by (see `rows_in_order`)."""
        return self.order_by(*SCOREBOARD_ORDER).values_list("pk", flat=True)

    def for_export(self) -> ScoreboardQuerySet:
        """The same rows for `export_rows()`, which reads plain values and the addressees itself."""
        return self.with_current_status().with_overdue().order_by(*SCOREBOARD_ORDER)

    def filter_by(
        self, *, edition: Edition | None = None, network: ThematicNetwork | None = None, type: str = "",
        addressee: Institution | None = None, status: str = "", overdue: bool | str = False,
    ) -> ScoreboardQuerySet:
        queryset = self
        if edition is not None:
            queryset = queryset.filter(improvement_plan__network__edition=edition)
        if network is not None:
            queryset = queryset.filter(improvement_plan__network=network)
        if type:
            queryset = queryset.filter(type=type)
        if addressee is not None:
            queryset = queryset.addressed_to(addressee.pk)
        if status:
            queryset = queryset.with_status(status)
        if overdue:
            queryset = queryset.overdue()
        return queryset

    def addressed_to(self, institution_id: int | Subquery) -> ScoreboardQuerySet:
        """Recommendations the institution answers: it is a named addressee, or none is named and it is the
        edition's owner ministry (the fallback of `pim.recommendations.rules.addressee_ids`)."""
        # Subqueries, not a join: a join on the addressees would repeat rows and break the count.
        links = Recommendation.addressees.through.objects
        return self.filter(
            Q(pk__in=links.filter(institution_id=institution_id).values("recommendation_id"))
            | (Q(improvement_plan__network__edition__owner_id=institution_id)
               & ~Exists(links.filter(recommendation_id=OuterRef("pk"))))
        )

    def with_status(self, status: str) -> ScoreboardQuerySet:
        """Recommendations whose current status is `status` (the rule of `with_current_status`), on the indexed
        column: a status or a decision is stored as it is, the two "no response" values are an empty one."""
        if status in RecommendationStatusUpdate.Status.values or status in RecommendationResponse.Decision.values:
            return self.filter(latest_status=status)
        if status == NO_RESPONSE:
            return self.filter(latest_status="", sources="")
        if status == NOT_RECORDED:
            return self.filter(latest_status="").exclude(sources="")
        return self.none()


def recommendations() -> ScoreboardQuerySet:
    return ScoreboardQuerySet(model=Recommendation)


def rows_in_order(ids: list[int]) -> list[Recommendation]:
    """The scoreboard rows of these recommendations (status, PU, addressees), in the order given.

    A page is chosen by id first (`page_ids`): the sorted query reads ids only, and the rows' columns and joins
    are read for the page's 50 rows, not for every recommendation (SQLite computes every column of a sorted
    query before sorting).
    """
    by_pk = {rec.pk: rec for rec in recommendations().filter(pk__in=ids).for_scoreboard()}
    return [by_pk[pk] for pk in ids]


class ScoreboardFilterForm(LenientFilterForm):
    """The scoreboard's GET filters. An unknown value is dropped with a notice, never a refused page."""

    edition = forms.ModelChoiceField(
        label=_("Edition"), required=False, queryset=Edition.objects.none(), to_field_name="slug",
        empty_label=_("any"),
    )
    network = forms.ModelChoiceField(
        label=_("Network"), required=False, queryset=ThematicNetwork.objects.none(), to_field_name="slug",
        empty_label=_("any"),
    )
    type = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("any")), *Recommendation.Type.choices])
    addressee = forms.ModelChoiceField(
        label=_("Addressee"), required=False, queryset=Institution.objects.none(), to_field_name="slug",
        empty_label=_("any"),
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("any")), *STATUS_CHOICES])
    overdue = forms.ChoiceField(
        label=_("Response deadline"), required=False, choices=[("", _("any")), ("1", _("overdue only"))]
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["edition"].queryset = Edition.objects.order_by("-start_year", "pk")
        self.fields["network"].queryset = ThematicNetwork.objects.filter(improvement_plan__isnull=False).order_by(
            "-edition__start_year", "name"
        )
        # Only the addressees of recommendations the user may read: a draft's addressee is not public yet.
        visible = recommendations().visible_to(user)
        links = Recommendation.addressees.through.objects
        addressed = links.filter(recommendation__in=visible)
        # And the owner ministries answering the recommendations that name no addressee (`addressed_to`).
        unaddressed = visible.filter(~Exists(links.filter(recommendation_id=OuterRef("pk"))))
        self.fields["addressee"].queryset = Institution.objects.filter(
            Q(pk__in=addressed.values("institution_id"))
            | Q(pk__in=unaddressed.values("improvement_plan__network__edition__owner_id"))
        ).order_by("name")


def default_addressee_marker() -> str:
    """Said after the owner ministry's name where it answers only because no addressee is named."""
    return gettext("(the competent ministry — by default)")


def addressee_names(recommendation: Recommendation) -> str:
    """The named addressees; with none, the edition's owner ministry marked as the default (needs the edition's
    `owner` selected, as `for_scoreboard` does)."""
    names = "; ".join(institution.name for institution in recommendation.addressees.all())
    if names:
        return names
    owner = recommendation.improvement_plan.network.edition.owner
    return f"{owner.name} {default_addressee_marker()}" if owner else ""


def is_overdue(
    recommendation: Recommendation, responses: list[RecommendationResponse], today: datetime.date | None = None
) -> bool:
    """`RecommendationQuerySet.with_overdue` for one recommendation whose responses are read already (the trace):
    past its deadline, and some named addressee has not responded (with none named, nobody has)."""
    due = recommendation.response_due_on
    if due is None or due >= (today or timezone.localdate()):
        return False
    answered = {response.institution_id for response in responses}
    named = {institution.pk for institution in recommendation.addressees.all()}
    return bool(named - answered) if named else not answered


EXPORT_FIELDS = {
    "id": "pk", "edition": "improvement_plan__network__edition__slug", "network": "improvement_plan__network__slug",
    "network_name": "improvement_plan__network__name", "network_short_name": "improvement_plan__network__short_name",
    "improvement_plan": "improvement_plan__title", "improvement_plan_state": "improvement_plan__state",
    "order": "order", "text": "text", "type": "type", "is_key": "is_key", "horizon": "horizon", "priority": "priority",
    "current_status": "current_status", "status_on": "status_on", "response_due_on": "response_due_on",
    "is_demo": "is_demo", "sources": "sources", "overdue": "is_overdue",
    "owner_name": "improvement_plan__network__edition__owner__name",
}


def export_rows(queryset: ScoreboardQuerySet, base_url: str, *, chunk: int = 1000) -> Iterator[dict[str, Any]]:
    """The scoreboard as plain records (the CSV and JSON exports' rows, with stable keys), streamed.

    Plain values, not model instances, and the addressees read per chunk from the link table: building four
    model instances and a related manager per row was most of the export's time.
    """
    trace_path = trace_paths()
    labels = {value: str(label) for value, label in STATUS_CHOICES}
    plan_label = gettext("Improvement Plan")
    marker = default_addressee_marker()
    Addressee = Recommendation.addressees.through
    rows = queryset.values(*EXPORT_FIELDS.values()).iterator(chunk_size=chunk)
    while batch := list(islice(rows, chunk)):
        names: dict[int, list[str]] = defaultdict(list)
        for rec_id, name in Addressee.objects.filter(recommendation_id__in=[row["pk"] for row in batch]).order_by(
            "institution__name"
        ).values_list("recommendation_id", "institution__name"):
            names[rec_id].append(name)
        for row in batch:
            record = {key: row[field] for key, field in EXPORT_FIELDS.items()}
            network = record.pop("network_short_name") or record["network_name"]
            record["improvement_plan"] = record["improvement_plan"] or f"{plan_label}: {network}"
            owner = record.pop("owner_name")
            # With no addressee named, the owner ministry answers: said so, never passed off as a named one.
            record["addressees_default"] = not names[record["id"]] and owner is not None
            record["addressees"] = (
                "; ".join(names[record["id"]]) if names[record["id"]] else f"{owner} {marker}" if owner else ""
            )
            record["current_status_label"] = labels.get(record["current_status"], record["current_status"])
            for key in ("status_on", "response_due_on"):
                record[key] = record[key].isoformat() if record[key] else ""
            record["trace_url"] = f"{base_url}{trace_path(record['id'])}"
            yield record


EXPORT_COLUMNS = (
    "id", "edition", "network", "network_name", "improvement_plan", "improvement_plan_state", "order", "text",
    "type", "is_key", "horizon", "priority", "addressees", "current_status", "current_status_label", "status_on",
    "response_due_on", "overdue", "addressees_default", "is_demo", "sources", "trace_url",
)


def trace_paths() -> Callable[[int], str]:
    """pk -> the trace page's path; reverse() once per row was most of a long export's time."""
    prefix = reverse("recommendations:trace", args=[0]).removesuffix("0/")
    return lambda pk: f"{prefix}{pk}/"


class Link(NamedTuple):
    text: str
    url: str


class MidLink(NamedTuple):
    """A MID that names the barrier ("city: title"); its barrier text only when the MID's content is public."""

    text: str
    url: str
    description: str | None


class TraceBarrier(NamedTuple):
    """A register barrier as the trace shows it: plain values, not a model instance per barrier."""

    pk: int
    type: str
    description: str


@dataclass
class BarrierTrace:
    """One barrier of the register behind a recommendation, with the barriers merged into it."""

    barrier: TraceBarrier
    heading: str
    merged: list[TraceBarrier]
    cities: list[Link]
    mids: list[MidLink]
    event_outcomes: list[tuple[Link, str]]

    def html(self, labels: dict[str, str]) -> str:
        """The barrier's <article>, built here rather than in a template loop: a trace can hold hundreds of
        barriers and a thousand links, and the template's nodes were most of its rendering (as the portal's
        participant list found, style rule 8). `labels` are the headings, translated and escaped once per page.
        `html.escape`, not Django's `escape`: its lazy-string wrapper cost more than the escaping itself."""
        parts = [
            f"<article><h3>{_esc(self.heading)}</h3>",
            f'<p lang="pl">{_linebreaksbr(self.barrier.description)}</p>',
            f"<p><strong>{labels['cities']}</strong> ",
            ", ".join(f'<a href="{_esc(city.url)}">{_esc(city.text)}</a>' for city in self.cities)
            if self.cities else f'<span class="unknown">{labels["not_recorded"]}</span>',
            "</p>",
        ]
        if self.merged:
            parts.append(f"<p><strong>{labels['merged']}</strong></p><ul>")
            parts += [f'<li lang="pl">{_esc(source.description)}</li>' for source in self.merged]
            parts.append("</ul>")
        parts.append(f"<p><strong>{labels['mids']}</strong></p>")
        if self.mids:
            parts.append("<ul>")
            parts += [
                f'<li><a href="{_esc(mid.url)}" lang="pl">{_esc(mid.text)}</a>'
                + (f': <span lang="pl">{_esc(mid.description)}</span>' if mid.description is not None else "")
                + "</li>"
                for mid in self.mids
            ]
            parts.append("</ul>")
        else:
            parts.append(f'<p class="unknown">{labels["no_mid"]}</p>')
        if self.event_outcomes:
            parts.append(f"<p><strong>{labels['events']}</strong></p><ul>")
            parts += [
                f'<li><a href="{_esc(event.url)}" lang="pl">{_esc(event.text)}</a>: '
                f'<span lang="pl">{_esc(text)}</span></li>'
                for event, text in self.event_outcomes
            ]
            parts.append("</ul>")
        parts.append("</article>")
        return "".join(parts)


def _linebreaksbr(text: str) -> str:
    """The `linebreaksbr` filter's output, without a template."""
    return _esc(normalize_newlines(text)).replace("\n", "<br>")


# The first barriers a trace shows; the rest are one link away (`?barriers=all`), so the responses and the
# status, further down, stay near, and a 200-barrier trace stays a page.
TRACE_BARRIERS_SHOWN = 50


@dataclass
class Trace:
    """From the cities' barriers to today's status: everything the trace page shows, loaded up front."""

    recommendation: Recommendation
    barriers: list[BarrierTrace]
    barrier_count: int
    responses: list[RecommendationResponse]
    status_updates: list[RecommendationStatusUpdate]
    current_status: str

    @property
    def current_status_label(self) -> str:
        return status_label(self.current_status)

    @property
    def barriers_cut(self) -> bool:
        """Only the first barriers are shown."""
        return len(self.barriers) < self.barrier_count

    @cached_property
    def barriers_html(self) -> SafeString:
        labels = {key: _esc(text) for key, text in {
            "cities": gettext("Cities that raised it:"), "not_recorded": gettext("not recorded"),
            "merged": gettext("Merged from these barriers:"), "mids": gettext("2. In these MIDs:"),
            "no_mid": gettext("No MID recorded this barrier."), "events": gettext("Raised at these events:"),
        }.items()}
        return mark_safe("".join(item.html(labels) for item in self.barriers))  # every part escaped in `html`


# Merges can be merged again; past this depth something is wrong with the register, not worth a page.
MAX_MERGE_DEPTH = 10


def url_maker(name: str, sample: Any) -> Callable[[Any], str]:
    """arg -> the URL `name` reverses to, filled in from one reverse(): a trace can link a thousand cities."""
    prefix = reverse(name, args=[sample]).removesuffix(f"{sample}/")
    return lambda arg: f"{prefix}{arg}/"


def _links_by_barrier(ids: list[int]) -> tuple[dict, dict, dict]:
    """Cities, MIDs and public event outcomes of the barriers, as ready links, read from the link tables.

    One query each, as plain values: `prefetch_related` clones a queryset for every barrier and prefetch, and
    building the model instances was most of the rest of a 200-barrier trace.
    """
    city_url = url_maker("portal:participant", "x")
    mid_url = url_maker("portal:action_plan", 0)
    event_url = url_maker("portal:event", 0)
    untitled = gettext("MID")
    cities: dict[int, list[tuple[str, Link]]] = defaultdict(list)
    for barrier_id, name, slug in Barrier.cities.through.objects.filter(barrier_id__in=ids).values_list(
        "barrier_id", "participant__name", "participant__slug"
    ):
        cities[barrier_id].append((slug, Link(name, city_url(slug))))
    mids: dict[int, list[MidLink]] = defaultdict(list)
    for barrier_id, description, plan_id, title, state, city in Barrier.plan_barriers.through.objects.filter(
        from_barrier_id__in=ids
    ).order_by("to_barrier__plan_id", "to_barrier__order", "pk").values_list(
        "from_barrier_id", "to_barrier__description", "to_barrier__plan_id", "to_barrier__plan__title",
        "to_barrier__plan__state", "to_barrier__plan__participant__name",
    ):
        title = title or untitled
        mids[barrier_id].append(MidLink(
            text=f"{city}: {title}" if city else title, url=mid_url(plan_id),
            description=description if state in ActionPlan.PUBLIC_STATES else None,
        ))
    outcomes: dict[int, list[tuple[Link, str]]] = defaultdict(list)
    # Outcomes of events the public does not see (an LP's internal meeting) stay off the public trace.
    for barrier_id, text, event_id, title, number in Barrier.event_outcomes.through.objects.filter(
        barrier_id__in=ids, eventoutcome__event__is_public=True
    ).order_by("eventoutcome__event__starts_on", "pk").values_list(
        "barrier_id", "eventoutcome__text", "eventoutcome__event_id", "eventoutcome__event__title",
        "eventoutcome__event__sequence_number",
    ):
        outcomes[barrier_id].append((Link(f"{title} #{number}" if number else title, event_url(event_id)), text))
    return cities, mids, outcomes


def build_trace(recommendation: Recommendation, *, limit: int | None = TRACE_BARRIERS_SHOWN) -> Trace:
    """The recommendation's trace in a fixed number of queries (one more per level of merging): its first
    `limit` barriers (all with None), with the barriers merged into them and their links."""
    # A barrier copied from a MID draft or a private event shows a placeholder (`Barrier.with_public_text`).
    every = recommendation.barriers.with_public_text().order_by("type", "pk").values_list(
        "pk", "type", "description", "has_public_text"
    )
    direct = [TraceBarrier(pk, kind, Barrier.text_or_placeholder(text, public)) for pk, kind, text, public in every]
    barrier_count = len(direct)
    direct = direct[:limit]
    merged_into: dict[int, list[TraceBarrier]] = defaultdict(list)
    frontier = [barrier.pk for barrier in direct]
    for _depth in range(MAX_MERGE_DEPTH):
        if not frontier:
            break
        found = Barrier.objects.filter(merged_into_id__in=frontier).with_public_text().order_by("pk").values_list(
            "merged_into_id", "pk", "type", "description", "has_public_text"
        )
        frontier = []
        for parent, pk, kind, text, public in found:
            merged_into[parent].append(TraceBarrier(pk, kind, Barrier.text_or_placeholder(text, public)))
            frontier.append(pk)
    ids = [barrier.pk for barrier in direct] + [b.pk for group in merged_into.values() for b in group]
    cities_of, mids_of, outcomes_of = _links_by_barrier(ids)

    def sources_of(pk: int) -> list[TraceBarrier]:
        """The barriers merged into `pk`, depth first (each followed by the ones merged into it)."""
        found: list[TraceBarrier] = []
        stack = list(reversed(merged_into.get(pk, ())))
        while stack:
            child = stack.pop()
            found.append(child)
            stack += reversed(merged_into.get(child.pk, ()))
        return found

    heading = gettext("Barrier %(n)s (%(type)s)")
    types = {value: str(label) for value, label in Barrier.Type.choices}
    sort_keys: dict[str, str] = {}
    traces = []
    for n, barrier in enumerate(direct, start=1):
        group = [barrier, *sources_of(barrier.pk)]
        # A city that raised several barriers of the cluster is named once.
        city_links = {slug: link for b in group for slug, link in cities_of.get(b.pk, ())}
        for link in city_links.values():
            if link.text not in sort_keys:
                sort_keys[link.text] = fold(link.text)
        traces.append(BarrierTrace(
            barrier=barrier, heading=heading % {"n": n, "type": types.get(barrier.type, barrier.type)},
            merged=group[1:], cities=sorted(city_links.values(), key=lambda link: sort_keys[link.text]),
            mids=[mid for b in group for mid in mids_of.get(b.pk, ())],
            event_outcomes=[outcome for b in group for outcome in outcomes_of.get(b.pk, ())],
        ))
    responses = list(recommendation.responses.select_related("institution").order_by("responded_on", "pk"))
    updates = list(recommendation.status_updates.select_related("institution").order_by("reported_on", "pk"))
    if updates:
        current = updates[-1].status
    elif responses:
        current = responses[-1].decision
    else:
        current = NOT_RECORDED if is_historical(recommendation) else NO_RESPONSE
    return Trace(recommendation=recommendation, barriers=traces, barrier_count=barrier_count, responses=responses,
                 status_updates=updates, current_status=current)
