"""Public URLs: the recommendations scoreboard with its exports, each recommendation's trace, good practices."""

from __future__ import annotations

from django.urls import path

from pim.recommendations import views_public

urlpatterns = [
    path("tablica/", views_public.scoreboard, name="scoreboard"),
    path("tablica.csv", views_public.scoreboard_csv, name="scoreboard_csv"),
    path("tablica.json", views_public.scoreboard_json, name="scoreboard_json"),
    path("slad/<int:pk>/", views_public.trace, name="trace"),
    path("dobre-praktyki/", views_public.good_practice_list, name="good_practice_list"),
    path("dobre-praktyki/<int:pk>/", views_public.good_practice, name="good_practice"),
    path("dobre-praktyki/<int:pk>/edycja/", views_public.good_practice_edit, name="good_practice_edit"),
    path("dobre-praktyki/nowa/", views_public.good_practice_create, name="good_practice_create"),
]
