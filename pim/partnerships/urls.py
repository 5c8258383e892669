"""Local Partnership screens under /partnerstwa/."""

from django.urls import include, path

from pim.partnerships import views

app_name = "partnerships"

partnership_urls = [
    path("", views.partnership_detail, name="detail"),
    path("edycja/", views.partnership_edit, name="edit"),
    path("dokument/<str:which>/", views.document, name="document"),
    path("czlonkowie/nowy/", views.member_add, name="member_add"),
]

member_urls = [
    path("", views.member_detail, name="member"),
    path("edycja/", views.member_edit, name="member_edit"),
    path("usuniecie-danych/", views.member_erase, name="member_erase"),
    path("zgody/", views.consent_add, name="consent_add"),
    path("zaproszenie/", views.invitation_send, name="invitation_send"),
]

urlpatterns = [
    path("", views.partnership_list, name="list"),
    path("nowe/", views.partnership_create, name="create"),
    path("<int:pk>/", include(partnership_urls)),
    path("czlonek/<int:pk>/", include(member_urls)),
    path("zgoda/<int:pk>/wycofanie/", views.consent_withdraw, name="consent_withdraw"),
    path("zaproszenia/<int:pk>/anulowanie/", views.invitation_revoke, name="invitation_revoke"),
    path("zaproszenie/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("moje-dane/", views.my_data, name="my_data"),
    path("osoba/<int:pk>/eksport.json", views.person_export, name="person_export"),
    path("zgody/", views.consent_texts, name="consent_texts"),
]
