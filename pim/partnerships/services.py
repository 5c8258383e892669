"""Every change to an LP, its members, consents and invitations (style rule 5).

Each service checks the caller's permission (`PermissionDenied`), validates (`ValidationError`, per field
where a field is to blame) and writes in one transaction. E-mails leave only after the commit.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pim.core.mail import MAIL_LANGUAGE
from pim.partnerships import gdpr
from pim.partnerships.models import (
    Consent,
    ConsentText,
    Invitation,
    LocalPartnership,
    PartnershipMember,
)
from pim.places.models import Participant
from pim.programmes.models import Edition, Person, RoleAssignment
from pim.programmes.rules import forget_roles

Role = RoleAssignment.Role
INVITATION_DAYS = 14
# What an erased person's record says instead of their name (stored, so in the programme's language).
ERASED_NAME = "Osoba usunięta"

PARTNERSHIP_FIELDS = (
    "formula", "founded_on", "founding_act_title", "founding_act_document", "founding_act_link", "coordinator",
    "rules_of_procedure", "rules_document", "is_demo",
)
MEMBER_FIELDS = ("organisation", "category", "sector", "email", "phone", "joined_on", "left_on", "mid_role")


def _require(user: Any, perm: str, obj: Any) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def _check_coordinator(partnership: LocalPartnership) -> None:
    # The coordinator is chosen among people the LP's city already knows: its team, its LP coordinators
    # and the LP's members; anyone else would leak a stranger's name into this register.
    if partnership.coordinator_id and partnership.coordinator_id not in coordinator_candidates(partnership):
        raise ValidationError({"coordinator": _("Choose a person from the city team or the LP's members.")})


def coordinator_candidates(partnership: LocalPartnership) -> set[int]:
    roles = RoleAssignment.objects.active().filter(
        participant_id=partnership.participant_id, role__in=[Role.CITY_TEAM_MEMBER, Role.LP_COORDINATOR]
    ).values_list("person_id", flat=True)
    ids = set(roles)
    if partnership.pk:
        ids |= set(
            partnership.members.filter(erased_at__isnull=True, person__isnull=False).values_list("person_id", flat=True)
        )
    return ids


def _save(obj: Any) -> None:
    obj.full_clean()
    obj.save()


# --- partnerships ---------------------------------------------------------------------------------------

@transaction.atomic
def partnership_create(*, participant: Participant, edition: Edition, by: Any, **fields: Any) -> LocalPartnership:
    unknown = set(fields) - set(PARTNERSHIP_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    partnership = LocalPartnership(participant=participant, edition=edition, **fields)
    _require(by, "partnerships.add_localpartnership", partnership)
    if LocalPartnership.objects.filter(participant=participant, edition=edition).exists():
        raise ValidationError({"edition": _("This participant already has a Local Partnership in this edition.")})
    _check_coordinator(partnership)
    _save(partnership)
    _sync_coordinator_role(partnership, previous_id=None, by=by)
    return partnership


@transaction.atomic
def partnership_update(*, partnership: LocalPartnership, by: Any, **fields: Any) -> LocalPartnership:
    _require(by, "partnerships.change_localpartnership", partnership)
    unknown = set(fields) - set(PARTNERSHIP_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    replaced = [
        getattr(partnership, name) for name in ("founding_act_document", "rules_document")
        if name in fields and getattr(partnership, name) and getattr(partnership, name).name != fields[name]
    ]
    old_files = [(file.storage, file.name) for file in replaced]
    previous_coordinator_id = partnership.coordinator_id
    for name, value in fields.items():
        setattr(partnership, name, value)
    _check_coordinator(partnership)
    _save(partnership)
    _sync_coordinator_role(partnership, previous_id=previous_coordinator_id, by=by)
    # A replaced or removed document leaves the disk once the new state is committed.
    for storage, name in old_files:
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
    return partnership


def _sync_coordinator_role(partnership: LocalPartnership, *, previous_id: int | None, by: Any) -> None:
    """Give the LP's coordinator the LP coordinator role; end the one this LP gave the person replaced.

    The role the LP grants is the `LP_COORDINATOR` assignment naming the LP's edition as well as its
    participant (the permission layer reads only the participant); roles an operator enters leave the
    edition empty and are never touched here (docs/partnerships.md, "The coordinator's role").
    """
    if partnership.coordinator_id == previous_id:
        return
    scope = {"role": Role.LP_COORDINATOR, "participant_id": partnership.participant_id,
             "edition_id": partnership.edition_id}
    today = timezone.localdate()
    if previous_id is not None:
        RoleAssignment.objects.filter(person_id=previous_id, ended=False, **scope).update(ended=True, valid_to=today)
    if partnership.coordinator_id is not None and not RoleAssignment.objects.active().filter(
        person_id=partnership.coordinator_id, **scope
    ).exists():
        RoleAssignment.objects.create(person_id=partnership.coordinator_id, valid_from=today, **scope)
    # The caller may have named or replaced themself; their cached roles must not outlive this change.
    forget_roles(by)


def _granted_by_coordinating() -> Q:
    """The LP coordinator roles held only because the person coordinates that participant's LP in that edition."""
    return Q(role=Role.LP_COORDINATOR) & Exists(LocalPartnership.objects.filter(
        participant_id=OuterRef("participant_id"), edition_id=OuterRef("edition_id"), coordinator_id=OuterRef("person_id"),
    ))


