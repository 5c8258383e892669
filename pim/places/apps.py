"""App configuration for pim.places."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "pim.places"
    label = "places"
    verbose_name = _("Places and participants")
