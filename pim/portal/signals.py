"""Cache busts for the portal's cached fragments; style rule 6 allows signals for exactly this.

The map of participants is rendered once per (language, edition filter) and kept in Django's cache
(`views.map_view`). Its entries are keyed by a *generation* token: a save or delete of anything the map
draws replaces the token, so every cached variant is dropped at once without listing the editions.

With the default per-process cache (LocMemCache) a bust reaches only the process that saved; the other
processes keep their copy until `MAP_CACHE_SECONDS` runs out. A shared cache backend in CACHES would make
the bust immediate everywhere. Bulk writes (`bulk_create`, `QuerySet.update`) send no signals and are
covered by the same timeout.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

MAP_GENERATION_KEY = "portal:map:generation"
# How long another process may show a map older than a save; a rebuild costs about a tenth of a second.
MAP_CACHE_SECONDS = 300


def map_cache_key(language: str, edition_slug: str) -> str:
    generation = cache.get(MAP_GENERATION_KEY)
    if generation is None:
        # A fresh random token, never a counter restarting at 0: if the token is evicted, entries made
        # under an older one must not come back.
        cache.add(MAP_GENERATION_KEY, secrets.token_hex(8), timeout=None)
        generation = cache.get(MAP_GENERATION_KEY)
    return f"portal:map:{generation}:{language}:{edition_slug}"


def bust_map_cache(**kwargs: Any) -> None:
    cache.set(MAP_GENERATION_KEY, secrets.token_hex(8), timeout=None)


def connect() -> None:
    """Called from `PortalConfig.ready()`; the models the map reads, directly or through the edition filter."""
    from pim.places.models import Participant, Voivodeship
    from pim.programmes.models import EditionParticipant, Membership, ThematicNetwork

    for model in (Participant, Voivodeship, Membership, EditionParticipant, ThematicNetwork):
        uid = f"portal.bust_map_cache.{model._meta.label_lower}"
        post_save.connect(bust_map_cache, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(bust_map_cache, sender=model, dispatch_uid=f"{uid}.delete")
