"""Permission-checked fetches of programme objects for views and the API (style rule 3).

Public records (editions, networks) come back to everyone for reading; `write=True` asks for the change
permission instead, and an outsider gets 404, as for a missing object.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.http import Http404

from pim.core.access import object_for_user
from pim.programmes.models import Edition, NetworkRoadmap, Person, RoadmapVersion, ThematicNetwork
from pim.programmes.services import Schedule, last_agreed_version, schedule, snapshot


def get_edition_for_user(user: Any, slug: str, *, write: bool = False) -> Edition:
    queryset = Edition.objects.select_related("programme", "owner", "strategic_partner")
    return object_for_user(user, queryset, write=write, slug=slug)


def get_network_for_user(user: Any, slug: str, *, write: bool = False) -> ThematicNetwork:
    # With its roadmap (one-to-one, often none): the network page shows it without a query of its own.
    queryset = ThematicNetwork.objects.select_related("edition__programme", "edition__owner", "roadmap")
    return object_for_user(user, queryset, write=write, slug=slug)


def get_person_for_user(user: Any, pk: int, *, write: bool = False) -> Person:
    queryset = Person.objects.select_related("user")
    return object_for_user(user, queryset, write=write, pk=pk)


def get_roadmap_for_user(user: Any, slug: str, *, write: bool = False) -> NetworkRoadmap:
    """The network's roadmap for its draft readers (`programmes.view_networkroadmap_draft`) or writers.

    A network without a roadmap yet gets an unsaved, empty one (the first save creates it). Anyone else,
    the public included, reads the agreed roadmap on the network page (`roadmap_for_reader`); here they get 404.
    """
    network = get_network_for_user(user, slug)
    try:
        roadmap = network.roadmap
    except NetworkRoadmap.DoesNotExist:
        roadmap = NetworkRoadmap(network=network)
    roadmap.network = network
    perm = "programmes.change_networkroadmap" if write else "programmes.view_networkroadmap_draft"
    if not user.has_perm(perm, roadmap):
        raise Http404
    return roadmap


@dataclass(frozen=True)
class RoadmapReading:
    """What the network page shows of the roadmap to one user.

    `content` is a roadmap snapshot (`pim.programmes.services.snapshot`): the current one for the network's
    own people or when agreed, else the last agreed version's; None when the user may read nothing.
    """

    roadmap: NetworkRoadmap | None
    content: dict[str, Any] | None
    is_current: bool
    agreed_version: RoadmapVersion | None
    can_read_draft: bool
    can_edit: bool

    @cached_property
    def schedule(self) -> Schedule | None:
        return schedule(self.content) if self.content else None


def roadmap_for_reader(user: Any, network: ThematicNetwork) -> RoadmapReading:
    try:
        roadmap = network.roadmap
    except NetworkRoadmap.DoesNotExist:
        roadmap = None
    probe = roadmap or NetworkRoadmap(network=network)
    probe.network = network
    can_read_draft = user.has_perm("programmes.view_networkroadmap_draft", probe)
    can_edit = user.has_perm("programmes.change_networkroadmap", probe)
    if roadmap is None:
        return RoadmapReading(None, None, False, None, can_read_draft, can_edit)
    if can_read_draft or roadmap.state == NetworkRoadmap.State.AGREED:
        return RoadmapReading(roadmap, snapshot(roadmap), True, None, can_read_draft, can_edit)
    agreed = last_agreed_version(roadmap)
    return RoadmapReading(roadmap, agreed.snapshot if agreed else None, False, agreed, can_read_draft, can_edit)
