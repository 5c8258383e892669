"""The demo's fully worked example MID, written for a demo city so that no real city is credited with it.

`example_mid_ensure()` is idempotent: it creates the demo city and the MID, or puts an existing example
back to this content (the plan keeps its id, so links to it keep working). The content goes through
`pim.plans.editing`, the same validation as the services, and passes every completeness check.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from pim.places.models import Participant
from pim.plans import editing, sections
from pim.plans.models import (
    Action,
    ActionPlan,
    ActionStatusReport,
    Indicator,
    IndicatorValue,
    Objective,
    PlanTransition,
    PlanVersion,
)
from pim.programmes.models import ThematicNetwork

EDITION_SLUG = "2021-2023"
NETWORK_NAME_PART = "ziel"
CITY_NAME = "Miasto Przykładowe (demo)"
CITY_SLUG = "miasto-przykladowe-demo"
TITLE = "Przykład: Chłodne Śródmieście – błękitno-zielona infrastruktura w centrum miasta"
D = datetime.date

SECTIONS: dict[str, Any] = {
    "metadata": {
        "title": TITLE,
        "team_note": "Przykład demonstracyjny. Dwuosobowy zespół miejski: Wydział Strategii (diagnoza, "
                     "cele, monitoring) i Zarząd Zieleni Miejskiej (działania, budżet).",
        "started_on": "2022-03-01",
        "target_completion_on": "2026-12-31",
        "public_consultation": True,
        "summary": "<p>Przykładowa, w pełni wypełniona MID platformy PIM. Miasto, dane i kwoty są "
                   "fikcyjne.</p>",
    },
    "context": {
        "context_diagnosis": (
            "<p>Śródmieście zajmuje 4% powierzchni miasta, a mieszka w nim 18% mieszkańców. Powierzchnie "
            "uszczelnione stanowią 78% obszaru, a udział terenów zieleni – 6%.</p>"
            "<p>Pomiary termowizyjne z lipca 2022 r. pokazały, że temperatura powierzchni placów i podwórek "
            "przekracza 45°C, o 8°C więcej niż w parkach na obrzeżach.</p>"
            "<ul><li>Po ulewie w czerwcu 2021 r. zalanych zostało 37 piwnic.</li>"
            "<li>W ankiecie LP 64% mieszkańców wskazało upał jako główny problem latem.</li></ul>"
        ),
        "strategy_links": [
            {"title": "Strategia Rozwoju Miasta Przykładowego 2030", "url": "https://example.org/strategia",
             "note": "Cel strategiczny 2: miasto odporne na zmiany klimatu."},
            {"title": "Miejski Plan Adaptacji do zmian klimatu (MPA)", "url": "https://example.org/mpa",
             "note": "Działania A3 (retencja) i A7 (zieleń w centrum)."},
            {"title": "Gminny Program Rewitalizacji", "url": "",
             "note": "Śródmieście jest obszarem rewitalizacji."},
        ],
    },
    "problem_tree": [
        {"ref": "core", "kind": "core_problem", "text": "Śródmieście przegrzewa się latem i nie zatrzymuje wody "
                                                          "opadowej"},
        {"ref": "c1", "kind": "cause", "text": "Wysoki udział powierzchni uszczelnionych (78%)"},
        {"kind": "cause", "text": "Betonowe podwórka bez zieleni", "parent": "c1"},
        {"kind": "cause", "text": "Brak standardów zieleni w inwestycjach miejskich"},
        {"kind": "cause", "text": "Rozproszona odpowiedzialność za zieleń między wydziałami"},
        {"ref": "e1", "kind": "effect", "text": "Miejska wyspa ciepła i zagrożenie zdrowia seniorów"},
        {"kind": "effect", "text": "Zalewanie piwnic i ulic podczas ulew"},
        {"kind": "effect", "text": "Wyludnianie się centrum", "parent": "e1"},
    ],
    "challenge": {
        "challenge_title": "Chłodne i chłonne Śródmieście",
        "challenge_statement": (
            "<p>Jak do 2026 r. obniżyć temperaturę i zwiększyć retencję wody w Śródmieściu, zmieniając "
            "podwórka, place i ulice w błękitno-zieloną infrastrukturę, współtworzoną z mieszkańcami?</p>"
        ),
    },
    "stakeholders": [
        {"name": "Mieszkańcy Śródmieścia i rady osiedli", "influence": "medium",
         "interest": "Cień, mniej upału, zielone podwórka", "engagement": "Współprojektowanie podwórek"},
        {"name": "Wspólnoty i spółdzielnie mieszkaniowe", "influence": "high",
         "interest": "Koszty utrzymania, wartość nieruchomości", "engagement": "Umowy o współfinansowanie"},
        {"name": "Zarząd Zieleni Miejskiej", "influence": "high",
         "interest": "Standardy i utrzymanie zieleni", "engagement": "Lider większości działań"},
        {"name": "Wodociągi Miejskie sp. z o.o.", "influence": "high",
         "interest": "Mniejsze obciążenie kanalizacji", "engagement": "Partner działań retencyjnych"},
        {"name": "Organizacje pozarządowe i szkoły", "influence": "low",
         "interest": "Edukacja ekologiczna", "engagement": "Warsztaty i akcje sadzenia"},
    ],
    "objectives": [
        {"ref": "g", "kind": "general", "text": "Śródmieście chłodniejsze i lepiej zatrzymujące wodę do 2026 r."},
        {"ref": "s1", "kind": "specific", "parent": "g", "text": "Odszczelnić i zazielenić 20 podwórek i 2 place"},
        {"ref": "s2", "kind": "specific", "parent": "g", "text": "Zatrzymać wodę opadową w miejscu, w którym spadła"},
        {"ref": "s3", "kind": "specific", "parent": "g",
         "text": "Wprowadzić standardy zieleni i wspólne zarządzanie zielenią w urzędzie"},
    ],
    "governance": {
        "governance": (
            "<p>Za wdrożenie odpowiada międzywydziałowy Zespół ds. Błękitno-Zielonej Infrastruktury "
            "powołany zarządzeniem prezydenta; przewodniczy mu dyrektor Zarządu Zieleni Miejskiej.</p>"
            "<p>Zespół spotyka się co miesiąc, a raz na kwartał raportuje postępy Lokalnemu Partnerstwu.</p>"
        ),
    },
    "communication": [
        {"target_group": "Mieszkańcy Śródmieścia", "channel": "Spacery badawcze i warsztaty na podwórkach",
         "milestone": "Wybór pierwszych 10 podwórek", "when": "2023-04-15"},
        {"target_group": "Wspólnoty i spółdzielnie", "channel": "Spotkania informacyjne, poradnik",
         "milestone": "Nabór do programu podwórek", "when": "2023-02-01"},
        {"target_group": "Radni i media lokalne", "channel": "Konferencja prasowa, mapa postępów online",
         "milestone": "Otwarcie pierwszego ogrodu deszczowego", "when": "2024-06-01"},
        {"target_group": "Szkoły", "channel": "Lekcje o klimacie, akcja sadzenia drzew",
         "milestone": "Dzień Drzewa", "when": "2024-10-10"},
    ],
    "risks": [
        {"description": "Wspólnoty nie zgodzą się na współfinansowanie podwórek", "likelihood": "medium",
         "impact": "high", "mitigation": "Dotacja 80% i pomoc w projektowaniu; pilotaż na 3 podwórkach"},
        {"description": "Brak wykonawców lub wzrost cen w przetargach", "likelihood": "high", "impact": "medium",
         "mitigation": "Dialog techniczny, zamówienia w częściach, rezerwa 10%"},
        {"description": "Susza w pierwszych latach po posadzeniu drzew", "likelihood": "medium",
         "impact": "medium", "mitigation": "Trzyletnia pielęgnacja w umowach, worki nawadniające"},
    ],
    "monitoring": {
        "monitoring_note": "Zespół ds. BZI zbiera dane co kwartał; raz w roku raport dla LP i rady miasta.",
    },
    "barriers": {
        "no_barriers": False,
        "barriers": [
            {"type": "legal", "description": "Brak ustawowego obowiązku zachowania powierzchni biologicznie "
                                             "czynnej przy przebudowie dróg gminnych."},
            {"type": "financial", "description": "Programy krajowe nie finansują pielęgnacji zieleni po "
                                                 "zakończeniu inwestycji."},
            {"type": "competence", "description": "Niewielu projektantów zna rozwiązania retencji w pasie "
                                                  "drogowym."},
        ],
    },
}


def _funding(source: str, kind: str, amount: str, status: str) -> dict[str, str]:
    return {"source": source, "kind": kind, "amount": amount, "status": status}


# (objective ref, action, its indicators); funding rows add up to each cost estimate.
ACTIONS: list[tuple[str, dict[str, Any], list[dict[str, Any]]]] = [
    ("s1", {
        "title": "Program „Zielone podwórka” – pilotaż na 3 podwórkach", "type": "pilot",
        "description": "Odszczelnienie i zazielenienie trzech podwórek wybranych z mieszkańcami.",
        "lead_unit": "Zarząd Zieleni Miejskiej", "partners": "Wspólnoty mieszkaniowe, rady osiedli",
        "starts_on": "2023-03-01", "ends_on": "2023-11-30", "cost_estimate": "900000.00",
        "outputs": "3 podwórka, 2 400 m² odszczelnionej powierzchni", "risks": "Brak zgody wspólnot",
        "fundings": [_funding("Budżet miasta", "city_budget", "720000.00", "secured"),
                     _funding("Wkład wspólnot", "ppp_private", "180000.00", "secured")],
    }, [{"name": "Odszczelniona powierzchnia podwórek", "unit": "m²", "baseline": "0", "target": "2400",
         "baseline_on": "2022-12-31", "target_on": "2023-11-30", "source": "Protokoły odbioru",
         "frequency": "po odbiorze", "responsible": "Zarząd Zieleni Miejskiej"}]),
    ("s1", {
        "title": "Program „Zielone podwórka” – 17 kolejnych podwórek", "type": "investment",
        "description": "Dotacje 80% dla wspólnot i spółdzielni na przebudowę podwórek.",
        "lead_unit": "Zarząd Zieleni Miejskiej", "partners": "Wspólnoty, spółdzielnie, NGO",
        "starts_on": "2024-01-01", "ends_on": "2026-10-31", "cost_estimate": "5100000.00",
        "outputs": "17 podwórek", "risks": "Wzrost cen",
        "fundings": [_funding("FEnIKS 2021-2027", "eu_funds", "3400000.00", "planned"),
                     _funding("Budżet miasta", "city_budget", "680000.00", "secured"),
                     _funding("Wkład wspólnot", "ppp_private", "1020000.00", "needed")],
    }, [{"name": "Zazielenione podwórka", "unit": "szt.", "baseline": "3", "target": "20",
         "baseline_on": "2023-12-31", "target_on": "2026-10-31", "source": "Rejestr programu",
         "frequency": "kwartalnie", "responsible": "Zarząd Zieleni Miejskiej"}]),
    ("s1", {
        "title": "Przebudowa placu Targowego z nasadzeniami drzew", "type": "investment",
        "description": "Usunięcie 60% nawierzchni, 40 drzew, fontanna mgłowa.",
        "lead_unit": "Miejski Zarząd Dróg", "partners": "Zarząd Zieleni Miejskiej",
        "starts_on": "2024-04-01", "ends_on": "2025-09-30", "cost_estimate": "3800000.00",
        "outputs": "Plac z 40 drzewami", "risks": "Kolizje z sieciami podziemnymi",
        "fundings": [_funding("FEnIKS 2021-2027", "eu_funds", "2660000.00", "secured"),
                     _funding("Budżet miasta", "city_budget", "1140000.00", "secured")],
    }, [{"name": "Posadzone drzewa na placu", "unit": "szt.", "baseline": "4", "target": "44",
         "baseline_on": "2023-12-31", "target_on": "2025-09-30", "source": "Inwentaryzacja zieleni",
         "frequency": "rocznie", "responsible": "Zarząd Zieleni Miejskiej"}]),
    ("s2", {
        "title": "Ogrody deszczowe w pasach drogowych Śródmieścia", "type": "investment",
        "description": "12 ogrodów deszczowych przy ulicach o największym spływie.",
        "lead_unit": "Miejski Zarząd Dróg", "partners": "Wodociągi Miejskie",
        "starts_on": "2024-03-01", "ends_on": "2025-11-30", "cost_estimate": "1200000.00",
        "outputs": "12 ogrodów deszczowych", "risks": "Zanieczyszczenie wody solą drogową",
        "fundings": [_funding("Wodociągi Miejskie", "other", "400000.00", "secured"),
                     _funding("NFOŚiGW „Moja Woda”", "national", "800000.00", "planned")],
    }, [{"name": "Pojemność retencyjna ogrodów deszczowych", "unit": "m³", "baseline": "0", "target": "360",
         "baseline_on": "2023-12-31", "target_on": "2025-11-30", "source": "Projekty wykonawcze",
         "frequency": "po odbiorze", "responsible": "Miejski Zarząd Dróg"}]),
    ("s2", {
        "title": "Dotacje na zbiorniki na deszczówkę dla mieszkańców", "type": "soft",
        "description": "Dotacja do 5 000 zł na zbiornik lub ogród deszczowy na posesji.",
        "lead_unit": "Wydział Ochrony Środowiska", "partners": "Rady osiedli",
        "starts_on": "2023-05-01", "ends_on": "2026-09-30", "cost_estimate": "600000.00",
        "outputs": "120 dotacji", "risks": "Małe zainteresowanie",
        "fundings": [_funding("Budżet miasta", "city_budget", "600000.00", "secured")],
    }, [{"name": "Udzielone dotacje na retencję", "unit": "szt.", "baseline": "0", "target": "120",
         "baseline_on": "2023-04-30", "target_on": "2026-09-30", "source": "Rejestr dotacji",
         "frequency": "kwartalnie", "responsible": "Wydział Ochrony Środowiska"}]),
    ("s3", {
        "title": "Standard błękitno-zielonej infrastruktury dla inwestycji miejskich", "type": "systemic",
        "description": "Zarządzenie prezydenta: minimalny udział zieleni i retencji w każdej inwestycji.",
        "lead_unit": "Wydział Strategii", "partners": "Miejski Zarząd Dróg, Zarząd Zieleni Miejskiej",
        "starts_on": "2023-01-01", "ends_on": "2023-09-30", "cost_estimate": "80000.00",
        "outputs": "Zarządzenie i katalog rozwiązań", "risks": "Opór jednostek realizujących inwestycje",
        "fundings": [_funding("Budżet miasta", "city_budget", "80000.00", "secured")],
    }, [{"name": "Inwestycje miejskie zgodne ze standardem", "unit": "%", "baseline": "0", "target": "100",
         "baseline_on": "2023-09-30", "target_on": "2026-12-31", "source": "Przeglądy projektów",
         "frequency": "rocznie", "responsible": "Wydział Strategii"}]),
    ("s3", {
        "title": "Międzywydziałowy zespół ds. BZI i szkolenia pracowników", "type": "soft",
        "description": "Powołanie zespołu i cykl szkoleń dla projektantów i urzędników.",
        "lead_unit": "Sekretarz Miasta", "partners": "Uczelnia partnerska",
        "starts_on": "2023-01-01", "ends_on": "2026-12-31", "cost_estimate": "150000.00",
        "outputs": "Zespół, 8 szkoleń", "risks": "Rotacja pracowników",
        "fundings": [_funding("Budżet miasta", "city_budget", "150000.00", "secured")],
    }, [{"name": "Przeszkoleni pracownicy", "unit": "os.", "baseline": "0", "target": "60",
         "baseline_on": "2022-12-31", "target_on": "2026-12-31", "source": "Listy obecności",
         "frequency": "kwartalnie", "responsible": "Sekretarz Miasta"}]),
    ("s3", {
        "title": "Mapa temperatur i monitoring mikroklimatu", "type": "study",
        "description": "Coroczne zdjęcia termowizyjne i 10 czujników temperatury w Śródmieściu.",
        "lead_unit": "Wydział Strategii", "partners": "Uczelnia partnerska",
        "starts_on": "2023-06-01", "ends_on": "2026-08-31", "cost_estimate": "240000.00",
        "outputs": "Cztery mapy temperatur, otwarte dane", "risks": "Awarie czujników",
        "fundings": [_funding("Budżet miasta", "city_budget", "120000.00", "secured"),
                     _funding("Uczelnia partnerska", "other", "120000.00", "planned")],
    }, [{"name": "Działające czujniki mikroklimatu", "unit": "szt.", "baseline": "0", "target": "10",
         "baseline_on": "2023-05-31", "target_on": "2023-12-31", "source": "System czujników",
         "frequency": "miesięcznie", "responsible": "Wydział Strategii"}]),
]

PLAN_INDICATORS = [
    {"name": "Średnia temperatura powierzchni placów w lipcu", "unit": "°C", "baseline": "45.3",
     "target": "40.0", "baseline_on": "2022-07-20", "target_on": "2026-07-31", "source": "Termowizja",
     "frequency": "rocznie", "responsible": "Wydział Strategii"},
    {"name": "Udział powierzchni biologicznie czynnej w Śródmieściu", "unit": "%", "baseline": "22",
     "target": "27", "baseline_on": "2022-12-31", "target_on": "2026-12-31", "source": "Ortofotomapa",
     "frequency": "rocznie", "responsible": "Wydział Geodezji"},
]

# (action index, status, percent, note, reported on)
STATUS_REPORTS = [
    (0, "done", 100, "Trzy podwórka oddane do użytku.", D(2023, 12, 5)),
    (1, "in_progress", 20, "Pierwszy nabór: 6 wspólnot.", D(2024, 6, 30)),
    (1, "in_progress", 45, "Umowy z 9 wspólnotami, 5 podwórek w budowie.", D(2025, 3, 31)),
    (2, "delayed", 30, "Kolizja z siecią ciepłowniczą; nowy termin: 2025-12.", D(2025, 3, 31)),
    (5, "done", 100, "Zarządzenie nr 123/2023 wydane.", D(2023, 10, 2)),
    (6, "in_progress", 60, "Zespół działa, odbyło się 5 szkoleń.", D(2025, 3, 31)),
]

# ("action" and the action's index, or "plan" and the index of the plan's own indicator; value; measured on)
INDICATOR_VALUES = [
    ("action", 0, "2400", D(2023, 12, 5)),
    ("action", 1, "5", D(2024, 12, 31)),
    ("action", 1, "8", D(2025, 3, 31)),
    ("action", 7, "10", D(2023, 12, 15)),
    ("plan", 0, "45.3", D(2022, 7, 20)),
    ("plan", 0, "44.1", D(2023, 7, 18)),
    ("plan", 0, "43.2", D(2024, 7, 22)),
]

PATH = [
    (ActionPlan.State.DRAFT, ActionPlan.State.CONSULTATION, D(2022, 10, 3)),
    (ActionPlan.State.CONSULTATION, ActionPlan.State.EXPERT_REVIEW, D(2022, 11, 14)),
    (ActionPlan.State.EXPERT_REVIEW, ActionPlan.State.APPROVED, D(2022, 12, 12)),
    (ActionPlan.State.APPROVED, ActionPlan.State.IN_IMPLEMENTATION, D(2023, 1, 2)),
]


@dataclass(frozen=True)
class Result:
    plan: ActionPlan | None
    created: bool
    message: str


def _network() -> ThematicNetwork | None:
    return (
        ThematicNetwork.objects.filter(edition__slug=EDITION_SLUG, name__icontains=NETWORK_NAME_PART)
        .select_related("edition").order_by("pk").first()
    )


def _classification(network: ThematicNetwork) -> dict[str, Any]:
    """One value of each of the network's classifications, preferring climate adaptation."""
    chosen = {}
    for key, items in (network.classifications or {}).items():
        options = sorted(editing._options(items))
        if options:
            chosen[key] = next((o for o in options if "klimat" in o), options[0])
    return chosen


