"""The MID scenario: one big, approved MID (60 actions with fundings, 120 indicators with values, every section
filled) added to the bench database, and the URLs and exports timed on it.

The MID is added by `ensure_big_mid()` after the dataset is built or reused, not by `synthetic.build()`: the
generator's code is part of the dataset fingerprint, and changing it would force every bench database to be
rebuilt. The function is idempotent (it finds the MID by its title), so a reused database gets it once.
"""

from __future__ import annotations

import datetime
import functools
import gc
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pim.plans.models import (
    Action,
    ActionFunding,
    ActionPlan,
    ActionStatusReport,
    Barrier,
    CommunicationItem,
    Indicator,
    IndicatorValue,
    Objective,
    ProblemTreeNode,
    Risk,
    Stakeholder,
    StrategyLink,
)
from pim.portal.bench.measure import Measurement, Target
from pim.portal.bench.synthetic import LOREM, SOURCE_KEYS
from pim.programmes.models import Edition, Membership, Person, RoleAssignment

TITLE_PREFIX = "Syntetyczna MID (benchmark)"
PAGE_BUDGET_MS = 80.0
PDF_BUDGET_MS = 3000.0
DOCX_BUDGET_MS = 1000.0
EXPORT_RUNS = 5


@dataclass(frozen=True)
class MidSize:
    actions: int
    indicators: int
    values_per_indicator: int = 3

    @property
    def title(self) -> str:
        return f"{TITLE_PREFIX}: {self.actions} działań, {self.indicators} wskaźników"


NATIONAL_MID = MidSize(actions=60, indicators=120)
# On the small dataset, for the "same query count" comparison.
SMALL_MID = MidSize(actions=6, indicators=12)


def ensure_big_mid(size: MidSize) -> ActionPlan:
    """The big MID of the current database, created on first use."""
    existing = ActionPlan.objects.filter(title=size.title, is_demo=True).first()
    if existing:
        return existing
    with transaction.atomic():
        return _create(size)


