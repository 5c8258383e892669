"""The LP section of the public participant page: counts per category and consented names, nothing personal."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from pim.partnerships.models import Category, ConsentText
from pim.partnerships.tests.base import LpTestCase
from pim.partnerships.tests.factories import ConsentFactory, MemberFactory, OrganisationMemberFactory


class ParticipantPageTests(LpTestCase):
    def test_the_page_shows_counts_and_consented_organisations_only(self):
        OrganisationMemberFactory(partnership=self.member_lp, organisation="Firma Bez Zgody")
        response = self.client.get(self.member_city.get_absolute_url())
        self.assertContains(response, 'id="lp-heading"')
        self.assertContains(response, "Stowarzyszenie Zielone")
        self.assertNotContains(response, "Firma Bez Zgody")
        self.assertNotContains(response, "Jadwiga Mieszkańska")
        self.assertNotContains(response, "jadwiga@example.org")
        [summary] = response.context["lp_summaries"]
        self.assertEqual(summary.total, 3)
        residents = str(Category.RESIDENTS.label)  # the label in the active language
        self.assertEqual(dict((str(label), n) for label, n in summary.counts)[residents], 1)

    def test_a_person_members_organisation_is_named_only_with_consent(self):
        member = MemberFactory(partnership=self.member_lp, organisation="Rada Osiedla Testowego")
        response = self.client.get(self.member_city.get_absolute_url())
        self.assertNotContains(response, "Rada Osiedla Testowego")
        ConsentFactory(member=member, scope=ConsentText.Scope.PUBLISH_ORGANISATION)
        response = self.client.get(self.member_city.get_absolute_url())
        self.assertContains(response, "Rada Osiedla Testowego")
        self.assertNotContains(response, member.person.name)

    def test_members_who_left_are_not_counted(self):
        MemberFactory(partnership=self.member_lp, left_on="2020-01-01")
        response = self.client.get(self.member_city.get_absolute_url())
        self.assertEqual(response.context["lp_summaries"][0].total, 2)

    def test_a_city_without_an_lp_has_no_section(self):
        response = self.client.get(self.lead_city.get_absolute_url())
        self.assertNotContains(response, 'id="lp-heading"')

    def test_the_section_costs_the_same_queries_for_2_and_10_members(self):
        url = self.member_city.get_absolute_url()
        self.client.get(url)
        baseline = self.queries_for(url)
        for _ in range(4):
            MemberFactory(partnership=self.member_lp)
            member = OrganisationMemberFactory(partnership=self.member_lp)
            ConsentFactory(member=member, scope=ConsentText.Scope.PUBLISH_ORGANISATION)
        with self.assertNumQueries(baseline):
            response = self.client.get(url)
        self.assertEqual(len(response.context["lp_summaries"][0].organisations), 5)

    def queries_for(self, url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            self.client.get(url)
        return len(captured)
