"""Base predicates shared by every app's rules module.

Role-based predicates (operator, expert, city team…) live in `pim.programmes.rules`, next to the model
that stores roles; this module holds only what needs no domain model.
"""

from __future__ import annotations

import rules


@rules.predicate
def is_superuser(user) -> bool:
    return bool(user and user.is_active and user.is_superuser)


is_authenticated = rules.is_authenticated

# Reading the programme's records is public: the portal and the open-data API show them to everyone.
is_public = rules.always_allow

# Reference data that ships with the code (voivodeships) is changed by a migration, not by a person.
nobody = rules.always_deny

rules.add_perm("core.view_source", is_public)