def _create(size: MidSize) -> ActionPlan:
    edition = Edition.objects.order_by("-start_year", "pk").first()
    if edition is None:
        raise LookupError("The bench database has no edition to add the MID to.")
    has_plan = ActionPlan.objects.filter(edition=edition, participant_id=OuterRef("participant_id"))
    membership = (
        Membership.objects.filter(network__edition=edition).filter(~Exists(has_plan))
        .select_related("network", "participant").order_by("network_id", "pk").first()
    )
    if membership is None:
        raise LookupError(f"Every city of {edition} already has a MID.")
    start = datetime.date(edition.start_year, 6, 1)
    rich = f"<p>{LOREM}</p>"
    plan = ActionPlan.objects.create(
        edition=edition, network=membership.network, participant=membership.participant, title=size.title,
        summary=rich, state=ActionPlan.State.APPROVED, started_on=start,
        target_completion_on=datetime.date(edition.start_year + 3, 12, 31), context_diagnosis=rich * 4,
        challenge_title="Syntetyczne wyzwanie", challenge_statement=rich * 2, governance=rich * 2,
        monitoring_note=LOREM, is_demo=True, sources=SOURCE_KEYS,
    )
    StrategyLink.objects.bulk_create(
        [StrategyLink(plan=plan, order=i, title=f"Syntetyczna strategia {i}", url="https://example.org/strategia",
                      note=LOREM) for i in range(3)]
    )
    core = ProblemTreeNode.objects.create(plan=plan, kind=ProblemTreeNode.Kind.CORE_PROBLEM, text=LOREM)
    ProblemTreeNode.objects.bulk_create(
        [ProblemTreeNode(plan=plan, kind=kind, parent=core, text=f"Syntetyczna przyczyna/skutek {i}", order=i)
         for i, kind in enumerate([ProblemTreeNode.Kind.CAUSE] * 4 + [ProblemTreeNode.Kind.EFFECT] * 3)]
    )
    Stakeholder.objects.bulk_create(
        [Stakeholder(plan=plan, name=f"Syntetyczny interesariusz {i}", interest=LOREM, engagement=LOREM, order=i)
         for i in range(8)]
    )
    generals = Objective.objects.bulk_create(
        [Objective(plan=plan, kind=Objective.Kind.GENERAL, text=f"Syntetyczny cel ogólny {i}", order=i) for i in range(2)]
    )
    specifics = Objective.objects.bulk_create(
        [Objective(plan=plan, kind=Objective.Kind.SPECIFIC, parent=generals[i % 2], text=f"Syntetyczny cel {i}",
                   order=10 + i) for i in range(6)]
    )
    CommunicationItem.objects.bulk_create(
        [CommunicationItem(plan=plan, target_group=f"Syntetyczna grupa {i}", channel="Spotkania", milestone="Start",
                           when=start + datetime.timedelta(days=90 * i), order=i) for i in range(5)]
    )
    Risk.objects.bulk_create([Risk(plan=plan, description=f"Syntetyczne ryzyko {i}", mitigation=LOREM, order=i)
                              for i in range(6)])
    Barrier.objects.bulk_create([Barrier(plan=plan, type=Barrier.Type.LEGAL, description=LOREM, order=i)
                                 for i in range(2)])
    actions = Action.objects.bulk_create([
        Action(
            plan=plan, objective=specifics[i % len(specifics)], order=i, title=f"Syntetyczne działanie {i + 1:02d}",
            description=LOREM, type=list(Action.Type)[i % len(Action.Type)], lead_unit="Syntetyczny wydział",
            partners="Syntetyczni partnerzy", starts_on=start + datetime.timedelta(days=30 * (i % 24)),
            ends_on=start + datetime.timedelta(days=30 * (i % 24) + 180), cost_estimate=Decimal(100_000 + 1000 * i),
            outputs=LOREM, risks=LOREM,
        )
        for i in range(size.actions)
    ])
    ActionFunding.objects.bulk_create([
        ActionFunding(action=action, source=f"Syntetyczne źródło {k}", kind=kind, order=k, status=status,
                      amount=(action.cost_estimate or Decimal(0)) / 2)
        for action in actions
        for k, (kind, status) in enumerate([(ActionFunding.Kind.CITY_BUDGET, ActionFunding.Status.SECURED),
                                            (ActionFunding.Kind.EU_FUNDS, ActionFunding.Status.PLANNED)])
    ])
    ActionStatusReport.objects.bulk_create([
        ActionStatusReport(action=action, status=ActionStatusReport.Status.IN_PROGRESS, percent=10 * (i % 10),
                           reported_on=start + datetime.timedelta(days=60), note=LOREM)
        for i, action in enumerate(actions) if i % 2 == 0
    ])
    Through = Action.dependencies.through
    Through.objects.bulk_create([
        Through(from_action_id=actions[i].pk, to_action_id=actions[i - 1].pk) for i in range(1, len(actions), 3)
    ])
    indicators = Indicator.objects.bulk_create([
        Indicator(
            plan=plan, action=actions[i % len(actions)] if i % 4 else None, name=f"Syntetyczny wskaźnik {i + 1:03d}",
            unit="szt.", baseline=Decimal(i), baseline_on=start, target=Decimal(10 * i + 10),
            target_on=datetime.date(edition.start_year + 3, 12, 31), source="Syntetyczne dane", frequency="rocznie",
            responsible="Syntetyczny wydział", order=i,
        )
        for i in range(size.indicators)
    ])
    IndicatorValue.objects.bulk_create([
        IndicatorValue(indicator=indicator, measured_on=start + datetime.timedelta(days=365 * k),
                       value=Decimal(k + 1), note="Syntetyczny pomiar")
        for indicator in indicators for k in range(size.values_per_indicator)
    ])
    return plan


TEAM_USERNAME = "bench-mid-team"


def ensure_team_member(plan: ActionPlan) -> str:
    """A city team member of the big MID's city (created once), to time the pages as their authors see them."""
    user, _created = get_user_model().objects.get_or_create(username=TEAM_USERNAME)
    person, _created = Person.objects.get_or_create(user=user, defaults={"name": "Syntetyczny członek zespołu",
                                                                         "is_demo": True})
    RoleAssignment.objects.get_or_create(person=person, role=RoleAssignment.Role.CITY_TEAM_MEMBER,
                                         participant=plan.participant, edition=None, network=None)
    return user.get_username()


