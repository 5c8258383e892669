"""The LP list, set-up, public/team page, edit form with documents, and document downloads."""

from __future__ import annotations

import shutil
import tempfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from pim.partnerships.models import LocalPartnership
from pim.partnerships.tests.base import LP_TEAM, LpTestCase
from pim.partnerships.tests.factories import MemberFactory, OrganisationMemberFactory, PartnershipFactory

PDF = b"%PDF-1.4\n%test\n"
MEDIA = tempfile.mkdtemp(prefix="pim-lp-test-media-")


def pdf(name: str = "akt.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


class PartnershipListAndCreateTests(LpTestCase):
    def test_the_list_shows_the_lps_the_user_runs(self):
        self.login("member_officer")
        response = self.client.get(reverse("partnerships:list"))
        self.assertContains(response, self.member_city.name)
        self.assertNotContains(response, self.outsider_city.name)

    def test_the_operator_sees_every_lp(self):
        self.login("coordinator")
        response = self.client.get(reverse("partnerships:list"))
        self.assertContains(response, self.member_city.name)
        self.assertContains(response, self.outsider_city.name)

    def test_the_list_asks_anonymous_users_to_log_in(self):
        response = self.client.get(reverse("partnerships:list"))
        self.assertEqual(response.status_code, 302)

    def test_the_list_costs_the_same_queries_for_2_and_10_lps(self):
        self.login("coordinator")
        url = reverse("partnerships:list")
        self.client.get(url)
        with self.assertNumQueries(5):
            self.client.get(url)
        for _ in range(8):
            PartnershipFactory(edition=self.edition)
        with self.assertNumQueries(5):
            self.client.get(url)

    def test_a_city_team_member_sets_up_the_lp_of_their_city(self):
        self.login("lead_officer")
        response = self.client.post(reverse("partnerships:create"), {
            "participant": self.lead_city.pk, "edition": self.edition.pk, "formula": "closed",
            "founded_on": "2024-05-02", "founding_act_title": "Zarządzenie nr 1",
        })
        partnership = LocalPartnership.objects.get(participant=self.lead_city)
        self.assertRedirects(response, partnership.get_absolute_url())
        self.assertEqual(partnership.formula, "closed")

    def test_the_form_offers_only_the_users_own_cities(self):
        self.login("lead_officer")
        response = self.client.post(reverse("partnerships:create"), {
            "participant": self.outsider_city.pk, "edition": self.edition.pk, "formula": "open",
        })
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "field-error", status_code=400)
        self.assertFalse(LocalPartnership.objects.filter(participant=self.lead_city).exists())

    def test_a_second_lp_in_the_same_edition_is_refused_on_the_edition_field(self):
        self.login("member_officer")
        response = self.client.post(reverse("partnerships:create"), {
            "participant": self.member_city.pk, "edition": self.edition.pk, "formula": "open",
        })
        self.assertEqual(response.status_code, 400)
        self.assertIn("edition", response.context["form"].errors)
        self.assertEqual(LocalPartnership.objects.filter(participant=self.member_city).count(), 1)

    def test_bad_input_is_answered_per_field(self):
        self.login("member_officer")
        response = self.client.post(reverse("partnerships:create"), {
            "participant": "x", "edition": "", "formula": "half-open", "founded_on": "31.02.2024",
            "founding_act_link": "not a link",
        })
        self.assertEqual(response.status_code, 400)
        errors = response.context["form"].errors
        self.assertEqual(set(errors), {"participant", "edition", "formula", "founded_on", "founding_act_link"})

    def test_people_without_an_lp_role_cannot_open_the_form(self):
        for name in ("ministry_reviewer", "expert", "lp_member"):
            with self.subTest(persona=name):
                self.login(name)
                self.assertEqual(self.client.get(reverse("partnerships:create")).status_code, 403)


class PartnershipDetailTests(LpTestCase):
    def test_the_public_sees_counts_and_consented_names_only(self):
        response = self.client.get(self.member_lp.get_absolute_url())
        self.assertContains(response, "Stowarzyszenie Zielone")
        self.assertNotContains(response, "Jadwiga Mieszkańska")
        self.assertNotContains(response, "jadwiga@example.org")
        self.assertNotContains(response, self.resident.phone)
        self.assertFalse(response.context["can_see_members"])

    def test_the_team_sees_the_register(self):
        for name in LP_TEAM:
            with self.subTest(persona=name):
                self.login(name)
                response = self.client.get(self.member_lp.get_absolute_url())
                self.assertContains(response, "Jadwiga Mieszkańska")
                self.assertContains(response, "jadwiga@example.org")

    def test_another_citys_team_and_the_expert_see_no_names(self):
        for name in ("outsider_officer", "lead_officer", "expert", "ministry_reviewer", "lp_member"):
            with self.subTest(persona=name):
                self.login(name)
                response = self.client.get(self.member_lp.get_absolute_url())
                self.assertNotContains(response, "Jadwiga Mieszkańska")

    def test_an_unknown_lp_is_404(self):
        self.assertEqual(self.client.get(reverse("partnerships:detail", args=[999999])).status_code, 404)

    def test_the_team_page_costs_the_same_queries_for_2_and_10_members(self):
        self.login("member_officer")
        url = self.member_lp.get_absolute_url()
        self.client.get(url)
        # The 9 of the register and the LP's meetings.
        with self.assertNumQueries(10):
            self.client.get(url)
        for _ in range(4):
            MemberFactory(partnership=self.member_lp)
            OrganisationMemberFactory(partnership=self.member_lp)
        with self.assertNumQueries(10):
            self.client.get(url)

    def test_the_public_page_costs_the_same_queries_for_2_and_10_members(self):
        url = self.member_lp.get_absolute_url()
        self.client.get(url)
        with self.assertNumQueries(5):
            self.client.get(url)
        for _ in range(8):
            OrganisationMemberFactory(partnership=self.member_lp)
        with self.assertNumQueries(5):
            self.client.get(url)


