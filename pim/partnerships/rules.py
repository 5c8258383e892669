"""Who may see and change Local Partnerships and their members' personal data.

The LP record (formula, founding date, member counts per category, organisation names whose members
consented) is public. Members' personal data (a person's name, contact, consents, invitations) are seen
only by the participant's city team and LP coordinator (the "LP team"), the edition's operator, and the
member themself. LP members with a light account see their LP's documents; the MID comments they may
write are granted in `pim.plans.rules`.
"""

from __future__ import annotations

from typing import Any

import rules

from pim.core.rules import is_public, nobody
from pim.programmes.rules import (
    city_team_for,
    edition_id_of,
    is_any_operator,
    is_own_person,
    is_programme_operator,
    lp_coordinator_for,
    lp_member_for,
    operator_for,
    participant_id_of,
)


def _partnership_of(obj: Any) -> Any:
    """The LP an object belongs to: an LP itself, a member, a consent or an invitation."""
    if hasattr(obj, "member_id"):
        obj = obj.member
    if hasattr(obj, "partnership_id"):
        obj = obj.partnership
    return obj


def lp_participant(obj: Any) -> int | None:
    return participant_id_of(_partnership_of(obj))


def lp_edition(obj: Any) -> int | None:
    return edition_id_of(_partnership_of(obj))


is_lp_operator = operator_for(lp_edition, "is_lp_operator")
is_lp_city_team = city_team_for(lp_participant, "is_lp_city_team")
is_lp_coordinator = lp_coordinator_for(lp_participant, "is_lp_coordinator")
is_lp_member = lp_member_for(lp_participant, "is_lp_member")
# The people who run a city's LP and keep its register.
is_lp_team = is_lp_operator | is_lp_city_team | is_lp_coordinator


def _member_of(obj: Any) -> Any:
    return obj.member if hasattr(obj, "member_id") else obj


@rules.predicate
def is_the_member(user: Any, obj: Any) -> bool:
    """The member (or their consent or invitation) is the user's own record."""
    if obj is None or not user.is_authenticated:
        return False
    member = _member_of(obj)
    return member.person_id is not None and member.person.user_id == user.pk and member.erased_at is None


rules.add_perm("partnerships", is_any_operator)

rules.add_perm("partnerships.view_localpartnership", is_public)
rules.add_perm("partnerships.add_localpartnership", is_lp_team)
rules.add_perm("partnerships.change_localpartnership", is_lp_team)
rules.add_perm("partnerships.delete_localpartnership", is_lp_operator)
# The member list with names and contacts, consents and invitations.
rules.add_perm("partnerships.view_localpartnership_members", is_lp_team)
# The founding act and rules of procedure files: the LP team and the LP's members.
rules.add_perm("partnerships.view_localpartnership_documents", is_lp_team | is_lp_member)

rules.add_perm("partnerships.view_partnershipmember", is_lp_team | is_the_member)
rules.add_perm("partnerships.add_partnershipmember", is_lp_team)
rules.add_perm("partnerships.change_partnershipmember", is_lp_team)
# Members are erased (anonymised), never deleted: the LP's statistics keep them.
rules.add_perm("partnerships.delete_partnershipmember", nobody)
rules.add_perm("partnerships.erase_partnershipmember", is_lp_team)
rules.add_perm("partnerships.invite_partnershipmember", is_lp_team)

# A consent is recorded or withdrawn by the member themself, or by the LP team on their behalf (a paper form).
rules.add_perm("partnerships.view_consent", is_lp_team | is_the_member)
rules.add_perm("partnerships.add_consent", is_lp_team | is_the_member)
rules.add_perm("partnerships.withdraw_consent", is_lp_team | is_the_member)
rules.add_perm("partnerships.change_consent", nobody)
rules.add_perm("partnerships.delete_consent", nobody)

rules.add_perm("partnerships.view_invitation", is_lp_team)
rules.add_perm("partnerships.add_invitation", nobody)
rules.add_perm("partnerships.change_invitation", nobody)
rules.add_perm("partnerships.delete_invitation", nobody)

# Consent wordings are versioned: a new version is a new row, an old one is never rewritten.
rules.add_perm("partnerships.view_consenttext", is_public)
rules.add_perm("partnerships.add_consenttext", is_programme_operator)
rules.add_perm("partnerships.change_consenttext", nobody)
rules.add_perm("partnerships.delete_consenttext", nobody)

# The GDPR access export of everything about a person: the person themself and the operators.
rules.add_perm("partnerships.export_person", is_any_operator | is_own_person)