def targets(plan: ActionPlan) -> list[Target]:
    """The MID's pages (anonymous and as the city team) and its API reads; the pages have the MID page's
    budget, the API lists the default one."""
    note = f"{plan.actions.count()} actions, {plan.indicators.count()} indicators"
    api = "/api/v1/action-plans"
    team = ensure_team_member(plan)
    return [
        Target("mid:page", reverse("portal:action_plan", args=[plan.pk]), note, budget_ms=PAGE_BUDGET_MS),
        Target("mid:page:team", reverse("portal:action_plan", args=[plan.pk]), f"{note}, as the city team",
               budget_ms=PAGE_BUDGET_MS, user=team),
        Target("mid:followup:team", reverse("plans:followup", args=[plan.pk]),
               f"status and values of {note}, as the city team", budget_ms=PAGE_BUDGET_MS, user=team),
        Target("mid:history:team", reverse("plans:history", args=[plan.pk]), "version list, as the city team",
               user=team),
        Target("mid:api:detail", f"{api}/{plan.pk}", f"sections of {note}", budget_ms=PAGE_BUDGET_MS),
        Target("mid:api:list", f"{api}?limit=100", "MID list, 100 per page"),
        Target("mid:api:actions", f"{api}/{plan.pk}/actions?limit=100", note),
        Target("mid:api:indicators", f"{api}/{plan.pk}/indicators?limit=100", note),
    ]


EXPORTS = (("pdf", "render_pdf", PDF_BUDGET_MS), ("docx", "render_docx", DOCX_BUDGET_MS))


def export_functions() -> tuple[dict[str, tuple[Callable[[ActionPlan], bytes], str, float]], list[str]]:
    """The MID export entry points of `pim.plans.exports` that exist (optional, written separately): kind ->
    (function of the plan, label, budget), and a note for each one left out.

    `exports.render(plan, fmt)` (build the document from the plan, then the file) is preferred; else a
    `render_<fmt>(plan)` taking the plan.
    """
    try:
        from pim.plans import exports  # noqa: PLC0415 (optional: written separately)
    except ImportError as exc:
        return {}, [f"pim.plans.exports not importable ({exc}); PDF/DOCX not timed"]
    found, missing = {}, []
    render = getattr(exports, "render", None)
    for kind, name, budget in EXPORTS:
        if callable(render):
            found[kind] = (functools.partial(render, fmt=kind), f"pim.plans.exports.render(plan, {kind!r})", budget)
        elif callable(getattr(exports, name, None)):
            found[kind] = (getattr(exports, name), f"pim.plans.exports.{name}(plan)", budget)
        else:
            missing.append(f"pim.plans.exports has neither render() nor {name}(); {kind.upper()} not timed")
    return found, missing


def time_exports(plan_pk: int, *, runs: int = EXPORT_RUNS) -> tuple[list[Measurement], list[str]]:
    """Each export's generation time, in-process, from a freshly fetched MID: one warm-up, then `runs` timed.

    The budget is checked against the median (the row's `budget_stat`).
    """
    functions, notes = export_functions()
    measurements = []
    for kind, (fn, label, budget) in functions.items():
        target = Target(f"mid:export:{kind}", label,
                        f"median of {runs} runs", budget_ms=budget, budget_stat="p50")
        try:
            fn(ActionPlan.objects.get(pk=plan_pk))
            with CaptureQueriesContext(connection) as queries:
                content = fn(ActionPlan.objects.get(pk=plan_pk))
            timings = []
            gc.collect()
            for _ in range(runs):
                started = time.perf_counter()
                fn(ActionPlan.objects.get(pk=plan_pk))
                timings.append((time.perf_counter() - started) * 1000)
        except Exception as exc:  # the bench reports a broken export, it does not stop
            notes.append(f"{target.name}: {type(exc).__name__}: {exc}")
            continue
        measurements.append(Measurement(target, timings, len(queries), len(content or b"")))
    return measurements, notes
