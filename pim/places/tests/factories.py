"""Factories for places: participants in a given voivodeship (the 16 voivodeships come from a migration)."""

from __future__ import annotations

import factory

from pim.places.models import Participant, Voivodeship
from pim.places.voivodeships import VOIVODESHIPS


def voivodeship(slug: str = "mazowieckie") -> Voivodeship:
    # Reference rows come from a migration, but transactional (browser) tests flush them: recreate if needed.
    if not Voivodeship.objects.exists():
        Voivodeship.objects.bulk_create(
            Voivodeship(teryt=t, iso_code=i, name=n, slug=s, geonames_admin1=a) for t, i, n, s, a in VOIVODESHIPS
        )
    return Voivodeship.objects.get(slug=slug)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    kind = Participant.Kind.MUNICIPALITY
    name = factory.Sequence(lambda n: f"Miasto testowe {n}")
    slug = factory.Sequence(lambda n: f"miasto-testowe-{n}")
    voivodeship = factory.LazyFunction(voivodeship)
    population = 25_000
    latitude = 52.0
    longitude = 20.0
    is_demo = True
