"""The public MID page: title or its absence, city or its absence, network, edition, state, sources."""

from __future__ import annotations

from django.test import TestCase, override_settings

from pim.places.tests.factories import ParticipantFactory
from pim.plans.models import ActionPlan
from pim.plans.tests.factories import ActionPlanFactory


# The assertions read the English interface; the site itself is Polish first (LANGUAGE_CODE="pl").
@override_settings(LANGUAGE_CODE="en")
class ActionPlanPageTests(TestCase):
    def test_it_shows_the_mid(self):
        plan = ActionPlanFactory(
            title="Zielony Uniejów — wzbogacenie Uniejowa w zieloną infrastrukturę",
            participant=ParticipantFactory(name="Uniejów", slug="uniejow"), state=ActionPlan.State.PUBLISHED,
            summary="Tytuł podany w broszurze.", attribution_note="Miasto wynika z tytułu.", sources="A",
        )
        response = self.client.get(plan.get_absolute_url())
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Zielony Uniejów — wzbogacenie Uniejowa w zieloną infrastrukturę")
        self.assertContains(response, '<a href="/uczestnicy/uniejow/">Uniejów</a>', html=True)
        self.assertContains(response, plan.network.get_absolute_url())
        self.assertContains(response, plan.edition.get_absolute_url())
        self.assertContains(response, "published (historical record)")
        self.assertContains(response, "Tytuł podany w broszurze.")
        self.assertContains(response, "Miasto wynika z tytułu.")
        self.assertContains(response, 'href="/o-programie/#zrodlo-A"')

    def test_unknown_title_and_city_stay_unknown(self):
        plan = ActionPlanFactory(title="", participant=None)
        response = self.client.get(plan.get_absolute_url())
        self.assertContains(response, "MID (title unknown)")
        self.assertContains(response, "city not named by the sources")

    def test_an_unknown_mid_is_404(self):
        self.assertEqual(self.client.get("/mid/999999/").status_code, 404)