def _ids(model: type, plan: ActionPlan) -> list[int]:
    return list(model.objects.filter(plan=plan).order_by("order", "pk").values_list("pk", flat=True))


@transaction.atomic
def example_mid_ensure() -> Result:
    network = _network()
    if network is None:
        return Result(None, False, f"Skipped: no network of edition “{EDITION_SLUG}” named “…{NETWORK_NAME_PART}…”; "
                                   "load the PIM history first (manage.py load_pim_history).")
    city, _created = Participant.objects.update_or_create(
        slug=CITY_SLUG,
        defaults={"name": CITY_NAME, "kind": Participant.Kind.MUNICIPALITY, "is_demo": True,
                  "note": "Fikcyjne miasto przykładowej MID (demo)."},
    )
    plan = ActionPlan.objects.filter(edition=network.edition, participant=city).first()
    created = plan is None
    if created:
        plan = ActionPlan(edition=network.edition, participant=city)
    plan.network, plan.is_demo, plan.is_example = network, True, True
    plan.state, plan.sources = ActionPlan.State.IN_IMPLEMENTATION, ""
    plan.full_clean()
    plan.save()
    # An existing example is reset: follow-up, history and discussion go, then the content is rewritten.
    plan.versions.all().delete()
    plan.transitions.all().delete()
    plan.comments.all().delete()
    plan.rubric_scores.all().delete()
    plan.section_revision_rows.all().delete()

    for key, data in SECTIONS.items():
        editing.write_section(plan, key, data)
    editing.write_section(plan, "classification", {"classification": _classification(network)})
    objectives = dict(zip([o["ref"] for o in SECTIONS["objectives"]], _ids(Objective, plan), strict=True))
    editing.write_section(plan, "actions", [
        {**action, "objective": objectives[objective]} for objective, action, _indicators in ACTIONS
    ])
    actions = _ids(Action, plan)
    indicator_rows = [
        {**indicator, "action": actions[n]} for n, (_o, _a, indicators) in enumerate(ACTIONS) for indicator in indicators
    ]
    editing.write_section(plan, "monitoring", [*indicator_rows, *PLAN_INDICATORS])
    _follow_up(plan, actions)
    for source, target, on in PATH:
        step = PlanTransition.objects.create(plan=plan, from_state=source, to_state=target,
                                             reason="Przykład demonstracyjny.")
        PlanTransition.objects.filter(pk=step.pk).update(
            at=timezone.make_aware(datetime.datetime.combine(on, datetime.time(12)))
        )
    PlanVersion.objects.create(
        plan=plan, number=1, section=PlanVersion.CREATE, summary="Przykładowa MID wczytana",
        snapshot=sections.serialise(plan), revisions=plan.section_revisions(),
    )
    verb = "Created" if created else "Reset"
    return Result(plan, created, f"{verb} the example MID “{plan.title}” (id {plan.pk}) in {network}.")


def _follow_up(plan: ActionPlan, actions: list[int]) -> None:
    for index, status, percent, note, on in STATUS_REPORTS:
        report = ActionStatusReport(action_id=actions[index], status=status, percent=percent, note=note,
                                    reported_on=on)
        report.full_clean()
        report.save()
    by_action = {i.action_id: i for i in Indicator.objects.filter(plan=plan, action__isnull=False)}
    own = list(Indicator.objects.filter(plan=plan, action__isnull=True).order_by("order", "pk"))
    for scope, index, value, on in INDICATOR_VALUES:
        indicator = by_action[actions[index]] if scope == "action" else own[index]
        row = IndicatorValue(indicator=indicator, measured_on=on, value=Decimal(value),
                             note="Wartość przykładowa (demo).")
        row.full_clean()
        row.save()