# --- members --------------------------------------------------------------------------------------------

@transaction.atomic
def member_add(
    *, partnership: LocalPartnership, by: Any, kind: str, category: str, name: str = "", **fields: Any
) -> PartnershipMember:
    """Add a person (`name` goes to a new `Person`) or an organisation to the LP."""
    member = PartnershipMember(partnership=partnership, kind=kind, category=category, **_member_fields(fields))
    _require(by, "partnerships.add_partnershipmember", member)
    name = name.strip()
    if kind == PartnershipMember.Kind.PERSON:
        if not name:
            raise ValidationError({"name": _("Enter the person's name.")})
        person = Person(name=name, email=member.email, organisation=member.organisation,
                        is_demo=partnership.is_demo)
        _save(person)
        member.person = person
    _save(member)
    return member


def _member_fields(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(MEMBER_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    return fields


@transaction.atomic
def member_update(*, member: PartnershipMember, by: Any, name: str | None = None, **fields: Any) -> PartnershipMember:
    _require(by, "partnerships.change_partnershipmember", member)
    if member.is_erased:
        raise ValidationError(_("This member's personal data were erased; the record cannot be edited."))
    for field_name, value in _member_fields(fields).items():
        setattr(member, field_name, value)
    if name is not None and member.person_id:
        if not name.strip():
            raise ValidationError({"name": _("Enter the person's name.")})
        member.person.name = name.strip()
        _save(member.person)
    _save(member)
    if not member.is_current():
        _end_member_role(member.person_id, member.partnership.participant_id)
    return member


def _end_member_role(person_id: int | None, participant_id: int) -> None:
    """End the light account's LP role once the person is no current member of the city's LP."""
    if person_id is None:
        return
    still_member = PartnershipMember.objects.current().filter(
        person_id=person_id, partnership__participant_id=participant_id, erased_at__isnull=True,
    ).exists()
    if not still_member:
        RoleAssignment.objects.filter(
            person_id=person_id, role=Role.LP_MEMBER, participant_id=participant_id, ended=False,
        ).update(ended=True, valid_to=timezone.localdate())


@transaction.atomic
def member_erase(*, member: PartnershipMember, by: Any) -> PartnershipMember:
    """Anonymise the member (GDPR erasure); category, sector, kind and dates stay for the statistics.

    The person behind the member is anonymised too (name, e-mail, organisation; their account renamed and
    deactivated), unless they hold another role or LP membership: a city officer asking to leave an LP keeps
    their work identity, and only this member row loses its link to them.
    """
    _require(by, "partnerships.erase_partnershipmember", member)
    if member.is_erased:
        raise ValidationError(_("This member's personal data were already erased."))
    now = timezone.now()
    member.consents.filter(withdrawn_at__isnull=True).update(withdrawn_at=now, withdrawn_by=by)
    member.invitations.all().delete()
    member.organisation = member.email = member.phone = member.mid_role = ""
    member.erased_at = now
    person = member.person
    keep_person = person is not None and _has_other_ties(person, member)
    if keep_person:
        member.person = None
    member.save()
    if keep_person:
        _end_member_role(person.pk, member.partnership.participant_id)
    elif person is not None:
        _anonymise_person(person)
    _scrub_admin_log(PartnershipMember, member.pk, str(member))
    return member


def _has_other_ties(person: Person, member: PartnershipMember) -> bool:
    # Coordinating an LP is no tie of its own: an erased coordinator is unset and loses the role it gave.
    other_roles = (
        RoleAssignment.objects.active().filter(person=person).exclude(role=Role.LP_MEMBER)
        .exclude(_granted_by_coordinating()).exists()
    )
    other_members = person.lp_memberships.filter(erased_at__isnull=True).exclude(pk=member.pk).exists()
    return other_roles or other_members


def _anonymise_person(person: Person) -> None:
    # Only LP roles are left to end: a person holding any other role keeps their record (`_has_other_ties`).
    RoleAssignment.objects.filter(
        person=person, role__in=[Role.LP_MEMBER, Role.LP_COORDINATOR], ended=False
    ).update(ended=True, valid_to=timezone.localdate())
    person.coordinated_partnerships.update(coordinator=None)
    gdpr.erase_person(person)
    person.name = f"{ERASED_NAME} #{person.pk}"
    person.email = person.organisation = ""
    person.save(update_fields=["name", "email", "organisation"])
    user = person.user
    if user is not None:
        old_username = user.get_username()
        user.username = f"usuniety-{user.pk}"
        user.email = user.first_name = user.last_name = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
        forget_roles(user)
        _scrub_login_records(old_username)
        _scrub_admin_log(get_user_model(), user.pk, user.get_username())
    _scrub_admin_log(Person, person.pk, person.name)


def _scrub_admin_log(model: type, pk: int, text: str) -> None:
    # The admin's "recent actions" keep each object's name as it was; an erased name must not survive there.
    content_type = ContentType.objects.get_for_model(model)
    LogEntry.objects.filter(content_type=content_type, object_id=str(pk)).update(object_repr=text[:200])


def _scrub_login_records(username: str) -> None:
    # django-axes logs login attempts by username (here the e-mail address the account was made from).
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username=username).delete()


# --- consents -------------------------------------------------------------------------------------------

@transaction.atomic
def consent_record(
    *, member: PartnershipMember, scope: str, by: Any, text: ConsentText | None = None,
    given_at: datetime.datetime | None = None,
) -> Consent:
    """Record the member's consent to the current (or the given) version of the scope's text.

    `given_at` is when a consent on paper was signed, recorded later by the LP team; by default, now.
    """
    _require(by, "partnerships.add_consent", Consent(member=member))
    if member.is_erased:
        raise ValidationError(_("This member's personal data were erased."))
    if scope not in ConsentText.Scope.values:
        raise ValidationError({"scope": _("Choose what the consent is for.")})
    text = text or ConsentText.current().get(scope)
    if text is None:
        raise ValidationError({"scope": _("No consent text is published for this scope yet.")})
    if member.consents.active().filter(scope=scope).exists():
        raise ValidationError({"scope": _("This consent has already been given.")})
    now = timezone.now()
    # Only the LP team enters a paper consent's date; a member's own consent is given now.
    if given_at is not None and not by.has_perm("partnerships.change_partnershipmember", member):
        raise PermissionDenied
    if given_at is not None and given_at > now:
        raise ValidationError({"given_on": _("A consent cannot be given in the future.")})
    consent = Consent(member=member, text=text, scope=scope, recorded_by=by, given_at=given_at or now)
    _save(consent)
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, by: Any) -> Consent:
    _require(by, "partnerships.withdraw_consent", consent)
    if consent.withdrawn_at:
        raise ValidationError(_("This consent has already been withdrawn."))
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = by
    _save(consent)
    return consent


