"""Polish folding and slugs."""

from django.test import SimpleTestCase

from pim.core.text import fold, slugify_pl


class FoldTests(SimpleTestCase):
    def test_it_folds_every_polish_letter_including_l_with_stroke(self):
        self.assertEqual(fold("Zażółć gęślą jaźń ŁÓDŹ"), "zazolc gesla jazn lodz")

    def test_slug_is_ascii_and_hyphenated(self):
        self.assertEqual(slugify_pl("Jastrzębie-Zdrój"), "jastrzebie-zdroj")
        self.assertEqual(slugify_pl('Stowarzyszenie "Metropolia Warszawa"'), "stowarzyszenie-metropolia-warszawa")
