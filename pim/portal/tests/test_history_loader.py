"""Tests for the PIM history loader: the real data file, idempotence, and bad files that change nothing."""

from __future__ import annotations

import copy
import json
import tempfile
from io import StringIO
from pathlib import Path
from typing import Any
from unittest import mock

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase, override_settings

from pim.core.models import Source, SourcedModel
from pim.events.models import Event
from pim.places.models import Participant
from pim.places.registry import SOURCE_KEY, load_participant_registry
from pim.plans.models import ActionPlan
from pim.portal.history import default_history_path, load_history
from pim.portal.history_validation import source_keys
from pim.programmes.models import Edition, EditionFigure, EditionParticipant, Membership, ThematicNetwork
from pim.recommendations.models import Recommendation


def table_dump() -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, so two states of the database can be compared whole."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for model in apps.get_models()
        if not model._meta.proxy
    }


class RealHistoryTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.result = load_history()

    def test_it_loads_every_section(self) -> None:
        self.assertEqual(Edition.objects.count(), 3)
        self.assertEqual(ThematicNetwork.objects.count(), 9)
        self.assertEqual(Recommendation.objects.filter(improvement_plan__network__edition__slug="2021-2023").count(), 8)

    def test_revitalisation_network_has_katowice_as_lead_and_gdynia_as_partner(self) -> None:
        network = ThematicNetwork.objects.get(slug="2017-2019-rewitalizacja")
        roles = {m.participant.name: m.role for m in network.memberships.select_related("participant")}
        self.assertEqual(roles["Katowice"], Membership.Role.LEAD)
        self.assertEqual(roles["Gdynia"], Membership.Role.PARTNER)
        self.assertEqual(len(roles), 12)

    def test_air_quality_keeps_nowy_sacz_as_an_ended_lead_and_sbof_as_the_current_one(self) -> None:
        network = ThematicNetwork.objects.with_current_leads().get(slug="2017-2019-jakosc-powietrza")
        former = network.memberships.get(participant__name="Nowy Sącz")
        self.assertEqual((former.role, former.ended), (Membership.Role.LEAD, True))
        self.assertIn("data nieznana", former.note)
        self.assertEqual(
            [m.participant.name for m in network.current_leads],
            ["Stowarzyszenie Białostockiego Obszaru Funkcjonalnego"],
        )

    def test_skawina_is_in_both_pilot_networks_with_a_note(self) -> None:
        memberships = Membership.objects.filter(participant__name="Skawina")
        self.assertEqual(
            sorted(m.network.slug for m in memberships),
            ["2017-2019-jakosc-powietrza", "2017-2019-mobilnosc-miejska"],
        )
        self.assertTrue(all("Skawin" in m.note for m in memberships))

    def test_associations_and_unions_keep_their_kind_and_voivodeship(self) -> None:
        union = Participant.objects.get(name="Związek Międzygminny ds. Ekologii w Żywcu")
        self.assertEqual((union.kind, union.voivodeship.slug), (Participant.Kind.UNION, "slaskie"))
        ssom = Participant.objects.get(name="Stowarzyszenie Szczecińskiego Obszaru Metropolitalnego")
        self.assertEqual(ssom.kind, Participant.Kind.ASSOCIATION)

    def test_swidnica_gets_no_voivodeship_because_the_source_does_not_say_which(self) -> None:
        swidnica = Participant.objects.get(name="Świdnica")
        self.assertIsNone(swidnica.voivodeship)
        self.assertIn("dolnośląskim", swidnica.note)

    def test_it_loads_the_twenty_pim2_mid_titles_in_source_order(self) -> None:
        plans = ActionPlan.objects.filter(edition__slug="2021-2023")
        self.assertEqual(plans.count(), 20)
        self.assertFalse(plans.filter(network__slug="2021-2023-miasto-inicjatyw-ppp").exists())
        digital = list(plans.filter(network__slug="2021-2023-miasto-cyfrowe").order_by("order"))
        self.assertEqual(digital[1].title, "Poprawa bezpieczeństwa przestrzeni publicznej miasta Dębicy")
        self.assertEqual(digital[1].participant.name, "Dębica")
        self.assertIsNone(digital[0].participant)
        self.assertTrue(all(p.state == ActionPlan.State.PUBLISHED for p in plans))

    def test_only_titles_naming_a_city_are_attributed(self) -> None:
        attributed = ActionPlan.objects.filter(edition__slug="2021-2023", participant__isnull=False)
        self.assertEqual(
            sorted(p.participant.name for p in attributed),
            ["Dębica", "Iłowa", "Międzyrzec Podlaski", "Rzeszów", "Uniejów", "Żyrardów"],
        )
        miedzyrzec = attributed.get(participant__name="Międzyrzec Podlaski")
        self.assertIn("wniosek", miedzyrzec.attribution_note)

    def test_the_ppp_guarantee_recommendation_is_the_key_financial_one(self) -> None:
        key = Recommendation.objects.get(improvement_plan__network__slug="2021-2023-miasto-inicjatyw-ppp", is_key=True)
        self.assertIn("gwarancyjnych", key.text)
        self.assertEqual(key.type, Recommendation.Type.FINANCIAL)
        law = Recommendation.objects.get(improvement_plan__network__slug="2021-2023-miasto-zielone", order=2)
        self.assertEqual(law.type, Recommendation.Type.LEGAL)

    def test_figures_are_kept_as_the_sources_state_them(self) -> None:
        figures = {
            (f.edition.slug, f.key): (f.value, f.qualifier) for f in EditionFigure.objects.select_related("edition")
        }
        self.assertEqual(figures[("2017-2019", "applicants")], (105, EditionFigure.Qualifier.AT_LEAST))
        self.assertEqual(figures[("2017-2019", "participants")], (34, EditionFigure.Qualifier.EXACT))
        self.assertEqual(figures[("2017-2019", "network_meeting_cities")], (20, EditionFigure.Qualifier.AT_LEAST))
        self.assertEqual(figures[("2021-2023", "action_plans")], (30, EditionFigure.Qualifier.EXACT))
        self.assertEqual(figures[("2021-2023", "participants_at_start")], (28, EditionFigure.Qualifier.EXACT))

    def test_participants_without_a_known_network_belong_to_their_edition(self) -> None:
        names = EditionParticipant.objects.filter(edition__slug="2021-2023").values_list("participant__name", flat=True)
        self.assertEqual(sorted(names), ["Krzywiń", "Pilawa", "Łódź"])
        self.assertFalse(Membership.objects.filter(participant__name="Łódź").exists())

    def test_events_keep_unknown_dates_empty(self) -> None:
        lp = Event.objects.filter(title="Spotkanie Lokalnego Partnerstwa w Katowicach")
        self.assertEqual(sorted(e.sequence_number for e in lp), [1, 2])
        self.assertTrue(all(e.starts_on is None and e.date_precision == "unknown" for e in lp))
        self.assertIn("18 lipca", lp.get(sequence_number=1).description)
        lublin = Event.objects.get(place="Lublin")
        self.assertEqual((str(lublin.starts_on), str(lublin.ends_on)), ("2022-05-10", "2022-05-12"))
        self.assertEqual(lublin.network.slug, "2021-2023-miasto-zielone")

    def test_ppp_classifications_name_member_cities_by_slug(self) -> None:
        network = ThematicNetwork.objects.get(slug="2021-2023-miasto-inicjatyw-ppp")
        members = set(network.memberships.values_list("participant__slug", flat=True))
        sectors = network.classifications["sectors"]
        self.assertEqual(len(sectors), 3)
        named = [slug for sector in sectors for slug in sector["participants"]]
        self.assertEqual(sorted(named), sorted(members))
        self.assertEqual([s["key"] for s in network.classifications["process_stages"]][0], "concept")

    def test_every_source_key_used_is_a_loaded_source(self) -> None:
        known = set(Source.objects.values_list("key", flat=True))
        for model in apps.get_models():
            if issubclass(model, SourcedModel):
                for value in model.objects.values_list("sources", flat=True):
                    self.assertLessEqual(set(source_keys(value)), known, model._meta.label)

    def test_loading_twice_leaves_every_table_unchanged(self) -> None:
        before = table_dump()
        result = load_history()
        self.assertEqual(result.changed, 0)
        self.assertEqual(table_dump(), before)


class HistoryWithRegistryTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        load_participant_registry()
        cls.registry_size = Participant.objects.count()
        load_history()

    def test_it_reuses_the_registry_row_and_adds_its_sources(self) -> None:
        katowice = Participant.objects.get(name="Katowice")
        self.assertIsNotNone(katowice.geonames_id)
        self.assertGreater(katowice.population, 200_000)
        self.assertEqual(katowice.sources, f"{SOURCE_KEY}, B, P9, P10")

    def test_it_matches_on_the_geonames_spelling_and_keeps_the_file_name(self) -> None:
        jastrzebie = Participant.objects.get(slug="jastrzebie-zdroj")
        self.assertEqual(jastrzebie.name, "Jastrzębie-Zdrój")
        self.assertIsNotNone(jastrzebie.population)

    def test_it_creates_only_what_the_registry_lacks(self) -> None:
        created = Participant.objects.filter(geonames_id__isnull=True)
        self.assertEqual(Participant.objects.count(), self.registry_size + created.count())
        self.assertEqual(
            sorted(created.values_list("kind", flat=True)),
            ["association", "association", "association", "municipality", "union"],
        )

    def test_it_picks_the_olsztyn_in_the_voivodeship_the_file_gives(self) -> None:
        olsztyn = Membership.objects.get(network__slug="2017-2019-mobilnosc-miejska", participant__name="Olsztyn")
        self.assertEqual(olsztyn.participant.voivodeship.slug, "warminsko-mazurskie")

    def test_loading_both_again_leaves_every_table_unchanged(self) -> None:
        before = table_dump()
        load_participant_registry()
        self.assertEqual(load_history().changed, 0)
        self.assertEqual(table_dump(), before)