# --- invitations ----------------------------------------------------------------------------------------

def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class SentInvitation:
    invitation: Invitation
    url: str


@transaction.atomic
def invitation_send(*, member: PartnershipMember, by: Any, base_url: str, email: str = "") -> SentInvitation:
    """Send (or resend) the member a one-time link; any earlier link of theirs stops working."""
    _require(by, "partnerships.invite_partnershipmember", member)
    if member.is_erased:
        raise ValidationError(_("This member's personal data were erased."))
    if not member.is_current():
        raise ValidationError(_("This member has left the LP."))
    if member.person_id and member.person.user_id and member.person.user.is_active and _holds_member_role(member):
        raise ValidationError(_("This member already has an account."))
    email = (email or member.email).strip()
    if not email:
        raise ValidationError({"email": _("Enter the member's e-mail address first.")})
    now = timezone.now()
    member.invitations.pending().update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        member=member, email=email, token_hash=token_hash(token), created_at=now,
        expires_at=now + datetime.timedelta(days=INVITATION_DAYS), sent_by=by,
    )
    _save(invitation)
    url = f"{base_url.rstrip('/')}/partnerstwa/zaproszenie/{token}/"
    message = _invitation_message(invitation, url)
    transaction.on_commit(message.send)
    return SentInvitation(invitation, url)


def _holds_member_role(member: PartnershipMember) -> bool:
    return RoleAssignment.objects.active().filter(
        person_id=member.person_id, role=Role.LP_MEMBER, participant_id=member.partnership.participant_id
    ).exists()


