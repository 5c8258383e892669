"""MID screens under /mid/: authoring, review and follow-up, exports. Each sub-module owns its routes."""

from django.urls import include, path

app_name = "plans"

urlpatterns = [
    path("", include("pim.plans.urls_edit")),
    path("", include("pim.plans.urls_review")),
    path("", include("pim.plans.urls_export")),
]
