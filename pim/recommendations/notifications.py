"""E-mail about an Improvement Plan's (PU) workflow: the hand-over to the ministries, the consultation to the cities.

Hand-over: `pim.recommendations.services.improvement_plan_transition` enqueues `pim.recommendations.tasks.notify_hand_over`
once the hand-over is committed; the task calls `send_hand_over_mail`. Who is told: the active ministry liaisons
(with an active account and an address) of every institution that answers one of the PU's recommendations, counted
as the liaison's inbox counts them (the addressees, or the edition's owner ministry for a recommendation without
one), and of the institution that received the PU. Each person gets one message listing the recommendations their
institutions answer, with the response due date where the operator set one, and the link to their inbox.

Consultation: `improvement_plan_transition` enqueues `pim.recommendations.tasks.notify_consultation` once a step
into consultation is committed; the task calls `send_consultation_mail`. Who is told: the city teams (active
`CITY_TEAM_MEMBER` roles, with an active account and an address) of the network's current member cities, the
people `recommendations.view_improvementplan_content` lets read a PU before `final`, with the link to the PU's
page, where they comment. Former member cities are not told: they may no longer read it.

The person who took the step is not told. Messages are in Polish, the programme's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.mail import EmailMessage
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from pim.core.mail import MAIL_LANGUAGE, absolute_url, address_of, enqueue_or_log, send_all
from pim.programmes.models import Institution, Membership, Person, RoleAssignment
from pim.recommendations.models import ImprovementPlan, ImprovementPlanTransition, Recommendation


@dataclass
class Recipient:
    person: Person
    email: str
    institutions: list[Institution] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)


def _answered_by(plan: ImprovementPlan) -> dict[int, list[Recommendation]]:
    """The PU's recommendations per answering institution id, in the PU's order."""
    owner_id = plan.network.edition.owner_id
    recommendations = plan.recommendations.prefetch_related(
        Prefetch("addressees", queryset=Institution.objects.only("pk"))
    ).order_by("order", "pk")
    owed: dict[int, list[Recommendation]] = {}
    for recommendation in recommendations:
        ids = {institution.pk for institution in recommendation.addressees.all()}
        if not ids and owner_id is not None:
            ids = {owner_id}
        for institution_id in ids:
            owed.setdefault(institution_id, []).append(recommendation)
    return owed


def recipients(step: ImprovementPlanTransition) -> list[Recipient]:
    """Who gets an e-mail about a hand-over: one entry per address, in name order (none for other steps)."""
    if step.to_state != ImprovementPlan.State.HANDED_OVER:
        return []
    plan = step.improvement_plan
    owed = _answered_by(plan)
    concerned = set(owed) | ({plan.handed_over_to_id} if plan.handed_over_to_id else set())
    assignments = (
        RoleAssignment.objects.active()
        .filter(role=RoleAssignment.Role.MINISTRY_LIAISON, institution_id__in=concerned, person__user__is_active=True)
        .select_related("person__user", "institution")
        .order_by("person__name", "person_id", "institution__name", "institution_id")
    )
    found: dict[str, Recipient] = {}
    for assignment in assignments:
        person = assignment.person
        email = address_of(person)
        if not email or person.user_id == step.by_id:
            continue
        recipient = found.setdefault(email.lower(), Recipient(person=person, email=email))
        if assignment.institution not in recipient.institutions:
            recipient.institutions.append(assignment.institution)
    for recipient in found.values():
        mine = {r.pk: r for institution in recipient.institutions for r in owed.get(institution.pk, [])}
        recipient.recommendations = sorted(mine.values(), key=lambda r: (r.order, r.pk))
    return list(found.values())


def build_messages(step: ImprovementPlanTransition) -> list[EmailMessage]:
    """One message per recipient (nobody sees the others' addresses), in Polish."""
    people = recipients(step)
    if not people:
        return []
    plan = step.improvement_plan
    with translation.override(MAIL_LANGUAGE):
        values = {"title": plan.title or _("Improvement Plan"), "network": plan.network.name}
        subject = _("Improvement Plan “%(title)s” (%(network)s) was handed over: recommendations await your response") % values
        context = {
            "plan": plan, "network": plan.network,
            "url": absolute_url(plan.get_absolute_url()),
            "inbox_url": absolute_url(reverse("recommendations:inbox")),
        }
        messages = []
        for recipient in people:
            body = render_to_string("recommendations/email/handed_over.txt", {**context, "recipient": recipient})
            messages.append(EmailMessage(subject=subject, body=body, to=[recipient.email]))
    return messages


def send_hand_over_mail(transition_id: int) -> int:
    """Send the e-mails about one hand-over; returns how many were sent (the task's body)."""
    step = (
        ImprovementPlanTransition.objects
        .select_related("improvement_plan__network__edition", "improvement_plan__handed_over_to")
        .filter(pk=transition_id).first()
    )
    return 0 if step is None else send_all(build_messages(step))


def enqueue_hand_over_mail(transition_id: int) -> None:
    """Queue the e-mails about a committed hand-over for the worker."""
    # Imported here: the tasks module imports this one.
    from pim.recommendations.tasks import notify_hand_over

    enqueue_or_log(notify_hand_over, transition_id, what=f"the hand-over of PU step {transition_id}")


def consultation_recipients(step: ImprovementPlanTransition) -> list[Person]:
    """Who gets an e-mail about a PU opened for consultation: one person per address, in name order."""
    if step.to_state != ImprovementPlan.State.CONSULTATION:
        return []
    # The reading rule's city side (`is_pu_network_city_team`) as one query: a city team member of a city
    # that is a current member of the PU's network.
    cities = Membership.objects.current().filter(network_id=step.improvement_plan.network_id).values("participant_id")
    teams = RoleAssignment.objects.active().filter(role=RoleAssignment.Role.CITY_TEAM_MEMBER, participant_id__in=cities)
    people = (
        Person.objects.filter(roles__in=teams, user__is_active=True)
        .select_related("user").distinct().order_by("name", "pk")
    )
    found: dict[str, Person] = {}
    for person in people:
        email = address_of(person)
        if email and person.user_id != step.by_id:
            found.setdefault(email.lower(), person)
    return list(found.values())


def build_consultation_messages(step: ImprovementPlanTransition) -> list[EmailMessage]:
    """One message per city team member (nobody sees the others' addresses), in Polish."""
    people = consultation_recipients(step)
    if not people:
        return []
    plan = step.improvement_plan
    with translation.override(MAIL_LANGUAGE):
        values = {"title": plan.title or _("Improvement Plan"), "network": plan.network.name}
        subject = _("Improvement Plan “%(title)s” (%(network)s) is open for consultation") % values
        context = {"plan": plan, "network": plan.network, "url": absolute_url(plan.get_absolute_url())}
        return [
            EmailMessage(
                subject=subject,
                body=render_to_string("recommendations/email/consultation.txt", {**context, "person": person}),
                to=[address_of(person)],
            )
            for person in people
        ]


def send_consultation_mail(transition_id: int) -> int:
    """Send the e-mails about one PU opened for consultation; returns how many were sent (the task's body)."""
    step = (
        ImprovementPlanTransition.objects.select_related("improvement_plan__network")
        .filter(pk=transition_id).first()
    )
    return 0 if step is None else send_all(build_consultation_messages(step))


def enqueue_consultation_mail(transition_id: int) -> None:
    """Queue the e-mails about a PU's committed step into consultation for the worker."""
    # Imported here: the tasks module imports this one.
    from pim.recommendations.tasks import notify_consultation

    enqueue_or_log(notify_consultation, transition_id, what=f"the consultation of PU step {transition_id}")
