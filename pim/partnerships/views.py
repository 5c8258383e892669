"""Local Partnership screens: the register (LP team), the public LP page, members' own data, invitations.

Thin views (style rule 2): an accessor from `access.py` fetches with the permission check, a service from
`services.py` changes, the template renders. Pages with personal data are never cached.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, F, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pim.partnerships import access, services
from pim.partnerships.documents import CONTENT_TYPES, extension
from pim.partnerships.forms import (
    AcceptForm,
    ConsentForm,
    EraseForm,
    InvitationForm,
    MemberForm,
    PartnershipForm,
)
from pim.partnerships.models import Consent, ConsentText, LocalPartnership, PartnershipMember
from pim.places.models import Participant
from pim.programmes.models import Person, RoleAssignment
from pim.programmes.rules import user_roles

MEMBERS_PER_PAGE = 50
PARTNERSHIPS_PER_PAGE = 50
PUBLIC_ORGANISATIONS = 200
# The LP page lists this many of the latest meetings; the calendar list has them all.
LP_MEETINGS_SHOWN = 50
DOCUMENTS = {"akt": "founding_act_document", "regulamin": "rules_document"}


def _errors(form: Any, error: ValidationError) -> None:
    """Put a service's refusal on the form: on its field when the form has one, else on the whole form."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error.messages)


def _bound(request: HttpRequest) -> tuple[Any, Any]:
    """A form's data and files: bound on POST even when nothing was sent (an empty POST is still a submission)."""
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


def _page(request: HttpRequest, queryset: Any, per_page: int) -> Any:
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


# --- the LP team's list and the LP record ---------------------------------------------------------------

@require_GET
@login_required
def partnership_list(request: HttpRequest) -> HttpResponse:
    roles = user_roles(request.user)
    scope = Q(participant_id__in=roles.city_team_participants | roles.lp_coordinator_participants)
    scope |= Q(edition_id__in=roles.operator_editions)
    partnerships = LocalPartnership.objects.all() if roles.operator_of_all_editions else (
        LocalPartnership.objects.filter(scope)
    )
    today = timezone.localdate()
    partnerships = partnerships.for_list().annotate(
        member_count=Count("members", filter=Q(members__left_on__isnull=True) | Q(members__left_on__gt=today))
    )
    page = _page(request, partnerships, PARTNERSHIPS_PER_PAGE)
    return render(request, "partnerships/localpartnership_list.html", {
        "page_obj": page,
        "can_create": request.user.has_perm("partnerships.add_localpartnership"),
        "is_lp_member": bool(roles.lp_member_participants),
    })


def _participants_for(user: Any) -> Any:
    roles = user_roles(user)
    if roles.is_operator:
        # Operators set up LPs for the programme's participants (members of a network), not the whole registry.
        return Participant.objects.filter(memberships__isnull=False).distinct().order_by("name_folded", "pk")
    ids = roles.city_team_participants | roles.lp_coordinator_participants
    return Participant.objects.filter(pk__in=ids).order_by("name_folded", "pk")


def _coordinators_for(partnership: LocalPartnership) -> Any:
    return Person.objects.filter(pk__in=services.coordinator_candidates(partnership)).order_by("name", "pk")


@require_http_methods(["GET", "POST"])
@login_required
def partnership_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("partnerships.add_localpartnership"):
        raise PermissionDenied
    participants = _participants_for(request.user)
    form = PartnershipForm(*_bound(request), participants=participants)
    if request.method == "POST" and form.is_valid():
        try:
            partnership = services.partnership_create(
                participant=form.cleaned_data["participant"], edition=form.cleaned_data["edition"],
                by=request.user, **form.service_fields(),
            )
        except ValidationError as error:
            _errors(form, error)
        except PermissionDenied:
            form.add_error("participant", _("You cannot set up a Local Partnership for this participant."))
        else:
            messages.success(request, _("The Local Partnership has been set up."))
            return redirect(partnership)
    return render(request, "partnerships/localpartnership_form.html", {"form": form, "partnership": None},
                  status=400 if form.errors else 200)


