"""Poland's 16 voivodeships as inline SVG with participants as dots, from jVectorMap's `pl_merc` map.

`data/pl-merc.js` (jvectormap-content, MIT) is a JavaScript module, not JSON; we only need its
region paths and the bounding box of its Mercator projection, so two regular expressions read it
once per process. Everything else here is pure: participants and voivodeships in, numbers out.
"Participants" are anything with a participant's `slug`, `name`, `voivodeship_id`, `latitude`,
`longitude` and `is_demo`: model instances, or the light rows of `ParticipantQuerySet.map_points()`.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

from pim.places.models import Voivodeship

# jVectorMap's "merc" projection uses this sphere radius (metres); the bbox in the file is in its units.
EARTH_RADIUS = 6381372

_REGION_RE = re.compile(r'"(PL-[A-Z]{2})"\s*:\s*\{\s*path\s*:\s*"([^"]+)"')
_BBOX_RE = re.compile(r"bbox\s*:\s*\[\s*\{([^{}]*)\}\s*,\s*\{([^{}]*)\}\s*\]")
_NUMBER = r"\s*:\s*(-?[0-9.]+(?:[eE][-+]?[0-9]+)?)"
_WIDTH_RE = re.compile(r"insets\s*:\s*\[\s*\{[^\]]*?width" + _NUMBER, re.S)
_HEIGHT_RE = re.compile(r"insets\s*:\s*\[\s*\{[^\]]*?height" + _NUMBER, re.S)


def _map_file() -> Path:
    return Path(getattr(settings, "PIM_MAP_FILE", Path(settings.BASE_DIR) / "data" / "pl-merc.js"))


@dataclass(frozen=True)
class BaseMap:
    width: float
    height: float
    # Projected corners of the drawing: (x0, y0) is the top left, (x1, y1) the bottom right.
    x0: float
    y0: float
    x1: float
    y1: float
    paths: dict[str, str]

    def project(self, latitude: float, longitude: float) -> tuple[float, float]:
        """Latitude and longitude in degrees to a point of the SVG drawing (x right, y down)."""
        mx = EARTH_RADIUS * math.radians(longitude)
        my = -EARTH_RADIUS * math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2))
        scale = self.width / (self.x1 - self.x0)
        return (mx - self.x0) * scale, (my - self.y0) * scale


def parse_base_map(text: str) -> BaseMap:
    paths = dict(_REGION_RE.findall(text))
    bbox = _BBOX_RE.search(text)
    width = _WIDTH_RE.search(text)
    height = _HEIGHT_RE.search(text)
    if not (paths and bbox and width and height):
        raise ValueError("Not a jVectorMap map file: regions, insets or bbox are missing.")

    def corner(block: str) -> tuple[float, float]:
        x = re.search(r"\bx" + _NUMBER, block)
        y = re.search(r"\by" + _NUMBER, block)
        if not (x and y):
            raise ValueError("A bbox corner of the map file lacks x or y.")
        return float(x.group(1)), float(y.group(1))

    (x0, y0), (x1, y1) = corner(bbox.group(1)), corner(bbox.group(2))
    return BaseMap(
        width=float(width.group(1)), height=float(height.group(1)), x0=x0, y0=y0, x1=x1, y1=y1, paths=paths
    )


@functools.cache
def base_map() -> BaseMap:
    return parse_base_map(_map_file().read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Region:
    voivodeship: Voivodeship
    path: str
    count: int
    # 0 for no participants, then 1-3 for the legend's bands; a CSS class shades the region by it.
    level: int


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    participant: Any


@dataclass
class ParticipantMap:
    width: float
    height: float
    regions: list[Region] = field(default_factory=list)
    dots: list[Dot] = field(default_factory=list)
    without_coordinates: list[Any] = field(default_factory=list)
    without_voivodeship: int = 0


# Upper bounds of the shading bands: 1-2 participants, 3-5, 6 and more.
LEVEL_BOUNDS = (2, 5)


def _level(count: int) -> int:
    if count == 0:
        return 0
    return 1 + sum(count > bound for bound in LEVEL_BOUNDS)


def build_map(participants: Iterable[Any], voivodeships: Iterable[Voivodeship]) -> ParticipantMap:
    """Place participants on the voivodeship map.

    Regions are counted by the participant's voivodeship even when its coordinates are unknown;
    only participants with coordinates get a dot.
    """
    base = base_map()
    participants = list(participants)
    counts = Counter(p.voivodeship_id for p in participants)
    result = ParticipantMap(width=base.width, height=base.height, without_voivodeship=counts.pop(None, 0))
    for voivodeship in voivodeships:
        path = base.paths.get(voivodeship.iso_code)
        if path is None:
            continue
        count = counts.get(voivodeship.pk, 0)
        result.regions.append(Region(voivodeship=voivodeship, path=path, count=count, level=_level(count)))
    for participant in participants:
        if participant.latitude is not None and participant.longitude is not None:
            x, y = base.project(participant.latitude, participant.longitude)
            result.dots.append(Dot(x=round(x, 1), y=round(y, 1), participant=participant))
        else:
            result.without_coordinates.append(participant)
    return result
