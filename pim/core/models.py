"""Shared plumbing models: the citation registry every record of the real PIM history points to.

Sources live in core (not in a domain app) because every domain layer cites them and core is the one
module all layers may import; see docs/decisions.md.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Source(models.Model):
    key = models.CharField(_("key"), max_length=20, unique=True, help_text=_("Short key such as 'B' or 'P21'."))
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("address"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["key"]

    def __str__(self) -> str:
        return f"[{self.key}] {self.title}"

    def get_absolute_url(self) -> str:
        return f"{reverse('portal:about')}#zrodlo-{self.key}"


class SourcedModel(models.Model):
    """A record of the PIM history: says which sources state it, and whether it is a demo record."""

    sources = models.CharField(
        _("sources"),
        max_length=200,
        blank=True,
        help_text=_("Source keys separated by commas, e.g. 'B, P2'. Empty only for records entered in the platform."),
    )
    is_demo = models.BooleanField(_("demo content"), default=False)

    class Meta:
        abstract = True

    @property
    def source_keys(self) -> list[str]:
        return [k.strip() for k in self.sources.split(",") if k.strip()]
