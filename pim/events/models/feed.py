"""The secret address of a person's iCalendar feed: calendar apps cannot log in, so the address is the key.

Only the token's SHA-256 is stored; the address is shown once, when the person creates it, and a new one
replaces the old (which then stops working).
"""

from __future__ import annotations

import hashlib

from django.db import models
from django.utils.translation import gettext_lazy as _

from pim.programmes.models import Person


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeedToken(models.Model):
    person = models.OneToOneField(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="calendar_feed_token"
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed address")
        verbose_name_plural = _("calendar feed addresses")
        ordering = ["person_id"]

    def __str__(self) -> str:
        return f"{self.person} ({self.created_at:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return self.person.get_absolute_url()