@require_GET
@never_cache
def partnership_detail(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = access.get_partnership_for_user(request.user, pk)
    summary = LocalPartnership.objects.filter(pk=partnership.pk).public_summaries(
        organisation_limit=PUBLIC_ORGANISATIONS
    )[0]
    user = request.user
    can_see_members = user.has_perm("partnerships.view_localpartnership_members", partnership)
    context: dict[str, Any] = {
        "partnership": partnership,
        "summary": summary,
        "can_see_members": can_see_members,
        "can_change": user.has_perm("partnerships.change_localpartnership", partnership),
        "can_see_documents": user.has_perm("partnerships.view_localpartnership_documents", partnership),
    }
    if can_see_members:
        context["page_obj"] = _page(request, partnership.members.for_partnership_page(), MEMBERS_PER_PAGE)
    context.update(_lp_meetings(user, partnership))
    return render(request, "partnerships/localpartnership_detail.html", context)


def _lp_meetings(user: Any, partnership: LocalPartnership) -> dict[str, Any]:
    """The LP's latest meetings the user may see, in one query: upcoming (soonest first) and past (latest first).

    Events are a layer above this app, which may not import it: they are read through the host's reverse
    relation, whose manager is the events app's, so its `visible_to` (the `events.view_event` rule) decides
    which private meetings are listed.
    """
    today = timezone.localdate()
    meetings = list(
        partnership.participant.hosted_events.lp_meetings(edition_id=partnership.edition_id).visible_to(user)
        .order_by(F("starts_on").desc(nulls_last=True), F("start_time").desc(nulls_last=True), "-pk")
        [:LP_MEETINGS_SHOWN]
    )
    upcoming = [meeting for meeting in meetings if meeting.is_upcoming(today)]
    query = urlencode({"participant": partnership.participant.slug, "kind": "lp_meeting"})
    return {
        "upcoming_meetings": upcoming[::-1],
        "past_meetings": [meeting for meeting in meetings if not meeting.is_upcoming(today)],
        "meetings_calendar_url": f"{reverse('calendar:list')}?{query}",
    }


@require_http_methods(["GET", "POST"])
@login_required
def partnership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = access.get_partnership_for_user(request.user, pk, write=True)
    initial = {name: getattr(partnership, name) for name in (
        "formula", "founded_on", "founding_act_title", "founding_act_link", "coordinator", "rules_of_procedure",
    )}
    form = PartnershipForm(*_bound(request), initial=initial, partnership=partnership,
                           coordinators=_coordinators_for(partnership))
    if request.method == "POST" and form.is_valid():
        try:
            services.partnership_update(partnership=partnership, by=request.user, **form.service_fields())
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The Local Partnership has been saved."))
            return redirect(partnership)
    return render(request, "partnerships/localpartnership_form.html", {"form": form, "partnership": partnership},
                  status=400 if form.errors else 200)


@require_GET
@never_cache
def document(request: HttpRequest, pk: int, which: str) -> HttpResponse:
    partnership = access.get_partnership_for_user(request.user, pk)
    if which not in DOCUMENTS or not request.user.has_perm(
        "partnerships.view_localpartnership_documents", partnership
    ):
        raise Http404
    file = getattr(partnership, DOCUMENTS[which])
    if not file:
        raise Http404
    try:
        handle = file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    ext = extension(file.name)
    return FileResponse(handle, as_attachment=True, filename=f"lp-{partnership.pk}-{which}.{ext}",
                        content_type=CONTENT_TYPES.get(ext, "application/octet-stream"))


# --- members --------------------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = access.get_partnership_for_user(request.user, pk, write=True)
    form = MemberForm(*_bound(request)[:1])
    if request.method == "POST" and form.is_valid():
        try:
            member = services.member_add(partnership=partnership, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The member has been added."))
            return redirect(member)
    return render(request, "partnerships/partnershipmember_form.html",
                  {"form": form, "partnership": partnership, "member": None}, status=400 if form.errors else 200)


@require_GET
@login_required
@never_cache
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = access.get_member_for_user(request.user, pk)
    user = request.user
    consents = list(member.consents.select_related("text").order_by("-given_at", "-pk"))
    active_scopes = {c.scope for c in consents if c.withdrawn_at is None}
    can_invite = user.has_perm("partnerships.invite_partnershipmember", member)
    can_change = user.has_perm("partnerships.change_partnershipmember", member) and not member.is_erased
    return render(request, "partnerships/partnershipmember_detail.html", {
        "member": member,
        "partnership": member.partnership,
        "consents": consents,
        "can_withdraw": {c.pk for c in consents if c.withdrawn_at is None and user.has_perm(
            "partnerships.withdraw_consent", c)},
        "consent_form": _consent_form(member, active_scopes, team=can_change) if user.has_perm(
            "partnerships.add_consent", Consent(member=member)) and not member.is_erased else None,
        "invitations": list(member.invitations.select_related("sent_by__person")) if can_invite else [],
        "invitation_form": InvitationForm(initial={"email": member.email}) if can_invite and not member.is_erased
        else None,
        "can_change": can_change,
        "can_erase": user.has_perm("partnerships.erase_partnershipmember", member) and not member.is_erased,
        "can_export": member.person_id is not None and user.has_perm("partnerships.export_person", member.person),
        "has_account": member.person_id is not None and member.person.user_id is not None
        and member.person.user.is_active,
    })


def _consent_form(member: PartnershipMember, active_scopes: set[str], *, team: bool) -> ConsentForm | None:
    form = ConsentForm()
    if not team:
        del form.fields["given_on"]
    choices = [(value, label) for value, label in ConsentText.Scope.choices if value not in active_scopes]
    if not choices:
        return None
    form.fields["scope"].choices = choices
    return form


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = access.get_member_for_user(request.user, pk, write=True)
    if member.is_erased:
        raise Http404
    initial = {name: getattr(member, name) for name in services.MEMBER_FIELDS}
    if member.person_id:
        initial["name"] = member.person.name
    form = MemberForm(*_bound(request)[:1], initial=initial, member=member)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_update(member=member, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The member has been saved."))
            return redirect(member)
    return render(request, "partnerships/partnershipmember_form.html",
                  {"form": form, "partnership": member.partnership, "member": member},
                  status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def member_erase(request: HttpRequest, pk: int) -> HttpResponse:
    member = access.get_member_for_user(request.user, pk, perm="partnerships.erase_partnershipmember")
    if member.is_erased:
        messages.info(request, _("This member's personal data were already erased."))
        return redirect(member.partnership)
    form = EraseForm(*_bound(request)[:1])
    if request.method == "POST" and form.is_valid():
        try:
            services.member_erase(member=member, by=request.user)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The member's personal data have been erased."))
            return redirect(member.partnership)
    return render(request, "partnerships/partnershipmember_erase.html", {"form": form, "member": member},
                  status=400 if form.errors else 200)


# --- consents -------------------------------------------------------------------------------------------

def _back(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return default


@require_POST
@login_required
def consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    member = access.get_member_for_user(request.user, pk)
    form = ConsentForm(request.POST)
    if form.is_valid():
        try:
            services.consent_record(member=member, scope=form.cleaned_data["scope"], by=request.user,
                                    given_at=form.given_at())
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except PermissionDenied as error:
            raise Http404 from error
        else:
            messages.success(request, _("The consent has been recorded."))
    else:
        messages.error(request, " ".join(message for errors in form.errors.values() for message in errors))
    return redirect(_back(request, member.get_absolute_url()))


@require_POST
@login_required
def consent_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    consent = access.get_consent_for_user(request.user, pk)
    error_text = ""
    try:
        consent = services.consent_withdraw(consent=consent, by=request.user)
    except ValidationError as error:
        error_text = " ".join(error.messages)
    except PermissionDenied as error:
        raise Http404 from error
    if request.htmx:
        return render(request, "partnerships/_consent_row.html", {
            "consent": consent, "withdrawable": False, "error": error_text, "next": _back(request, ""),
        })
    if error_text:
        messages.error(request, error_text)
    else:
        messages.success(request, _("The consent has been withdrawn."))
    return redirect(_back(request, consent.member.get_absolute_url()))


# --- invitations ----------------------------------------------------------------------------------------

@require_POST
@login_required
def invitation_send(request: HttpRequest, pk: int) -> HttpResponse:
    member = access.get_member_for_user(request.user, pk, perm="partnerships.invite_partnershipmember")
    form = InvitationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a valid e-mail address."))
        return redirect(member)
    try:
        services.invitation_send(member=member, by=request.user, email=form.cleaned_data["email"],
                                 base_url=request.build_absolute_uri("/"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The invitation has been sent to %(email)s.") % {"email": form.cleaned_data["email"]})
    return redirect(member)


@require_POST
@login_required
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = access.get_invitation_for_user(request.user, pk)
    try:
        services.invitation_revoke(invitation=invitation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied as error:
        raise Http404 from error
    else:
        messages.success(request, _("The invitation has been revoked."))
    return redirect(invitation.member)


def _unusable(unusable: services.InvitationUnusable) -> dict[str, str]:
    return {"message": unusable.message, "reason": unusable.reason}


@require_http_methods(["GET", "POST"])
@never_cache
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.invitation_for_token(token)
    except services.InvitationUnusable as unusable:
        return render(request, "partnerships/invitation_unusable.html", _unusable(unusable), status=410)
    member = invitation.member
    person = member.person
    existing = person.user if person is not None and person.user_id and person.user.is_active else None
    if existing is not None and request.user.pk != existing.pk:
        return render(request, "partnerships/invitation_accept.html", {
            "invitation": invitation, "partnership": member.partnership, "login_first": True,
            "login_url": f"{reverse('login')}?next={request.path}",
        })
    texts = ConsentText.current()
    form = AcceptForm(
        *_bound(request)[:1], email=invitation.email, needs_name=person is None, needs_password=existing is None,
        has_organisation=bool(member.organisation), texts=texts,
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                token=token, by=request.user, password=form.cleaned_data.get("password1"),
                name=form.cleaned_data.get("name", ""), consents=form.consents(),
            )
        except services.InvitationUnusable as unusable:
            return render(request, "partnerships/invitation_unusable.html", _unusable(unusable), status=410)
        except ValidationError as error:
            _errors(form, error)
        else:
            if existing is None:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, _("Welcome! Your account is ready; your user name is %(username)s.")
                                 % {"username": user.get_username()})
            else:
                messages.success(request, _("You are now a member of the Local Partnership on the platform."))
            return redirect("partnerships:my_data")
    return render(request, "partnerships/invitation_accept.html", {
        "invitation": invitation, "partnership": member.partnership, "form": form, "texts": texts,
    }, status=400 if form.errors else 200)


# --- a person's own data and the GDPR export -----------------------------------------------------------

@require_GET
@login_required
@never_cache
def my_data(request: HttpRequest) -> HttpResponse:
    person = Person.objects.filter(user=request.user).first()
    members = []
    if person is not None:
        members = list(
            person.lp_memberships.filter(erased_at__isnull=True)
            .select_related("partnership__participant", "partnership__edition")
            .order_by("pk")
        )
    consents = list(
        Consent.objects.filter(member__in=members).select_related("text", "member__person", "member__partnership")
        .order_by("member_id", "-given_at", "-pk")
    )
    lp_roles = []
    if person is not None:
        lp_roles = list(RoleAssignment.objects.active().filter(person=person, role=RoleAssignment.Role.LP_MEMBER))
    return render(request, "partnerships/my_data.html", {
        "person": person, "members": members, "consents": consents, "lp_roles": lp_roles,
        "withdrawable": {c.pk for c in consents if c.withdrawn_at is None
                         and request.user.has_perm("partnerships.withdraw_consent", c)},
    })


@require_GET
@login_required
@never_cache
def person_export(request: HttpRequest, pk: int) -> HttpResponse:
    person = access.get_person_for_export(request.user, pk)
    data = services.person_export(person=person, by=request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="pim-dane-osoby-{person.pk}.json"'
    return response


@require_GET
def consent_texts(request: HttpRequest) -> HttpResponse:
    return render(request, "partnerships/consenttext_list.html", {
        "texts": ConsentText.objects.order_by("scope", "-version"),
    })
