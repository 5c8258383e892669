"""Permission-checked fetches of LPs, members, consents and invitations (style rule 3).

Anyone reads an LP's public record; its members' personal data need `partnerships.view_partnershipmember`
(the LP team, the operator, the member themself). An outsider gets 404, as for a missing object.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404

from pim.core.access import object_for_user
from pim.partnerships.models import Consent, Invitation, LocalPartnership, PartnershipMember
from pim.programmes.models import Person


def get_partnership_for_user(user: Any, pk: int, *, write: bool = False, members: bool = False) -> LocalPartnership:
    """The LP for reading, for its team's writing (`write`), or with its member register (`members`)."""
    queryset = LocalPartnership.objects.select_related("participant", "edition", "coordinator")
    partnership = object_for_user(user, queryset, write=write, pk=pk)
    if members and not user.has_perm("partnerships.view_localpartnership_members", partnership):
        raise Http404
    return partnership


def get_member_for_user(user: Any, pk: int, *, write: bool = False, perm: str = "") -> PartnershipMember:
    """The member with their personal data; `perm` names a stricter permission (erase, invite)."""
    queryset = PartnershipMember.objects.select_related(
        "person__user", "partnership__participant", "partnership__edition"
    )
    member = object_for_user(user, queryset, write=write, pk=pk)
    if perm and not user.has_perm(perm, member):
        raise Http404
    return member


def get_consent_for_user(user: Any, pk: int) -> Consent:
    queryset = Consent.objects.select_related(
        "text", "member__person", "member__partnership__participant", "member__partnership__edition"
    )
    consent = get_object_or_404(queryset, pk=pk)
    if not user.has_perm("partnerships.view_consent", consent):
        raise Http404
    return consent


def get_invitation_for_user(user: Any, pk: int) -> Invitation:
    queryset = Invitation.objects.select_related(
        "member__person", "member__partnership__participant", "member__partnership__edition"
    )
    return object_for_user(user, queryset, pk=pk)


def get_person_for_export(user: Any, pk: int) -> Person:
    person = get_object_or_404(Person.objects.select_related("user"), pk=pk)
    if not user.has_perm("partnerships.export_person", person):
        raise Http404
    return person
