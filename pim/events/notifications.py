"""E-mail to the people registered for an event that its organisers cancelled.

`pim.events.services.event_cancel` enqueues `pim.events.tasks.notify_cancellation` once the cancellation is
committed; the task calls `send_cancellation_mail`. Each person registered with an address gets one message
in Polish, the programme's language, with the reason and a link to the event; the organiser who cancelled
it, and people whose account is switched off, are not written to.
"""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from pim.core.mail import MAIL_LANGUAGE, absolute_url, address_of, enqueue_or_log, send_all
from pim.events.models import Event
from pim.programmes.models import Person


def recipients(event: Event) -> list[tuple[Person, str]]:
    """(person, address) of everyone registered who can be written to, one entry per address, by name."""
    people = (
        Person.objects.filter(registrations__event=event)
        .filter(Q(user__isnull=True) | Q(user__is_active=True))
        .select_related("user").order_by("name", "pk")
    )
    found: dict[str, tuple[Person, str]] = {}
    for person in people:
        email = address_of(person)
        if email and email.lower() not in found and (person.user_id is None or person.user_id != event.cancelled_by_id):
            found[email.lower()] = (person, email)
    return list(found.values())


def build_messages(event: Event) -> list[EmailMessage]:
    """One message per recipient (nobody sees the others' addresses)."""
    people = recipients(event)
    if not people:
        return []
    with translation.override(MAIL_LANGUAGE):
        subject = _("Cancelled: %(event)s (%(date)s)") % {"event": event, "date": event.date_label}
        context = {"event": event, "url": absolute_url(event.get_absolute_url())}
        return [
            EmailMessage(
                subject=subject, to=[email],
                body=render_to_string("events/email/cancelled.txt", {**context, "recipient": person}),
            )
            for person, email in people
        ]


def send_cancellation_mail(event_id: int) -> int:
    """Send the e-mails about one cancelled event; returns how many were sent (the task's body).

    An event taken back into the calendar before the worker got to it is not announced as cancelled.
    """
    event = Event.objects.filter(pk=event_id, cancelled_at__isnull=False).first()
    return 0 if event is None else send_all(build_messages(event))


def enqueue_cancellation_mail(event_id: int) -> None:
    """Queue the e-mails about a committed cancellation for the worker."""
    # Imported here: the tasks module imports this one.
    from pim.events.tasks import notify_cancellation

    enqueue_or_log(notify_cancellation, event_id, what=f"the cancelled event {event_id}")
