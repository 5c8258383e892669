"""The comments page /mid/<pk>/uwagi/: threads per section, public comments, moderation, resolving."""

from __future__ import annotations

from django.test import override_settings
from django.urls import reverse

from pim.plans.models import ActionPlan, Comment
from pim.plans.tests.base import MidTestCase

S = ActionPlan.State


# The assertions read the English interface; the site itself is Polish first (LANGUAGE_CODE="pl").
@override_settings(LANGUAGE_CODE="en")
class CommentViewTests(MidTestCase):
    def url(self, plan: ActionPlan | None = None) -> str:
        return reverse("plans:comments", args=[(plan or self.member_plan).pk])

    def add(self, user, body: str = "Uwaga do działań", section: str = "actions", **extra):
        self.client.force_login(user)
        return self.client.post(self.url(), {"section": section, "body": body, **extra})

    def test_the_expert_adds_a_comment_on_a_section(self):
        response = self.add(self.expert)
        comment = Comment.objects.get(plan=self.member_plan)
        self.assertRedirects(response, f"{self.url()}#comment-{comment.pk}")
        self.assertEqual((comment.section, comment.moderation, comment.is_public), ("actions", "approved", False))
        page = self.client.get(self.url())
        self.assertContains(page, "Uwaga do działań")
        self.assertContains(page, "Actions")
        self.assertContains(page, f'href="{self.member_plan.get_absolute_url()}"')

    def test_a_reply_joins_the_thread(self):
        self.add(self.expert)
        thread = Comment.objects.get(plan=self.member_plan)
        self.add(self.member_officer, "Poprawimy", section="", parent=thread.pk)
        reply = Comment.objects.exclude(pk=thread.pk).get()
        self.assertEqual((reply.parent_id, reply.section), (thread.pk, "actions"))

    def test_an_empty_comment_shows_a_field_error_and_writes_nothing(self):
        response = self.add(self.expert, body="   ")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'role="alert"', status_code=400)
        self.assertFalse(Comment.objects.exists())

    def test_outsiders_get_404_and_a_ministry_reviewer_cannot_comment_on_a_public_mid(self):
        self.client.force_login(self.outsider_officer)
        self.assertEqual(self.client.get(self.url()).status_code, 404)
        self.client.logout()
        self.assertEqual(self.client.get(self.url()).status_code, 404)
        self.set_state(self.member_plan, S.APPROVED)
        response = self.add(self.ministry_reviewer)
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Comment.objects.exists())

    def test_anyone_logged_in_comments_during_a_public_consultation_after_moderation(self):
        self.set_state(self.member_plan, S.CONSULTATION, public_consultation=True)
        self.client.logout()
        page = self.client.get(self.url())
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, 'id="comment-form"')
        self.client.force_login(self.outsider_officer)
        self.assertContains(self.client.get(self.url()), "after the city team approves it")
        self.add(self.outsider_officer, "Więcej drzew!")
        comment = Comment.objects.get()
        self.assertEqual((comment.is_public, comment.moderation), (True, "pending"))
        # The author sees it; the anonymous public does not until it is approved.
        self.assertContains(self.client.get(self.url()), "Więcej drzew!")
        self.client.logout()
        self.assertNotContains(self.client.get(self.url()), "Więcej drzew!")
        # The team moderates.
        self.client.force_login(self.member_officer)
        queue = self.client.get(self.url())
        self.assertContains(queue, "Awaiting moderation")
        self.assertContains(queue, reverse("plans:comment_moderate", args=[self.member_plan.pk, comment.pk]))
        response = self.client.post(reverse("plans:comment_moderate", args=[self.member_plan.pk, comment.pk]),
                                    {"decision": "approved"})
        self.assertRedirects(response, f"{self.url()}#comment-{comment.pk}")
        self.client.logout()
        self.assertContains(self.client.get(self.url()), "Więcej drzew!")

    def test_a_rejected_comment_stays_hidden(self):
        self.set_state(self.member_plan, S.CONSULTATION, public_consultation=True)
        self.add(self.outsider_officer, "Spam")
        comment = Comment.objects.get()
        self.client.force_login(self.member_officer)
        self.client.post(reverse("plans:comment_moderate", args=[self.member_plan.pk, comment.pk]),
                         {"decision": "rejected"})
        comment.refresh_from_db()
        self.assertEqual(comment.moderation, "rejected")
        self.client.logout()
        self.assertNotContains(self.client.get(self.url()), "Spam")

    def test_only_moderators_moderate(self):
        self.set_state(self.member_plan, S.CONSULTATION, public_consultation=True)
        self.add(self.outsider_officer, "Więcej drzew!")
        comment = Comment.objects.get()
        url = reverse("plans:comment_moderate", args=[self.member_plan.pk, comment.pk])
        for name in ("expert", "outsider_officer"):
            with self.subTest(persona=name):
                self.client.force_login(self.persona(name))
                self.assertEqual(self.client.post(url, {"decision": "approved"}).status_code, 403)
        comment.refresh_from_db()
        self.assertEqual(comment.moderation, "pending")

    def test_the_expert_resolves_and_reopens_a_thread(self):
        self.add(self.member_officer)
        comment = Comment.objects.get()
        url = reverse("plans:comment_resolve", args=[self.member_plan.pk, comment.pk])
        self.client.force_login(self.expert)
        self.client.post(url, {"resolved": "1"})
        comment.refresh_from_db()
        self.assertEqual((comment.state, comment.resolved_by), ("resolved", self.expert))
        self.assertContains(self.client.get(self.url()), "Reopen")
        self.client.post(url, {"resolved": "0"})
        comment.refresh_from_db()
        self.assertEqual(comment.state, "open")

    def test_resolving_is_refused_to_the_lp_coordinator_and_a_reply_cannot_be_resolved(self):
        self.set_state(self.member_plan, S.CONSULTATION)
        self.add(self.member_officer)
        thread = Comment.objects.get()
        self.add(self.expert, "Odpowiedź", parent=thread.pk)
        reply = Comment.objects.exclude(pk=thread.pk).get()
        self.client.force_login(self.lp_coordinator)
        url = reverse("plans:comment_resolve", args=[self.member_plan.pk, thread.pk])
        self.assertEqual(self.client.post(url).status_code, 403)
        self.client.force_login(self.expert)
        response = self.client.post(reverse("plans:comment_resolve", args=[self.member_plan.pk, reply.pk]), follow=True)
        self.assertContains(response, "through its first comment")

    def test_a_comment_of_another_mid_is_404(self):
        other = Comment.objects.create(plan=self.lead_plan, body="Inny MID", author=self.lead_officer)
        self.client.force_login(self.member_officer)
        url = reverse("plans:comment_resolve", args=[self.member_plan.pk, other.pk])
        self.assertEqual(self.client.post(url).status_code, 404)

    def test_resolving_the_last_thread_lets_the_expert_approve(self):
        self.set_state(self.member_plan, S.EXPERT_REVIEW)
        self.add(self.expert)
        comment = Comment.objects.get()
        workflow = reverse("plans:workflow", args=[self.member_plan.pk])
        self.assertContains(self.client.post(workflow, {"to_state": S.APPROVED}), "still open", status_code=400)
        self.client.post(reverse("plans:comment_resolve", args=[self.member_plan.pk, comment.pk]), {"resolved": "1"})
        self.assertRedirects(self.client.post(workflow, {"to_state": S.APPROVED}), workflow)

    def test_query_count_does_not_grow_with_comments(self):
        self.client.force_login(self.member_officer)

        def make(n: int) -> None:
            for i in range(n):
                thread = Comment.objects.create(plan=self.member_plan, section="risks", body=f"W{i}",
                                                author=self.expert)
                Comment.objects.create(plan=self.member_plan, section="risks", body=f"O{i}", parent=thread,
                                       author=self.member_officer)

        make(2)
        self.client.get(self.url())
        with self.assertNumQueries(self._count()) as ctx:
            self.client.get(self.url())
        small = len(ctx.captured_queries)
        make(8)
        with self.assertNumQueries(small):
            self.client.get(self.url())

    def _count(self) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            self.client.get(self.url())
        return len(ctx.captured_queries)
