"""Event pages, mounted at /wydarzenia/ (the public page is also `portal:event`)."""

from django.urls import include, path

from pim.events import views

app_name = "events"

event_urls = [
    path("", views.event_detail, name="detail"),
    path("edytuj/", views.event_edit, name="edit"),
    path("odwolaj/", views.event_cancel, name="cancel"),
    path("przywroc/", views.event_uncancel, name="uncancel"),
    path("usun/", views.event_delete, name="delete"),
    path("program/", views.agenda_edit, name="agenda"),
    path("zgloszenia/", views.registrations, name="registrations"),
    path("zgloszenia/limity/", views.quotas_edit, name="quotas"),
    path("zgloszenia/<int:registration_pk>/anuluj/", views.registration_cancel, name="registration_cancel"),
    path("zapisz-mnie/", views.register_self, name="register_self"),
    path("obecnosc/", views.attendance, name="attendance"),
    path("obecnosc/<int:registration_pk>/", views.check_in, name="check_in"),
    path("obecnosc.<str:fmt>", views.attendance_export, name="attendance_export"),
    path("protokol/", views.minutes_edit, name="minutes"),
    path("wyniki/", views.outcomes, name="outcomes"),
    path("wyniki/<int:outcome_pk>/usun/", views.outcome_delete, name="outcome_delete"),
    path("zalaczniki/", views.attachments, name="attachments"),
    path("zalaczniki/<int:attachment_pk>/", views.attachment_download, name="attachment"),
    path("zalaczniki/<int:attachment_pk>/usun/", views.attachment_delete, name="attachment_delete"),
]

urlpatterns = [
    path("nowe/", views.event_create, name="create"),
    path("nowe/zakres/", views.event_form_scope, name="form_scope"),
    path("<int:pk>/", include(event_urls)),
]
