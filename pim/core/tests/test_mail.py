"""The shared mail plumbing: addresses, absolute links, sending, and a queue that refuses a job."""

from __future__ import annotations

from types import SimpleNamespace

from django.core import mail
from django.core.mail import EmailMessage
from django.test import SimpleTestCase, override_settings

from pim.core.mail import absolute_url, address_of, enqueue_or_log, send_all


class MailPlumbingTests(SimpleTestCase):
    def test_a_person_s_own_address_comes_before_their_account_s(self):
        user = SimpleNamespace(email="konto@example.org")
        self.assertEqual(address_of(SimpleNamespace(email=" ja@example.org ", user_id=1, user=user)), "ja@example.org")
        self.assertEqual(address_of(SimpleNamespace(email="", user_id=1, user=user)), "konto@example.org")
        self.assertEqual(address_of(SimpleNamespace(email="", user_id=None, user=None)), "")

    @override_settings(PIM_SITE_URL="https://pim.example.org")
    def test_links_are_absolute_when_the_site_url_is_set(self):
        self.assertEqual(absolute_url("/mid/1/"), "https://pim.example.org/mid/1/")

    def test_send_all_sends_every_message_and_counts_them(self):
        messages = [EmailMessage(subject=f"Temat {n}", body="Treść", to=["a@example.org"]) for n in range(3)]
        self.assertEqual(send_all(messages), 3)
        self.assertEqual([m.subject for m in mail.outbox], ["Temat 0", "Temat 1", "Temat 2"])

    def test_a_refused_job_is_logged_not_raised(self):
        class RefusingTask:
            def enqueue(self, *args):
                raise RuntimeError("queue down")

        with self.assertLogs("pim.core.mail", "ERROR") as logs:
            enqueue_or_log(RefusingTask(), 7, what="MID workflow step 7")
        self.assertIn("MID workflow step 7", logs.output[0])
