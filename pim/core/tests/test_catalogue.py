"""The Polish catalogue is complete: every msgid in the code is in it, translated, none fuzzy, compiled and used.

The site is Polish first (LANGUAGE_CODE="pl"), so an untranslated or fuzzy entry shows English to most
visitors; compilemessages silently skips fuzzy entries. The English catalogue keeps empty msgstrs on
purpose: its msgids are the English text.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "locale"
POLISH_PO = LOCALE / "pl" / "LC_MESSAGES" / "django.po"
ENGLISH_PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"
POLISH_PLURAL_FORMS = (
    "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
)
KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")$")


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    fields: dict[str, str] = field(default_factory=dict)
    obsolete: bool = False

    @property
    def msgid(self) -> str:
        return self.fields.get("msgid", "")

    @property
    def label(self) -> str:
        context = self.fields.get("msgctxt")
        return f"line {self.line}: " + (f"[{context}] " if context else "") + repr(self.msgid)

    def translations(self) -> list[str]:
        return [value for key, value in self.fields.items() if key.startswith("msgstr")]

    def placeholders(self, text: str) -> set[str]:
        return set(re.findall(r"%\(\w+\)[sd]|%\(\w+\)\.\d+f", text))


def parse_po(path: Path) -> list[Entry]:
    """A small reader for the subset of the PO format makemessages writes (no polib in the venv)."""
    entries: list[Entry] = []
    current: Entry | None = None
    key = ""
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            current = None
            continue
        if current is None:
            current = Entry(line=number)
            entries.append(current)
        if line.startswith("#~"):
            current.obsolete = True
        elif line.startswith("#,"):
            current.flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif match := KEYWORD.match(line):
            key = match.group(1)
            current.fields[key] = ast.literal_eval(match.group(2))
        elif line.startswith('"'):
            current.fields[key] += ast.literal_eval(line)
        else:
            raise AssertionError(f"{path}:{number}: unexpected line {raw!r}")
    return entries


class PolishCatalogueTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        entries = parse_po(POLISH_PO)
        cls.header = entries[0]
        cls.messages = [e for e in entries[1:] if not e.obsolete]

    def test_the_header_declares_polish_and_its_three_plural_forms(self):
        self.assertEqual(self.header.msgid, "")
        self.assertNotIn("fuzzy", self.header.flags)
        self.assertIn("Language: pl\n", self.header.fields["msgstr"])
        self.assertIn(f"Plural-Forms: {POLISH_PLURAL_FORMS}\n", self.header.fields["msgstr"])

    def test_the_catalogue_is_not_empty(self):
        self.assertGreater(len(self.messages), 100)

    def test_every_message_is_translated(self):
        untranslated = [e.label for e in self.messages if not all(text.strip() for text in e.translations())]
        self.assertEqual(untranslated, [], "untranslated entries in locale/pl/LC_MESSAGES/django.po")

    def test_plural_messages_have_all_three_forms(self):
        for entry in self.messages:
            if "msgid_plural" in entry.fields:
                with self.subTest(entry.label):
                    self.assertEqual(sorted(k for k in entry.fields if k.startswith("msgstr")),
                                     ["msgstr[0]", "msgstr[1]", "msgstr[2]"])

    def test_no_message_is_fuzzy(self):
        fuzzy = [e.label for e in self.messages if "fuzzy" in e.flags]
        self.assertEqual(fuzzy, [], "fuzzy entries are skipped by compilemessages")

    def test_translations_keep_the_placeholders(self):
        for entry in self.messages:
            if "python-format" not in entry.flags:
                continue
            expected = entry.placeholders(entry.msgid) | entry.placeholders(entry.fields.get("msgid_plural", ""))
            for text in entry.translations():
                with self.subTest(entry.label, translation=text):
                    self.assertEqual(entry.placeholders(text), expected)

    def test_the_compiled_catalogue_is_used(self):
        with translation.override("pl"):
            self.assertEqual(translation.gettext("Participants"), "Uczestnicy")
            self.assertEqual(translation.gettext("Main menu"), "Menu główne")
            self.assertEqual(translation.pgettext("person", "Name"), "Imię i nazwisko")
            self.assertEqual(
                [translation.ngettext("%(counter)s thematic network", "%(counter)s thematic networks", n)
                 % {"counter": n} for n in (1, 3, 5, 22, 112)],
                ["1 sieć tematyczna", "3 sieci tematyczne", "5 sieci tematycznych", "22 sieci tematyczne",
                 "112 sieci tematycznych"],
            )
        with translation.override("en"):
            self.assertEqual(translation.gettext("Participants"), "Participants")


class EnglishCatalogueTests(SimpleTestCase):
    def test_the_english_catalogue_exists_and_has_the_same_messages(self):
        english = {(e.fields.get("msgctxt"), e.msgid) for e in parse_po(ENGLISH_PO)[1:] if not e.obsolete}
        polish = {(e.fields.get("msgctxt"), e.msgid) for e in parse_po(POLISH_PO)[1:] if not e.obsolete}
        self.assertEqual(english, polish, "run makemessages for both languages")


class CatalogueCoversTheCodeTests(SimpleTestCase):
    """A msgid in the code but not in the catalogue shows English on Polish pages; nothing else would notice."""

    def test_makemessages_finds_no_new_message(self):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            # makemessages writes into the project's locale folder, so it runs on a copy of the sources.
            for name in ("pim", "templates", "config", "locale"):
                shutil.copytree(Path(settings.BASE_DIR) / name, root / name,
                                ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
            shutil.copy(Path(settings.BASE_DIR) / "manage.py", root / "manage.py")
            env = {**os.environ, "PIM_VAR_DIR": str(root / "var")}
            subprocess.run(
                [sys.executable, "manage.py", "makemessages", "-l", "pl", "--no-location", "-v", "0"],
                cwd=root, env=env, check=True, capture_output=True,
            )
            found = {(e.fields.get("msgctxt"), e.msgid) for e in parse_po(root / POLISH_PO.relative_to(
                settings.BASE_DIR))[1:] if not e.obsolete}
        known = {(e.fields.get("msgctxt"), e.msgid) for e in parse_po(POLISH_PO)[1:] if not e.obsolete}
        self.assertEqual(sorted(found - known, key=str), [], "run makemessages -l pl -l en and translate")
