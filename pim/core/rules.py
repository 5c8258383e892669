"""Base predicates shared by every app's rules module."""

from __future__ import annotations

import rules


@rules.predicate
def is_superuser(user) -> bool:
    return bool(user and user.is_active and user.is_superuser)


is_authenticated = rules.is_authenticated
