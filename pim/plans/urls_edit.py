"""MID routes: the page's editor (sections, actions) and the version history."""

from django.urls import path

from pim.plans.views import editing, history

urlpatterns = [
    path("<int:pk>/sekcje/<slug:key>/edycja/", editing.section_edit, name="section_edit"),
    path("<int:pk>/dzialania/nowe/", editing.action_edit, name="action_add"),
    path("<int:pk>/dzialania/<int:action_id>/", editing.action_edit, name="action_edit"),
    path("<int:pk>/dzialania/<int:action_id>/usun/", editing.action_delete, name="action_delete"),
    path("<int:pk>/historia/", history.history, name="history"),
    path("<int:pk>/historia/porownanie/", history.version_compare, name="version_compare"),
    path("<int:pk>/historia/<int:number>/przywroc/", history.version_restore, name="version_restore"),
]
