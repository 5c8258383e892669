"""The bench's own database, never the demo one: var/bench*.sqlite3 on SQLite, `<name>_bench*` on PostgreSQL.

The command switches the default connection to it by changing NAME in the connection's settings dict (the
same dict object as settings.DATABASES["default"]) while no connection is open, so every later query, the
views' included, goes there. A marker row in the bench database records which dataset parameters, migrations
and generator built it; a re-run with the same marker reuses the data and takes seconds.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

import psycopg
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.migrations.loader import MigrationLoader
from psycopg import sql

from pim.portal.bench import synthetic

MARKER_TABLE = "pim_bench_marker"


@dataclass
class BenchDatabase:
    vendor: str
    name: str
    params: synthetic.DatasetParams
    built: bool = False
    migrate_s: float = 0.0
    build_s: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)


def bench_name(vendor: str, base_name: str, suffix: str = "") -> str:
    """`suffix` tells datasets apart: "" for the national one, "_small" for the query-count comparison."""
    if vendor == "sqlite":
        return str(Path(settings.VAR_DIR) / f"bench{suffix.replace('_', '-')}.sqlite3")
    return f"{base_name}_bench{suffix}"


def fingerprint(params: synthetic.DatasetParams) -> str:
    """Changes when the dataset parameters, the migrations on disk or the generator's code change."""
    migrations = sorted(f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations)
    generator = hashlib.sha256(Path(synthetic.__file__).read_bytes()).hexdigest()
    blob = json.dumps({"params": asdict(params), "migrations": migrations, "generator": generator}, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()


def read_marker() -> str | None:
    if MARKER_TABLE not in connection.introspection.table_names():
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT fingerprint FROM {MARKER_TABLE}")
        row = cursor.fetchone()
    return row[0] if row else None


def write_marker(value: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (fingerprint varchar(64) NOT NULL)")
        cursor.execute(f"DELETE FROM {MARKER_TABLE}")
        cursor.execute(f"INSERT INTO {MARKER_TABLE} (fingerprint) VALUES (%s)", [value])


@contextmanager
def bench_database(
    params: synthetic.DatasetParams, *, suffix: str = "", rebuild: bool = False,
    log: Callable[[str], None] = print,
) -> Iterator[BenchDatabase]:
    """Point the default connection at the bench database, (re)built for `params`, for the block."""
    conn = connections[DEFAULT_DB_ALIAS]
    if conn.settings_dict is not settings.DATABASES[DEFAULT_DB_ALIAS]:
        raise ImproperlyConfigured("The default connection no longer shares settings.DATABASES['default'].")
    original = conn.settings_dict["NAME"]
    name = bench_name(conn.vendor, original, suffix)
    if name == original:
        raise ImproperlyConfigured(f"The bench database {name} would be the configured database itself.")
    created = _create_if_missing(conn.vendor, name)
    _switch(name)
    try:
        yield _ensure_dataset(params, name, created=created, rebuild=rebuild, log=log)
    finally:
        _switch(original)


def _switch(name: str) -> None:
    connections.close_all()
    connections[DEFAULT_DB_ALIAS].settings_dict["NAME"] = name
    # Per-process caches hold rows of the previous database; they must not leak into this one.
    ContentType.objects.clear_cache()
    for cache in caches.all(initialized_only=True):
        if isinstance(cache, LocMemCache):
            cache.clear()


def _ensure_dataset(
    params: synthetic.DatasetParams, name: str, *, created: bool, rebuild: bool, log: Callable[[str], None]
) -> BenchDatabase:
    info = BenchDatabase(vendor=connection.vendor, name=name, params=params)
    wanted = fingerprint(params)
    if not created and not rebuild and read_marker() == wanted:
        log(f"Reusing {name} ({params.describe()}).")
        return info
    if not created:
        _recreate(name)
    log(f"Building {name} ({params.describe()})…")
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    info.migrate_s = time.perf_counter() - started
    started = time.perf_counter()
    info.counts = synthetic.build(params)
    # Planner statistics, as autovacuum (PostgreSQL) or `PRAGMA optimize` (SQLite) would have them in production.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    write_marker(wanted)
    info.build_s = time.perf_counter() - started
    info.built = True
    log(f"  migrate {info.migrate_s:.1f} s, data {info.build_s:.1f} s: {info.counts}")
    return info


def _create_if_missing(vendor: str, name: str) -> bool:
    if vendor == "sqlite":
        return not Path(name).exists()
    if vendor != "postgresql":
        raise ImproperlyConfigured(f"The bench supports SQLite and PostgreSQL, not {vendor}.")
    with _maintenance_connection() as maintenance:
        if maintenance.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        maintenance.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return True


def _recreate(name: str) -> None:
    connections.close_all()
    if connection.vendor == "sqlite":
        for path in (name, f"{name}-wal", f"{name}-shm", f"{name}-journal"):
            Path(path).unlink(missing_ok=True)
        return
    with _maintenance_connection() as maintenance:
        maintenance.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        maintenance.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _maintenance_connection() -> psycopg.Connection:
    db = connections[DEFAULT_DB_ALIAS].settings_dict
    params = {"host": db.get("HOST"), "port": db.get("PORT"), "user": db.get("USER"), "password": db.get("PASSWORD")}
    return psycopg.connect(dbname="postgres", autocommit=True, **{k: v for k, v in params.items() if v})
