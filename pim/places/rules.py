"""Read rules for the registry of places. Who may change it is decided in `pim.programmes.rules`,
which knows the operators; this layer may not import it."""

from __future__ import annotations

import rules

from pim.core.rules import is_public

rules.add_perm("places.view_voivodeship", is_public)
rules.add_perm("places.view_participant", is_public)
