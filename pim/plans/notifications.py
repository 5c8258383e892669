"""E-mail about a MID's workflow steps: who hears about which step, and the message they get.

`pim.plans.services.plan_transition` enqueues `pim.plans.tasks.notify_transition` once the step is
committed; the task calls `send_transition_mail`. The people concerned:

- submitted for expert review: the network's active thematic experts and the MID's reviewing expert;
- sent back to the city, or approved: the city team;
- consultation opened: the city's LP coordinator(s) and the members of its Local Partnership who have an
  account (`LP_MEMBER`), with a link to the comments page.

Nobody is told about a MID whose working content they may not read (`plans.view_actionplan_draft`,
checked in the new state), nor about their own step. Messages are written in Polish, the programme's
language, whatever language the person who took the step used.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from pim.core.mail import MAIL_LANGUAGE, absolute_url, address_of, enqueue_or_log, send_all
from pim.plans.models import ActionPlan, PlanTransition
from pim.programmes.models import Person, RoleAssignment

S = ActionPlan.State
Role = RoleAssignment.Role
# The steps that are mailed, as (from, to): the subject's wording and who is concerned.
EXPERT_REVIEW = (S.CONSULTATION, S.EXPERT_REVIEW)
SENT_BACK = (S.EXPERT_REVIEW, S.DRAFT)
APPROVED = (S.EXPERT_REVIEW, S.APPROVED)
CONSULTATION = (S.DRAFT, S.CONSULTATION)
MAILED_STEPS = frozenset({EXPERT_REVIEW, SENT_BACK, APPROVED, CONSULTATION})


@dataclass(frozen=True)
class Recipient:
    person: Person
    email: str


def _concerned(step: PlanTransition) -> Any:
    """The people a step concerns, before the visibility check (a Person queryset, or none)."""
    plan = step.plan
    key = (step.from_state, step.to_state)
    active = RoleAssignment.objects.active()
    if key == EXPERT_REVIEW:
        experts = active.filter(role=Role.THEMATIC_EXPERT, network_id=plan.network_id)
        return Person.objects.filter(Q(roles__in=experts) | Q(pk=plan.expert_id))
    if key in (SENT_BACK, APPROVED):
        return plan.team_members()
    if key == CONSULTATION:
        return Person.objects.filter(
            roles__in=active.filter(
                role__in=(Role.LP_COORDINATOR, Role.LP_MEMBER), participant_id=plan.participant_id
            )
        )
    return Person.objects.none()


def recipients(step: PlanTransition) -> list[Recipient]:
    """Who gets an e-mail about `step`: one entry per address, in name order."""
    if (step.from_state, step.to_state) not in MAILED_STEPS:
        return []
    people = _concerned(step).filter(user__is_active=True).select_related("user").distinct().order_by("name", "pk")
    found: dict[str, Recipient] = {}
    for person in people:
        email = address_of(person)
        if not email or email.lower() in found or person.user_id == step.by_id:
            continue
        if person.user.has_perm("plans.view_actionplan_draft", step.plan):
            found[email.lower()] = Recipient(person=person, email=email)
    return list(found.values())


def _subject(step: PlanTransition) -> str:
    plan = step.plan
    values = {"title": plan.title or _("MID (title unknown)"), "city": plan.participant.name if plan.participant_id else ""}
    key = (step.from_state, step.to_state)
    if key == EXPERT_REVIEW:
        return _("MID “%(title)s” (%(city)s) is waiting for expert review") % values
    if key == SENT_BACK:
        return _("MID “%(title)s” was sent back to the city team") % values
    if key == APPROVED:
        return _("MID “%(title)s” was approved") % values
    return _("MID “%(title)s” (%(city)s) is open for consultation") % values


def build_messages(step: PlanTransition) -> list[EmailMessage]:
    """One message per recipient (nobody sees the others' addresses), in Polish."""
    # Imported here: the services import this module to enqueue the mail.
    from pim.plans.services import display_name

    people = recipients(step)
    if not people:
        return []
    plan = step.plan
    with translation.override(MAIL_LANGUAGE):
        subject = _subject(step)
        context = {
            "step": step, "plan": plan, "by": display_name(step.by),
            "url": absolute_url(plan.get_absolute_url()),
            "workflow_url": absolute_url(reverse("plans:workflow", args=[plan.pk])),
            "comments_url": absolute_url(reverse("plans:comments", args=[plan.pk])),
        }
        messages = []
        for recipient in people:
            body = render_to_string("plans/email/transition.txt", {**context, "recipient": recipient.person})
            messages.append(EmailMessage(subject=subject, body=body, to=[recipient.email]))
    return messages


def send_transition_mail(transition_id: int) -> int:
    """Send the e-mails about one workflow step; returns how many were sent (the task's body)."""
    step = (
        PlanTransition.objects.select_related("plan__participant", "plan__network", "by__person")
        .filter(pk=transition_id).first()
    )
    return 0 if step is None else send_all(build_messages(step))


def enqueue_transition_mail(transition_id: int) -> None:
    """Queue the e-mails about a committed workflow step for the worker."""
    # Imported here: the tasks module imports the export machinery, which services need not load.
    from pim.plans.tasks import notify_transition

    enqueue_or_log(notify_transition, transition_id, what=f"MID workflow step {transition_id}")
