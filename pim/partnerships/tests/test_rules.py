"""The permission matrix: every persona × view / edit / erase / export, on their own city's LP and another's."""

from __future__ import annotations

from pim.partnerships.models import Consent, Invitation, LocalPartnership
from pim.partnerships.tests.base import EVERYONE, LP_TEAM, LpTestCase
from pim.partnerships.tests.factories import InvitationFactory


class PartnershipPermissionTests(LpTestCase):
    def test_everyone_reads_the_public_record_of_any_lp(self):
        for lp in (self.member_lp, self.outsider_lp):
            self.assertAllowedExactly("partnerships.view_localpartnership", lp, EVERYONE)

    def test_only_the_citys_team_and_the_operator_change_its_lp(self):
        self.assertAllowedExactly("partnerships.change_localpartnership", self.member_lp, LP_TEAM)
        self.assertAllowedExactly("partnerships.change_localpartnership", self.outsider_lp,
                                  {"coordinator", "outsider_officer"})

    def test_only_the_citys_team_and_the_operator_set_up_its_lp(self):
        new = LocalPartnership(participant=self.lead_city, edition=self.edition)
        self.assertAllowedExactly("partnerships.add_localpartnership", new, {"coordinator", "lead_officer"})

    def test_the_member_register_is_seen_by_the_team_and_the_operator_only(self):
        self.assertAllowedExactly("partnerships.view_localpartnership_members", self.member_lp, LP_TEAM)
        self.assertAllowedExactly("partnerships.view_localpartnership_members", self.outsider_lp,
                                  {"coordinator", "outsider_officer"})

    def test_documents_are_also_seen_by_the_lps_members(self):
        self.assertAllowedExactly("partnerships.view_localpartnership_documents", self.member_lp,
                                  LP_TEAM | {"lp_member"})
        self.assertAllowedExactly("partnerships.view_localpartnership_documents", self.outsider_lp,
                                  {"coordinator", "outsider_officer"})

    def test_only_an_operator_deletes_an_lp(self):
        self.assertAllowedExactly("partnerships.delete_localpartnership", self.member_lp, {"coordinator"})


class MemberPermissionTests(LpTestCase):
    def test_a_members_personal_data_are_seen_by_the_team_the_operator_and_themself(self):
        self.assertAllowedExactly("partnerships.view_partnershipmember", self.resident, LP_TEAM | {"lp_member"})
        self.assertAllowedExactly("partnerships.view_partnershipmember", self.association, LP_TEAM)
        self.assertAllowedExactly("partnerships.view_partnershipmember", self.stranger,
                                  {"coordinator", "outsider_officer"})

    def test_only_the_team_and_the_operator_edit_erase_and_invite(self):
        for perm in ("change_partnershipmember", "erase_partnershipmember", "invite_partnershipmember"):
            self.assertAllowedExactly(f"partnerships.{perm}", self.resident, LP_TEAM)
            self.assertAllowedExactly(f"partnerships.{perm}", self.stranger, {"coordinator", "outsider_officer"})

    def test_nobody_deletes_a_member(self):
        self.assertAllowedExactly("partnerships.delete_partnershipmember", self.resident, set())

    def test_a_person_export_is_for_the_operator_and_the_person(self):
        self.assertAllowedExactly("partnerships.export_person", self.resident.person, {"coordinator", "lp_member"})
        self.assertAllowedExactly("partnerships.export_person", self.stranger.person, {"coordinator"})


class ConsentAndInvitationPermissionTests(LpTestCase):
    def test_consents_are_recorded_and_withdrawn_by_the_member_or_the_team(self):
        consent = Consent.objects.get(member=self.resident)
        for perm in ("view_consent", "add_consent", "withdraw_consent"):
            self.assertAllowedExactly(f"partnerships.{perm}", consent, LP_TEAM | {"lp_member"})
        stranger_consent = Consent(member=self.stranger)
        self.assertAllowedExactly("partnerships.add_consent", stranger_consent, {"coordinator", "outsider_officer"})

    def test_consents_are_never_edited_or_deleted(self):
        consent = Consent.objects.get(member=self.resident)
        for perm in ("change_consent", "delete_consent"):
            self.assertAllowedExactly(f"partnerships.{perm}", consent, set())

    def test_invitations_are_seen_by_the_team(self):
        invitation: Invitation = InvitationFactory(member=self.resident)
        self.assertAllowedExactly("partnerships.view_invitation", invitation, LP_TEAM)

    def test_an_erased_member_is_nobodys_own_record(self):
        self.resident.erased_at = self.resident.created_at
        self.assertFalse(self.lp_member.has_perm("partnerships.view_partnershipmember", self.resident))
