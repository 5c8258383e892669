"""The network roadmap (Fiszka sieci) editor under /fiszka/<network slug>/."""

from django.urls import path

from pim.programmes import views

app_name = "programmes"

urlpatterns = [
    path("<slug:slug>/", views.roadmap_edit, name="roadmap_edit"),
    path("<slug:slug>/dzialania/nowe/", views.roadmap_action_edit, name="roadmap_action_add"),
    path("<slug:slug>/dzialania/<int:pk>/", views.roadmap_action_edit, name="roadmap_action_edit"),
    path("<slug:slug>/dzialania/<int:pk>/usun/", views.roadmap_action_delete, name="roadmap_action_delete"),
    path("<slug:slug>/uzgodnij/", views.roadmap_agree, name="roadmap_agree"),
    path("<slug:slug>/wersje/", views.roadmap_versions, name="roadmap_versions"),
    path("<slug:slug>/wersje/porownaj/", views.roadmap_compare, name="roadmap_compare"),
    path("<slug:slug>/wersje/<int:number>/przywroc/", views.roadmap_restore, name="roadmap_restore"),
]
