"""`manage.py create_demo_accounts`: one account per role, idempotent, never in production."""

from __future__ import annotations

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase, override_settings

from pim.places.tests.factories import ParticipantFactory
from pim.programmes.demo_accounts import SPECS
from pim.programmes.models import Edition, Institution, Person, RoleAssignment
from pim.programmes.tests.factories import (
    EditionFactory,
    InstitutionFactory,
    MembershipFactory,
    NetworkFactory,
)

Role = RoleAssignment.Role


def run() -> str:
    out = StringIO()
    call_command("create_demo_accounts", stdout=out)
    return out.getvalue()


def table(output: str) -> str:
    return output[output.index("user name"):]


def counts() -> tuple[int, int, int]:
    return get_user_model().objects.count(), Person.objects.count(), RoleAssignment.objects.count()


class DemoAccountsWithHistoryTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.ministry = InstitutionFactory(name="Ministerstwo Funduszy i Polityki Regionalnej",
                                          kind=Institution.Kind.MINISTRY)
        pilot = EditionFactory(start_year=2018, end_year=2019, state=Edition.State.CLOSED)
        NetworkFactory(edition=pilot, name="Zieleń miejska")
        pim2 = EditionFactory(start_year=2021, end_year=2023, state=Edition.State.CLOSED, owner=cls.ministry)
        NetworkFactory(edition=pim2, name="Miasto cyfrowe")
        cls.green = NetworkFactory(edition=pim2, name="Miasto zielone", slug="2021-2023-miasto-zielone")
        MembershipFactory(network=cls.green, participant=ParticipantFactory(name="Aleksandrów"))
        cls.raciborz = ParticipantFactory(name="Racibórz")
        MembershipFactory(network=cls.green, participant=cls.raciborz)
        EditionFactory(start_year=2024, end_year=2026, state=Edition.State.RUNNING)

    def test_it_creates_one_account_per_role_and_a_superuser(self):
        output = run()
        users = {u.username: u for u in get_user_model().objects.all()}
        self.assertEqual(set(users), {spec.username for spec in SPECS})
        for spec in SPECS:
            with self.subTest(username=spec.username):
                self.assertIn(f"{spec.username}  ", output)
                self.assertIn(spec.password, output)
                self.assertTrue(users[spec.username].check_password(spec.password))
                self.assertTrue(users[spec.username].person.is_demo)
                self.assertTrue(users[spec.username].person.name.startswith("Demo: "))
        self.assertTrue(users["demo-operator"].is_staff)
        self.assertFalse(users["demo-operator"].is_superuser)
        self.assertTrue(users["admin"].is_superuser)

    def test_the_roles_point_at_the_pim2_green_network_raciborz_and_the_ministry(self):
        run()
        roles = {r.role: r for r in RoleAssignment.objects.select_related("person__user")}
        self.assertIsNone(roles[Role.OPERATOR].edition)
        self.assertEqual(roles[Role.THEMATIC_EXPERT].network, self.green)
        self.assertEqual(roles[Role.CITY_TEAM_MEMBER].participant, self.raciborz)
        self.assertEqual(roles[Role.LP_COORDINATOR].participant, self.raciborz)
        self.assertEqual(roles[Role.MINISTRY_LIAISON].institution, self.ministry)
        expert = get_user_model().objects.get(username="demo-expert")
        self.assertTrue(expert.has_perm("programmes.view_person", expert.person))
        self.assertFalse(expert.has_perm("programmes.change_thematicnetwork", self.green))

    def test_running_it_twice_changes_nothing_and_prints_the_same_table(self):
        first = run()
        before = counts()
        hashes = dict(get_user_model().objects.values_list("username", "password"))
        second = run()
        self.assertEqual(counts(), before)
        self.assertEqual(dict(get_user_model().objects.values_list("username", "password")), hashes)
        self.assertEqual(table(first), table(second))
        self.assertIn("up to date", second)

    def test_it_puts_back_a_changed_password_and_a_lost_role(self):
        run()
        user = get_user_model().objects.get(username="demo-city")
        user.set_password("inne")
        user.save()
        user.person.roles.all().delete()
        output = run()
        user.refresh_from_db()
        self.assertTrue(user.check_password("pim-demo-city"))
        self.assertEqual(user.person.roles.get().participant, self.raciborz)
        self.assertIn("demo-city: updated password; role assigned", output)

    @override_settings(PRODUCTION=True)
    def test_it_refuses_in_production(self):
        with self.assertRaisesMessage(CommandError, "DJANGO_PRODUCTION=1"):
            run()
        self.assertEqual(counts(), (0, 0, 0))


class DemoAccountsWithoutHistoryTests(TestCase):
    def test_with_no_data_the_accounts_exist_without_scoped_roles(self):
        output = run()
        self.assertEqual(get_user_model().objects.count(), len(SPECS))
        self.assertEqual(list(RoleAssignment.objects.values_list("role", flat=True)), [Role.OPERATOR])
        self.assertIn("no data loaded yet", output)

    def test_a_later_run_adds_the_roles_once_the_history_is_loaded(self):
        run()
        network = NetworkFactory(name="Sieć bez zieleni", edition=EditionFactory(state=Edition.State.CLOSED))
        MembershipFactory(network=network)
        run()
        self.assertEqual(RoleAssignment.objects.get(role=Role.THEMATIC_EXPERT).network, network)
        # The factory edition is owned by a ministry, so every role now has its scope.
        self.assertEqual(RoleAssignment.objects.count(), 5)
