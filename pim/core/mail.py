"""E-mail plumbing the apps share: the language of programme mail, absolute links, addresses, the work queue."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage

logger = logging.getLogger(__name__)

# Programme mail is written in Polish, whatever language the person who triggered it uses.
MAIL_LANGUAGE = "pl"


def absolute_url(path: str) -> str:
    """A link for mail sent outside a request (background tasks): `PIM_SITE_URL` + path."""
    return f"{settings.PIM_SITE_URL}{path}"


def address_of(person: Any) -> str:
    """A person's own e-mail, else their account's; empty when they have neither."""
    account = person.user.email if person.user_id else ""
    return (person.email or account or "").strip()


def send_all(messages: Iterable[EmailMessage]) -> int:
    """Send every message; returns how many were sent (the body of a notification task)."""
    sent = 0
    for message in messages:
        message.send()
        sent += 1
    return sent


def enqueue_or_log(task: Any, *args: Any, what: str) -> None:
    """Queue `task(*args)` for the worker; a queue that refuses the job is logged, not raised.

    Called after the step it reports on has committed: an error page then would tell the user their step
    failed when it did not.
    """
    try:
        task.enqueue(*args)
    except Exception:
        logger.exception("Could not queue the e-mails about %s", what)