@override_settings(MEDIA_ROOT=MEDIA)
class PartnershipEditTests(LpTestCase):
    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        shutil.rmtree(MEDIA, ignore_errors=True)

    def edit(self, **data):
        payload = {"formula": "open", **data}
        return self.client.post(reverse("partnerships:edit", args=[self.member_lp.pk]), payload)

    def test_the_team_uploads_the_founding_act_and_members_download_it(self):
        self.login("lp_coordinator")
        response = self.edit(founding_act_document=pdf(), rules_of_procedure="Spotkania raz na kwartał.")
        self.assertRedirects(response, self.member_lp.get_absolute_url())
        self.member_lp.refresh_from_db()
        self.assertTrue(self.member_lp.founding_act_document.name.startswith("partnerships/"))
        url = reverse("partnerships:document", args=[self.member_lp.pk, "akt"])
        for name, status in (("lp_member", 200), ("member_officer", 200), ("outsider_officer", 404),
                             ("anonymous", 404), ("expert", 404)):
            with self.subTest(persona=name):
                self.client.logout()
                self.login(name)
                response = self.client.get(url)
                self.assertEqual(response.status_code, status)
                if status == 200:
                    self.assertEqual(b"".join(response.streaming_content), PDF)
                    self.assertIn("attachment", response["Content-Disposition"])

    def test_a_wrong_file_type_is_refused_on_its_field(self):
        self.login("member_officer")
        for upload, reason in ((pdf("akt.exe"), "type"), (pdf("akt.pdf", b"MZ\x90\x00binary"), "content"),
                               (pdf("akt.pdf", b""), "empty")):
            with self.subTest(reason=reason):
                response = self.edit(founding_act_document=upload)
                self.assertEqual(response.status_code, 400)
                self.assertIn("founding_act_document", response.context["form"].errors)
        self.member_lp.refresh_from_db()
        self.assertFalse(self.member_lp.founding_act_document)

    def test_a_file_over_the_limit_is_refused(self):
        self.login("member_officer")
        big = pdf("akt.pdf", PDF + b"0" * (10 * 1024 * 1024))
        response = self.edit(rules_document=big)
        self.assertEqual(response.status_code, 400)
        self.assertIn("rules_document", response.context["form"].errors)

    def test_the_coordinator_is_chosen_among_the_citys_people(self):
        self.login("member_officer")
        response = self.edit(coordinator=self.stranger.person.pk)
        self.assertEqual(response.status_code, 400)
        self.assertIn("coordinator", response.context["form"].errors)
        response = self.edit(coordinator=self.resident.person.pk)
        self.assertEqual(response.status_code, 302)
        self.member_lp.refresh_from_db()
        self.assertEqual(self.member_lp.coordinator, self.resident.person)

    def test_a_stored_file_can_be_removed(self):
        self.login("member_officer")
        self.edit(founding_act_document=pdf())
        self.edit(remove_founding_act_document="on")
        self.member_lp.refresh_from_db()
        self.assertFalse(self.member_lp.founding_act_document)

    def test_a_replaced_file_leaves_the_disk(self):
        self.login("member_officer")
        self.edit(founding_act_document=pdf())
        self.member_lp.refresh_from_db()
        first = self.member_lp.founding_act_document
        storage, first_name = first.storage, first.name
        self.assertTrue(storage.exists(first_name))
        with self.captureOnCommitCallbacks(execute=True):
            self.edit(founding_act_document=pdf("nowy.pdf"))
        self.member_lp.refresh_from_db()
        self.assertFalse(storage.exists(first_name))
        self.assertTrue(storage.exists(self.member_lp.founding_act_document.name))

    def test_outsiders_cannot_edit(self):
        for name in ("outsider_officer", "expert", "lp_member", "ministry_reviewer"):
            with self.subTest(persona=name):
                self.login(name)
                self.assertEqual(self.edit(formula="closed").status_code, 404)
        self.member_lp.refresh_from_db()
        self.assertEqual(self.member_lp.formula, "open")

    def test_an_unknown_document_is_404(self):
        self.login("member_officer")
        for which in ("akt", "inne"):
            with self.subTest(which=which):
                url = reverse("partnerships:document", args=[self.member_lp.pk, which])
                self.assertEqual(self.client.get(url).status_code, 404)
