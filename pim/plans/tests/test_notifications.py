"""E-mail on MID workflow steps: who is told about which step, in Polish, and only after the commit."""

from __future__ import annotations

from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings

from pim.plans.models import ActionPlan
from pim.plans.notifications import recipients
from pim.plans.services import plan_transition
from pim.plans.tests.base import MidTestCase
from pim.programmes.models import RoleAssignment
from pim.programmes.tests.factories import PersonFactory, RoleAssignmentFactory, UserFactory

S = ActionPlan.State
Role = RoleAssignment.Role
IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@override_settings(TASKS=IMMEDIATE_TASKS, LANGUAGE_CODE="en", PIM_SITE_URL="https://pim.example.org")
class TransitionMailTests(MidTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # A second expert of the network, assigned to review the member city's MID; an expert of another
        # network, and the LP coordinator of another city, who must hear nothing.
        cls.reviewer = cls.make_persona("reviewer", Role.THEMATIC_EXPERT, network=cls.network)
        cls.member_plan.expert = cls.reviewer.person
        cls.member_plan.save()
        cls.foreign_expert = cls.make_persona("foreign_expert", Role.THEMATIC_EXPERT, network=cls.other_network)
        cls.foreign_lp = cls.make_persona("foreign_lp", Role.LP_COORDINATOR, participant=cls.lead_city)

    def step(self, source: str, target: str, by, reason: str = ""):
        self.set_state(self.member_plan, source)
        with self.captureOnCommitCallbacks(execute=True):
            plan_transition(plan=self.member_plan, to_state=target, by=by, reason=reason)
        return sorted(mail.outbox, key=lambda m: m.to[0])

    def addresses(self, messages) -> list[str]:
        return sorted(address for m in messages for address in m.to)

    def test_submitting_for_review_tells_the_networks_experts_and_the_assigned_expert(self):
        messages = self.step(S.CONSULTATION, S.EXPERT_REVIEW, self.member_officer)
        self.assertEqual(self.addresses(messages), sorted([self.expert.email, self.reviewer.email]))
        message = messages[0]
        self.assertEqual(len(message.to), 1)  # nobody sees the other recipients' addresses
        self.assertIn("MID członka", message.subject)
        self.assertIn("Miasto Partnerskie", message.subject)
        self.assertIn("Member Officer", message.body)
        # Written in Polish whatever the sender's language: the states' names are the Polish ones.
        self.assertIn("konsultacje", message.body)
        self.assertIn("ocena ekspercka", message.body)
        self.assertIn(f"https://pim.example.org/mid/{self.member_plan.pk}/", message.body)

    def test_sending_back_tells_the_city_team_with_the_reason(self):
        messages = self.step(S.EXPERT_REVIEW, S.DRAFT, self.expert, reason="Uzupełnijcie budżet działań.")
        self.assertEqual(self.addresses(messages), [self.member_officer.email])
        self.assertIn("Uzupełnijcie budżet działań.", messages[0].body)
        self.assertIn("wersja robocza", messages[0].body)

    def test_approval_tells_the_city_team(self):
        messages = self.step(S.EXPERT_REVIEW, S.APPROVED, self.coordinator)
        self.assertEqual(self.addresses(messages), [self.member_officer.email])
        self.assertIn("zatwierdzona", messages[0].body)

    def test_opening_the_consultation_tells_the_citys_lp_coordinator(self):
        messages = self.step(S.DRAFT, S.CONSULTATION, self.member_officer)
        self.assertEqual(self.addresses(messages), [self.lp_coordinator.email])

    def test_opening_the_consultation_tells_the_citys_lp_members_with_a_link_to_comment(self):
        lp_member = self.make_persona("lp_member", Role.LP_MEMBER, participant=self.member_city)
        # A member of another city's LP, and one whose membership has ended, hear nothing.
        self.make_persona("foreign_lp_member", Role.LP_MEMBER, participant=self.lead_city)
        former = self.make_persona("former_lp_member", Role.LP_MEMBER, participant=self.member_city)
        RoleAssignment.objects.filter(person=former.person).update(ended=True)
        messages = self.step(S.DRAFT, S.CONSULTATION, self.member_officer)
        self.assertEqual(self.addresses(messages), sorted([self.lp_coordinator.email, lp_member.email]))
        body = next(m.body for m in messages if m.to == [lp_member.email])
        self.assertIn("Lp Member", body)
        self.assertIn(f"https://pim.example.org/mid/{self.member_plan.pk}/uwagi/", body)

    def test_other_steps_send_nothing(self):
        for source, target in ((S.CONSULTATION, S.DRAFT), (S.APPROVED, S.IN_IMPLEMENTATION),
                               (S.IN_IMPLEMENTATION, S.COMPLETED)):
            with self.subTest(step=f"{source}→{target}"):
                mail.outbox = []
                self.assertEqual(self.step(source, target, self.member_officer), [])

    def test_the_person_who_took_the_step_is_not_told(self):
        self.member_plan.expert = self.expert.person
        self.member_plan.save()
        messages = self.step(S.EXPERT_REVIEW, S.APPROVED, self.coordinator)
        self.assertNotIn(self.coordinator.email, self.addresses(messages))
        RoleAssignmentFactory(person=self.expert.person, role=Role.CITY_TEAM_MEMBER, participant=self.member_city)
        mail.outbox = []
        messages = self.step(S.EXPERT_REVIEW, S.DRAFT, self.expert, reason="Popraw.")
        self.assertNotIn(self.expert.email, self.addresses(messages))

    def test_nobody_is_told_about_a_mid_they_may_not_see(self):
        # The assigned expert who has since left the network's experts may no longer read the draft.
        RoleAssignment.objects.filter(person=self.reviewer.person).update(ended=True)
        # A team member without an active account, and one without any address, are skipped too.
        inactive = UserFactory(username="nieaktywny", is_active=False)
        RoleAssignmentFactory(person=PersonFactory(user=inactive), role=Role.CITY_TEAM_MEMBER, participant=self.member_city)
        no_address = UserFactory(username="bez-adresu", email="")
        RoleAssignmentFactory(person=PersonFactory(user=no_address, email=""), role=Role.CITY_TEAM_MEMBER,
                              participant=self.member_city)
        messages = self.step(S.CONSULTATION, S.EXPERT_REVIEW, self.member_officer)
        self.assertEqual(self.addresses(messages), [self.expert.email])
        mail.outbox = []
        messages = self.step(S.EXPERT_REVIEW, S.DRAFT, self.expert, reason="Popraw.")
        self.assertEqual(self.addresses(messages), [self.member_officer.email])

    def test_a_refused_or_rolled_back_step_sends_nothing(self):
        self.set_state(self.member_plan, S.EXPERT_REVIEW)
        with self.captureOnCommitCallbacks(execute=True), self.assertRaises(ValidationError):
            plan_transition(plan=self.member_plan, to_state=S.DRAFT, by=self.expert, reason="")
        self.assertEqual(mail.outbox, [])

    def test_the_step_is_mailed_only_once_committed(self):
        self.set_state(self.member_plan, S.DRAFT)
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            step = plan_transition(plan=self.member_plan, to_state=S.CONSULTATION, by=self.member_officer)
        self.assertEqual(mail.outbox, [])
        self.assertEqual(len(callbacks), 1)
        self.assertEqual([r.person for r in recipients(step)], [self.lp_coordinator.person])
