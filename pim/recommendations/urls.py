"""URLs of Improvement Plans, the barrier register, recommendations' responses, the scoreboard and good practices."""

from __future__ import annotations

from django.urls import include, path

from pim.recommendations.urls_public import urlpatterns as public_urlpatterns
from pim.recommendations.views import followup, history, pages, register

app_name = "recommendations"

# One network's PU and barrier register, under /rekomendacje/siec/<network slug>/.
network_urls = [
    path("plan/", pages.plan_detail, name="plan"),
    path("plan/nowy/", pages.plan_create, name="plan_create"),
    path("plan/uwagi/", pages.comment_add, name="comment_add"),
    path("plan/edycja/", pages.plan_edit, name="plan_edit"),
    path("plan/edycja/<slug:key>/", pages.section_edit, name="section_edit"),
    path("plan/rekomendacje/nowa/", pages.recommendation_edit, name="recommendation_add"),
    path("plan/rekomendacje/<int:pk>/", pages.recommendation_edit, name="recommendation_edit"),
    path("plan/rekomendacje/<int:pk>/usun/", pages.recommendation_delete, name="recommendation_delete"),
    path("plan/historia/", history.history, name="history"),
    path("plan/historia/porownanie/", history.version_compare, name="version_compare"),
    path("plan/historia/<int:number>/przywroc/", history.version_restore, name="version_restore"),
    path("plan/obieg/", history.workflow, name="workflow"),
    path("plan/eksport/<str:fmt>/", history.export, name="export"),
    path("bariery/", register.register_page, name="register"),
    path("bariery/zbierz/", register.register_collect, name="register_collect"),
    path("bariery/dodaj/", register.register_add, name="register_add"),
    path("bariery/scal/", register.register_merge, name="register_merge"),
    path("bariery/szukaj/", register.barrier_search, name="barrier_search"),
    path("bariery/<int:pk>/edycja/", register.register_edit, name="register_edit"),
]

# Authoring and follow-up screens; the public scoreboard, traces and good practices are in urls_public.
urlpatterns = [
    path("siec/<slug:slug>/", include(network_urls)),
    path("<int:pk>/odpowiedz/", followup.respond, name="respond"),
    path("<int:pk>/termin/", pages.due_date, name="due_date"),
    path("do-odpowiedzi/", followup.inbox, name="inbox"),
    *public_urlpatterns,
]
