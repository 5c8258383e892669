from __future__ import annotations

from django.urls import reverse

from pim.plans import services
from pim.plans.tests.base import MidTestCase


class HistoryTests(MidTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for n, title in enumerate(["Pierwszy", "Drugi"]):
            services.plan_section_save(plan=cls.member_plan, section="challenge", data={"challenge_title": title},
                                       expected_revision=n, by=cls.coordinator)

    def test_team_member_sees_the_versions(self) -> None:
        self.client.force_login(self.member_officer)
        response = self.client.get(reverse("plans:history", args=[self.member_plan.pk]))
        self.assertContains(response, "v1")
        self.assertContains(response, "v2")
        self.assertContains(response, "Coordinator")

    def test_compare_shows_added_and_removed_lines(self) -> None:
        self.client.force_login(self.member_officer)
        versions = list(self.member_plan.versions.order_by("number").values_list("number", flat=True))
        response = self.client.get(reverse("plans:version_compare", args=[self.member_plan.pk]),
                                   {"a": versions[-2], "b": versions[-1]})
        self.assertContains(response, "<del>", html=False)
        self.assertContains(response, "<ins>", html=False)
        self.assertContains(response, "Pierwszy")
        self.assertContains(response, "Drugi")

    def test_compare_links_with_numbers_that_name_no_version_go_back_to_the_history(self) -> None:
        self.client.force_login(self.member_officer)
        url = reverse("plans:version_compare", args=[self.member_plan.pk])
        for query in ({"a": "1", "b": "99999999999999999999999"}, {"a": "-1", "b": "1"}, {"a": "x"}, {}):
            with self.subTest(query=query):
                response = self.client.get(url, query)
                self.assertRedirects(response, reverse("plans:history", args=[self.member_plan.pk]),
                                     fetch_redirect_response=False)

    def test_restore_creates_a_new_version(self) -> None:
        self.client.force_login(self.member_officer)
        count = self.member_plan.versions.count()
        url = reverse("plans:version_restore", args=[self.member_plan.pk, count - 1])
        self.assertEqual(self.client.get(url).status_code, 200)
        self.assertEqual(self.client.post(url).status_code, 302)
        self.member_plan.refresh_from_db()
        self.assertEqual(self.member_plan.challenge_title, "Pierwszy")
        self.assertEqual(self.member_plan.versions.count(), count + 1)

    def test_outsider_gets_404_and_the_expert_cannot_restore(self) -> None:
        self.client.force_login(self.outsider_officer)
        self.assertEqual(self.client.get(reverse("plans:history", args=[self.member_plan.pk])).status_code, 404)
        self.client.force_login(self.expert)
        self.assertEqual(self.client.get(reverse("plans:history", args=[self.member_plan.pk])).status_code, 200)
        self.assertEqual(
            self.client.post(reverse("plans:version_restore", args=[self.member_plan.pk, 1])).status_code, 403
        )