def small_history() -> dict[str, Any]:
    """A minimal valid file: one edition, one network of two cities, one MID, event and PU."""
    return {
        "format": 1,
        "sources": [{"key": "B", "title": "gov.pl", "url": "https://www.gov.pl/"}],
        "institutions": [{"slug": "mfipr", "name": "Ministerstwo", "kind": "ministry", "sources": "B"}],
        "programme": {
            "slug": "pim", "name": "Partnerska Inicjatywa Miast", "short_name": "PIM", "sources": "B",
            "goals": [{"kind": "main", "order": 1, "text": "Cel główny.", "sources": "B"}],
        },
        "editions": [{
            "slug": "2017-2019", "programme": "pim", "name": "Pilotaż", "short_name": "Pilotaż", "start_year": 2017,
            "end_year": 2019, "state": "closed", "owner": "mfipr", "sources": "B",
            "figures": [{"key": "participants", "value": 34, "sources": "B"}],
        }],
        "participants": [
            {"key": "katowice", "name": "Katowice", "voivodeship": "slaskie", "sources": "B"},
            {"key": "gdynia", "name": "Gdynia", "voivodeship": "pomorskie", "sources": "B"},
        ],
        "networks": [{
            "slug": "2017-2019-rewitalizacja", "edition": "2017-2019", "name": "Rewitalizacja", "sources": "B",
            "members": [
                {"participant": "katowice", "role": "lead", "sources": "B"},
                {"participant": "gdynia", "sources": "B"},
            ],
        }],
        "edition_participants": [],
        "action_plans": [{
            "edition": "2017-2019", "network": "2017-2019-rewitalizacja", "order": 1, "participant": "katowice",
            "state": "published", "sources": "B",
        }],
        "events": [{
            "edition": "2017-2019", "kind": "network_workshop", "title": "Spotkanie sieci", "sequence_number": 1,
            "network": "2017-2019-rewitalizacja", "host": "katowice", "starts_on": "2018-01-01",
            "date_precision": "month", "sources": "B",
        }],
        "improvement_plans": [{
            "network": "2017-2019-rewitalizacja", "state": "handed_over", "sources": "B",
            "recommendations": [{"order": 1, "text": "Rekomendacja.", "type": "legal", "sources": "B"}],
        }],
    }


