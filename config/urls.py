"""Root URL configuration: public portal, accounts, admin, API."""

from django.contrib import admin
from django.urls import include, path, re_path

from pim.api.api import unknown_api_path
from pim.api.api import urls as api_urls
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
    path("api/v1/", api_urls()),
    # The rest of /api/ (another version, a typo) answers the API's JSON 404, not the portal's HTML page.
    # `api/v1` alone is left out, so that Django's APPEND_SLASH redirects it to the index at /api/v1/.
    re_path(r"^api(?:$|/(?!v1$))", unknown_api_path),
    path("healthz/", portal_views.healthz, name="healthz"),
]
