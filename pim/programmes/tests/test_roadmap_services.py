"""The network roadmap's rules and services: who may do what, revisions, agreement, versions and restore."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from pim.programmes import services
from pim.programmes.access import roadmap_for_reader
from pim.programmes.models import NetworkRoadmap, RoadmapVersion
from pim.programmes.tests.personas import PersonaTestCase


def complete_roadmap(network, by) -> NetworkRoadmap:
    """A roadmap with problems, goals and one dated action (revision 2), ready to be agreed."""
    services.roadmap_save(network=network, problems="Niedobór zieleni", goals="Więcej drzew", expected_revision=0, by=by)
    saved = services.roadmap_action_save(
        network=network, expected_revision=1, by=by, title="Warsztat w mieście liderze",
        starts_on=datetime.date(2024, 5, 1), ends_on=datetime.date(2024, 7, 31),
    )
    return saved.roadmap


class RoadmapPermissionTests(PersonaTestCase):
    def test_permission_matrix(self) -> None:
        roadmap = NetworkRoadmap.objects.create(network=self.network)
        editors = {"coordinator", "lead_officer", "expert"}
        self.assertAllowedExactly("programmes.view_networkroadmap", roadmap, set(self.personas))
        self.assertAllowedExactly("programmes.view_networkroadmap_draft", roadmap, editors | {"member_officer"})
        self.assertAllowedExactly("programmes.change_networkroadmap", roadmap, editors)
        self.assertAllowedExactly("programmes.agree_networkroadmap", roadmap, editors)
        self.assertAllowedExactly("programmes.delete_networkroadmap", roadmap, {"coordinator"})

    def test_other_networks_people_have_no_draft_rights(self) -> None:
        roadmap = NetworkRoadmap.objects.create(network=self.other_network)
        # The outsider city leads the other network: it writes that roadmap, and nobody of "Miasto zielone" does.
        self.assertAllowedExactly("programmes.change_networkroadmap", roadmap, {"coordinator", "outsider_officer"})
        self.assertAllowedExactly(
            "programmes.view_networkroadmap_draft", roadmap, {"coordinator", "outsider_officer"}
        )

    def test_outsider_cannot_save_and_nothing_is_created(self) -> None:
        for name in ("outsider_officer", "member_officer", "ministry_reviewer", "lp_coordinator"):
            with self.subTest(persona=name), self.assertRaises(PermissionDenied):
                services.roadmap_save(network=self.network, problems="x", goals="y", expected_revision=0,
                                      by=self.persona(name))
        self.assertFalse(NetworkRoadmap.objects.exists())


class RoadmapSaveTests(PersonaTestCase):
    def test_first_save_creates_the_roadmap_and_version_one(self) -> None:
        saved = services.roadmap_save(network=self.network, problems=" Problemy ", goals="Cele", expected_revision=0,
                                      by=self.lead_officer)
        roadmap = NetworkRoadmap.objects.get(network=self.network)
        self.assertEqual((roadmap.revision, roadmap.problems, roadmap.updated_by), (1, "Problemy", self.lead_officer))
        self.assertEqual(saved.version.number, 1)
        self.assertEqual(saved.version.snapshot["goals"], "Cele")
        self.assertEqual(saved.version.created_by, self.lead_officer)

    def test_a_save_from_an_older_revision_is_refused_with_the_other_change(self) -> None:
        services.roadmap_save(network=self.network, problems="Stare", goals="", expected_revision=0, by=self.lead_officer)
        services.roadmap_save(network=self.network, problems="Zmiana eksperta", goals="", expected_revision=1,
                              by=self.expert)
        with self.assertRaises(services.RoadmapConflict) as caught:
            services.roadmap_save(network=self.network, problems="Moja wersja", goals="", expected_revision=1,
                                  by=self.lead_officer)
        conflict = caught.exception
        self.assertEqual((conflict.expected, conflict.current), (1, 2))
        self.assertEqual(conflict.by, "Expert")
        self.assertIn("Expert", conflict.messages[0])
        lines = [text for diff in conflict.diffs for _kind, text in diff.lines]
        self.assertIn("Zmiana eksperta", lines)
        self.assertIn("Stare", lines)
        roadmap = NetworkRoadmap.objects.get(network=self.network)
        self.assertEqual((roadmap.problems, roadmap.revision), ("Zmiana eksperta", 2))
        self.assertEqual(roadmap.versions.count(), 2)

    def test_a_missing_revision_is_a_field_error(self) -> None:
        for bad in (None, "", "abc"):
            with self.subTest(value=bad), self.assertRaises(ValidationError) as caught:
                services.roadmap_save(network=self.network, problems="x", goals="", expected_revision=bad,
                                      by=self.lead_officer)
            self.assertIn("expected_revision", caught.exception.message_dict)

    def test_actions_are_added_changed_and_deleted_with_versions(self) -> None:
        roadmap = complete_roadmap(self.network, self.lead_officer)
        action = roadmap.actions.get()
        self.assertEqual(action.order, 0)
        services.roadmap_action_save(network=self.network, action_id=action.pk, expected_revision=2, by=self.expert,
                                     title="Warsztat zmieniony", responsible="Ekspert")
        action.refresh_from_db()
        self.assertEqual((action.title, action.responsible), ("Warsztat zmieniony", "Ekspert"))
        second = services.roadmap_action_save(network=self.network, expected_revision=3, by=self.expert, title="Drugie")
        self.assertEqual(second.roadmap.actions.get(title="Drugie").order, 1)
        services.roadmap_action_delete(network=self.network, action_id=action.pk, expected_revision=4, by=self.expert)
        self.assertEqual(list(roadmap.actions.values_list("title", flat=True)), ["Drugie"])
        summaries = list(roadmap.versions.order_by("number").values_list("summary", flat=True))
        self.assertEqual(len(summaries), 5)
        self.assertIn("Warsztat zmieniony", summaries[4])

    def test_an_action_ending_before_it_starts_is_refused(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            services.roadmap_action_save(network=self.network, expected_revision=0, by=self.lead_officer, title="Złe",
                                         starts_on=datetime.date(2024, 5, 2), ends_on=datetime.date(2024, 5, 1))
        self.assertIn("ends_on", caught.exception.message_dict)
        self.assertFalse(NetworkRoadmap.objects.exists())

    def test_an_action_deleted_meanwhile_is_reported(self) -> None:
        roadmap = complete_roadmap(self.network, self.lead_officer)
        with self.assertRaises(ValidationError) as caught:
            services.roadmap_action_save(network=self.network, action_id=roadmap.actions.get().pk + 100,
                                         expected_revision=2, by=self.lead_officer, title="x")
        self.assertEqual(caught.exception.code, "gone")

    def test_unknown_action_fields_are_refused(self) -> None:
        with self.assertRaises(ValidationError):
            services.roadmap_action_save(network=self.network, expected_revision=0, by=self.lead_officer, title="x",
                                         roadmap_id=5)


class RoadmapAgreementTests(PersonaTestCase):
    def test_an_incomplete_roadmap_cannot_be_agreed(self) -> None:
        services.roadmap_save(network=self.network, problems="Tylko problemy", goals="", expected_revision=0,
                              by=self.lead_officer)
        with translation.override("en"), self.assertRaises(ValidationError) as caught:
            services.roadmap_agree(network=self.network, expected_revision=1, by=self.lead_officer)
        self.assertEqual(caught.exception.code, "incomplete")
        self.assertIn("goals", caught.exception.messages[0])
        self.assertEqual(NetworkRoadmap.objects.get().state, NetworkRoadmap.State.DRAFT)

    def test_agreeing_records_who_and_when_and_cannot_repeat(self) -> None:
        complete_roadmap(self.network, self.lead_officer)
        saved = services.roadmap_agree(network=self.network, expected_revision=2, by=self.expert)
        self.assertEqual(saved.roadmap.state, NetworkRoadmap.State.AGREED)
        self.assertEqual(saved.roadmap.agreed_on, timezone.localdate())
        self.assertEqual(saved.version.created_by, self.expert)
        self.assertIn("Expert", saved.version.summary)
        with self.assertRaises(ValidationError) as caught:
            services.roadmap_agree(network=self.network, expected_revision=3, by=self.expert)
        self.assertEqual(caught.exception.code, "already_agreed")

    def test_editing_an_agreed_roadmap_returns_it_to_draft_and_the_public_keeps_the_agreed_text(self) -> None:
        complete_roadmap(self.network, self.lead_officer)
        services.roadmap_agree(network=self.network, expected_revision=2, by=self.lead_officer)
        saved = services.roadmap_save(network=self.network, problems="Nowy szkic", goals="Więcej drzew",
                                      expected_revision=3, by=self.lead_officer)
        self.assertTrue(saved.returned_to_draft)
        self.assertEqual((saved.roadmap.state, saved.roadmap.agreed_on), (NetworkRoadmap.State.DRAFT, None))
        public = roadmap_for_reader(self.anonymous, self.network)
        self.assertFalse(public.is_current)
        self.assertEqual(public.content["problems"], "Niedobór zieleni")
        self.assertEqual(public.agreed_version.number, 3)
        self.assertEqual(roadmap_for_reader(self.member_officer, self.network).content["problems"], "Nowy szkic")

    def test_the_public_reads_nothing_of_a_never_agreed_draft(self) -> None:
        complete_roadmap(self.network, self.lead_officer)
        reading = roadmap_for_reader(self.anonymous, self.network)
        self.assertIsNone(reading.content)
        self.assertFalse(reading.can_edit)
        self.assertIsNone(roadmap_for_reader(self.outsider_officer, self.network).content)


class RoadmapVersionTests(PersonaTestCase):
    def test_diff_names_the_changed_fields(self) -> None:
        roadmap = complete_roadmap(self.network, self.lead_officer)
        diffs = services.version_diff(roadmap=roadmap, a=1, b=2)
        self.assertEqual([d.key for d in diffs], ["actions"])
        self.assertIn(("ins", "title: Warsztat w mieście liderze"), diffs[0].lines)
        self.assertEqual(services.version_diff(roadmap=roadmap, a=2, b=2), [])
        with self.assertRaises(ValidationError):
            services.version_diff(roadmap=roadmap, a=1, b=9)

    def test_restore_brings_back_an_old_version_as_a_new_draft_version(self) -> None:
        roadmap = complete_roadmap(self.network, self.lead_officer)
        services.roadmap_agree(network=self.network, expected_revision=2, by=self.lead_officer)
        saved = services.roadmap_version_restore(network=self.network, number=1, expected_revision=3, by=self.expert)
        self.assertEqual(saved.version.number, 4)
        self.assertEqual(saved.roadmap.state, NetworkRoadmap.State.DRAFT)
        self.assertFalse(roadmap.actions.exists())
        saved = services.roadmap_version_restore(network=self.network, number=2, expected_revision=4, by=self.expert)
        action = roadmap.actions.get()
        self.assertEqual((action.title, action.ends_on), ("Warsztat w mieście liderze", datetime.date(2024, 7, 31)))
        self.assertEqual(RoadmapVersion.objects.filter(roadmap=roadmap).count(), 5)

    def test_restoring_a_missing_version_or_by_an_outsider_is_refused(self) -> None:
        complete_roadmap(self.network, self.lead_officer)
        with self.assertRaises(ValidationError):
            services.roadmap_version_restore(network=self.network, number=7, expected_revision=2, by=self.expert)
        with self.assertRaises(PermissionDenied):
            services.roadmap_version_restore(network=self.network, number=1, expected_revision=2,
                                             by=self.member_officer)
        self.assertEqual(NetworkRoadmap.objects.get().revision, 2)

    def test_schedule_counts_months_from_the_earliest_action(self) -> None:
        content = {"actions": [
            {"title": "A", "starts_on": "2024-03-15", "ends_on": "2024-04-01"},
            {"title": "B", "starts_on": "2024-05-01", "ends_on": "2025-02-28"},
            {"title": "Bez dat", "starts_on": "", "ends_on": ""},
        ]}
        schedule = services.schedule(content)
        self.assertEqual(schedule.start, datetime.date(2024, 3, 15))
        self.assertEqual([(r.offset_months, r.duration_months) for r in schedule.rows], [(0, 2), (2, 10)])
        self.assertEqual(schedule.span_months, 12)
        self.assertEqual(schedule.undated, ["Bez dat"])
