"""The demo's example Local Partnership, for the city of the example MID ("Miasto Przykładowe (demo)").

`example_lp_ensure()` is idempotent: it creates the LP and its members, or puts them back to this content.
Every name starts with "Przykład…" and carries "(demo)"; the LP is `is_demo`. The example MID
(`manage.py load_example_mid`) creates the city; this app may not import `pim.plans`, so it finds the
MID's edition through the participant's reverse relation.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction

from pim.partnerships.models import Category, Consent, ConsentText, LocalPartnership, PartnershipMember
from pim.places.models import Participant
from pim.programmes.models import Edition, Person

CITY_SLUG = "miasto-przykladowe-demo"
DEMO_LP_USERNAME = "demo-lp"
K = PartnershipMember.Kind

LP = {
    "formula": LocalPartnership.Formula.OPEN,
    "founded_on": datetime.date(2022, 3, 15),
    "founding_act_title": "Przykład: zarządzenie Prezydenta Miasta Przykładowego w sprawie powołania "
                          "Lokalnego Partnerstwa PIM (demo)",
    "rules_of_procedure": (
        "Przykładowy regulamin (demo).\n"
        "1. Lokalne Partnerstwo spotyka się co najmniej raz na kwartał; zaproszenia wysyła koordynator LP.\n"
        "2. Partnerstwo jest otwarte: dołączyć może każda organizacja i mieszkaniec Śródmieścia.\n"
        "3. Uwagi do projektu MID zgłasza się na platformie w czasie konsultacji."
    ),
}

# (kind, person's name or "", organisation, category, sector, joined, role in the MID, named publicly)
MEMBERS = [
    (K.PERSON, "Przykładowa Radna (demo)", "", Category.LOCAL_GOVERNMENT_POLITICAL, "rada miasta",
     datetime.date(2022, 3, 15), "", False),
    (K.ORGANISATION, "", "Przykładowy Wydział Strategii (demo)", Category.LOCAL_GOVERNMENT_ADMINISTRATIVE,
     "strategia i rozwój", datetime.date(2022, 3, 15), "Koordynacja MID, monitoring wskaźników.", True),
    (K.ORGANISATION, "", "Przykładowy Zarząd Zieleni Miejskiej (demo)", Category.LOCAL_GOVERNMENT_ADMINISTRATIVE,
     "zieleń miejska", datetime.date(2022, 3, 15), "Właściciel działań inwestycyjnych w zieleni.", True),
    (K.ORGANISATION, "", "Przykładowa Szkoła Podstawowa nr 1 (demo)", Category.OTHER_PUBLIC, "edukacja",
     datetime.date(2022, 4, 20), "Partner działań edukacyjnych.", True),
    (K.ORGANISATION, "", "Przykładowe Stowarzyszenie Mieszkańców Śródmieścia (demo)", Category.SOCIO_ECONOMIC,
     "organizacja pozarządowa", datetime.date(2022, 4, 20), "Partner planu komunikacji.", True),
    (K.ORGANISATION, "", "Przykładowa Spółdzielnia Mieszkaniowa (demo)", Category.SOCIO_ECONOMIC,
     "mieszkalnictwo", datetime.date(2022, 5, 10), "", False),
    (K.PERSON, "Przykładowy Mieszkaniec (demo)", "", Category.RESIDENTS, "mieszkańcy",
     datetime.date(2022, 5, 10), "", False),
]


@dataclass(frozen=True)
class Result:
    partnership: LocalPartnership | None
    message: str


@transaction.atomic
def example_lp_ensure() -> Result:
    city = Participant.objects.filter(slug=CITY_SLUG).first()
    edition = Edition.objects.filter(action_plans__participant=city).order_by("-start_year").first() if city else None
    if city is None or edition is None:
        return Result(None, "Skipped: the example MID's city is missing; run manage.py load_example_mid first.")
    partnership, created = LocalPartnership.objects.update_or_create(
        participant=city, edition=edition, defaults={**LP, "is_demo": True, "sources": ""}
    )
    texts = ConsentText.current()
    for kind, name, organisation, category, sector, joined, mid_role, named in MEMBERS:
        member = _member(partnership, kind, name, organisation)
        member.category, member.sector, member.joined_on, member.left_on = category, sector, joined, None
        member.mid_role, member.erased_at = mid_role, None
        member.full_clean()
        member.save()
        _consent(member, texts, ConsentText.Scope.PROCESSING, True)
        _consent(member, texts, ConsentText.Scope.PUBLISH_ORGANISATION, named)
    coordinator = _demo_lp_member(partnership, texts)
    partnership.coordinator = coordinator
    partnership.save(update_fields=["coordinator"])
    verb = "Created" if created else "Reset"
    return Result(partnership, f"{verb} the example Local Partnership of “{city.name}” ({edition.short_name}) "
                               f"with {partnership.members.count()} members.")


def _member(partnership: LocalPartnership, kind: str, name: str, organisation: str) -> PartnershipMember:
    if kind == K.PERSON:
        member = partnership.members.filter(kind=kind, person__name=name).select_related("person").first()
        if member is None:
            person = Person.objects.create(name=name, is_demo=True)
            member = PartnershipMember(partnership=partnership, kind=kind, person=person)
        return member
    member = partnership.members.filter(kind=kind, organisation=organisation).first()
    return member or PartnershipMember(partnership=partnership, kind=kind, organisation=organisation)


def _consent(member: PartnershipMember, texts: dict[str, ConsentText], scope: str, wanted: bool) -> None:
    active = member.consents.active().filter(scope=scope)
    if not wanted:
        active.delete()
    elif not active.exists() and scope in texts:
        Consent.objects.create(member=member, text=texts[scope], scope=scope)


def _demo_lp_member(partnership: LocalPartnership, texts: dict[str, ConsentText]) -> Person | None:
    """The demo LP coordinator account's person, as the example LP's coordinator and one of its members.

    The account keeps only the role `create_demo_accounts` gives it (LP coordinator of its own demo city);
    here it appears in the example's register, so the demo shows a coordinator and a member with an account.
    """
    person = Person.objects.filter(user__username=DEMO_LP_USERNAME).first()
    if person is None:
        return None
    member = partnership.members.filter(person=person).first() or PartnershipMember(
        partnership=partnership, kind=K.PERSON, person=person
    )
    member.category, member.sector = Category.LOCAL_GOVERNMENT_ADMINISTRATIVE, "koordynacja LP"
    member.joined_on, member.left_on, member.erased_at = datetime.date(2022, 3, 15), None, None
    member.mid_role = "Koordynator Lokalnego Partnerstwa (demo)."
    member.full_clean()
    member.save()
    _consent(member, texts, ConsentText.Scope.PROCESSING, True)
    return person
