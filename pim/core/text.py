"""Polish text helpers: slugs and diacritic folding that also folds 'ł' (which NFKD leaves alone)."""

from __future__ import annotations

import re
import unicodedata

from django.db.models import F, Func, Value
from django.db.models.functions import Lower, Replace

_EXTRA = str.maketrans({"ł": "l", "Ł": "L"})


def fold(text: str) -> str:
    """Lowercase ASCII form of Polish text: 'Łódź' -> 'lodz'."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_EXTRA))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def slugify_pl(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


# Both cases are listed because SQLite's LOWER() only folds ASCII; PostgreSQL's would cope alone.
_DB_FOLDS = [(c, fold(c)) for c in "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ"]


def folded(field: str) -> Func:
    """The database-side twin of `fold()` for a text column, to filter with `__contains=fold(query)`.

    A chain of REPLACE() calls runs on SQLite and PostgreSQL alike without extensions (no `unaccent`);
    it cannot use an index, which is fine for the few thousand names of the participant registry.
    """
    expression: Func | F = F(field)
    for letter, plain in _DB_FOLDS:
        expression = Replace(expression, Value(letter), Value(plain))
    return Lower(expression)
