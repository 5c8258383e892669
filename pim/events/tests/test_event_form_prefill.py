"""The "new event" page preselects what its link names (network and its edition, kind, host) when the user
may choose it and ignores anything else; the form refuses a network of another edition than the chosen one."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext

from pim.events.models import Event
from pim.events.tests.base import EventTestCase
from pim.places.tests.factories import ParticipantFactory
from pim.programmes.tests.factories import EditionFactory, MembershipFactory, NetworkFactory

BAD_IDS = ("999999", "abc", "1.5", "-1", "99999999999999999999999", "")


class EventFormPrefillTests(EventTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.later_edition = EditionFactory(start_year=2025, end_year=2027, name="Edycja późniejsza")
        cls.later_network = NetworkFactory(edition=cls.later_edition, name="Sieć późniejsza")
        cls.later_city = ParticipantFactory(name="Miasto Późniejsze")
        MembershipFactory(network=cls.later_network, participant=cls.later_city)

    def open(self, user, query: str = ""):
        self.client.force_login(user)
        response = self.client.get(f"{reverse('events:create')}{query}")
        self.assertEqual(response.status_code, 200)
        return response.context["form"]

    def test_the_network_link_preselects_the_network_and_its_edition(self):
        form = self.open(self.lead_officer, f"?network={self.network.pk}")
        self.assertEqual((form["network"].value(), form["edition"].value()), (self.network.pk, self.edition.pk))

    def test_the_preselected_network_narrows_the_menus_to_its_edition(self):
        self.client.force_login(self.coordinator)
        response = self.client.get(f"{reverse('events:create')}?network={self.later_network.pk}")
        form = response.context["form"]
        self.assertEqual(list(form.fields["network"].queryset), [self.later_network])
        self.assertEqual(list(form.fields["host"].queryset), [self.later_city])
        menu = response.content.decode().split('<select name="network"')[1].split("</select>")[0]
        self.assertIn(f'<option value="{self.later_network.pk}" selected>', menu)
        self.assertNotIn(self.network.name, menu)

    def test_the_network_page_links_to_the_form_with_the_network(self):
        self.client.force_login(self.lead_officer)
        response = self.client.get(self.network.get_absolute_url())
        self.assertContains(response, f'href="{reverse("events:create")}?network={self.network.pk}"')

    def test_the_lp_link_preselects_the_kind_and_the_host(self):
        form = self.open(self.lp_coordinator, f"?kind=lp_meeting&host={self.member_city.pk}")
        self.assertEqual((form["kind"].value(), form["host"].value()), ("lp_meeting", self.member_city.pk))

    def test_unknown_and_malformed_values_are_ignored(self):
        for bad in BAD_IDS:
            with self.subTest(value=bad):
                form = self.open(self.coordinator, f"?network={bad}&edition={bad}&host={bad}&kind={bad}")
                self.assertEqual(form.initial, {})
                self.assertIsNone(form.scope_edition)

    def test_values_the_user_may_not_choose_are_ignored(self):
        form = self.open(self.lead_officer, f"?network={self.other_network.pk}&host={self.outsider_city.pk}")
        self.assertEqual(form.initial, {})
        form = self.open(self.lead_officer, f"?edition={self.later_edition.pk}")
        self.assertEqual(form.initial, {})
        form = self.open(self.lp_coordinator, f"?kind=lp_meeting&host={self.outsider_city.pk}")
        self.assertEqual(form.initial, {"kind": "lp_meeting"})

    def test_an_edition_given_with_a_network_of_another_wins(self):
        form = self.open(self.coordinator, f"?network={self.network.pk}&edition={self.later_edition.pk}")
        self.assertEqual(form.initial, {"edition": self.later_edition.pk})
        self.assertEqual(list(form.fields["network"].queryset), [self.later_network])

    def test_the_edit_form_offers_the_events_edition_only(self):
        self.client.force_login(self.coordinator)
        response = self.client.get(reverse("events:edit", args=[self.workshop.pk]))
        networks = set(response.context["form"].fields["network"].queryset)
        self.assertEqual(networks, {self.network, self.other_network})

    def test_a_network_of_another_edition_is_refused(self):
        self.client.force_login(self.coordinator)
        before = Event.objects.count()
        response = self.client.post(reverse("events:create"), {
            "kind": "network_workshop", "title": "Warsztat", "starts_on": "2026-03-01",
            "edition": self.later_edition.pk, "network": self.network.pk, "is_public": "on",
        })
        self.assertEqual(response.status_code, 200)
        form = response.context["form"]
        expected = gettext(
            "This network belongs to another edition (%(edition)s): choose a network of the chosen edition, "
            "or change the edition."
        ) % {"edition": self.edition}
        self.assertEqual(form.errors["network"], [expected])
        self.assertContains(response, 'role="alert"')
        self.assertEqual(Event.objects.count(), before)
        # Shown again, the menu offers the chosen edition's networks.
        self.assertEqual(list(form.fields["network"].queryset), [self.later_network])

    def test_a_network_of_the_chosen_edition_is_accepted(self):
        self.client.force_login(self.coordinator)
        response = self.client.post(reverse("events:create"), {
            "kind": "network_workshop", "title": "Warsztat późniejszy", "starts_on": "2026-03-01",
            "edition": self.later_edition.pk, "network": self.later_network.pk, "is_public": "on",
        })
        event = Event.objects.get(title="Warsztat późniejszy")
        self.assertRedirects(response, event.get_absolute_url())
        self.assertEqual((event.edition, event.network), (self.later_edition, self.later_network))
