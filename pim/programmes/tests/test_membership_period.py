"""A membership's dates as the sources give them, including an end whose date is unknown."""

from __future__ import annotations

import datetime

from django.test import SimpleTestCase
from django.utils import translation

from pim.programmes.models import Membership

D = datetime.date


class PeriodLabelTests(SimpleTestCase):
    def label(self, **fields) -> str:
        with translation.override("en"):
            return Membership(**fields).period_label

    def test_every_combination_of_known_and_unknown_dates(self):
        self.assertEqual(self.label(valid_from=D(2017, 10, 2), valid_to=D(2019, 4, 30), ended=True),
                         "from Oct. 2, 2017 to April 30, 2019")
        self.assertEqual(self.label(valid_from=D(2017, 10, 2), ended=True), "from Oct. 2, 2017; ended, date unknown")
        self.assertEqual(self.label(valid_from=D(2017, 10, 2)), "since Oct. 2, 2017")
        self.assertEqual(self.label(valid_to=D(2019, 4, 30), ended=True), "until April 30, 2019")
        self.assertEqual(self.label(ended=True), "ended, date unknown")
        self.assertEqual(self.label(), "dates not stated")
