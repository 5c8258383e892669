"""GDPR access: everything the platform holds about one person, as JSON-ready data.

This app knows the person, their roles, LP memberships, consents and invitations. Apps above it (events'
registrations and attendance, for instance) cannot be imported here, so they register an exporter at start-up
(in their `AppConfig.ready()`):

    from pim.partnerships.gdpr import register_exporter

    def export_attendance(person: Person) -> list[dict]:
        ...

    register_exporter(export_attendance, key="events")

An exporter takes a `programmes.Person` and returns JSON-serialisable data (dates as ISO strings are
fine, `DjangoJSONEncoder` handles dates and decimals); the export puts it under its key.

Erasure works the same way: an app above registers an eraser (`register_eraser`), called with the person
inside the erasure's transaction, to drop what only identified them there (events: the secret calendar
feed address). Records kept for the statistics stay, pointing at the anonymised person.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pim.partnerships.models import Consent, Invitation, PartnershipMember
from pim.programmes.models import Person, RoleAssignment

Exporter = Callable[[Person], Any]

_EXPORTERS: dict[str, Exporter] = {}


def register_exporter(exporter: Exporter, *, key: str | None = None) -> None:
    """Add `exporter` to every person export, under `key` (by default the exporter's app, e.g. "events")."""
    name = key or exporter.__module__.split(".")[1]
    _EXPORTERS[name] = exporter


def unregister_exporter(key: str) -> None:
    _EXPORTERS.pop(key, None)


def registered_keys() -> list[str]:
    return sorted(_EXPORTERS)


Eraser = Callable[[Person], None]

_ERASERS: dict[str, Eraser] = {}


def register_eraser(eraser: Eraser, *, key: str) -> None:
    """Call `eraser` with every person the platform anonymises (GDPR erasure)."""
    _ERASERS[key] = eraser


def erase_person(person: Person) -> None:
    """Run every registered eraser for `person`; the caller anonymises the person itself."""
    for key in sorted(_ERASERS):
        _ERASERS[key](person)


def _person(person: Person) -> dict[str, Any]:
    user = person.user
    return {
        "id": person.pk,
        "name": person.name,
        "email": person.email,
        "organisation": person.organisation,
        "account": None if user is None else {
            "username": user.get_username(), "email": user.email, "is_active": user.is_active,
            "date_joined": user.date_joined, "last_login": user.last_login,
        },
    }


def _roles(person: Person) -> list[dict[str, Any]]:
    rows = RoleAssignment.objects.filter(person=person).select_related(
        "edition", "network", "participant", "institution"
    ).order_by("pk")
    return [
        {
            "role": role.role, "role_label": str(role.get_role_display()),
            "edition": role.edition.short_name if role.edition_id else None,
            "network": role.network.name if role.network_id else None,
            "participant": role.participant.name if role.participant_id else None,
            "institution": role.institution.name if role.institution_id else None,
            "valid_from": role.valid_from, "valid_to": role.valid_to, "ended": role.ended,
        }
        for role in rows
    ]


def _memberships(person: Person) -> list[dict[str, Any]]:
    members = PartnershipMember.objects.filter(person=person).select_related(
        "partnership__participant", "partnership__edition"
    ).order_by("pk")
    consents: dict[int, list[dict[str, Any]]] = {}
    for consent in Consent.objects.filter(member__person=person).select_related("text").order_by("given_at", "pk"):
        consents.setdefault(consent.member_id, []).append({
            "scope": consent.scope, "text_version": consent.text.version, "text": consent.text.text,
            "given_at": consent.given_at, "withdrawn_at": consent.withdrawn_at,
        })
    invitations: dict[int, list[dict[str, Any]]] = {}
    for invitation in Invitation.objects.filter(member__person=person).order_by("created_at", "pk"):
        invitations.setdefault(invitation.member_id, []).append({
            "email": invitation.email, "sent_at": invitation.created_at, "expires_at": invitation.expires_at,
            "accepted_at": invitation.accepted_at, "revoked_at": invitation.revoked_at,
        })
    return [
        {
            "id": member.pk,
            "partnership": str(member.partnership),
            "kind": member.kind, "organisation": member.organisation, "category": member.category,
            "sector": member.sector, "email": member.email, "phone": member.phone,
            "joined_on": member.joined_on, "left_on": member.left_on, "mid_role": member.mid_role,
            "erased_at": member.erased_at,
            "consents": consents.get(member.pk, []),
            "invitations": invitations.get(member.pk, []),
        }
        for member in members
    ]


def person_data(person: Person) -> dict[str, Any]:
    """Everything about `person`: this app's records, then each registered exporter's, by key."""
    data: dict[str, Any] = {
        "person": _person(person),
        "role_assignments": _roles(person),
        "lp_memberships": _memberships(person),
        "coordinated_partnerships": [
            str(lp) for lp in person.coordinated_partnerships.select_related("participant", "edition").order_by("pk")
        ],
    }
    for key in registered_keys():
        data[key] = _EXPORTERS[key](person)
    return data
