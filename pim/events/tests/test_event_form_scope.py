"""The event form's network and host menus for a chosen edition (`events:form_scope`, asked by htmx when the
edition menu changes): organisers only, the same choices as the form, bad input ignored, fixed query count."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext

from pim.events.tests.base import EventTestCase
from pim.places.tests.factories import ParticipantFactory
from pim.programmes.tests.factories import EditionFactory, MembershipFactory, NetworkFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


class EventFormScopeTests(EventTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.later_edition = EditionFactory(start_year=2025, end_year=2027, name="Edycja późniejsza")
        cls.later_network = NetworkFactory(edition=cls.later_edition, name="Sieć późniejsza")
        cls.later_city = ParticipantFactory(name="Miasto Późniejsze")
        MembershipFactory(network=cls.later_network, participant=cls.later_city)

    def scope(self, user, query: str, **extra):
        if user is not None:
            self.client.force_login(user)
        return self.client.get(f"{reverse('events:form_scope')}{query}", **{**HTMX, **extra})

    def test_the_chosen_editions_networks_and_cities_are_offered(self):
        response = self.scope(self.coordinator, f"?edition={self.later_edition.pk}&network=&host=")
        self.assertEqual(response.status_code, 200)
        form = response.context["form"]
        self.assertEqual(list(form.fields["network"].queryset), [self.later_network])
        self.assertEqual(list(form.fields["host"].queryset), [self.later_city])
        html = response.content.decode()
        self.assertIn('id="event-scope"', html)
        self.assertIn('<label for="id_network">', html)
        self.assertIn('<label for="id_host">', html)
        self.assertNotIn(self.network.name, html)
        # The answer fills the page's live region out of band; it names the edition.
        self.assertIn('id="event-scope-status" role="status" class="helptext" hx-swap-oob="innerHTML"', html)
        status = gettext("The network and host lists now show the edition %(edition)s only.") % {
            "edition": self.later_edition}
        self.assertIn(status, html)

    def test_a_network_of_the_edition_stays_chosen_and_one_of_another_is_dropped(self):
        form = self.scope(self.coordinator, f"?edition={self.edition.pk}&network={self.network.pk}").context["form"]
        self.assertEqual(form["network"].value(), self.network.pk)
        form = self.scope(self.coordinator, f"?edition={self.later_edition.pk}&network={self.network.pk}"
                          ).context["form"]
        self.assertIsNone(form["network"].value())

    def test_the_chosen_host_stays_offered(self):
        form = self.scope(self.coordinator, f"?edition={self.later_edition.pk}&host={self.member_city.pk}"
                          ).context["form"]
        self.assertEqual(set(form.fields["host"].queryset), {self.later_city, self.member_city})
        self.assertEqual(form["host"].value(), self.member_city.pk)

    def test_an_organiser_sees_only_the_networks_the_form_offers_them(self):
        form = self.scope(self.lead_officer, f"?edition={self.edition.pk}").context["form"]
        self.assertEqual(list(form.fields["network"].queryset), [self.network])

    def test_bad_or_foreign_editions_leave_the_menus_whole(self):
        foreign = str(self.later_edition.pk)
        for bad in ("", "abc", "999999", "-3", "99999999999999999999999", foreign):
            with self.subTest(edition=bad):
                response = self.scope(self.lead_officer, f"?edition={bad}&network=xyz&host=%00")
                self.assertEqual(response.status_code, 200)
                form = response.context["form"]
                self.assertIsNone(form.scope_edition)
                self.assertEqual(list(form.fields["network"].queryset), [self.network])
                self.assertContains(response, gettext("The network and host lists show every edition."))

    def test_people_who_organise_nothing_are_refused(self):
        response = self.scope(None, f"?edition={self.edition.pk}")
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("login")))
        for name in ("ministry_reviewer", "lp_member"):
            with self.subTest(persona=name):
                self.assertEqual(self.scope(self.persona(name), f"?edition={self.edition.pk}").status_code, 403)

    def test_without_htmx_it_sends_to_the_whole_form(self):
        response = self.scope(self.coordinator, f"?edition={self.later_edition.pk}", HTTP_HX_REQUEST="")
        self.assertRedirects(response, f"{reverse('events:create')}?edition={self.later_edition.pk}")

    def test_the_query_count_does_not_grow_with_the_editions_networks(self):
        self.client.force_login(self.coordinator)
        query = f"?edition={self.later_edition.pk}&network={self.later_network.pk}&host={self.later_city.pk}"
        url = f"{reverse('events:form_scope')}{query}"
        # Session, user, roles, the three chosen values, and one query per menu.
        with self.assertNumQueries(8):
            self.assertEqual(self.client.get(url, **HTMX).status_code, 200)
        for index in range(8):
            network = NetworkFactory(edition=self.later_edition, name=f"Sieć dodatkowa {index}")
            MembershipFactory(network=network, participant=ParticipantFactory(name=f"Miasto dodatkowe {index}"))
        with self.assertNumQueries(8):
            response = self.client.get(url, **HTMX)
        self.assertEqual(len(response.context["form"].fields["network"].queryset), 9)
        self.assertEqual(len(response.context["form"].fields["host"].queryset), 9)
