"""Recording and withdrawing consents: by the member themself or by the LP team, with the text's version."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from pim.partnerships import services
from pim.partnerships.models import Consent, ConsentText, LocalPartnership
from pim.partnerships.tests.base import LpTestCase


def public_names(partnership: LocalPartnership) -> list[str]:
    return LocalPartnership.objects.filter(pk=partnership.pk).public_summaries()[0].organisations


class ConsentServiceTests(LpTestCase):
    def test_the_team_records_a_consent_against_the_current_text_version(self):
        ConsentText.objects.create(scope="publish_organisation", version=2, text="Nowa wersja.")
        consent = services.consent_record(member=self.resident, scope="publish_organisation", by=self.member_officer)
        self.assertEqual(consent.text.version, 2)
        self.assertEqual(consent.recorded_by, self.member_officer)

    def test_a_consent_already_in_force_is_not_recorded_twice(self):
        with self.assertRaises(ValidationError) as caught:
            services.consent_record(member=self.resident, scope="processing", by=self.lp_member)
        self.assertIn("scope", caught.exception.message_dict)

    def test_an_unknown_scope_is_refused(self):
        with self.assertRaises(ValidationError):
            services.consent_record(member=self.resident, scope="everything", by=self.member_officer)

    def test_the_member_withdraws_and_can_give_it_again(self):
        consent = Consent.objects.get(member=self.resident, scope="processing")
        services.consent_withdraw(consent=consent, by=self.lp_member)
        consent.refresh_from_db()
        self.assertIsNotNone(consent.withdrawn_at)
        self.assertEqual(consent.withdrawn_by, self.lp_member)
        again = services.consent_record(member=self.resident, scope="processing", by=self.lp_member)
        self.assertIsNone(again.withdrawn_at)
        self.assertEqual(self.resident.consents.count(), 2)

    def test_withdrawing_twice_is_refused(self):
        consent = Consent.objects.get(member=self.resident, scope="processing")
        services.consent_withdraw(consent=consent, by=self.member_officer)
        with self.assertRaises(ValidationError):
            services.consent_withdraw(consent=consent, by=self.member_officer)

    def test_the_team_records_a_paper_consent_with_its_date(self):
        given = timezone.now() - datetime.timedelta(days=30)
        consent = services.consent_record(member=self.resident, scope="publish_organisation",
                                          by=self.lp_coordinator, given_at=given)
        self.assertEqual(consent.given_at, given)

    def test_a_date_in_the_future_is_refused(self):
        with self.assertRaises(ValidationError) as caught:
            services.consent_record(member=self.resident, scope="publish_organisation", by=self.member_officer,
                                    given_at=timezone.now() + datetime.timedelta(days=1))
        self.assertIn("given_on", caught.exception.message_dict)

    def test_a_member_cannot_backdate_their_own_consent(self):
        with self.assertRaises(PermissionDenied):
            services.consent_record(member=self.resident, scope="publish_organisation", by=self.lp_member,
                                    given_at=timezone.now() - datetime.timedelta(minutes=5))

    def test_strangers_cannot_record_or_withdraw(self):
        consent = Consent.objects.get(member=self.resident, scope="processing")
        for name in ("outsider_officer", "expert", "lead_officer", "ministry_reviewer"):
            with self.subTest(persona=name):
                with self.assertRaises(PermissionDenied):
                    services.consent_withdraw(consent=consent, by=self.persona(name))
                with self.assertRaises(PermissionDenied):
                    services.consent_record(member=self.resident, scope="publish_organisation", by=self.persona(name))

    def test_the_organisation_name_is_public_only_while_the_consent_is_in_force(self):
        self.assertEqual(public_names(self.member_lp), ["Stowarzyszenie Zielone"])
        consent = Consent.objects.get(member=self.association, scope="publish_organisation")
        services.consent_withdraw(consent=consent, by=self.member_officer)
        self.assertEqual(public_names(self.member_lp), [])


class ConsentViewTests(LpTestCase):
    def test_the_member_withdraws_from_their_own_page_with_htmx(self):
        consent = Consent.objects.get(member=self.resident, scope="processing")
        self.login("lp_member")
        response = self.client.post(reverse("partnerships:consent_withdraw", args=[consent.pk]),
                                    headers={"HX-Request": "true"})
        self.assertTemplateUsed(response, "partnerships/_consent_row.html")
        self.assertContains(response, f'id="consent-{consent.pk}"')
        consent.refresh_from_db()
        self.assertIsNotNone(consent.withdrawn_at)

    def test_without_htmx_the_page_is_reloaded(self):
        consent = Consent.objects.get(member=self.resident, scope="processing")
        self.login("lp_member")
        url = reverse("partnerships:consent_withdraw", args=[consent.pk])
        response = self.client.post(url, {"next": reverse("partnerships:my_data")})
        self.assertRedirects(response, reverse("partnerships:my_data"))
        # Not to another site.
        consent.withdrawn_at = None
        consent.save()
        response = self.client.post(url, {"next": "https://example.com/"})
        self.assertRedirects(response, self.resident.get_absolute_url())

    def test_a_withdrawn_consent_cannot_be_withdrawn_again(self):
        consent = Consent.objects.get(member=self.resident, scope="processing")
        services.consent_withdraw(consent=consent, by=self.lp_member)
        self.login("lp_member")
        response = self.client.post(reverse("partnerships:consent_withdraw", args=[consent.pk]),
                                    headers={"HX-Request": "true"})
        self.assertContains(response, 'role="alert"')

    def test_the_team_records_a_paper_consent(self):
        self.login("member_officer")
        response = self.client.post(reverse("partnerships:consent_add", args=[self.resident.pk]),
                                    {"scope": "publish_organisation"})
        self.assertRedirects(response, self.resident.get_absolute_url())
        self.assertTrue(self.resident.consents.active().filter(scope="publish_organisation").exists())

    def test_bad_input_is_refused_with_a_message(self):
        self.login("member_officer")
        url = reverse("partnerships:consent_add", args=[self.resident.pk])
        for data in ({"scope": "x"}, {"scope": "publish_organisation", "given_on": "wczoraj"},
                     {"scope": "publish_organisation", "given_on": "2999-01-01"}):
            with self.subTest(data=data):
                response = self.client.post(url, data, follow=True)
                [message] = list(response.context["messages"])
                self.assertEqual(message.level_tag, "error")
        self.assertEqual(self.resident.consents.count(), 1)

    def test_the_member_page_offers_a_date_to_the_team_only(self):
        self.login("member_officer")
        response = self.client.get(self.resident.get_absolute_url())
        self.assertIn("given_on", response.context["consent_form"].fields)
        self.login("lp_member")
        response = self.client.get(self.resident.get_absolute_url())
        self.assertNotIn("given_on", response.context["consent_form"].fields)

    def test_strangers_get_404(self):
        consent = Consent.objects.get(member=self.resident, scope="processing")
        for name in ("outsider_officer", "expert"):
            with self.subTest(persona=name):
                self.login(name)
                self.assertEqual(
                    self.client.post(reverse("partnerships:consent_withdraw", args=[consent.pk])).status_code, 404
                )
                self.assertEqual(
                    self.client.post(reverse("partnerships:consent_add", args=[self.resident.pk]),
                                     {"scope": "publish_organisation"}).status_code, 404
                )
        consent.refresh_from_db()
        self.assertIsNone(consent.withdrawn_at)

    def test_the_consent_texts_page_lists_every_version(self):
        ConsentText.objects.create(scope="processing", version=2, text="Druga wersja treści.")
        response = self.client.get(reverse("partnerships:consent_texts"))
        self.assertContains(response, "Druga wersja treści.")
        self.assertContains(response, 'id="zgoda-processing-1"')

    def test_my_data_lists_the_members_consents(self):
        self.login("lp_member")
        response = self.client.get(reverse("partnerships:my_data"))
        self.assertContains(response, str(self.member_lp))
        consent = Consent.objects.get(member=self.resident, scope="processing")
        self.assertIn(consent.pk, response.context["withdrawable"])
