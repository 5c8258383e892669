"""Background tasks of the events app (django.tasks; run by `manage.py db_worker`)."""

from __future__ import annotations

from django.tasks import task

from pim.events.notifications import send_cancellation_mail


@task
def notify_cancellation(event_id: int) -> int:
    """E-mail the people registered for one cancelled event (see `pim.events.notifications`)."""
    return send_cancellation_mail(event_id)
