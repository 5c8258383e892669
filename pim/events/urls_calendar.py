"""The calendar under /kalendarz/: month grid, list and iCalendar feeds."""

from django.urls import path

from pim.events import calendar, ical

app_name = "calendar"

urlpatterns = [
    path("", calendar.calendar_month, name="current"),
    path("<int:year>/<int:month>/", calendar.calendar_month, name="month"),
    path("lista/", calendar.calendar_list, name="list"),
    path("ical/siec/<slug:slug>.ics", ical.network_feed, name="network_feed"),
    path("ical/uczestnik/<slug:slug>.ics", ical.participant_feed, name="participant_feed"),
    path("ical/osoba/<str:token>.ics", ical.person_feed, name="person_feed"),
    path("moj-kalendarz/", ical.my_feed, name="my_feed"),
]
