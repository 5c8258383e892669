"""App configuration for pim.recommendations."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecommendationsConfig(AppConfig):
    name = "pim.recommendations"
    label = "recommendations"
    verbose_name = _("Improvement plans and recommendations")
