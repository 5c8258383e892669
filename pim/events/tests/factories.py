"""Factories for events."""

from __future__ import annotations

import datetime

import factory

from pim.events.models import Event
from pim.programmes.tests.factories import NetworkFactory


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    kind = Event.Kind.NETWORK_WORKSHOP
    title = factory.Sequence(lambda n: f"Spotkanie testowe {n}")
    network = factory.SubFactory(NetworkFactory)
    edition = factory.LazyAttribute(lambda e: e.network.edition if e.network else None)
    starts_on = datetime.date(2022, 5, 10)
    ends_on = datetime.date(2022, 5, 12)
    place = "Lublin"
    is_demo = True
