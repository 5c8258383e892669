"""An event's date and place as the sources state them."""

from __future__ import annotations

import datetime

from django.test import SimpleTestCase
from django.utils import translation

from pim.events.models import Event

D = datetime.date
Precision = Event.DatePrecision


class DateLabelTests(SimpleTestCase):
    def label(self, **fields) -> str:
        with translation.override("en"):
            return Event(**fields).date_label

    def test_day_precision_shows_full_dates_and_ranges(self):
        self.assertEqual(self.label(starts_on=D(2022, 5, 10)), "10 May 2022")
        self.assertEqual(self.label(starts_on=D(2022, 5, 10), ends_on=D(2022, 5, 12)), "10–12 May 2022")
        self.assertEqual(self.label(starts_on=D(2022, 5, 31), ends_on=D(2022, 6, 3)), "31 May – 3 June 2022")
        self.assertEqual(self.label(starts_on=D(2017, 12, 30), ends_on=D(2018, 1, 2)),
                         "30 December 2017 – 2 January 2018")

    def test_coarser_precisions_hide_what_is_not_known(self):
        self.assertEqual(self.label(starts_on=D(2022, 5, 1), date_precision=Precision.MONTH), "May 2022")
        self.assertEqual(self.label(starts_on=D(2022, 1, 1), date_precision=Precision.YEAR), "2022")
        self.assertEqual(self.label(date_precision=Precision.UNKNOWN), "date unknown")
        self.assertEqual(self.label(starts_on=None), "date unknown")

    def test_polish_uses_the_genitive_month_in_full_dates(self):
        with translation.override("pl"):
            self.assertEqual(Event(starts_on=D(2022, 5, 10), ends_on=D(2022, 5, 12)).date_label, "10–12 maja 2022")


class PlaceLabelTests(SimpleTestCase):
    def test_place_and_online(self):
        with translation.override("en"):
            self.assertEqual(Event(place="Lublin").place_label, "Lublin")
            self.assertEqual(Event(is_online=True).place_label, "online")
            self.assertEqual(Event(place="Warszawa", is_online=True).place_label, "Warszawa and online")
            self.assertEqual(Event().place_label, "")