# The assertions read the English interface; the site itself is Polish first (LANGUAGE_CODE="pl").
@override_settings(LANGUAGE_CODE="en")
class SmallHistoryTestCase(TestCase):
    """Loads `small_history()` once; tests write edited copies of it to a temporary file."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.tmp = tempfile.TemporaryDirectory()
        load_history(cls.write(small_history()))

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        cls.tmp.cleanup()

    @classmethod
    def write(cls, data: dict[str, Any] | str) -> Path:
        path = Path(cls.tmp.name) / "history.json"
        path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return path

    def changed(self, edit: Any) -> dict[str, Any]:
        data = copy.deepcopy(small_history())
        edit(data)
        return data


class EditedFileTests(SmallHistoryTestCase):
    def test_an_edited_record_is_updated_in_place(self) -> None:
        data = self.changed(lambda d: d["networks"][0].update(description="Nowy opis."))
        result = load_history(self.write(data))
        self.assertEqual(result.counts["thematic networks"]["updated"], 1)
        self.assertEqual(result.changed, 1)
        self.assertEqual(ThematicNetwork.objects.get().description, "Nowy opis.")

    def test_records_removed_from_the_file_stay_and_are_not_duplicated(self) -> None:
        data = self.changed(lambda d: d["networks"][0]["members"].pop())
        self.assertEqual(load_history(self.write(data)).changed, 0)
        self.assertEqual(Membership.objects.count(), 2)
        load_history(self.write(small_history()))
        self.assertEqual(Membership.objects.count(), 2)


class BadFileTests(SmallHistoryTestCase):
    """Each kind of bad file names its record and field, exits with an error and changes nothing."""

    def assert_rejected(self, data: dict[str, Any] | str, *expected: str) -> str:
        before = table_dump()
        stderr = StringIO()
        with self.assertRaises(CommandError):
            call_command("load_pim_history", file=str(self.write(data)), stdout=StringIO(), stderr=stderr)
        for text in expected:
            self.assertIn(text, stderr.getvalue())
        self.assertEqual(table_dump(), before)
        return stderr.getvalue()

    def test_the_small_file_loads_and_loads_again_without_change(self) -> None:
        stdout = StringIO()
        call_command("load_pim_history", file=str(self.write(small_history())), stdout=stdout)
        self.assertIn("memberships: 0 created, 0 updated, 2 unchanged", stdout.getvalue())

    def test_a_syntax_error_is_reported_with_line_and_column(self) -> None:
        text = json.dumps(small_history(), indent=2).replace('"Rewitalizacja",', '"Rewitalizacja"', 1)
        self.assert_rejected(text, "is not valid JSON", "line ", "column ")

    def test_a_missing_field_names_record_and_field(self) -> None:
        data = self.changed(lambda d: d["networks"][0].pop("name"))
        self.assert_rejected(data, 'networks[0] (slug "2017-2019-rewitalizacja"), field "name": is required')

    def test_a_value_outside_the_choices_is_rejected(self) -> None:
        data = self.changed(lambda d: d["networks"][0].update(type="mentoring"))
        self.assert_rejected(data, 'networks[0] (slug "2017-2019-rewitalizacja"), field "type"', '"mentoring" is not one of')

    def test_a_bad_date_is_rejected(self) -> None:
        data = self.changed(lambda d: d["events"][0].update(starts_on="2018-02-30"))
        self.assert_rejected(data, 'events[0] (title "Spotkanie sieci", sequence_number 1), field "starts_on"', "YYYY-MM-DD")

    def test_a_wrong_type_is_rejected(self) -> None:
        data = self.changed(lambda d: d["editions"][0].update(start_year="2017"))
        self.assert_rejected(data, 'editions[0] (slug "2017-2019"), field "start_year": must be a whole number')

    def test_unknown_references_are_each_reported(self) -> None:
        def edit(d: dict[str, Any]) -> None:
            d["networks"][0]["members"][1]["participant"] = "atlantyda"
            d["participants"][1]["voivodeship"] = "mazurskie"
            d["action_plans"][0]["sources"] = "B, P99"

        output = self.assert_rejected(
            self.changed(edit),
            'networks[0].members[1] (participant "atlantyda"), field "participant": '
            'refers to unknown participant "atlantyda"',
            'participants[1] (key "gdynia"), field "voivodeship": refers to unknown voivodeship "mazurskie"',
            'field "sources": refers to unknown source "P99"',
        )
        self.assertIn("action_plans[0]", output)

    def test_a_duplicate_natural_key_is_rejected(self) -> None:
        def edit(d: dict[str, Any]) -> None:
            d["networks"].append(copy.deepcopy(d["networks"][0]) | {"name": "Druga"})

        self.assert_rejected(
            self.changed(edit), 'networks[1] (slug "2017-2019-rewitalizacja"), field "slug": duplicates networks[0]'
        )

    def test_an_unknown_field_is_rejected(self) -> None:
        data = self.changed(lambda d: d["participants"][0].update(populacja=300000))
        self.assert_rejected(data, 'participants[0] (key "katowice"), field "populacja": is not a known field')

    def test_a_failure_while_writing_rolls_everything_back(self) -> None:
        # Bypass validation to reach the model checks: the second record breaks only there, after the
        # first one has been written, and the transaction must undo that write too.
        data = self.changed(lambda d: d["events"][0].update(ends_on="2017-12-01"))
        data["sources"][0]["title"] = "Zmieniony tytuł"
        with mock.patch("pim.portal.history.validate_history"):
            self.assert_rejected(data, 'events[0] (title "Spotkanie sieci"), field "ends_on"')
        self.assertEqual(Source.objects.get(key="B").title, "gov.pl")


class RealFileTests(TestCase):
    def test_the_data_file_is_the_default(self) -> None:
        self.assertTrue(default_history_path().is_file())
