"""Every persona against every LP screen, on their own city's LP and on another city's: 200, 302 or 404."""

from __future__ import annotations

from django.urls import reverse

from pim.partnerships.tests.base import LpTestCase

OWN_TEAM = {"coordinator", "member_officer", "lp_coordinator"}
OTHER_TEAM = {"coordinator", "outsider_officer"}


class ViewMatrixTests(LpTestCase):
    def screens(self, member, lp) -> dict[str, str]:
        return {
            "view register": lp.get_absolute_url(),
            "edit lp": reverse("partnerships:edit", args=[lp.pk]),
            "add member": reverse("partnerships:member_add", args=[lp.pk]),
            "view member": member.get_absolute_url(),
            "edit member": reverse("partnerships:member_edit", args=[member.pk]),
            "erase member": reverse("partnerships:member_erase", args=[member.pk]),
            "export person": reverse("partnerships:person_export", args=[member.person_id]),
        }

    def expected(self, screen: str, persona: str, team: set[str], own_member: str | None) -> int:
        if screen == "view register":
            return 200  # the public record; the register itself is checked below
        if persona == "anonymous":
            return 302
        allowed = set(team)
        if screen == "view member" and own_member:
            allowed.add(own_member)
        if screen == "export person":
            allowed = {"coordinator"} | ({own_member} if own_member else set())
        return 200 if persona in allowed else 404

    def check(self, member, lp, team: set[str], own_member: str | None) -> None:
        for persona in self.personas:
            self.client.logout()
            self.login(persona)
            for screen, url in self.screens(member, lp).items():
                with self.subTest(persona=persona, screen=screen):
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, self.expected(screen, persona, team, own_member))
                    if screen == "view register":
                        self.assertEqual(response.context["can_see_members"], persona in team)

    def test_the_member_citys_lp(self):
        self.check(self.resident, self.member_lp, OWN_TEAM, own_member="lp_member")

    def test_another_citys_lp(self):
        self.check(self.stranger, self.outsider_lp, OTHER_TEAM, own_member=None)
