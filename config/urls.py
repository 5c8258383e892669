"""Root URL configuration: public portal, accounts, admin, API."""

from django.contrib import admin
from django.urls import include, path

from pim.api.api import api
from pim.portal import views as portal_views

urlpatterns = [
    path("", include("pim.portal.urls")),
    path("konto/", include("pim.portal.account_urls")),
    path("mid/", include("pim.plans.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("healthz/", portal_views.healthz, name="healthz"),
]
