"""Adding, reading and editing LP members; every form's bad input; who gets 404."""

from __future__ import annotations

from django.urls import reverse

from pim.partnerships.models import PartnershipMember
from pim.partnerships.tests.base import LP_TEAM, LpTestCase
from pim.programmes.models import Person


class MemberAddTests(LpTestCase):
    def url(self):
        return reverse("partnerships:member_add", args=[self.member_lp.pk])

    def test_a_person_member_gets_a_person_record_holding_the_name(self):
        self.login("member_officer")
        response = self.client.post(self.url(), {
            "kind": "person", "name": "Bożena Radna", "category": "lg_political", "sector": "rada miasta",
            "email": "bozena@example.org", "phone": "+48 601 000 000", "joined_on": "2024-04-01",
        })
        member = PartnershipMember.objects.get(person__name="Bożena Radna")
        self.assertRedirects(response, member.get_absolute_url())
        self.assertEqual(member.partnership, self.member_lp)
        self.assertIsNone(member.person.user)
        # The name lives on the person only.
        self.assertEqual(member.organisation, "")

    def test_an_organisation_member_has_no_person(self):
        self.login("lp_coordinator")
        self.client.post(self.url(), {"kind": "organisation", "organisation": "Fundacja Rzeki", "category": "socio_economic"})
        member = PartnershipMember.objects.get(organisation="Fundacja Rzeki")
        self.assertIsNone(member.person)

    def test_bad_input_is_answered_per_field_and_nothing_is_saved(self):
        self.login("member_officer")
        people = Person.objects.count()
        cases = [
            ({"kind": "person", "category": "residents"}, {"name"}),
            ({"kind": "organisation", "category": "residents", "name": "Jan"}, {"organisation", "name"}),
            ({"kind": "robot", "category": "aliens", "email": "zły", "phone": "abc"}, {"kind", "category", "email", "phone"}),
            ({"kind": "person", "name": "Jan", "category": "residents", "joined_on": "2024-05-01",
              "left_on": "2024-04-01"}, {"left_on"}),
        ]
        for data, fields in cases:
            with self.subTest(data=data):
                response = self.client.post(self.url(), data)
                self.assertEqual(response.status_code, 400)
                self.assertEqual(set(response.context["form"].errors), fields)
        self.assertEqual(Person.objects.count(), people)
        self.assertEqual(self.member_lp.members.count(), 2)

    def test_outsiders_get_404(self):
        for name in ("outsider_officer", "lead_officer", "expert", "lp_member", "ministry_reviewer"):
            with self.subTest(persona=name):
                self.login(name)
                response = self.client.post(self.url(), {"kind": "organisation", "organisation": "X",
                                                         "category": "residents"})
                self.assertEqual(response.status_code, 404)
        self.assertFalse(PartnershipMember.objects.filter(organisation="X").exists())


class MemberDetailAndEditTests(LpTestCase):
    def test_the_member_page_is_seen_by_the_team_and_the_member_themself(self):
        url = self.resident.get_absolute_url()
        for name in self.personas:
            with self.subTest(persona=name):
                self.client.logout()
                self.login(name)
                response = self.client.get(url)
                if name == "anonymous":
                    self.assertEqual(response.status_code, 302)
                elif name in LP_TEAM | {"lp_member"}:
                    self.assertContains(response, "Jadwiga Mieszkańska")
                    self.assertEqual(response["Cache-Control"].count("no-cache"), 1)
                else:
                    self.assertEqual(response.status_code, 404)

    def test_the_member_themself_sees_no_edit_or_erase_buttons(self):
        self.login("lp_member")
        response = self.client.get(self.resident.get_absolute_url())
        self.assertFalse(response.context["can_change"])
        self.assertFalse(response.context["can_erase"])
        self.assertTrue(response.context["can_export"])

    def test_the_team_edits_a_member_and_the_name_changes_on_the_person(self):
        self.login("member_officer")
        response = self.client.post(reverse("partnerships:member_edit", args=[self.resident.pk]), {
            "name": "Jadwiga Nowak", "category": "residents", "email": "nowak@example.org", "left_on": "",
        })
        self.assertRedirects(response, self.resident.get_absolute_url())
        self.resident.refresh_from_db()
        self.assertEqual(self.resident.person.name, "Jadwiga Nowak")
        self.assertEqual(self.resident.email, "nowak@example.org")

    def test_the_edit_form_refuses_bad_input(self):
        self.login("member_officer")
        response = self.client.post(reverse("partnerships:member_edit", args=[self.resident.pk]), {
            "name": "", "category": "", "email": "@", "joined_on": "jutro",
        })
        self.assertEqual(response.status_code, 400)
        self.assertEqual(set(response.context["form"].errors), {"name", "category", "email", "joined_on"})
        self.resident.refresh_from_db()
        self.assertEqual(self.resident.person.name, "Jadwiga Mieszkańska")

    def test_a_member_who_left_loses_the_light_accounts_role(self):
        self.login("member_officer")
        self.client.post(reverse("partnerships:member_edit", args=[self.resident.pk]), {
            "name": "Jadwiga Mieszkańska", "category": "residents", "joined_on": "2024-01-01", "left_on": "2024-06-30",
        })
        self.lp_member.refresh_from_db()
        self.assertFalse(self.lp_member.has_perm("partnerships.view_localpartnership_documents", self.member_lp))

    def test_another_citys_team_cannot_edit(self):
        self.login("outsider_officer")
        response = self.client.post(reverse("partnerships:member_edit", args=[self.resident.pk]), {
            "name": "Ktoś", "category": "residents",
        })
        self.assertEqual(response.status_code, 404)
