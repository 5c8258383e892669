"""`folded()`: the database folds Polish names the way `fold()` does, on SQLite and PostgreSQL."""

from __future__ import annotations

from django.db.models import Value
from django.test import TestCase

from pim.core.models import Source
from pim.core.text import fold, folded


class FoldedExpressionTests(TestCase):
    def test_the_database_folds_every_polish_letter_like_python_does(self):
        text = "Zażółć gęślą jaźń ŁÓDŹ ĄĆĘŃŚŹŻ"
        Source.objects.create(key="X", title="x")
        value = Source.objects.annotate(text=Value(text)).annotate(f=folded("text")).values_list("f", flat=True)
        self.assertEqual(value[0], fold(text))
