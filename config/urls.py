"""Root URL configuration: public portal, accounts, admin, API."""

from django.contrib import admin
from django.urls import include, path

from pim.api.api import api
from pim.portal import views as portal_views

urlpatterns = [
    path("", include("pim.portal.urls")),
    path("konto/", include("pim.portal.account_urls")),
    path("mid/", include("pim.plans.urls")),
    path("partnerstwa/", include("pim.partnerships.urls")),
    path("rekomendacje/", include("pim.recommendations.urls")),
    path("kalendarz/", include("pim.events.urls_calendar")),
    path("fiszka/", include("pim.programmes.urls")),
    path("wydarzenia/", include("pim.events.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("healthz/", portal_views.healthz, name="healthz"),
]
