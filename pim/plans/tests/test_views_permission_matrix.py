"""Every MID view × every persona, on the persona's own city's MID and on another city's, through HTTP.

The service-level matrix is test_permission_matrix.py; this one checks what the views answer: 200 or 302
(allowed), 403 (the MID is visible but the user may not do this) or 404 (the user may not see it). Each
persona is mapped to what it is *for that MID* (its operator, its city team, its network's expert, its
city's Local Partnership, or a stranger), and each view's expected answer is read from one table.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import transaction
from django.urls import reverse

from pim.plans import services
from pim.plans.models import ActionPlan
from pim.plans.tests.base import MidTestCase
from pim.plans.tests.factories import complete_content
from pim.programmes.models import RoleAssignment
from pim.programmes.tests.personas import CAST, SUPPORTING

S = ActionPlan.State
OK, FOUND, FORBIDDEN, HIDDEN = 200, 302, 403, 404

# What each persona is for the member city's MID ("own") and for the outsider city's MID in another network
# ("other"). The outsider officer's own MID is the other one.
RELATION = {
    "coordinator": ("operator", "operator"),
    "member_officer": ("team", "stranger"),
    "outsider_officer": ("stranger", "team"),
    "lead_officer": ("stranger", "stranger"),
    "expert": ("expert", "stranger"),
    "lp_coordinator": ("lp", "stranger"),
    "lp_member": ("lp", "stranger"),
    "ministry_reviewer": ("stranger", "stranger"),
    "anonymous": ("anonymous", "anonymous"),
}

# view → expected status per relation, for a MID in draft. A draft's working content is read only by the
# operator, the city team and the network's expert; everyone else gets the catalogue record of the page
# and 404 on every other view.
NOBODY_ELSE = {"lp": HIDDEN, "stranger": HIDDEN, "anonymous": HIDDEN}
READERS = {"operator": OK, "team": OK, "expert": OK, **NOBODY_ELSE}
DRAFT: dict[str, dict[str, int]] = {
    "page": {"operator": OK, "team": OK, "expert": OK, "lp": OK, "stranger": OK, "anonymous": OK},
    "section_get": {"operator": OK, "team": OK, "expert": FORBIDDEN, **NOBODY_ELSE},
    "section_post": {"operator": FOUND, "team": FOUND, "expert": FORBIDDEN, **NOBODY_ELSE},
    "action_add": {"operator": OK, "team": OK, "expert": FORBIDDEN, **NOBODY_ELSE},
    "workflow": READERS,
    "transition": {"operator": FOUND, "team": FOUND, "expert": FORBIDDEN, **NOBODY_ELSE},
    "comments": READERS,
    "comment_post": {"operator": FOUND, "team": FOUND, "expert": FOUND, **NOBODY_ELSE},
    "rubric": READERS,
    "followup": READERS,
    "history": READERS,
    "compare": READERS,
    "restore_get": {"operator": OK, "team": OK, "expert": FORBIDDEN, **NOBODY_ELSE},
    "restore_post": {"operator": FOUND, "team": FOUND, "expert": FORBIDDEN, **NOBODY_ELSE},
    "export": {"operator": FOUND, "team": FOUND, "expert": FOUND, **NOBODY_ELSE},
    # The operator or the network's expert assigns the reviewing expert.
    "expert_set": {"operator": FOUND, "team": FORBIDDEN, "expert": FOUND, **NOBODY_ELSE},
}

# In consultation the city's Local Partnership (coordinator and members) reads the MID and comments on it.
CONSULTATION: dict[str, dict[str, int]] = {
    "comments": {"operator": OK, "team": OK, "expert": OK, "lp": OK, "stranger": HIDDEN, "anonymous": HIDDEN},
    "comment_post": {"operator": FOUND, "team": FOUND, "expert": FOUND, "lp": FOUND, "stranger": HIDDEN,
                     "anonymous": HIDDEN},
    "section_get": {"operator": OK, "team": OK, "expert": FORBIDDEN, "lp": FORBIDDEN, "stranger": HIDDEN,
                    "anonymous": HIDDEN},
}

# In implementation the MID is public: everyone reads it, the city team and the operator report on it.
PUBLIC = {"operator": OK, "team": OK, "expert": OK, "lp": OK, "stranger": OK, "anonymous": OK}
IMPLEMENTATION: dict[str, dict[str, int]] = {
    "page": PUBLIC,
    "followup": PUBLIC,
    "history": PUBLIC,
    "action_report": {"operator": FOUND, "team": FOUND, "expert": FORBIDDEN, "lp": FORBIDDEN,
                      "stranger": FORBIDDEN, "anonymous": FORBIDDEN},
    "section_get": {"operator": FORBIDDEN, "team": FORBIDDEN, "expert": FORBIDDEN, "lp": FORBIDDEN,
                    "stranger": FORBIDDEN, "anonymous": FORBIDDEN},
}


class ViewPermissionMatrixTests(MidTestCase):
    personas: ClassVar[tuple[str, ...]] = (*CAST, *SUPPORTING, "lp_member")

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.lp_member = cls.make_persona("lp_member", RoleAssignment.Role.LP_MEMBER, participant=cls.member_city)
        cls.actions = {}
        for plan in (cls.member_plan, cls.outsider_plan):
            cls.actions[plan.pk] = complete_content(plan, actions=1)[0]
            for title in ("Pierwsze wyzwanie", "Drugie wyzwanie"):
                services.plan_section_save(plan=plan, section="challenge", data={"challenge_title": title},
                                           expected_revision=plan.section_revisions()["challenge"],
                                           by=cls.coordinator)

    def request(self, view: str, plan: ActionPlan) -> int:
        """Make the view's request on `plan` as the logged-in persona; its status code."""
        pk = plan.pk
        versions = list(plan.versions.order_by("number").values_list("number", flat=True))
        revision = plan.section_revisions()
        get, post = self.client.get, self.client.post
        calls = {
            "page": lambda: get(reverse("portal:action_plan", args=[pk])),
            "section_get": lambda: get(reverse("plans:section_edit", args=[pk, "risks"])),
            "section_post": lambda: post(reverse("plans:section_edit", args=[pk, "challenge"]), {
                "expected_revision": revision["challenge"], "challenge_title": "Nowe", "challenge_statement": ""}),
            "action_add": lambda: get(reverse("plans:action_add", args=[pk])),
            "workflow": lambda: get(reverse("plans:workflow", args=[pk])),
            "transition": lambda: post(reverse("plans:workflow", args=[pk]),
                                       {"to_state": S.CONSULTATION, "reason": "Do konsultacji"}),
            "comments": lambda: get(reverse("plans:comments", args=[pk])),
            "comment_post": lambda: post(reverse("plans:comments", args=[pk]), {"section": "", "body": "Uwaga"}),
            "rubric": lambda: get(reverse("plans:rubric", args=[pk])),
            "followup": lambda: get(reverse("plans:followup", args=[pk])),
            "action_report": lambda: post(
                reverse("plans:action_report", args=[pk, self.actions[pk].pk]),
                {f"action-{self.actions[pk].pk}-status": "in_progress", f"action-{self.actions[pk].pk}-percent": "10"}),
            "history": lambda: get(reverse("plans:history", args=[pk])),
            "compare": lambda: get(reverse("plans:version_compare", args=[pk]) + f"?a={versions[0]}&b={versions[-1]}"),
            "restore_get": lambda: get(reverse("plans:version_restore", args=[pk, versions[0]])),
            "restore_post": lambda: post(reverse("plans:version_restore", args=[pk, versions[0]])),
            "export": lambda: post(reverse("plans:export_start", args=[pk, "pdf"])),
            "expert_set": lambda: post(reverse("plans:workflow", args=[pk]),
                                       {"form": "expert", "expert": ""}),
        }
        return calls[view]().status_code

    def login(self, name: str) -> None:
        self.client.logout()
        if name != "anonymous":
            self.client.force_login(self.persona(name))

    def check(self, table: dict[str, dict[str, int]], state: str) -> None:
        plans = {"own": self.set_state(self.member_plan, state), "other": self.set_state(self.outsider_plan, state)}
        for name in self.personas:
            self.login(name)
            for which, plan in plans.items():
                relation = RELATION[name][0 if which == "own" else 1]
                for view, expected in table.items():
                    with self.subTest(persona=name, mid=which, view=view), transaction.atomic():
                        # Rolled back: one persona's save or transition does not change what the next finds.
                        self.assertEqual(self.request(view, plan), expected[relation])
                        transaction.set_rollback(True)

    def test_views_on_a_draft(self) -> None:
        self.check(DRAFT, S.DRAFT)

    def test_comments_in_consultation(self) -> None:
        self.check(CONSULTATION, S.CONSULTATION)

    def test_follow_up_in_implementation(self) -> None:
        self.check(IMPLEMENTATION, S.IN_IMPLEMENTATION)
