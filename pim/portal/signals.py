"""Cache busts for what the portal caches about participation; style rule 6 allows signals for exactly this.

Three things are cached, all derived from who took part in which network and edition: the rendered map
of participants, per language and edition filter (`views.map_view`), the participation counts of the
home page (`views.home`) and the member rows of an edition page (`views.edition_detail`). Their cache
keys start with a *generation* token: a save or delete of any model they are computed from replaces the
token, so every cached variant is dropped at once.

With the default per-process cache (LocMemCache) a bust reaches only the process that saved; the other
processes keep their copy until `CACHE_SECONDS` runs out. A shared cache backend in CACHES would make
the bust immediate everywhere. Bulk writes (`bulk_create`, `QuerySet.update`) send no signals and are
covered by the same timeout.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import post_delete, post_save

GENERATION_KEY = "portal:participation:generation"
# How long another process may show data older than a save; rebuilding costs 0.1-0.2 s (the map).
CACHE_SECONDS = 300


def participation_cache_key(*parts: str) -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # A fresh random token, never a counter restarting at 0: if the token is evicted, entries made
        # under an older one must not come back.
        cache.add(GENERATION_KEY, secrets.token_hex(8), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return ":".join(["portal", generation, *parts])


def _new_generation() -> None:
    cache.set(GENERATION_KEY, secrets.token_hex(8), timeout=None)


def bust_participation_cache(*, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    _new_generation()
    # Signals fire before the transaction commits: a request reading the old rows in between would cache
    # them under the new token. A second token once the transaction commits drops such a copy.
    transaction.on_commit(_new_generation, using=using)


def connect() -> None:
    """Called from `PortalConfig.ready()`: the models the cached map, counts and rows are computed from."""
    from pim.places.models import Participant, Voivodeship
    from pim.programmes.models import EditionParticipant, Membership, ThematicNetwork

    for model in (Participant, Voivodeship, Membership, EditionParticipant, ThematicNetwork):
        uid = f"portal.bust_participation_cache.{model._meta.label_lower}"
        post_save.connect(bust_participation_cache, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(bust_participation_cache, sender=model, dispatch_uid=f"{uid}.delete")