def _invitation_message(invitation: Invitation, url: str) -> EmailMessage:
    partnership = invitation.member.partnership
    with translation.override(MAIL_LANGUAGE):
        subject = _("Invitation to the Local Partnership of %(city)s") % {"city": partnership.participant.name}
        body = render_to_string("partnerships/email/invitation.txt", {
            "partnership": partnership, "url": url, "expires_at": invitation.expires_at, "days": INVITATION_DAYS,
        })
    return EmailMessage(subject=subject, body=body, to=[invitation.email])


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: Any) -> Invitation:
    _require(by, "partnerships.invite_partnershipmember", invitation.member)
    if invitation.status != Invitation.Status.PENDING:
        raise ValidationError(_("Only a waiting invitation can be revoked."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    return invitation


class InvitationUnusable(Exception):
    """The link cannot be used: `reason` is "invalid", "used", "revoked" or "expired"; `message` says it plainly."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason, self.message = reason, message


TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{20,100}$")


def invitation_for_token(token: str, *, lock: bool = False) -> Invitation:
    """The waiting invitation behind `token`, or `InvitationUnusable` saying plainly why not."""
    unknown = InvitationUnusable("invalid", _("This invitation link is not valid. Check that you copied the whole link "
                                   "from the e-mail, or ask the city team for a new invitation."))
    if not TOKEN_PATTERN.match(token or ""):
        raise unknown
    queryset = Invitation.objects.select_related(
        "member__person__user", "member__partnership__participant", "member__partnership__edition"
    )
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    invitation = queryset.filter(token_hash=token_hash(token)).first()
    if invitation is None:
        raise unknown
    status = invitation.status
    if status == Invitation.Status.ACCEPTED:
        raise InvitationUnusable("used", _("This invitation has already been used. Log in with the account you created."))
    if status == Invitation.Status.REVOKED:
        raise InvitationUnusable("revoked", _("This invitation was withdrawn or replaced by a newer one. "
                                   "Use the link from the latest e-mail, or ask the city team for a new one."))
    if status == Invitation.Status.EXPIRED:
        raise InvitationUnusable("expired", _("This invitation has expired. Ask the city team to send you a new one."))
    if invitation.member.is_erased:
        raise unknown
    return invitation


@transaction.atomic
def invitation_accept(
    *, token: str, by: Any, password: str | None = None, name: str = "", consents: tuple[str, ...] = ()
) -> Any:
    """Accept the invitation: a light account (user, person, LP member role) and the consents given.

    A member whose person already has an account accepts while logged in to it (`by`), without a password;
    everyone else sets one here. Returns the account's user.
    """
    invitation = invitation_for_token(token, lock=True)
    member = invitation.member
    if ConsentText.Scope.PROCESSING not in consents:
        raise ValidationError({"consent_processing": _("The LP register needs your consent to keep your data.")})
    person = member.person
    existing = person.user if person is not None and person.user_id and person.user.is_active else None
    if existing is not None:
        if not by.is_authenticated or by.pk != existing.pk:
            raise PermissionDenied
        user = existing
    else:
        if not password:
            raise ValidationError({"password1": _("Choose a password.")})
        if person is None:
            if not name.strip():
                raise ValidationError({"name": _("Enter your name.")})
            person = Person(name=name.strip(), email=invitation.email, organisation=member.organisation)
            _save(person)
            member.person = person
            member.save(update_fields=["person"])
        user = _create_user(invitation.email, password)
        person.user = user
        if not person.email:
            person.email = invitation.email
        person.save(update_fields=["user", "email"])
    if not member.email:
        member.email = invitation.email
        member.save(update_fields=["email"])
    role = RoleAssignment(person=person, role=Role.LP_MEMBER, participant_id=member.partnership.participant_id,
                          valid_from=timezone.localdate())
    if not _holds_member_role(member):
        _save(role)
    forget_roles(user)
    current = ConsentText.current()
    for scope in consents:
        if scope in current and not member.consents.active().filter(scope=scope).exists():
            _save(Consent(member=member, text=current[scope], scope=scope, recorded_by=user))
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return user


def _create_user(email: str, password: str) -> Any:
    user_model = get_user_model()
    base = email.strip().lower()[:140]
    username, n = base, 1
    while user_model.objects.filter(username=username).exists():
        n += 1
        username = f"{base}-{n}"
    user = user_model(username=username, email=email)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as error:  # two acceptances racing for the same name: the second one retries
        raise ValidationError(_("Please try again.")) from error
    return user


# --- GDPR access ----------------------------------------------------------------------------------------

def person_export(*, person: Person, by: Any) -> dict[str, Any]:
    _require(by, "partnerships.export_person", person)
    return gdpr.person_data(person)
