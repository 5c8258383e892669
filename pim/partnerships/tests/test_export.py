"""The GDPR access export: everything about one person as JSON, with other apps' exporters."""

from __future__ import annotations

import json

from django.urls import reverse

from pim.partnerships import gdpr, services
from pim.partnerships.tests.base import LpTestCase
from pim.partnerships.tests.factories import InvitationFactory


def extra_exporter(person):
    return [{"what": "testowy wpis", "person": person.pk}]


class PersonExportTests(LpTestCase):
    def get(self, person_pk: int):
        return self.client.get(reverse("partnerships:person_export", args=[person_pk]))

    def test_the_member_downloads_everything_about_themself(self):
        InvitationFactory(member=self.resident)
        self.login("lp_member")
        response = self.get(self.resident.person_id)
        self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
        self.assertIn("attachment", response["Content-Disposition"])
        data = json.loads(response.content)
        self.assertEqual(data["person"]["name"], "Jadwiga Mieszkańska")
        self.assertEqual(data["person"]["account"]["username"], "lp_member")
        self.assertEqual([r["role"] for r in data["role_assignments"]], ["lp_member"])
        [membership] = data["lp_memberships"]
        self.assertEqual(membership["email"], "jadwiga@example.org")
        self.assertEqual([c["scope"] for c in membership["consents"]], ["processing"])
        self.assertEqual(membership["consents"][0]["text_version"], 1)
        self.assertEqual(len(membership["invitations"]), 1)
        self.assertNotIn("token_hash", json.dumps(data))

    def test_the_operator_exports_anyone_and_others_get_404(self):
        self.login("coordinator")
        self.assertEqual(self.get(self.stranger.person_id).status_code, 200)
        for name in ("member_officer", "lp_coordinator", "outsider_officer", "expert", "lp_member"):
            with self.subTest(persona=name):
                self.login(name)
                self.assertEqual(self.get(self.stranger.person_id).status_code, 404)
        self.client.logout()
        self.assertEqual(self.get(self.stranger.person_id).status_code, 302)

    def test_registered_exporters_add_their_records(self):
        gdpr.register_exporter(extra_exporter, key="testowe")
        self.addCleanup(gdpr.unregister_exporter, "testowe")
        data = services.person_export(person=self.resident.person, by=self.lp_member)
        self.assertEqual(data["testowe"], [{"what": "testowy wpis", "person": self.resident.person_id}])

    def test_an_exporter_is_named_after_its_app_by_default(self):
        gdpr.register_exporter(extra_exporter)
        self.addCleanup(gdpr.unregister_exporter, "partnerships")
        self.assertIn("partnerships", gdpr.registered_keys())
