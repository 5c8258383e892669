"""Comments on a MID: who comments when, public consultation with moderation, replies and resolution."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

from pim.plans.models import ActionPlan, Comment
from pim.plans.services import comment_add, comment_moderate, comment_resolve
from pim.plans.tests.base import MidTestCase
from pim.plans.tests.factories import CommentFactory

S = ActionPlan.State
INTERNAL = {"coordinator", "member_officer", "expert"}
LOGGED_IN = {"coordinator", "lead_officer", "member_officer", "outsider_officer", "ministry_reviewer", "expert",
             "lp_coordinator"}


class CommentAddTests(MidTestCase):
    def add(self, user, *, plan=None, public=False, **kwargs):
        return comment_add(plan=plan or self.member_plan, section=kwargs.pop("section", "stakeholders"),
                           body=kwargs.pop("body", "Brakuje rady osiedla."), by=user, public=public, **kwargs)

    def test_the_team_the_expert_and_the_coordinator_comment_at_any_time(self):
        for state in (S.DRAFT, S.EXPERT_REVIEW, S.APPROVED, S.IN_IMPLEMENTATION):
            self.set_state(self.member_plan, state)
            with self.subTest(state=state):
                self.assertServiceAllowedExactly(lambda user: self.add(user), INTERNAL)

    def test_another_networks_expert_does_not_comment(self):
        self.assertServiceAllowedExactly(lambda user: self.add(user, plan=self.outsider_plan),
                                         {"coordinator", "outsider_officer"})

    def test_the_lp_coordinator_comments_during_consultation(self):
        self.set_state(self.member_plan, S.CONSULTATION)
        self.assertServiceAllowedExactly(lambda user: self.add(user), INTERNAL | {"lp_coordinator"})
        comment = self.add(self.lp_coordinator)
        self.assertEqual((comment.is_public, comment.moderation), (False, Comment.Moderation.APPROVED))

    def test_anyone_logged_in_comments_publicly_in_a_public_consultation_pending_moderation(self):
        self.set_state(self.member_plan, S.CONSULTATION, public_consultation=True)
        self.assertServiceAllowedExactly(lambda user: self.add(user, public=True), LOGGED_IN)
        comment = self.add(self.outsider_officer, public=True)
        self.assertEqual((comment.is_public, comment.moderation), (True, Comment.Moderation.PENDING))
        team_comment = self.add(self.member_officer, public=True)
        self.assertEqual((team_comment.is_public, team_comment.moderation), (False, Comment.Moderation.APPROVED))

    def test_public_comments_need_a_public_consultation_in_progress(self):
        for state, public in ((S.CONSULTATION, False), (S.DRAFT, True), (S.APPROVED, True)):
            self.set_state(self.member_plan, state, public_consultation=public)
            with self.subTest(state=state, public=public), self.assertRaises(PermissionDenied):
                self.add(self.outsider_officer, public=True)

    def test_a_historical_mid_takes_no_comments(self):
        self.set_state(self.member_plan, S.PUBLISHED)
        self.assertServiceAllowedExactly(lambda user: self.add(user), set())

    def test_an_empty_body_or_unknown_section_is_refused(self):
        with self.assertRaises(ValidationError) as caught:
            self.add(self.expert, body="   ")
        self.assertIn("body", caught.exception.message_dict)
        with self.assertRaises(ValidationError):
            self.add(self.expert, section="appendix")
        with self.assertRaises(ValidationError) as caught:
            self.add(self.expert, body="x" * 5001)
        self.assertIn("body", caught.exception.message_dict)
        self.assertFalse(Comment.objects.exists())

    def test_a_comment_on_the_whole_mid_has_no_section(self):
        self.assertEqual(self.add(self.expert, section="").section, "")

    def test_replies_join_the_first_comment_of_the_thread(self):
        root = self.add(self.expert, section="risks")
        reply = self.add(self.member_officer, parent=root, section="actions")
        reply_to_reply = self.add(self.expert, parent=reply)
        self.assertEqual((reply.parent, reply.section), (root, "risks"))
        self.assertEqual(reply_to_reply.parent, root)

    def test_replies_go_to_published_comments_of_the_same_mid(self):
        pending = CommentFactory(plan=self.member_plan, is_public=True, moderation=Comment.Moderation.PENDING)
        other = CommentFactory(plan=self.lead_plan)
        for parent in (pending, other):
            with self.subTest(parent=parent.pk), self.assertRaises(ValidationError) as caught:
                self.add(self.expert, parent=parent)
            self.assertIn("parent", caught.exception.message_dict)


class ModerationTests(MidTestCase):
    def setUp(self) -> None:
        self.comment = CommentFactory(plan=self.member_plan, author=self.outsider_officer, is_public=True,
                                      moderation=Comment.Moderation.PENDING)

    def test_the_team_and_the_coordinator_moderate(self):
        self.assertServiceAllowedExactly(
            lambda user: comment_moderate(comment=self.comment, decision="approved", by=user),
            {"coordinator", "member_officer"},
        )

    def test_approve_and_reject(self):
        comment_moderate(comment=self.comment, decision="rejected", by=self.member_officer)
        self.assertEqual(Comment.objects.get(pk=self.comment.pk).moderation, Comment.Moderation.REJECTED)
        with self.assertRaises(ValidationError):
            comment_moderate(comment=self.comment, decision="maybe", by=self.member_officer)

    def test_internal_comments_are_not_moderated(self):
        internal = CommentFactory(plan=self.member_plan, author=self.expert)
        with self.assertRaises(ValidationError):
            comment_moderate(comment=internal, decision="rejected", by=self.member_officer)

    def test_who_sees_pending_comments(self):
        approved = CommentFactory(plan=self.member_plan, author=self.expert)
        for name, expected in (("member_officer", {self.comment, approved}), ("coordinator", {self.comment, approved}),
                               ("outsider_officer", {self.comment, approved}), ("lead_officer", {approved}),
                               ("anonymous", {approved})):
            with self.subTest(persona=name):
                visible = set(Comment.objects.filter(plan=self.member_plan).visible_to(self.persona(name),
                                                                                       self.member_plan))
                self.assertEqual(visible, expected)


class ResolveTests(MidTestCase):
    def setUp(self) -> None:
        self.comment = CommentFactory(plan=self.member_plan, author=self.expert)

    def test_the_team_the_expert_and_the_coordinator_resolve(self):
        self.assertServiceAllowedExactly(lambda user: comment_resolve(comment=self.comment, by=user),
                                         {"coordinator", "member_officer", "expert"})

    def test_resolve_and_reopen(self):
        comment_resolve(comment=self.comment, by=self.member_officer)
        comment = Comment.objects.get(pk=self.comment.pk)
        self.assertEqual((comment.state, comment.resolved_by), (Comment.State.RESOLVED, self.member_officer))
        self.assertIsNotNone(comment.resolved_at)
        comment_resolve(comment=comment, by=self.expert, resolved=False)
        comment = Comment.objects.get(pk=self.comment.pk)
        self.assertEqual((comment.state, comment.resolved_by, comment.resolved_at), (Comment.State.OPEN, None, None))

    def test_replies_and_rejected_comments_are_not_resolved(self):
        reply = CommentFactory(plan=self.member_plan, parent=self.comment)
        rejected = CommentFactory(plan=self.member_plan, is_public=True, moderation=Comment.Moderation.REJECTED)
        for comment in (reply, rejected):
            with self.subTest(comment=comment.pk), self.assertRaises(ValidationError):
                comment_resolve(comment=comment, by=self.member_officer)
