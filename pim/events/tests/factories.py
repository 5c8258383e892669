"""Factories for events, their agenda, registrations, attendance and outcomes."""

from __future__ import annotations

import datetime

import factory

from pim.events.models import AgendaItem, Attendance, DelegationQuota, Event, EventOutcome, Registration
from pim.programmes.tests.factories import NetworkFactory, PersonFactory


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    kind = Event.Kind.NETWORK_WORKSHOP
    title = factory.Sequence(lambda n: f"Spotkanie testowe {n}")
    network = factory.SubFactory(NetworkFactory)
    edition = factory.LazyAttribute(lambda e: e.network.edition if e.network else None)
    level = factory.LazyAttribute(
        lambda e: Event.Level.LOCAL_PARTNERSHIP if e.kind == Event.Kind.LP_MEETING
        else Event.Level.NETWORK if e.network else Event.Level.EDITION
    )
    starts_on = datetime.date(2022, 5, 10)
    ends_on = datetime.date(2022, 5, 12)
    place = "Lublin"
    is_demo = True


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    event = factory.SubFactory(EventFactory)
    order = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Punkt programu {n}")


class DelegationQuotaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DelegationQuota

    event = factory.SubFactory(EventFactory)
    places = 2


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    person = factory.SubFactory(PersonFactory, user=None)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    event = factory.SubFactory(EventFactory)
    person = factory.SubFactory(PersonFactory, user=None)


class EventOutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventOutcome

    event = factory.SubFactory(EventFactory)
    text = factory.Sequence(lambda n: f"Syntetyczny wniosek {n}")
