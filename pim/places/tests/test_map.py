"""The voivodeship map: reading the jVectorMap file, the Mercator projection and placing participants."""

from __future__ import annotations

from django.test import SimpleTestCase, TestCase

from pim.places.map import base_map, build_map, parse_base_map
from pim.places.models import Participant, Voivodeship


class BaseMapTests(SimpleTestCase):
    def test_the_vendored_file_has_the_sixteen_voivodeships_and_its_bounding_box(self):
        base = base_map()
        self.assertEqual(len(base.paths), 16)
        self.assertTrue(all(p.startswith("M") for p in base.paths.values()))
        self.assertEqual(base.width, 900)
        self.assertAlmostEqual(base.height, 852.69, places=2)

    def test_the_bounding_box_corners_project_to_the_drawing_corners(self):
        base = base_map()
        scale = base.width / (base.x1 - base.x0)
        # The projected height of the bbox at the drawing's scale is the drawing's height.
        self.assertAlmostEqual((base.y1 - base.y0) * scale, base.height, places=3)

    def test_known_cities_land_where_they_are(self):
        base = base_map()
        warsaw = base.project(52.2297, 21.0122)
        szczecin = base.project(53.4285, 14.5528)
        zakopane = base.project(49.2992, 19.9496)
        self.assertTrue(0 < szczecin[0] < 100)  # far west
        self.assertTrue(500 < warsaw[0] < 700 and 300 < warsaw[1] < 500)  # east of centre
        self.assertTrue(750 < zakopane[1] < base.height)  # far south

    def test_a_file_without_regions_is_refused(self):
        with self.assertRaises(ValueError):
            parse_base_map("var map = {};")


class BuildMapTests(TestCase):
    def test_regions_count_participants_and_only_located_ones_get_dots(self):
        slaskie = Voivodeship.objects.get(slug="slaskie")
        participants = [
            Participant(name="Katowice", voivodeship=slaskie, latitude=50.26, longitude=19.03),
            Participant(name="Żory", voivodeship=slaskie, latitude=None, longitude=None),
            Participant(name="Świdnica", voivodeship=None, latitude=50.84, longitude=16.49),
        ]
        result = build_map(participants, Voivodeship.objects.all())
        counts = {r.voivodeship.slug: (r.count, r.level) for r in result.regions}
        self.assertEqual(len(result.regions), 16)
        self.assertEqual(counts["slaskie"], (2, 1))
        self.assertEqual(counts["opolskie"], (0, 0))
        self.assertEqual([d.participant.name for d in result.dots], ["Katowice", "Świdnica"])
        self.assertEqual([p.name for p in result.without_coordinates], ["Żory"])
        self.assertEqual(result.without_voivodeship, 1)
