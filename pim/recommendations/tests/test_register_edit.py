"""Correcting a register entry: who may, what is checked, who changed it and when, and a concurrent edit refused."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext

from pim.recommendations import register
from pim.recommendations.models import Barrier
from pim.recommendations.tests.base import PuTestCase
from pim.recommendations.tests.factories import BarrierFactory


class BarrierEditTests(PuTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.barrier = BarrierFactory(network=cls.network, origin=Barrier.Origin.MID, description="Stary opis",
                                     cities=[cls.lead_city])
        cls.url = reverse("recommendations:register_edit", args=[cls.network.slug, cls.barrier.pk])

    def post(self, **data):
        values = {"type": "financial", "description": "Nowy opis eksperta", "cities": [self.member_city.pk],
                  "expected_revision": 1, **data}
        return self.client.post(self.url, values)

    def test_an_expert_corrects_type_text_and_cities(self):
        self.login("expert")
        self.assertEqual(self.client.get(self.url).status_code, 200)
        response = self.post()
        self.assertRedirects(response, f"{reverse('recommendations:register', args=[self.network.slug])}"
                                       f"#bariera-{self.barrier.pk}", fetch_redirect_response=False)
        entry = Barrier.objects.get(pk=self.barrier.pk)
        self.assertEqual((entry.type, entry.description, entry.revision, entry.updated_by, entry.own_wording),
                         ("financial", "Nowy opis eksperta", 2, self.expert, True))
        self.assertIsNotNone(entry.updated_at)
        self.assertEqual(list(entry.cities.all()), [self.member_city])

    def test_changing_only_the_type_keeps_the_copied_wording(self):
        entry = register.barrier_edit(barrier=self.barrier, type="financial", description="Stary opis",
                                      cities=[self.lead_city], expected_revision=1, by=self.coordinator)
        self.assertFalse(entry.own_wording)
        self.assertEqual(entry.revision, 2)

    def test_a_stale_form_is_refused_and_keeps_the_experts_text(self):
        register.barrier_edit(barrier=self.barrier, type="legal", description="Zmiana kogoś innego", cities=[],
                              expected_revision=1, by=self.coordinator)
        self.login("expert")
        response = self.post(description="Mój opis")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Mój opis", status_code=400)
        self.assertContains(response, "Zmiana kogoś innego", status_code=400)
        self.assertContains(response, 'name="expected_revision" value="2"', status_code=400)
        self.assertEqual(Barrier.objects.get(pk=self.barrier.pk).description, "Zmiana kogoś innego")
        self.assertEqual(self.post(description="Mój opis", expected_revision=2).status_code, 302)

    def test_a_merge_bumps_the_revision_so_an_older_form_cannot_drop_its_cities(self):
        other = BarrierFactory(network=self.network, cities=[self.member_city])
        register.barrier_merge(target=self.barrier, others=[other], by=self.expert)
        with self.assertRaises(register.BarrierEditConflict):
            register.barrier_edit(barrier=self.barrier, type="legal", description="x", cities=[],
                                  expected_revision=1, by=self.expert)

    def test_bad_input_is_a_field_error(self):
        self.login("expert")
        response = self.post(description="", cities=[self.outsider_city.pk], type="nope")
        self.assertEqual(response.status_code, 400)
        form = response.context["form"]
        self.assertEqual(set(form.errors), {"description", "cities", "type"})

    def test_a_merged_entry_or_another_networks_is_not_found(self):
        other = BarrierFactory(network=self.network)
        register.barrier_merge(target=self.barrier, others=[other], by=self.expert)
        foreign = BarrierFactory(network=self.other_network)
        self.login("expert")
        for pk in (other.pk, foreign.pk):
            with self.subTest(pk):
                url = reverse("recommendations:register_edit", args=[self.network.slug, pk])
                self.assertEqual(self.client.get(url).status_code, 404)
        with self.assertRaises(ValidationError):
            register.barrier_edit(barrier=other, type="legal", description="x", cities=[], expected_revision=1,
                                  by=self.expert)

    def test_only_the_networks_experts_and_the_operator_correct_entries(self):
        for name in ("anonymous", "member_officer", "lead_officer", "outsider_officer", "ministry_reviewer"):
            with self.subTest(name):
                self.client.logout()
                self.login(name)
                self.assertEqual(self.client.get(self.url).status_code, 404)
                self.assertEqual(self.post().status_code, 404)
        with self.assertRaises(PermissionDenied):
            register.barrier_edit(barrier=self.barrier, type="legal", description="x", cities=[],
                                  expected_revision=1, by=self.member_officer)
        self.assertEqual(Barrier.objects.get(pk=self.barrier.pk).description, "Stary opis")

    def test_a_barrier_the_pu_shows_records_a_pu_version(self):
        self.plan.barriers.add(self.barrier)
        register.barrier_edit(barrier=self.barrier, type="legal", description="Nowe brzmienie", cities=[],
                              expected_revision=1, by=self.expert)
        self.assertEqual(self.plan.versions.order_by("-number").first().summary,
                         gettext("A barrier corrected in the register"))
