"""One demo account per role, with fixed, published passwords, for demos and manual testing.

`demo_accounts_ensure()` is idempotent: it creates what is missing, puts back what was changed (a
password, a role's scope) and leaves everything else alone, so a second run changes nothing. The role
scopes are looked up in whatever history is loaded; with no data yet the accounts get no scoped role,
and a later run (after `load_pim_history`) adds it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Model

from pim.places.models import Participant
from pim.programmes.models import Edition, Institution, Person, RoleAssignment, ThematicNetwork

Role = RoleAssignment.Role

# The city the demo city accounts act for: it is in the PIM2 Green network and hosted a network meeting.
DEMO_CITY_NAME = "Racibórz"


@dataclass(frozen=True)
class DemoSpec:
    username: str
    password: str
    name: str
    role: Role | None = None
    is_staff: bool = False
    is_superuser: bool = False


SPECS = [
    DemoSpec("demo-operator", "pim-demo-operator", "Demo: Operator programu", Role.OPERATOR, is_staff=True),
    DemoSpec("demo-expert", "pim-demo-expert", "Demo: Ekspert tematyczny", Role.THEMATIC_EXPERT),
    DemoSpec("demo-city", "pim-demo-city", "Demo: Zespół miejski", Role.CITY_TEAM_MEMBER),
    DemoSpec("demo-lp", "pim-demo-lp", "Demo: Koordynator LP", Role.LP_COORDINATOR),
    DemoSpec("demo-ministry", "pim-demo-ministry", "Demo: Łącznik ministerstwa", Role.MINISTRY_LIAISON),
    DemoSpec("admin", "pim-demo-admin", "Demo: Administrator", is_staff=True, is_superuser=True),
]


@dataclass
class DemoAccount:
    username: str
    password: str
    role: str
    scope: str
    changes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DemoScopes:
    network: ThematicNetwork | None
    participant: Participant | None
    institution: Institution | None

    @classmethod
    def find(cls) -> DemoScopes:
        network = _demo_network()
        return cls(network=network, participant=_demo_participant(network), institution=_demo_ministry(network))


def _demo_network() -> ThematicNetwork | None:
    """The Green network of the latest closed edition (PIM2), else its first network, else any network."""
    latest_closed = Edition.objects.filter(state=Edition.State.CLOSED).order_by("-start_year", "-pk").first()
    candidates = ThematicNetwork.objects.order_by("name", "pk")
    if latest_closed is not None:
        in_edition = candidates.filter(edition=latest_closed)
        found = in_edition.filter(name__icontains="ziel").first() or in_edition.first()
        if found is not None:
            return found
    return (
        candidates.filter(name__icontains="ziel").order_by("-edition__start_year", "name", "pk").first()
        or candidates.order_by("-edition__start_year", "name", "pk").first()
    )


def _demo_participant(network: ThematicNetwork | None) -> Participant | None:
    members = Participant.objects.filter(memberships__isnull=False).order_by("name", "pk")
    if network is not None:
        in_network = members.filter(memberships__network=network)
        found = in_network.filter(name=DEMO_CITY_NAME).first() or in_network.first()
        if found is not None:
            return found
    return members.filter(name=DEMO_CITY_NAME).first() or members.first()


def _demo_ministry(network: ThematicNetwork | None) -> Institution | None:
    owner = network.edition.owner if network is not None else None
    if owner is not None and owner.kind == Institution.Kind.MINISTRY:
        return owner
    return Institution.objects.filter(kind=Institution.Kind.MINISTRY).order_by("name", "pk").first()


def _scope_for(role: Role, scopes: DemoScopes) -> dict[str, Model | None]:
    # The demo operator runs every edition (no edition); the other roles take the scope SCOPE names.
    if role == Role.OPERATOR:
        return {"edition": None}
    scope = RoleAssignment.SCOPE[role]
    return {scope: getattr(scopes, scope)}


def _ensure_user(spec: DemoSpec, changes: list[str]) -> AbstractBaseUser:
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=spec.username, defaults={"email": f"{spec.username}@example.org"}
    )
    if created:
        changes.append("user created")
    wanted = {"is_active": True, "is_staff": spec.is_staff, "is_superuser": spec.is_superuser}
    dirty = [name for name, value in wanted.items() if getattr(user, name) != value]
    for name in dirty:
        setattr(user, name, wanted[name])
    if not user.check_password(spec.password):
        # Demo passwords are published in the README and printed by the command; put them back if changed.
        user.set_password(spec.password)
        dirty.append("password")
    if dirty:
        user.save()
        if not created:
            changes.append("updated " + ", ".join(dirty))
    return user


def _ensure_person(spec: DemoSpec, user: AbstractBaseUser, changes: list[str]) -> Person:
    person, created = Person.objects.get_or_create(
        user=user, defaults={"name": spec.name, "email": user.email, "is_demo": True}
    )
    if created:
        changes.append("person created")
    elif person.name != spec.name or not person.is_demo:
        person.name, person.is_demo = spec.name, True
        person.save(update_fields=["name", "is_demo"])
        changes.append("person updated")
    return person


def _ensure_role(spec: DemoSpec, person: Person, scopes: DemoScopes, changes: list[str]) -> str:
    """Leaves the person with exactly the spec's role (or none); returns the scope's label."""
    wanted: dict[str, Model | None] | None = None
    if spec.role is not None:
        wanted = _scope_for(spec.role, scopes)
        if spec.role != Role.OPERATOR and next(iter(wanted.values())) is None:
            wanted = None
    keep = None
    if wanted is not None:
        keep = person.roles.filter(role=spec.role, ended=False, **wanted).order_by("pk").first()
    stale = person.roles.exclude(pk=keep.pk) if keep is not None else person.roles.all()
    deleted, _ = stale.delete()
    if deleted:
        changes.append(f"{deleted} stale role(s) removed")
    if wanted is None:
        return "—" if spec.role is None else "— (no data loaded yet)"
    if keep is None:
        keep = RoleAssignment(person=person, role=spec.role, **wanted)
        keep.full_clean()
        keep.save()
        changes.append("role assigned")
    return str(next(iter(wanted.values())) or "every edition")


@transaction.atomic
def demo_accounts_ensure() -> list[DemoAccount]:
    if settings.PRODUCTION:
        raise ImproperlyConfigured("Demo accounts have published passwords and are never created in production.")
    scopes = DemoScopes.find()
    accounts = []
    for spec in SPECS:
        changes: list[str] = []
        user = _ensure_user(spec, changes)
        person = _ensure_person(spec, user, changes)
        scope = _ensure_role(spec, person, scopes, changes)
        role = str(spec.role.label) if spec.role else "superuser"
        accounts.append(DemoAccount(spec.username, spec.password, role, scope, changes))
    return accounts
