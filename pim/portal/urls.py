"""Public pages of the portal."""

from django.urls import path

from pim.events import views as event_views
from pim.plans.views import pages as plan_pages
from pim.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("edycje/<slug:slug>/", views.edition_detail, name="edition"),
    path("sieci/<slug:slug>/", views.network_detail, name="network"),
    path("wydarzenia/<int:pk>/", event_views.event_detail, name="event"),
    path("mid/<int:pk>/", plan_pages.plan_detail, name="action_plan"),
    path("uczestnicy/", views.participant_list, name="participant_list"),
    path("uczestnicy/<slug:slug>/", views.participant_detail, name="participant"),
    path("mapa/", views.map_view, name="map"),
    path("o-programie/", views.about, name="about"),
]
