"""Background tasks of the PU app (django.tasks; run by `manage.py db_worker`)."""

from __future__ import annotations

from django.tasks import task

from pim.recommendations.notifications import send_consultation_mail, send_hand_over_mail


@task
def notify_hand_over(transition_id: int) -> int:
    """E-mail the ministry liaisons concerned by a PU's hand-over (see `pim.recommendations.notifications`)."""
    return send_hand_over_mail(transition_id)


@task
def notify_consultation(transition_id: int) -> int:
    """E-mail the network's city teams that its PU is open for consultation (see `pim.recommendations.notifications`)."""
    return send_consultation_mail(transition_id)
