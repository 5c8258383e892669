"""SQLite takes the write lock when a transaction begins, so concurrent writers wait instead of failing."""

from __future__ import annotations

import tempfile
import threading
import time
import unittest
from pathlib import Path
from typing import Any

from django.db import connection
from django.db.backends.sqlite3.base import DatabaseWrapper
from django.test import SimpleTestCase

WRITERS = 8


@unittest.skipUnless(connection.vendor == "sqlite", "SQLite's locking only")
class SqliteWriteLockTests(SimpleTestCase):
    # The race runs on a database file of its own; declaring the default database only lets the test open
    # connections (pytest-django blocks them otherwise). Nothing is written to the test database.
    databases = {"default"}

    def test_transactions_begin_immediate_with_a_busy_timeout(self) -> None:
        options = connection.settings_dict["OPTIONS"]
        self.assertEqual(options["transaction_mode"], "IMMEDIATE")
        self.assertGreaterEqual(options["timeout"], 5)

    def writers_racing(self, options: dict[str, Any]) -> tuple[int, list[str]]:
        """`WRITERS` threads each read, pause, then write in one transaction on a shared database file (the
        shape of a registration: count the places, then insert); returns the rows written and the errors."""
        with tempfile.TemporaryDirectory() as directory:
            settings = {**connection.settings_dict, "NAME": str(Path(directory) / "race.sqlite3"), "OPTIONS": options}
            # Connections of their own (one per thread, as Django's are), outside the test database's aliases.
            setup = DatabaseWrapper(settings, alias="race")
            with setup.cursor() as cursor:
                cursor.execute("CREATE TABLE place (id integer PRIMARY KEY, taken_by integer)")
            setup.close()
            errors: list[str] = []

            def register(writer: int) -> None:
                db = DatabaseWrapper(settings, alias="race")
                try:
                    # What `transaction.atomic()` does on SQLite: BEGIN in the configured mode.
                    db.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
                    with db.cursor() as cursor:
                        cursor.execute("SELECT count(*) FROM place")
                        time.sleep(0.02)
                        cursor.execute("INSERT INTO place (taken_by) VALUES (%s)", [writer])
                    db.commit()
                except Exception as error:  # noqa: BLE001 - each writer's failure is the test's finding
                    errors.append(str(error))
                finally:
                    db.close()

            threads = [threading.Thread(target=register, args=(n,)) for n in range(WRITERS)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(30)
            with setup.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM place")
                written = cursor.fetchone()[0]
            setup.close()
        return written, errors

    def test_concurrent_read_then_write_transactions_all_succeed(self) -> None:
        self.assertEqual(self.writers_racing(connection.settings_dict["OPTIONS"]), (WRITERS, []))

    def test_without_immediate_they_fail_with_database_is_locked(self) -> None:
        # The failure the setting removes; it shows that the race above is a real one.
        options = {key: value for key, value in connection.settings_dict["OPTIONS"].items() if key != "transaction_mode"}
        written, errors = self.writers_racing(options)
        self.assertLess(written, WRITERS)
        self.assertIn("database is locked", errors[0])
