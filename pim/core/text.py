"""Polish text helpers: slugs and diacritic folding that also folds 'ł' (which NFKD leaves alone)."""

from __future__ import annotations

import re
import unicodedata

_EXTRA = str.maketrans({"ł": "l", "Ł": "L"})


def fold(text: str) -> str:
    """Lowercase ASCII form of Polish text: 'Łódź' -> 'lodz'."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_EXTRA))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def slugify_pl(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
